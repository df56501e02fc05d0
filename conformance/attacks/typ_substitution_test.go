package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: token substitution across "typ" (cross-JWT confusion). One issuer
// signs several kinds of JWT with one key: ID tokens, access tokens
// ("at+jwt"), logout tokens ("logout+jwt"), security events. A relying
// party that does not check the explicit type accepts an access token as
// an ID token, or a logout token as a login.
//
// Sources: RFC 8725 §2.8 (cross-JWT confusion), §3.11 (use explicit
// typing), §3.12 (mutually exclusive validation rules); RFC 9068 §4
// (resource servers MUST check "typ":"at+jwt"); OpenID Connect Back-Channel
// Logout §2.4 ("logout+jwt"); RFC 8417 §2.3 ("secevent+jwt"). Package test:
// jwt/claims_internal_test.go TestCheckType.
func TestTokenTypeSubstitutionRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	signTyp := func(typ string) string {
		hdr := `{"alg":"ES256","kid":"ec"}`
		if typ != "" {
			hdr = `{"alg":"ES256","kid":"ec","typ":` + typ + `}`
		}
		return forge(t, k.ec, jwa.ES256, hdr, goodClaims)
	}
	idTokens := validator(t, victimPolicy(t)) // Type "": "JWT" or no typ
	p := victimPolicy(t)
	p.Type = "at+jwt"
	accessTokens := validator(t, p)

	for _, c := range []struct {
		name string
		v    *jwt.Validator
		typ  string
		want []error // nil: accepted
	}{
		{"access token (at+jwt) as an ID token", idTokens, `"at+jwt"`, []error{jwt.ErrPolicy}},
		{"access token with media type prefix as an ID token", idTokens, `"application/at+jwt"`, []error{jwt.ErrPolicy}},
		{"logout token as an ID token", idTokens, `"logout+jwt"`, []error{jwt.ErrPolicy}},
		{"security event as an ID token", idTokens, `"secevent+jwt"`, []error{jwt.ErrPolicy}},
		{"typ JOSE (not a JWT) as an ID token", idTokens, `"JOSE"`, []error{jwt.ErrPolicy}},
		{"typ empty string", idTokens, `""`, []error{jwt.ErrPolicy}},
		{"typ with a trailing space", idTokens, `"JWT "`, []error{jwt.ErrPolicy}},
		{"typ not a string", idTokens, `1`, []error{jwt.ErrMalformed, jws.ErrMalformed}},
		{"typ an array", idTokens, `["at+jwt"]`, []error{jwt.ErrMalformed, jws.ErrMalformed}},
		{"plain JWT as an access token", accessTokens, `"JWT"`, []error{jwt.ErrPolicy}},
		{"untyped JWT as an access token", accessTokens, ``, []error{jwt.ErrPolicy}},
		{"logout token as an access token", accessTokens, `"logout+jwt"`, []error{jwt.ErrPolicy}},
		{"at+jwt with a suffix", accessTokens, `"at+jwt+x"`, []error{jwt.ErrPolicy}},
		// Accepted: media types are case-insensitive and "application/" may
		// be left out (RFC 7515 §4.1.9).
		{"JWT in lowercase as an ID token", idTokens, `"jwt"`, nil},
		{"untyped as an ID token", idTokens, ``, nil},
		{"application/at+jwt as an access token", accessTokens, `"application/at+jwt"`, nil},
		{"AT+JWT as an access token", accessTokens, `"AT+JWT"`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := verifyJWT(t, c.v, signTyp(c.typ))
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			exactly(t, err, c.want...)
		})
	}
}
