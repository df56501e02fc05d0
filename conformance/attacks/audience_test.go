package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwt"
)

// Class: audience string-vs-array tricks. "aud" is a string or an array of
// strings; libraries have typed it as one of the two and silently read an
// empty value for the other (jwt-go: an array became "", which an optional
// check passed), required every listed audience instead of one, compared
// by prefix or case-insensitively, or skipped the check when the relying
// party had configured no audience.
//
// Sources: CVE-2020-26160 (jwt-go, "aud" []string bypass); go-jose v4
// ("match any audience in a list, rather than requiring all"); RFC 7519
// §4.1.3 (reject if the recipient does not identify itself with a value,
// when "aud" is present; StringOrURI compared case-sensitively, §2);
// RFC 8725 §3.9. Package test: jwt/claims_internal_test.go.
func TestAudienceTricksRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := validator(t, victimPolicy(t)) // Audiences: ["orders-api"]
	noAud := victimPolicy(t)
	noAud.Audiences = nil
	vNone := validator(t, noAud)
	sign := func(aud string) string {
		return forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, claimsWith("aud", aud))
	}
	for _, c := range []struct {
		name string
		v    *jwt.Validator
		aud  string // JSON; "" removes the claim
		want []error
	}{
		{"empty array (CVE-2020-26160)", v, `[]`, []error{jwt.ErrAudience}},
		{"empty string", v, `""`, []error{jwt.ErrAudience}},
		{"array with an empty string", v, `[""]`, []error{jwt.ErrAudience}},
		{"other audience", v, `"billing-api"`, []error{jwt.ErrAudience}},
		{"array of other audiences", v, `["billing-api","admin-api"]`, []error{jwt.ErrAudience}},
		{"prefix of the audience", v, `"orders"`, []error{jwt.ErrAudience}},
		{"audience with a suffix", v, `"orders-api-evil"`, []error{jwt.ErrAudience}},
		{"audience in another case", v, `"ORDERS-API"`, []error{jwt.ErrAudience}},
		{"audience with a trailing space", v, `"orders-api "`, []error{jwt.ErrAudience}},
		{"audience with a NUL suffix", v, `"orders-api\u0000"`, []error{jwt.ErrAudience}},
		{"audiences joined in one string", v, `"billing-api orders-api"`, []error{jwt.ErrAudience}},
		{"audiences joined with a comma", v, `"billing-api,orders-api"`, []error{jwt.ErrAudience}},
		{"missing", v, ``, []error{jwt.ErrAudience}},
		{"nested array", v, `[["orders-api"]]`, []error{jwt.ErrMalformed}},
		{"array with a number", v, `["orders-api",5]`, []error{jwt.ErrMalformed}},
		{"array with null", v, `["orders-api",null]`, []error{jwt.ErrMalformed}},
		{"object", v, `{"orders-api":true}`, []error{jwt.ErrMalformed}},
		{"number", v, `1`, []error{jwt.ErrMalformed}},
		{"true", v, `true`, []error{jwt.ErrMalformed}},
		{"null", v, `null`, []error{jwt.ErrMalformed}},
		// A relying party that names no audience refuses any token that
		// carries one (RFC 7519 §4.1.3): the token was meant for someone.
		{"any aud, policy names none", vNone, `"orders-api"`, []error{jwt.ErrAudience}},
		{"empty array, policy names none", vNone, `[]`, []error{jwt.ErrAudience}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWT(t, c.v, sign(c.aud)), c.want...)
		})
	}
	// Accepted: the string, the one-element array, and an array naming it
	// among others (one match suffices).
	for _, aud := range []string{`"orders-api"`, `["orders-api"]`, `["billing-api","orders-api"]`} {
		if _, err := v.Verify(t.Context(), sign(aud)); err != nil {
			t.Errorf("aud %s: %v", aud, err)
		}
	}
	if _, err := vNone.Verify(t.Context(), sign(``)); err != nil {
		t.Errorf("no aud, no policy audience: %v", err)
	}
}
