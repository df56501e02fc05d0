package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwt"
)

// Class: PBES2 "p2c" denial of service (the "billion hash attack"). The
// sender chooses the PBKDF2 iteration count and the recipient pays for it:
// p2c = 2^31 costs minutes of CPU per token, before anything authenticates
// the token.
//
// Sources: T. Tervoort, "Three New Attacks Against JSON Web Tokens" (Black
// Hat USA 2023); GHSA-2c7c-3mj9-8fqh (go-jose); CVE-2023-49290 (jwx);
// CVE-2022-36083 (panva jose); CVE-2023-50658 (jose2go); CVE-2023-50966
// (erlang-jose); RFC 7518 §4.8.1.2; draft-ietf-oauth-rfc8725bis (unbounded
// PBES2 count). Package tests: jwe/attack_test.go ("PBES2 ...") and
// TestPBES2CountBoundedBeforeWork.
func TestPBES2CountBounded(t *testing.T) {
	t.Parallel()
	salt := `"` + b64b(make([]byte, 16)) + `"`
	pbes2 := func(alg jwa.KeyAlgorithm, p2c string) string {
		hdr := `{"alg":"` + string(alg) + `","enc":"A128GCM","p2s":` + salt + `,"p2c":` + p2c + `}`
		return sealJWE(t, hdr, make([]byte, 24), jwa.A128GCM, make([]byte, 16), []byte(goodClaims))
	}
	algs := []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW, jwa.PBES2_HS384_A192KW, jwa.PBES2_HS512_A256KW}
	d := decrypter(t, jwe.Policy{KeyAlgorithms: algs, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Passwords: []string{"correct horse battery staple"}})
	cases := []struct {
		name string
		p2c  string
		want error
	}{
		{"p2c 2^31-1 (billion hash attack)", "2147483647", jwe.ErrTooLarge},
		{"p2c 10^9", "1000000000", jwe.ErrTooLarge},
		{"p2c 2^63", "9223372036854775808", jwe.ErrTooLarge},
		{"p2c 10^30", "1000000000000000000000000000000", jwe.ErrTooLarge},
		{"p2c one above the default limit", "10001", jwe.ErrTooLarge},
		// Exponent forms are not JSON integers to the strict reader (as
		// to encoding/json decoding into an int): refused as malformed,
		// before any work.
		{"p2c 1e400 (JSON number beyond float64)", "1e400", jwe.ErrMalformed},
		{"p2c 1e9 in exponent form", "1e9", jwe.ErrMalformed},
		{"p2c 2^31 as a fraction", "2147483648.5", jwe.ErrMalformed},
		{"p2c negative (wraps to huge as unsigned)", "-1", jwe.ErrMalformed},
		{"p2c -2^63", "-9223372036854775808", jwe.ErrMalformed},
		{"p2c a string", `"2147483647"`, jwe.ErrMalformed},
		{"p2c zero", "0", jwe.ErrMalformed},
		{"p2c at the limit, wrong password: ordinary failure", "10000", jwe.ErrDecryption},
	}
	for _, alg := range algs {
		for _, c := range cases {
			t.Run(string(alg)+" "+c.name, func(t *testing.T) {
				exactly(t, decryptJWE(t, d, pbes2(alg, c.p2c)), c.want)
			})
		}
	}
	// A JWT validator never configured for PBES2 refuses the token at the
	// policy stage, before reading p2c (go-jose v4: "the billion hash
	// attack relies in part on programs accepting PBES2 ... even if they
	// weren't specifically configured to").
	k := fixture(t)
	p := victimPolicy(t)
	p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)}
	jv := validator(t, p)
	exactly(t, verifyJWT(t, jv, pbes2(jwa.PBES2_HS256_A128KW, "2147483647")), jwt.ErrPolicy, jwe.ErrAlgorithmNotAllowed)
	// Nor can a jwe policy accept PBES2 without a password.
	_, err := jwe.NewDecrypter(jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})
	exactly(t, err, jwe.ErrInvalidConfig)
}
