package jwt_test

import (
	"context"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// benchToken returns an HS256 token with ten claims and a validator for it.
func benchHS256(tb testing.TB) (*jwt.Validator, string) {
	secret, err := jwk.NewSymmetricKey([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		tb.Fatal(err)
	}
	s, err := jwt.NewSigner(secret, jwa.HS256, jwt.SignerOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	token, err := s.Sign(map[string]any{
		"iss": "https://idp.example", "sub": "user-1234567890", "aud": "orders-api",
		"exp": now.Add(time.Hour).Unix(), "nbf": now.Add(-time.Minute).Unix(), "iat": now.Add(-time.Minute).Unix(),
		"jti": "4f1g23a12aa", "scope": "orders:read orders:write", "client_id": "s6BhdRkqt3", "tenant": "acme",
	})
	if err != nil {
		tb.Fatal(err)
	}
	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256},
		Keys:       jwk.NewSet(secret),
		Issuers:    []string{"https://idp.example"},
		Audiences:  []string{"orders-api"},
		Now:        clock,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return v, token
}

func BenchmarkVerifyHS256(b *testing.B) {
	v, token := benchHS256(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		tok, err := v.Verify(ctx, token)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := tok.Claim("scope"); !ok {
			b.Fatal("no scope")
		}
	}
}

// TestVerifyHS256Allocs pins the allocations of JWT verify+validate for an
// HS256 token with ten claims (issue 9's guard rail): the jws verification
// (2, its header cached), the claims set parse (3) and audience (1), the
// token itself, and the claims set copy.
func TestVerifyHS256Allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops pooled objects at random, changing allocation counts")
	}
	v, token := benchHS256(t)
	ctx := context.Background()
	got := testing.AllocsPerRun(200, func() {
		if _, err := v.Verify(ctx, token); err != nil {
			t.Fatal(err)
		}
	})
	if got > 8 {
		t.Errorf("Verify allocates %v times per token, want at most 8", got)
	}
	t.Logf("Verify(HS256 JWT): %v allocations", got)
}
