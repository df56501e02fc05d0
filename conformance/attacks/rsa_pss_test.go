package attacks

import (
	"crypto/rsa"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: RSASSA-PSS with a salt length other than the hash length. RFC 7518
// §3.5 fixes the salt to the hash size ("The size of the salt value is the
// same size as the hash function output"); a verifier that auto-detects the
// salt (Go's rsa.PSSSaltLengthAuto, OpenSSL's -1) accepts signatures the
// algorithm does not define, including salt-less, deterministic ones.
//
// Sources: RFC 7518 §3.5; RFC 8017 §9.1 (sLen is a parameter of the
// scheme); RFC 8725 §3.3. Package test: jws/attack_test.go ("RSASSA-PSS
// with salt length ...").
func TestPSSSaltLengthMustEqualHashLength(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	pub := public(t, k.rsa)
	algs := []jwa.SignatureAlgorithm{jwa.PS256, jwa.PS384, jwa.PS512}
	v := verifier(t, jws.Policy{Algorithms: algs, Keys: jwkSet(pub)})
	p := victimPolicy(t)
	p.Algorithms, p.Keys = algs, jwkSet(pub)
	jv := validator(t, p)
	for _, alg := range algs {
		hashLen := alg.Hash().Size()
		input := []byte(b64(`{"alg":"`+string(alg)+`"}`) + "." + b64(goodClaims))
		sign := func(salt int) string { return string(input) + "." + b64b(pssSign(t, k.rsa, alg.Hash(), input, salt)) }
		// Control: the RFC's salt length verifies.
		if _, err := v.Verify(sign(rsa.PSSSaltLengthEqualsHash)); err != nil {
			t.Fatalf("%s with salt = hash length: %v", alg, err)
		}
		for _, salt := range []struct {
			name string
			n    int
		}{
			{"0 (deterministic)", 0},
			{"20 (SHA-1 size)", 20},
			{"hash length - 1", hashLen - 1},
			{"hash length + 1", hashLen + 1},
			{"maximum (PSSSaltLengthAuto)", rsa.PSSSaltLengthAuto},
		} {
			t.Run(string(alg)+" salt "+salt.name, func(t *testing.T) {
				t.Parallel()
				tok := sign(salt.n)
				exactly(t, verifyJWS(t, v, tok), jws.ErrSignatureInvalid)
				exactly(t, verifyJWT(t, jv, tok), jwt.ErrInvalidSignature, jws.ErrSignatureInvalid)
			})
		}
	}
}
