package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: signing/encryption confusion. A "decode" function that accepts
// both JWS and JWE lets an attacker who knows only the relying party's
// public key send a JWE encrypted to it where a signed token is expected:
// the library decrypts with the private key and trusts the claims, since
// "it decrypted". The relying party's signature key must also never serve
// as an encryption key, and the reverse.
//
// Sources: T. Tervoort, "Three New Attacks Against JSON Web Tokens" (Black
// Hat USA 2023, "sign/encrypt confusion"); CVE-2022-3102 (jwcrypto: a JWE
// accepted where a JWS was expected); go-jose v4 ("limit JWT encryption
// types (exclude password or public key types)"); RFC 8725 §2.3, §3.12;
// RFC 7517 §4.2-§4.3 ("use", "key_ops"). Package tests:
// jwt/validator_test.go TestValidatorTable, jws/attack_test.go ("a
// compact JWE").
func TestSignEncryptConfusionRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	// The provider's RSA key pair, marked for signatures.
	sigPriv := withMeta(t, k.rsa, func(m *jwk.Metadata) { m.Use = jwk.UseSignature })
	sigPub := public(t, sigPriv)
	// The attacker encrypts claims to the public key (an unmarked copy:
	// the attacker's own tooling ignores "use").
	unmarked := public(t, k.rsa)
	e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A256GCM}, jwe.Recipient{Key: unmarked, Algorithm: jwa.RSA_OAEP_256})
	jweTok, err := e.Encrypt([]byte(goodClaims))
	if err != nil {
		t.Fatal(err)
	}
	jweJSON, err := e.EncryptJSON([]byte(goodClaims), nil)
	if err != nil {
		t.Fatal(err)
	}
	signed := forge(t, k.rsa, jwa.RS256, `{"alg":"RS256","kid":"rsa"}`, goodClaims)

	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	// A relying party that accepts encrypted tokens, with a separate
	// encryption key.
	pe := victimPolicy(t)
	pe.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.ECDH_ES}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(k.ecEnc)}
	jve := validator(t, pe)

	for _, c := range []struct {
		name string
		run  func() error
		want []error
	}{
		{"JWE given to a JWS verifier", func() error { _, err := v.Verify(jweTok); return err }, []error{jws.ErrMalformed}},
		{"JSON JWE given to a JWS JSON verifier", func() error { _, err := v.VerifyJSON(jweJSON); return err }, []error{jws.ErrMalformed}},
		{"JWE given to a JWT validator without decryption (CVE-2022-3102)", func() error { _, err := jv.Verify(t.Context(), jweTok); return err }, []error{jwt.ErrPolicy}},
		{"JWS given to a JWT validator that requires encryption", func() error { _, err := jve.Verify(t.Context(), signed); return err }, []error{jwt.ErrPolicy}},
		{"JWS given to a JWE decrypter", func() error {
			_, err := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(k.rsaEnc)}).Decrypt(signed)
			return err
		}, []error{jwe.ErrMalformed}},
		{"JWE to another key given to an encrypted-token validator", func() error { _, err := jve.Verify(t.Context(), jweTok); return err }, []error{jwt.ErrPolicy, jwe.ErrAlgorithmNotAllowed}},
		// The signing key pair cannot be configured to decrypt, nor its
		// public half to encrypt.
		{"signature key as a decryption key", func() error {
			_, err := jwe.NewDecrypter(jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(sigPriv)})
			return err
		}, []error{jwe.ErrInvalidConfig}},
		{"signature key as an encryption key", func() error {
			_, err := jwe.NewEncrypter(jwe.EncrypterOptions{ContentEncryption: jwa.A256GCM}, jwe.Recipient{Key: sigPub, Algorithm: jwa.RSA_OAEP_256})
			return err
		}, []error{jwe.ErrInvalidConfig, jwk.ErrKeyUsage}},
		{"signature key in a JWT decryption policy", func() error {
			p := victimPolicy(t)
			p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(sigPriv)}
			_, err := jwt.NewValidator(p)
			return err
		}, []error{jwe.ErrInvalidConfig}},
		{"encryption key as a verification key", func() error {
			encPub := withMeta(t, public(t, k.rsaEnc), func(m *jwk.Metadata) { m.Use = jwk.UseEncryption })
			_, err := jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.RS256}, Keys: jwkSet(encPub)})
			return err
		}, []error{jws.ErrInvalidConfig}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, attempt(t, c.run), c.want...)
		})
	}

	// The decisive case: the relying party decrypts with the private half
	// of its (unmarked) key pair, yet an encrypted, unsigned claims set is
	// not a token unless the policy says so, and a nested token must
	// carry a signature under the signature policy.
	p := victimPolicy(t)
	p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(k.rsa)}
	exactly(t, verifyJWT(t, validator(t, p), jweTok), jwt.ErrPolicy)
}
