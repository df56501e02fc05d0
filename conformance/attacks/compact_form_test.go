package attacks

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: non-canonical base64url, and extra dots or whitespace in compact
// forms. If a token has several spellings (padding, non-zero trailing bits,
// the standard alphabet, embedded whitespace, stray dots), a revocation
// list, replay cache or WAF keyed on the token string misses the variants,
// and two parsers may cut the token differently (the JSON/compact
// "polyglot" token forged python-jwt's signatures).
//
// Sources: RFC 7515 §2 and §7.1 (base64url without padding; no
// whitespace, line breaks or other characters), RFC 7516 §7.1, RFC 4648
// §3.5 (canonical encoding), RFC 7519 §7.2 step 1; CVE-2022-39227
// (python-jwt polyglot JSON/compact token); T. Tervoort, "Three New
// Attacks Against JSON Web Tokens" ("polyglot token"). Package tests:
// internal/base64url (decode_test.go, FuzzDecode) and jws/attack_test.go
// ("base64url with ...", "four parts", "leading space", ...).
func TestCompactFormMustBeCanonical(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	// A token whose signature has a '-' or '_', so that its standard
	// alphabet spelling differs.
	var good string
	for i := 0; ; i++ {
		good = forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, claimsWith("jti", jsonString(strings.Repeat("x", i))))
		if strings.ContainsAny(cutToken(good)[2], "-_") {
			break
		}
	}
	if _, err := v.Verify(good); err != nil {
		t.Fatalf("control: %v", err)
	}
	p := cutToken(good)
	h, pl, sig := p[0], p[1], p[2]
	// nonCanonical changes the unused low bits of the last character of a
	// part whose length leaves some (RFC 4648 §3.5).
	nonCanonical := func(part string) string {
		last := strings.IndexByte(b64url64, part[len(part)-1])
		return part[:len(part)-1] + string(b64url64[last|1])
	}
	// The signature of HS256 is 32 bytes: 43 characters, 2 unused bits.
	stdSig := base64.RawStdEncoding.EncodeToString(unb64(sig))
	for _, c := range []struct {
		name string
		tok  string
		want []error
		jwt  []error // the validator's answer, when it differs
	}{
		{"padding on the signature", good + "=", []error{jws.ErrMalformed}, nil},
		{"padding on the header", h + "=." + pl + "." + sig, []error{jws.ErrMalformed}, nil},
		{"non-zero trailing bits in the signature", h + "." + pl + "." + nonCanonical(sig), []error{jws.ErrMalformed}, nil},
		{"standard alphabet in the signature", h + "." + pl + "." + stdSig, []error{jws.ErrMalformed}, nil},
		{"percent-encoded", h + "." + pl + "." + strings.ReplaceAll(sig, "-", "%2D") + "%3D", []error{jws.ErrMalformed}, nil},
		{"leading space", " " + good, []error{jws.ErrMalformed}, nil},
		{"trailing newline", good + "\n", []error{jws.ErrMalformed}, nil},
		{"CRLF inside the payload", h + "." + pl[:10] + "\r\n" + pl[10:] + "." + sig, []error{jws.ErrMalformed}, nil},
		{"tab after a dot", h + ".\t" + pl + "." + sig, []error{jws.ErrMalformed}, nil},
		{"NUL appended", good + "\x00", []error{jws.ErrMalformed}, nil},
		{"trailing dot (four parts)", good + ".", []error{jws.ErrMalformed}, nil},
		{"leading dot", "." + good, []error{jws.ErrMalformed}, nil},
		{"doubled dot", h + ".." + pl + "." + sig, []error{jws.ErrMalformed}, nil},
		{"two parts", h + "." + pl, []error{jws.ErrMalformed}, nil},
		{"one part", h, []error{jws.ErrMalformed}, nil},
		{"empty", "", []error{jws.ErrMalformed}, nil},
		{"only dots", "..", []error{jws.ErrMalformed}, nil},
		// Five parts look like a JWE to the validator, which refuses the
		// form by policy (no decryption configured).
		{"five parts", good + ".." + sig, []error{jws.ErrMalformed}, []error{jwt.ErrPolicy}},
		// The polyglot: a JSON document whose keys hide a compact token.
		{"JSON/compact polyglot (CVE-2022-39227)", `{"  ` + h + "." + pl + `.":"","protected":"` + h + `","payload":"` + pl + `","signature":"` + sig + `"}`, []error{jws.ErrMalformed}, nil},
		{"flattened JSON given to compact verification", string(flattened(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, "", goodClaims)), []error{jws.ErrMalformed}, nil},
	} {
		t.Run("JWS "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, v, c.tok), c.want...)
			want := c.jwt
			if want == nil {
				want = append([]error{jwt.ErrMalformed}, c.want...)
				if strings.Count(c.tok, ".") != 2 {
					want = []error{jwt.ErrMalformed} // refused by the validator's own form check
				}
			}
			exactly(t, verifyJWT(t, jv, c.tok), want...)
		})
	}
	t.Run("JWS compact token given to JSON verification", func(t *testing.T) {
		t.Parallel()
		exactly(t, verifyJSON(t, v, []byte(good)), jws.ErrMalformed)
	})

	// JWE.
	cek := k.aes128.SymmetricKey()
	d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})
	var jg string
	for { // an IV with a '-' or '_' (see above)
		jg = sealJWE(t, `{"alg":"dir","enc":"A128GCM"}`, nil, jwa.A128GCM, cek, []byte(goodClaims))
		if strings.ContainsAny(cutToken(jg)[2], "-_") {
			break
		}
	}
	q := cutToken(jg)
	for _, c := range []struct {
		name string
		tok  string
	}{
		{"padding on the tag", jg + "=="},
		{"non-zero trailing bits in the tag", q[0] + ".." + q[2] + "." + q[3] + "." + nonCanonical(q[4])},
		{"standard alphabet in the IV", q[0] + ".." + base64.RawStdEncoding.EncodeToString(unb64(q[2])) + "." + q[3] + "." + q[4]},
		{"six parts", jg + "."},
		{"four parts", q[0] + "." + q[2] + "." + q[3] + "." + q[4]},
		{"space inside the ciphertext", q[0] + ".." + q[2] + "." + q[3][:4] + " " + q[3][4:] + "." + q[4]},
		{"trailing newline", jg + "\n"},
	} {
		t.Run("JWE "+c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, decryptJWE(t, d, c.tok), jwe.ErrMalformed)
		})
	}
}

const b64url64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
