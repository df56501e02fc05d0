package jws

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// decodedHeader returns the protected header a Signer writes.
func decodedHeader(t *testing.T, s *Signer) string {
	t.Helper()
	b, err := base64url.Decode(s.protectedB64)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSignerHeader checks the exact protected header octets each option
// produces: typed members first, in a fixed order, then the raw ones by
// name.
func TestSignerHeader(t *testing.T) {
	t.Parallel()
	key := withKeyID(t, mustKey(t, jwa.HS256), "key-1")
	tests := []struct {
		name string
		opts SignerOptions
		want string
	}{
		{"defaults", SignerOptions{}, `{"alg":"HS256","kid":"key-1"}`},
		{"kid override", SignerOptions{KeyID: "other"}, `{"alg":"HS256","kid":"other"}`},
		{"no kid", SignerOptions{OmitKeyID: true}, `{"alg":"HS256"}`},
		{"typ and cty", SignerOptions{Type: "JWT", ContentType: "json"}, `{"alg":"HS256","kid":"key-1","typ":"JWT","cty":"json"}`},
		{"unencoded", SignerOptions{Unencoded: true, OmitKeyID: true}, `{"alg":"HS256","b64":false,"crit":["b64"]}`},
		{"custom members", SignerOptions{
			OmitKeyID: true,
			Unencoded: true,
			Critical:  []string{"exp"},
			Protected: map[string]json.RawMessage{"zz": json.RawMessage(` "last" `), "exp": json.RawMessage("1363284000"), "nested": json.RawMessage(`{"a":[1,2]}`)},
		}, `{"alg":"HS256","b64":false,"crit":["b64","exp"],"exp":1363284000,"nested":{"a":[1,2]},"zz":"last"}`},
		{"escaping", SignerOptions{KeyID: "a\"b\\c\u2028", Type: "\x01"}, `{"alg":"HS256","kid":"a\"b\\c` + "\u2028" + `","typ":"\u0001"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := decodedHeader(t, mustSigner(t, key, jwa.HS256, tt.opts)); got != tt.want {
				t.Errorf("header\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestNewSignerRejects(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	pub := mustPublic(t, mustKey(t, jwa.ES256))
	short, _ := jwk.NewSymmetricKey(make([]byte, 16))
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	tests := []struct {
		name  string
		key   *jwk.Key
		alg   jwa.SignatureAlgorithm
		opts  SignerOptions
		field string
	}{
		{"nil key", nil, jwa.HS256, SignerOptions{}, "key"},
		{"none", hk, jwa.None, SignerOptions{}, "alg"},
		{"unknown alg", hk, "HS1", SignerOptions{}, "alg"},
		{"public key", pub, jwa.ES256, SignerOptions{}, "key"},
		{"key type mismatch", hk, jwa.ES256, SignerOptions{}, "key"},
		{"key bound to another alg", hk, jwa.HS384, SignerOptions{}, "key"},
		{"HMAC key shorter than the hash", short, jwa.HS256, SignerOptions{}, "key"},
		{"alg in Protected", hk, jwa.HS256, SignerOptions{Protected: map[string]json.RawMessage{"alg": raw(`"none"`)}}, "SignerOptions.Protected"},
		{"crit in Protected", hk, jwa.HS256, SignerOptions{Protected: map[string]json.RawMessage{"crit": raw(`["x"]`)}}, "SignerOptions.Protected"},
		{"b64 in Unprotected", hk, jwa.HS256, SignerOptions{Unprotected: map[string]json.RawMessage{"b64": raw(`false`)}}, "SignerOptions.Unprotected"},
		{"kid twice", hk, jwa.HS256, SignerOptions{KeyID: "a", Protected: map[string]json.RawMessage{"kid": raw(`"b"`)}}, "SignerOptions.Protected"},
		{"member in both headers", hk, jwa.HS256, SignerOptions{KeyID: "a", Unprotected: map[string]json.RawMessage{"kid": raw(`"b"`)}}, "SignerOptions.Unprotected"},
		{"not JSON", hk, jwa.HS256, SignerOptions{Protected: map[string]json.RawMessage{"x": raw(`{"a":1,"a":2}`)}}, `SignerOptions.Protected["x"]`},
		{"empty value", hk, jwa.HS256, SignerOptions{Protected: map[string]json.RawMessage{"x": nil}}, `SignerOptions.Protected["x"]`},
		{"typ not a string", hk, jwa.HS256, SignerOptions{Protected: map[string]json.RawMessage{"typ": raw(`1`)}}, `SignerOptions.Protected["typ"]`},
		{"empty name", hk, jwa.HS256, SignerOptions{Unprotected: map[string]json.RawMessage{"": raw(`1`)}}, "SignerOptions.Unprotected"},
		{"crit names an absent member", hk, jwa.HS256, SignerOptions{Critical: []string{"exp"}}, "SignerOptions.Critical[0]"},
		{"crit names a registered member", hk, jwa.HS256, SignerOptions{Critical: []string{"kid"}}, "SignerOptions.Critical[0]"},
		{"crit names b64", hk, jwa.HS256, SignerOptions{Critical: []string{"b64"}}, "SignerOptions.Critical[0]"},
		{"KeyID and OmitKeyID", hk, jwa.HS256, SignerOptions{KeyID: "a", OmitKeyID: true}, "SignerOptions.KeyID"},
		{"x5c without a chain", hk, jwa.HS256, SignerOptions{X509Chain: true}, "SignerOptions.X509Chain"},
		{"huge header", hk, jwa.HS256, SignerOptions{Type: strings.Repeat("x", DefaultMaxHeaderSize)}, "SignerOptions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSigner(tt.key, tt.alg, tt.opts)
			if s != nil {
				t.Error("signer not nil on error")
			}
			ce, ok := errors.AsType[*ConfigError](err)
			if !ok || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("error = %v, want a *ConfigError", err)
			}
			if ce.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ce.Field, tt.field, err)
			}
		})
	}
	// A key refused for its usage keeps the jwk error reachable.
	if _, err := NewSigner(pub, jwa.ES256, SignerOptions{}); !errors.Is(err, jwk.ErrKeyUsage) {
		t.Errorf("public key: %v, want jwk.ErrKeyUsage too", err)
	}
}

// TestSignRejectsUnfitSerializations checks what a serialization cannot
// carry.
func TestSignRejectsUnfitSerializations(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	withHeader := mustSigner(t, hk, jwa.HS256, SignerOptions{Unprotected: map[string]json.RawMessage{"x": json.RawMessage("1")}})
	unencoded := mustSigner(t, hk, jwa.HS256, SignerOptions{Unencoded: true})
	plain := mustSigner(t, hk, jwa.HS256, SignerOptions{})
	for name, f := range map[string]func() error{
		"compact with an unprotected header":           func() error { _, err := withHeader.Sign([]byte("x")); return err },
		"detached with an unprotected header":          func() error { _, err := withHeader.SignDetached([]byte("x")); return err },
		"unencoded compact with a dot (RFC 7797 §5.2)": func() error { _, err := unencoded.Sign([]byte("$.02")); return err },
		"unencoded JSON not UTF-8":                     func() error { _, err := unencoded.SignFlattened([]byte("\xff")); return err },
		"no signers":                                   func() error { _, err := SignJSON([]byte("x")); return err },
		"nil signer":                                   func() error { _, err := SignJSON([]byte("x"), plain, nil); return err },
		"signers disagree on b64":                      func() error { _, err := SignJSON([]byte("x"), plain, unencoded); return err },
	} {
		if err := f(); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v, want ErrInvalidConfig", name, err)
		}
	}
	// The unencoded payload with a dot goes detached, or in JSON.
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk)})
	det, err := unencoded.SignDetached([]byte("$.02"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := ver.VerifyDetached(det, []byte("$.02")); err != nil || string(res.Payload()) != "$.02" {
		t.Fatalf("detached unencoded: %v", err)
	}
	doc, err := unencoded.SignFlattened([]byte("$.02"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), `"payload":"$.02"`) {
		t.Errorf("flattened unencoded payload not carried as is: %s", doc)
	}
	if res, err := ver.VerifyJSON(doc); err != nil || string(res.Payload()) != "$.02" {
		t.Fatalf("flattened unencoded: %v", err)
	}
	// An unencoded payload without a dot may be attached in compact form.
	tok, err := unencoded.Sign([]byte("hello world"))
	if err != nil {
		t.Fatal(err)
	}
	if _, p, _ := parts(tok); p != "hello world" {
		t.Errorf("payload part %q", p)
	}
	if res, err := ver.Verify(tok); err != nil || string(res.Payload()) != "hello world" {
		t.Fatalf("compact unencoded: %v", err)
	}
}

// TestDetachedRules checks that a detached verification needs an empty
// payload part, and an attached one a present payload.
func TestDetachedRules(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	s := mustSigner(t, hk, jwa.HS256, SignerOptions{})
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk)})
	tok, _ := s.Sign([]byte("x"))
	if _, err := ver.VerifyDetached(tok, []byte("x")); !errors.Is(err, ErrMalformed) {
		t.Errorf("VerifyDetached of an attached token: %v", err)
	}
	doc, _ := s.SignFlattened([]byte("x"))
	if _, err := ver.VerifyJSONDetached(doc, []byte("x")); !errors.Is(err, ErrMalformed) {
		t.Errorf("VerifyJSONDetached of an attached JWS: %v", err)
	}
	det, _ := s.SignFlattenedDetached([]byte("x"))
	if _, err := ver.VerifyJSON(det); !errors.Is(err, ErrMalformed) {
		t.Errorf("VerifyJSON of a detached JWS: %v", err)
	}
	// The empty payload is a payload.
	empty, _ := s.Sign(nil)
	res, err := ver.Verify(empty)
	if err != nil || res.Payload() == nil || len(res.Payload()) != 0 {
		t.Errorf("empty payload: %v, %v", res, err)
	}
}

// TestVerifyDoesNotKeepInput checks that results share no memory with the
// caller's slices.
func TestVerifyDoesNotKeepInput(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	s := mustSigner(t, hk, jwa.HS256, SignerOptions{Unprotected: map[string]json.RawMessage{"note": json.RawMessage(`"abc"`)}})
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk)})
	doc, _ := s.SignFlattened([]byte("payload"))
	res, err := ver.VerifyJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	clear(doc)
	if string(res.Payload()) != "payload" {
		t.Errorf("payload changed to %q", res.Payload())
	}
	if v, _ := res.Signatures()[0].Header.Get("note"); string(v) != `"abc"` {
		t.Errorf("header member changed to %q", v)
	}
	payload := []byte("detached")
	det, _ := mustSigner(t, hk, jwa.HS256, SignerOptions{}).SignDetached(payload)
	r2, err := ver.VerifyDetached(det, payload)
	if err != nil {
		t.Fatal(err)
	}
	payload[0] = 'X'
	if string(r2.Payload()) != "detached" {
		t.Errorf("detached payload aliased the input: %q", r2.Payload())
	}
}

func TestHeaderAccessors(t *testing.T) {
	t.Parallel()
	hk := withKeyID(t, mustKey(t, jwa.HS256), "k")
	s := mustSigner(t, hk, jwa.HS256, SignerOptions{
		Type: "JWT", ContentType: "c",
		Protected:   map[string]json.RawMessage{"p": json.RawMessage(`"pv"`), "n": json.RawMessage(`12`)},
		Unprotected: map[string]json.RawMessage{"u": json.RawMessage(`{"x":[true]}`)},
	})
	doc, _ := s.SignFlattened([]byte("x"))
	res, err := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk)}).VerifyJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	h := res.Signatures()[0].Header
	if h.Algorithm() != jwa.HS256 || h.KeyID() != "k" || h.Type() != "JWT" || h.ContentType() != "c" || h.Unencoded() || h.Critical() != nil {
		t.Errorf("typed accessors: %s %q %q %q", h.Algorithm(), h.KeyID(), h.Type(), h.ContentType())
	}
	if v, ok := h.Get("u"); !ok || string(v) != `{"x":[true]}` {
		t.Errorf(`Get("u") = %s, %v`, v, ok)
	}
	if _, ok := h.Get("U"); ok {
		t.Error(`Get("U") found a member: names are case-sensitive`)
	}
	if v, ok, err := h.GetString("p"); !ok || err != nil || v != "pv" {
		t.Errorf(`GetString("p") = %q, %v, %v`, v, ok, err)
	}
	if _, _, err := h.GetString("n"); !errors.Is(err, ErrMalformed) {
		t.Errorf(`GetString("n") error = %v`, err)
	}
	if !h.IsProtected("p") || h.IsProtected("u") || h.IsProtected("absent") {
		t.Error("IsProtected wrong")
	}
	if got := strings.Join(h.Names(), ","); got != "alg,kid,typ,cty,n,p,u" {
		t.Errorf("Names() = %s", got)
	}
}
