package jwt_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// rfcVector is the subset of a testdata/rfc7519 record these tests read;
// the loader is strict about the fields it declares.
type rfcVector struct {
	Source string `json:"source"`
	Input  struct {
		Key     json.RawMessage `json:"key"`
		Alg     string          `json:"alg"`
		Enc     string          `json:"enc"`
		Encrypt struct {
			Key json.RawMessage `json:"key"`
			Alg string          `json:"alg"`
			Enc string          `json:"enc"`
		} `json:"encrypt"`
		Sign struct {
			Key json.RawMessage `json:"key"`
			Alg string          `json:"alg"`
		} `json:"sign"`
		Claims map[string]any `json:"claims"`
	} `json:"input"`
	Output struct {
		Compact      string `json:"compact"`
		InnerCompact string `json:"inner_compact"`
	} `json:"output"`
}

func loadRFC(t *testing.T, name string) rfcVector {
	t.Helper()
	data, err := os.ReadFile("testdata/rfc7519/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var v rfcVector
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Source == "" || (v.Output.Compact == "") {
		t.Fatalf("%s: incomplete vector", name)
	}
	return v
}

func mustParseKey(t *testing.T, raw json.RawMessage) *jwk.Key {
	t.Helper()
	k, err := jwk.ParseKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// RFC 7519 §3.1: the example JWT verifies with its HS256 key at a time
// before its "exp" (2011-03-22T18:43:00Z), and is expired after it.
func TestRFC7519Section3_1(t *testing.T) {
	t.Parallel()
	v := loadRFC(t, "3.1.json")
	key := mustParseKey(t, v.Input.Key)
	policy := jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256},
		Keys:       jwk.NewSet(key),
		Issuers:    []string{"joe"},
		Now:        func() time.Time { return time.Unix(1300819000, 0) },
	}
	val, err := jwt.NewValidator(policy)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := val.Verify(context.Background(), v.Output.Compact)
	if err != nil {
		t.Fatalf("%s: %v", v.Source, err)
	}
	if c := tok.Claims(); c.Issuer != "joe" || c.Expiry.Time().Unix() != 1300819380 {
		t.Errorf("claims = %+v", c)
	}
	var custom struct {
		IsRoot bool `json:"http://example.com/is_root"`
	}
	if err := tok.DecodeClaims(&custom); err != nil || !custom.IsRoot {
		t.Errorf("custom claim: %v %v", custom, err)
	}
	policy.Now = func() time.Time { return time.Unix(1300819380, 0) }
	val, _ = jwt.NewValidator(policy)
	if _, err := val.Verify(context.Background(), v.Output.Compact); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("at exp: err = %v, want ErrExpired", err)
	}
}

// RFC 7519 Appendix A.2: the nested JWT decrypts with the RFC 7516 A.2 RSA
// key (RSA1_5, allowed explicitly) and its inner RS256 JWT verifies with
// the RFC 7515 A.2 key.
func TestRFC7519AppendixA2Nested(t *testing.T) {
	t.Parallel()
	v := loadRFC(t, "A.2.json")
	encKey := mustParseKey(t, v.Input.Encrypt.Key)
	sigKey := mustParseKey(t, v.Input.Sign.Key)
	pub, err := sigKey.Public()
	if err != nil {
		t.Fatal(err)
	}
	val, err := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.RS256},
		Keys:       jwk.NewSet(pub),
		Decryption: &jwt.DecryptionPolicy{
			KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.RSA1_5},
			ContentEncryption: []jwa.ContentEncryption{jwa.A128CBC_HS256},
			Keys:              jwk.NewSet(encKey),
		},
		Issuers: []string{"joe"},
		Now:     func() time.Time { return time.Unix(1300819000, 0) },
	})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := val.Verify(context.Background(), v.Output.Compact)
	if err != nil {
		t.Fatalf("%s: %v", v.Source, err)
	}
	if tok.Claims().Issuer != "joe" || tok.Algorithm() != jwa.RS256 || tok.EncryptionHeader() == nil ||
		tok.EncryptionHeader().KeyAlgorithm() != jwa.RSA1_5 || !tok.Key().Equal(pub) || !tok.DecryptionKey().Equal(encKey) {
		t.Errorf("token: iss %q alg %s", tok.Claims().Issuer, tok.Algorithm())
	}
	// The inner token alone is refused by a validator that requires
	// encryption, and accepted by one that does not.
	if _, err := val.Verify(context.Background(), v.Output.InnerCompact); !errors.Is(err, jwt.ErrPolicy) {
		t.Errorf("inner token to a nested-only validator: err = %v, want ErrPolicy", err)
	}
}

// RFC 7519 Appendix A.1: an encrypted JWT without signature opens only
// with DecryptionPolicy.AllowUnsigned.
func TestRFC7519AppendixA1Unsigned(t *testing.T) {
	t.Parallel()
	v := loadRFC(t, "A.1.json")
	key := mustParseKey(t, v.Input.Key)
	dp := &jwt.DecryptionPolicy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.RSA1_5},
		ContentEncryption: []jwa.ContentEncryption{jwa.A128CBC_HS256},
		Keys:              jwk.NewSet(key),
	}
	now := func() time.Time { return time.Unix(1300819000, 0) }
	// Without AllowUnsigned a validator needs signature algorithms, and an
	// unsigned token is refused.
	strict, err := jwt.NewValidator(jwt.Policy{Decryption: dp, Issuers: []string{"joe"}, Now: now,
		Algorithms: []jwa.SignatureAlgorithm{jwa.RS256}, Keys: jwk.NewSet(mustParseKey(t, loadRFC(t, "A.2.json").Input.Sign.Key))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strict.Verify(context.Background(), v.Output.Compact); !errors.Is(err, jwt.ErrPolicy) {
		t.Fatalf("unsigned token: err = %v, want ErrPolicy", err)
	}
	dp2 := *dp
	dp2.AllowUnsigned = true
	open, err := jwt.NewValidator(jwt.Policy{Decryption: &dp2, Issuers: []string{"joe"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := open.Verify(context.Background(), v.Output.Compact)
	if err != nil {
		t.Fatalf("%s: %v", v.Source, err)
	}
	if tok.Header() != nil || tok.Key() != nil || tok.Claims().Issuer != "joe" {
		t.Errorf("unsigned token reports a signature or wrong claims")
	}
}
