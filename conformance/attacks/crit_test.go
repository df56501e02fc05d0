package attacks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: "crit" bypasses. A sender marks an extension critical so that a
// recipient that does not implement it refuses the message (say, an
// "exp" in the header that bounds a detached signature's life, or "b64"
// that changes what was signed); a library that ignores "crit", accepts it
// unprotected, accepts an empty or malformed list, or lets it name a
// registered parameter, processes a message its sender meant to be
// refused.
//
// Sources: RFC 7515 §4.1.11 and RFC 7516 §4.1.13 ("crit" MUST be
// integrity protected, MUST NOT be empty, MUST NOT list registered names;
// recipients MUST reject what they do not understand); RFC 7797 §6 ("b64"
// must be listed); RFC 8725 §3.1. Package tests: jws/attack_test.go and
// jwe/attack_test.go ("crit ...").
func TestCriticalHeaderBypassRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	vExt := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwkSet(k.hmac), Critical: []string{"urn:example:ext"}})
	jv := validator(t, victimPolicy(t))
	hs := func(hdr string) string { return forge(t, k.hmac, jwa.HS256, hdr, goodClaims) }
	many := make([]string, 1500) // about 12 KB, within the header limit
	for i := range many {
		many[i] = strconv.Quote("x" + strconv.Itoa(i))
	}

	compact := []struct {
		name string
		v    *jws.Verifier
		tok  string
	}{
		{"extension not understood", v, hs(`{"alg":"HS256","crit":["urn:example:ext"],"urn:example:ext":1}`)},
		{"registered parameter listed (alg)", v, hs(`{"alg":"HS256","crit":["alg"]}`)},
		{"registered parameter listed (kid)", vExt, hs(`{"alg":"HS256","kid":"hmac","crit":["kid"]}`)},
		{"empty list", v, hs(`{"alg":"HS256","crit":[]}`)},
		{"not an array", v, hs(`{"alg":"HS256","crit":"urn:example:ext","urn:example:ext":1}`)},
		{"array of non-strings", v, hs(`{"alg":"HS256","crit":[1]}`)},
		{"null", v, hs(`{"alg":"HS256","crit":null}`)},
		{"understood extension absent from the header", vExt, hs(`{"alg":"HS256","crit":["urn:example:ext"]}`)},
		{"understood extension listed twice", vExt, hs(`{"alg":"HS256","crit":["urn:example:ext","urn:example:ext"],"urn:example:ext":1}`)},
		{"understood and unknown together", vExt, hs(`{"alg":"HS256","crit":["urn:example:ext","other"],"urn:example:ext":1,"other":1}`)},
		{"1500 names (bounded work)", v, hs(`{"alg":"HS256","crit":[` + strings.Join(many, ",") + `]}`)},
		{"b64 used without crit (RFC 7797 §6)", v, hs(`{"alg":"HS256","b64":false}`)},
		{"case variant of an understood name", vExt, hs(`{"alg":"HS256","crit":["URN:EXAMPLE:EXT"],"URN:EXAMPLE:EXT":1}`)},
	}
	for _, c := range compact {
		t.Run("JWS "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, c.v, c.tok), jws.ErrCritical)
		})
	}
	// Through the JWT validator: the policy stage.
	t.Run("JWT extension not understood", func(t *testing.T) {
		t.Parallel()
		exactly(t, verifyJWT(t, jv, compact[0].tok), jwt.ErrPolicy, jws.ErrCritical)
	})
	// "crit" outside the protected header (JSON serialization).
	t.Run("JWS crit in the unprotected header", func(t *testing.T) {
		t.Parallel()
		doc := flattened(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, `{"crit":["urn:example:ext"],"urn:example:ext":1}`, goodClaims)
		exactly(t, verifyJSON(t, vExt, doc), jws.ErrCritical)
	})
	// Control: an understood extension passes.
	if _, err := vExt.Verify(hs(`{"alg":"HS256","crit":["urn:example:ext"],"urn:example:ext":1}`)); err != nil {
		t.Fatalf("control: %v", err)
	}

	// JWE.
	cek := k.aes128.SymmetricKey()
	dir := func(hdr string) string { return sealJWE(t, hdr, nil, jwa.A128GCM, cek, []byte(goodClaims)) }
	pol := jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)}
	d := decrypter(t, pol)
	pol.Critical = []string{"urn:example:ext"}
	dExt := decrypter(t, pol)
	for _, c := range []struct {
		name string
		d    *jwe.Decrypter
		tok  string
	}{
		{"extension not understood", d, dir(`{"alg":"dir","enc":"A128GCM","crit":["urn:example:ext"],"urn:example:ext":1}`)},
		{"registered parameter listed (enc)", dExt, dir(`{"alg":"dir","enc":"A128GCM","crit":["enc"]}`)},
		{"registered parameter listed (zip)", dExt, dir(`{"alg":"dir","enc":"A128GCM","crit":["zip"]}`)},
		{"empty list", d, dir(`{"alg":"dir","enc":"A128GCM","crit":[]}`)},
		{"not an array", d, dir(`{"alg":"dir","enc":"A128GCM","crit":"urn:example:ext"}`)},
		{"understood extension absent", dExt, dir(`{"alg":"dir","enc":"A128GCM","crit":["urn:example:ext"]}`)},
		{"understood extension listed twice", dExt, dir(`{"alg":"dir","enc":"A128GCM","crit":["urn:example:ext","urn:example:ext"],"urn:example:ext":1}`)},
	} {
		t.Run("JWE "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, decryptJWE(t, c.d, c.tok), jwe.ErrCritical)
		})
	}
	t.Run("JWE crit in the shared unprotected header", func(t *testing.T) {
		t.Parallel()
		doc := jweFlattened(dir(`{"alg":"dir","enc":"A128GCM"}`), `{"crit":["urn:example:ext"],"urn:example:ext":1}`, "")
		exactly(t, decryptJSON(t, dExt, doc), jwe.ErrCritical)
	})
	t.Run("JWE crit in the recipient header", func(t *testing.T) {
		t.Parallel()
		doc := jweFlattened(dir(`{"alg":"dir","enc":"A128GCM"}`), "", `{"crit":["urn:example:ext"],"urn:example:ext":1}`)
		exactly(t, decryptJSON(t, dExt, doc), jwe.ErrCritical)
	})
	t.Run("JWT inside JWE, crit not understood", func(t *testing.T) {
		t.Parallel()
		p := victimPolicy(t)
		p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128), AllowUnsigned: true}
		exactly(t, verifyJWT(t, validator(t, p), dir(`{"alg":"dir","enc":"A128GCM","crit":["urn:example:ext"],"urn:example:ext":1}`)), jwt.ErrPolicy, jwe.ErrCritical)
	})
}
