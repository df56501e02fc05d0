package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: HMAC / public-key confusion. The attacker MACs a token with the
// verifier's public key (in whatever form the library would hand to HMAC)
// and sets "alg":"HS256"; a library that picks the primitive from the
// header and the key from its set verifies it.
//
// Sources: RFC 8725 §2.1 and §3.1; CVE-2016-10555 (jwt-simple),
// CVE-2015-9235 (node-jsonwebtoken), CVE-2016-5431 (php-jose),
// CVE-2022-29217 (PyJWT), CVE-2022-23541 (node-jsonwebtoken key callback),
// CVE-2024-33663 (python-jose, ECDSA keys as HMAC secrets). Package test:
// jws/attack_test.go ("HS256 with the RSA public key ..."). Here the
// confusion is tried for RSA, EC and OKP keys, with the secret in PEM, DER,
// JWK and raw form.
func TestPublicKeyNeverAnHMACSecret(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	for _, victim := range []struct {
		name string
		key  *jwk.Key
		alg  jwa.SignatureAlgorithm
		raw  []byte // the raw public key material
	}{
		{"RSA", public(t, k.rsa), jwa.RS256, k.rsa.RSAPublicKey().N.Bytes()},
		{"EC P-256", public(t, k.ec), jwa.ES256, k.ec.ECDHPublicKey().Bytes()},
		{"OKP Ed25519", public(t, k.ed), jwa.EdDSA, k.ed.Ed25519PublicKey()},
	} {
		pem, err := victim.key.MarshalPEM()
		if err != nil {
			t.Fatal(err)
		}
		der, err := victim.key.MarshalPKIXPublicKey()
		if err != nil {
			t.Fatal(err)
		}
		jwkJSON, err := victim.key.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		// The classic relying party: it accepts HS256 (for other clients)
		// and the victim key's own algorithm, and holds only public keys.
		v := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.HS384, jwa.HS512, victim.alg}, Keys: jwkSet(victim.key)})
		p := victimPolicy(t)
		p.Algorithms = []jwa.SignatureAlgorithm{jwa.HS256, jwa.HS384, jwa.HS512, victim.alg}
		p.Keys = jwkSet(victim.key)
		jv := validator(t, p)
		for _, secret := range []struct {
			form  string
			bytes []byte
		}{
			{"PEM", pem},
			{"PEM without trailing newline", pem[:len(pem)-1]},
			{"DER", der},
			{"JWK", jwkJSON},
			{"raw", victim.raw},
		} {
			for _, alg := range []jwa.SignatureAlgorithm{jwa.HS256, jwa.HS512} {
				for _, hdr := range []string{
					`{"alg":"` + string(alg) + `"}`,
					`{"alg":"` + string(alg) + `","kid":"` + victim.key.KeyID() + `"}`,
				} {
					name := victim.name + " public key as " + secret.form + " " + string(alg) + " secret " + hdr
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						tok := macToken(alg, secret.bytes, hdr, goodClaims)
						exactly(t, verifyJWS(t, v, tok), jws.ErrNoKey)
						exactly(t, verifyJWT(t, jv, tok), jwt.ErrInvalidSignature, jws.ErrNoKey)
					})
				}
			}
		}
		// The key itself refuses, before any token: jwk.Key.PermitsSignature.
		for _, alg := range []jwa.SignatureAlgorithm{jwa.HS256, jwa.HS384, jwa.HS512} {
			exactly(t, victim.key.PermitsSignature(jwk.OpVerify, alg), jwk.ErrKeyUsage)
		}
		// A policy whose only HMAC "key" is a public key is refused when
		// built (STYLE: check at construction).
		_, err = jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwkSet(victim.key)})
		exactly(t, err, jws.ErrInvalidConfig)
	}
}

// TestPrivateKeyNeverAnHMACSecret: the same holds for the private halves
// (a provider that signs with RS256 and verifies HS256 tokens with one set).
func TestPrivateKeyNeverAnHMACSecret(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	for _, priv := range []*jwk.Key{k.rsa, k.ec, k.ed} {
		exactly(t, priv.PermitsSignature(jwk.OpVerify, jwa.HS256), jwk.ErrKeyUsage)
		exactly(t, priv.PermitsSignature(jwk.OpSign, jwa.HS256), jwk.ErrKeyUsage)
		_, err := jws.NewSigner(priv, jwa.HS256, jws.SignerOptions{})
		exactly(t, err, jws.ErrInvalidConfig, jwk.ErrKeyUsage)
	}
}
