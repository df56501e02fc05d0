package attacks

import (
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: JSON parser differentials. When a gateway and a service, or the
// signer and the verifier, parse the same JSON differently (which duplicate
// wins, whether a BOM or invalid UTF-8 is tolerated, what 1e400 means, how
// deep nesting may go), one of them acts on claims or headers the other
// never saw. The strict reader (internal/json) refuses every ambiguous
// form everywhere JOSE reads JSON: headers, JWKs, JWK Sets, claims.
//
// Sources: RFC 8259 §4 (duplicate names: behaviour unpredictable), §8.1
// (UTF-8; BOM), §8.2 (unpaired surrogates), §9 (parsers may limit depth and
// number range); RFC 8725 §2.6 and §3.7; RFC 7519 §7.2 step 10 (claims must
// be valid JSON); CVE-2017-12635 (CouchDB, duplicate keys); Bishop Fox,
// "An Exploration of JSON Interoperability Vulnerabilities" (2021). Package
// tests: internal/json (parse_test.go, FuzzParse) and jws/attack_test.go
// ("header with ...").
func TestJSONDifferentialsRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	deep := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }

	// Headers: each is MACed with the victim's secret, so only the JSON
	// is wrong.
	for _, c := range []struct{ name, hdr string }{
		{"duplicate member", `{"alg":"HS256","x":1,"x":2}`},
		{"byte order mark", "\ufeff" + `{"alg":"HS256"}`},
		{"invalid UTF-8 in a value", "{\"alg\":\"HS256\",\"x\":\"\xff\"}"},
		{"invalid UTF-8 in a name", "{\"alg\":\"HS256\",\"\xc3\x28\":1}"},
		{"overlong UTF-8 encoding of '/'", "{\"alg\":\"HS256\",\"x\":\"\xc0\xaf\"}"},
		{"UTF-8 encoded surrogate", "{\"alg\":\"HS256\",\"x\":\"\xed\xa0\x80\"}"},
		{"unpaired surrogate escape", `{"alg":"HS256","x":"\ud800"}`},
		{"trailing data", `{"alg":"HS256"}{"alg":"none"}`},
		{"trailing comma", `{"alg":"HS256",}`},
		{"comment", `{"alg":"HS256"/*,"alg":"none"*/}`},
		{"single quotes", `{'alg':'HS256'}`},
		{"NaN", `{"alg":"HS256","x":NaN}`},
		{"leading zero", `{"alg":"HS256","x":01}`},
		{"nested 50 deep", `{"alg":"HS256","x":` + deep(50) + `}`},
		{"NUL byte raw in a string", "{\"alg\":\"HS256\",\"x\":\"a\x00b\"}"},
	} {
		t.Run("JWS header "+c.name, func(t *testing.T) {
			t.Parallel()
			tok := forge(t, k.hmac, jwa.HS256, c.hdr, goodClaims)
			exactly(t, verifyJWS(t, v, tok), jws.ErrMalformed)
			exactly(t, verifyJWT(t, jv, tok), jwt.ErrMalformed, jws.ErrMalformed)
		})
	}

	// Claims, signed by the victim's own key: the signature is fine, the
	// claims set is ambiguous.
	for _, c := range []struct{ name, claims string }{
		{"duplicate sub", strings.TrimSuffix(goodClaims, "}") + `,"sub":"admin"}`},
		{"duplicate exp", strings.TrimSuffix(goodClaims, "}") + `,"exp":99999999999}`},
		{"names differing only in case (encoding/json folds them)", claimsWith("role", `"user"`, "Role", `"admin"`)},
		{"names differing by Kelvin sign K (encoding/json folds it)", claimsWith("k", `"user"`, "\u212a", `"admin"`)},
		{"byte order mark", "\ufeff" + goodClaims},
		{"invalid UTF-8", claimsWith("sub", "\"\xff\"")},
		{"unpaired surrogate escape", claimsWith("sub", `"\udc00"`)},
		{"exp 1e400", claimsWith("exp", "1e400")},
		{"exp -1e400", claimsWith("exp", "-1e400")},
		{"trailing data", goodClaims + `{"sub":"admin"}`},
		{"nested 40 deep", claimsWith("x", deep(40))},
		{"not an object", `["sub","admin"]`},
	} {
		t.Run("JWT claims "+c.name, func(t *testing.T) {
			t.Parallel()
			tok := forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, c.claims)
			exactly(t, verifyJWT(t, jv, tok), jwt.ErrMalformed)
			_, err := jwt.InsecureParseClaims(tok)
			exactly(t, err, jwt.ErrMalformed)
		})
	}

	// JWKs and JWK Sets.
	for _, c := range []struct{ name, key string }{
		{"duplicate k", `{"kty":"oct","k":"` + b64b(make([]byte, 32)) + `","k":"AAAA"}`},
		{"duplicate kty", `{"kty":"RSA","kty":"oct","k":"` + b64b(make([]byte, 32)) + `"}`},
		{"byte order mark", "\ufeff" + `{"kty":"oct","k":"` + b64b(make([]byte, 32)) + `"}`},
		{"invalid UTF-8 in kid", "{\"kty\":\"oct\",\"kid\":\"\xff\",\"k\":\"" + b64b(make([]byte, 32)) + "\"}"},
		{"nested 40 deep", `{"kty":"oct","k":"` + b64b(make([]byte, 32)) + `","x":` + deep(40) + `}`},
		{"trailing data", `{"kty":"oct","k":"` + b64b(make([]byte, 32)) + `"}x`},
	} {
		t.Run("JWK "+c.name, func(t *testing.T) {
			t.Parallel()
			var err error
			attempt(t, func() error { _, err = parseKey([]byte(c.key)); return err })
			exactly(t, err, jwk.ErrMalformed)
			_, err = parseSet([]byte(`{"keys":[` + strings.TrimPrefix(c.key, "\ufeff") + `]}`))
			if c.name == "byte order mark" {
				_, err = parseSet([]byte("\ufeff" + `{"keys":[]}`))
			}
			exactly(t, err, jwk.ErrMalformed)
		})
	}
	t.Run("JWK Set duplicate keys member", func(t *testing.T) {
		t.Parallel()
		_, err := parseSet([]byte(`{"keys":[],"keys":[{"kty":"oct","k":"AAAA"}]}`))
		exactly(t, err, jwk.ErrMalformed)
	})

	// JSON serializations of JWS and JWE.
	t.Run("JWS JSON with a BOM", func(t *testing.T) {
		t.Parallel()
		doc := flattened(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, "", goodClaims)
		exactly(t, verifyJSON(t, v, append([]byte("\ufeff"), doc...)), jws.ErrMalformed)
	})
	t.Run("JWS JSON with a duplicate payload", func(t *testing.T) {
		t.Parallel()
		doc := flattened(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, "", goodClaims)
		doc = append([]byte(`{"payload":"`+b64(`{"sub":"admin"}`)+`",`), doc[1:]...)
		exactly(t, verifyJSON(t, v, doc), jws.ErrMalformed)
	})
	t.Run("JWE JSON with a duplicate ciphertext", func(t *testing.T) {
		t.Parallel()
		d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})
		doc := jweFlattened(sealJWE(t, `{"alg":"dir","enc":"A128GCM"}`, nil, jwa.A128GCM, k.aes128.SymmetricKey(), []byte(goodClaims)), "", "")
		doc = append([]byte(`{"ciphertext":"AAAA",`), doc[1:]...)
		exactly(t, decryptJSON(t, d, doc), jwe.ErrMalformed)
	})
}

// TestJSONChoicesThatAreNotAmbiguous pins the forms the strict reader
// accepts on purpose, so that a differential with a laxer peer is about
// the peer: header names are case-sensitive (RFC 7515 §4, so "ALG" is
// another member), and a number nobody interprets keeps its exact text.
func TestJSONChoicesThatAreNotAmbiguous(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	res, err := v.Verify(forge(t, k.hmac, jwa.HS256, `{"alg":"HS256","ALG":"none","x":1e400}`, goodClaims))
	if err != nil {
		t.Fatalf("case-distinct member and an uninterpreted big number: %v", err)
	}
	if res.Algorithm() != jwa.HS256 {
		t.Errorf("alg = %q", res.Algorithm())
	}
	if raw, ok := res.Header().Get("x"); !ok || string(raw) != "1e400" {
		t.Errorf(`Get("x") = %s, %v; want the text 1e400`, raw, ok)
	}
	if raw, ok := res.Header().Get("ALG"); !ok || string(raw) != `"none"` {
		t.Errorf(`Get("ALG") = %s, %v`, raw, ok)
	}
}
