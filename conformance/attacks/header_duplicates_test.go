package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: header members duplicated, or split between the protected and the
// unprotected headers. Two parsers that resolve {"alg":"HS256","alg":"none"}
// differently (first wins, last wins) check different headers; a member
// present in both the protected and an unprotected header lets the
// unauthenticated copy override the signed one; an "alg" or "zip" outside
// the protected header is not covered by the signature or the tag.
//
// Sources: RFC 7515 §4 and RFC 7516 §4 (a parser MUST reject duplicates or
// use the last; we reject), RFC 7515 §7.2.1 and RFC 7516 §7.2.1 (the header
// member names MUST be disjoint), RFC 7516 §4.1.3 ("zip" MUST be
// protected), RFC 8725 §3.1 and §2.6; CVE-2016-9122 (go-jose: values read
// from a header other than the verified one). Package tests:
// jws/attack_test.go and jwe/attack_test.go ("duplicate ...", "member in
// both ...").
func TestDuplicateAndSplitHeaderMembersRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	hs := func(hdr string) string { return forge(t, k.hmac, jwa.HS256, hdr, goodClaims) }

	for _, c := range []struct {
		name string
		tok  string
	}{
		{"alg twice, none last", hs(`{"alg":"HS256","alg":"none"}`)},
		{"alg twice, none first", hs(`{"alg":"none","alg":"HS256"}`)},
		{"alg twice, same value", hs(`{"alg":"HS256","alg":"HS256"}`)},
		{"alg twice, second escaped (\\u0061lg)", hs(`{"alg":"HS256","\u0061lg":"none"}`)},
		{"kid twice", hs(`{"alg":"HS256","kid":"hmac","kid":"other"}`)},
		{"typ twice", hs(`{"alg":"HS256","typ":"JWT","typ":"at+jwt"}`)},
		{"crit twice", hs(`{"alg":"HS256","crit":["x"],"crit":[],"x":1}`)},
		{"duplicate inside a nested object", hs(`{"alg":"HS256","jwk":{"kty":"oct","kty":"RSA"}}`)},
	} {
		t.Run("JWS compact "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, v, c.tok), jws.ErrMalformed)
			exactly(t, verifyJWT(t, jv, c.tok), jwt.ErrMalformed, jws.ErrMalformed)
		})
	}

	for _, c := range []struct {
		name   string
		prot   string
		unprot string
		want   error
	}{
		{"alg only in the unprotected header (RFC 8725 §3.1)", ``, `{"alg":"HS256"}`, jws.ErrMalformed},
		{"alg in both headers", `{"alg":"HS256"}`, `{"alg":"HS256"}`, jws.ErrMalformed},
		{"alg none in the unprotected header", `{"alg":"HS256"}`, `{"alg":"none"}`, jws.ErrMalformed},
		{"kid in both headers", `{"alg":"HS256","kid":"hmac"}`, `{"kid":"ec"}`, jws.ErrMalformed},
		{"typ in both headers", `{"alg":"HS256","typ":"JWT"}`, `{"typ":"at+jwt"}`, jws.ErrMalformed},
		{"b64 in the unprotected header (RFC 7797 §3)", `{"alg":"HS256","crit":["b64"]}`, `{"b64":true}`, jws.ErrMalformed},
		{"duplicate inside the unprotected header", `{"alg":"HS256"}`, `{"kid":"a","kid":"b"}`, jws.ErrMalformed},
	} {
		t.Run("JWS JSON "+c.name, func(t *testing.T) {
			t.Parallel()
			doc := flattened(t, k.hmac, jwa.HS256, c.prot, c.unprot, goodClaims)
			exactly(t, verifyJSON(t, v, doc), c.want)
		})
	}
	// A member of a general JSON JWS in two places: top level next to
	// "signatures" (ambiguous which one holds).
	t.Run("JWS JSON general with a top-level signature too", func(t *testing.T) {
		t.Parallel()
		f := flattened(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, "", goodClaims)
		doc := `{"payload":"` + b64(goodClaims) + `","signatures":[{"protected":"` + b64(`{"alg":"HS256"}`) + `","signature":"AAAA"}],` + string(f[1:])
		exactly(t, verifyJSON(t, v, []byte(doc)), jws.ErrMalformed)
	})

	// JWE.
	cek := k.aes128.SymmetricKey()
	pol := jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)}
	d := decrypter(t, pol)
	dir := func(hdr string) string { return sealJWE(t, hdr, nil, jwa.A128GCM, cek, []byte(goodClaims)) }
	for _, c := range []struct {
		name string
		tok  string
	}{
		{"enc twice", dir(`{"alg":"dir","enc":"A128GCM","enc":"A256GCM"}`)},
		{"alg twice", dir(`{"alg":"dir","alg":"RSA1_5","enc":"A128GCM"}`)},
		{"zip twice", dir(`{"alg":"dir","enc":"A128GCM","zip":"DEF","zip":"NONE"}`)},
		{"escaped duplicate", dir(`{"alg":"dir","enc":"A128GCM","\u0065nc":"A128GCM"}`)},
	} {
		t.Run("JWE compact "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, decryptJWE(t, d, c.tok), jwe.ErrMalformed)
		})
	}
	base := dir(`{"alg":"dir","enc":"A128GCM"}`)
	for _, c := range []struct {
		name, unprot, header string
	}{
		{"enc in the protected and the shared header", `{"enc":"A256GCM"}`, ""},
		{"alg in the protected and the recipient header", "", `{"alg":"dir"}`},
		{"member in the shared and the recipient header", `{"kid":"a"}`, `{"kid":"b"}`},
		{"zip in the shared unprotected header (RFC 7516 §4.1.3)", `{"zip":"DEF"}`, ""},
		{"zip in the recipient header", "", `{"zip":"DEF"}`},
		{"duplicate inside the shared header", `{"x":1,"x":2}`, ""},
	} {
		t.Run("JWE JSON "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, decryptJSON(t, d, jweFlattened(base, c.unprot, c.header)), jwe.ErrMalformed)
		})
	}
}
