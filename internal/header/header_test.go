package header_test

import (
	"errors"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
)

func obj(t *testing.T, s string) ijson.Object {
	t.Helper()
	o, err := ijson.ParseObject([]byte(s), ijson.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func build(t *testing.T, protected, unprotected string) (header.Header, error) {
	t.Helper()
	raw := base64url.Encode([]byte(protected))
	p, err := header.ParseProtected(raw, 0)
	if err != nil {
		return header.Header{}, err
	}
	var u []ijson.Object
	if unprotected != "" {
		u = append(u, obj(t, unprotected))
	}
	return header.New(raw, p, u...)
}

func TestNewRejectsMembersInTwoHeaders(t *testing.T) {
	t.Parallel()
	_, err := build(t, `{"alg":"ES256","kid":"a"}`, `{"kid":"b"}`)
	if !errors.Is(err, header.ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
	if he, ok := errors.AsType[*header.Error](err); !ok || he.Member != "kid" {
		t.Fatalf("error %v does not name kid", err)
	}
	h, err := build(t, `{"alg":"ES256"}`, `{"kid":"b"}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, protected, ok := h.Get("kid"); !ok || protected {
		t.Errorf("kid: ok=%v protected=%v", ok, protected)
	}
	if _, _, err := h.ProtectedString("kid"); !errors.Is(err, header.ErrUnprotected) {
		t.Errorf("ProtectedString(kid) err = %v, want ErrUnprotected", err)
	}
	if alg, ok, err := h.ProtectedString("alg"); err != nil || !ok || alg != "ES256" {
		t.Errorf("ProtectedString(alg) = %q %v %v", alg, ok, err)
	}
}

func TestParseProtectedRejects(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"padding":       base64url.Encode([]byte(`{"alg":"HS256"}`)) + "=",
		"not JSON":      base64url.Encode([]byte(`alg`)),
		"array":         base64url.Encode([]byte(`["alg"]`)),
		"duplicate alg": base64url.Encode([]byte(`{"alg":"HS256","alg":"none"}`)),
		"too large":     base64url.Encode(make([]byte, header.DefaultMaxSize+1)),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := header.ParseProtected(raw, 0); !errors.Is(err, header.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestCheckCritical(t *testing.T) {
	t.Parallel()
	understood := []string{"b64", "exp"}
	tests := []struct {
		name        string
		protected   string
		unprotected string
		ok          bool
	}{
		{"absent", `{"alg":"HS256"}`, "", true},
		{"understood and present", `{"alg":"HS256","b64":false,"crit":["b64"]}`, "", true},
		{"unknown extension", `{"alg":"HS256","x":1,"crit":["x"]}`, "", false},
		{"registered name", `{"alg":"HS256","crit":["alg"]}`, "", false},
		{"empty list", `{"alg":"HS256","crit":[]}`, "", false},
		{"not an array", `{"alg":"HS256","b64":false,"crit":"b64"}`, "", false},
		{"listed twice", `{"alg":"HS256","b64":false,"crit":["b64","b64"]}`, "", false},
		{"listed but absent", `{"alg":"HS256","crit":["exp"]}`, "", false},
		{"in the unprotected header", `{"alg":"HS256","b64":false}`, `{"crit":["b64"]}`, false},
		{"non-string entry", `{"alg":"HS256","crit":[1]}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := build(t, tt.protected, tt.unprotected)
			if err != nil {
				t.Fatal(err)
			}
			_, err = header.CheckCritical(h, header.JWSRegistered, understood)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && !errors.Is(err, header.ErrCritical) {
				t.Fatalf("err = %v, want ErrCritical", err)
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"alg", "kid", "x5t#S256", "crit"} {
		if !header.JWSRegistered(n) || !header.JWERegistered(n) {
			t.Errorf("%q should be registered for JWS and JWE", n)
		}
	}
	for _, n := range []string{"enc", "epk", "p2c", "zip"} {
		if header.JWSRegistered(n) || !header.JWERegistered(n) {
			t.Errorf("%q should be registered for JWE only", n)
		}
	}
	if header.JWSRegistered("b64") || header.JWERegistered("b64") {
		t.Error("b64 is an extension (RFC 7797), not a base parameter")
	}
}
