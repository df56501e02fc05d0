package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: algorithm substitution within a key family. A signature made
// under one algorithm is presented under another the verifier also
// accepts (RS256 ↔ PS256, ES256 ↔ ES384), or a key bound to one algorithm
// is used with another; a verifier that takes the hash or the padding from
// the header but the key from its set may mix them.
//
// Sources: RFC 8725 §3.1 ("each key MUST be used with exactly one
// algorithm"), RFC 7517 §4.4 ("alg" of a key), go-jose's and jwx's
// advisories on alg/key pairing (go-jose v4 "Require specifying expected
// algorithms", jwx "each key paired with an algorithm"). Package test:
// jws/attack_test.go ("RS256 signature under PS256", "key bound to another
// alg", "ECDSA P-384 signature under ES256").
func TestAlgorithmSubstitutionRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	rsaPub, ecPub, ec384Pub := public(t, k.rsa), public(t, k.ec), public(t, k.ec384)
	rsaRS256 := withMeta(t, rsaPub, func(m *jwk.Metadata) { m.Algorithm = "RS256" })
	ecES256 := withMeta(t, ecPub, func(m *jwk.Metadata) { m.Algorithm = "ES256" })
	rsaAll := []jwa.SignatureAlgorithm{jwa.RS256, jwa.RS384, jwa.PS256, jwa.PS384}
	ecAll := []jwa.SignatureAlgorithm{jwa.ES256, jwa.ES384}

	cases := []struct {
		name   string
		policy jws.Policy
		token  func() string
		want   error
	}{
		{
			"RS256 signature relabeled PS256",
			jws.Policy{Algorithms: rsaAll, Keys: jwkSet(rsaPub)},
			func() string {
				p := cutToken(forge(t, k.rsa, jwa.RS256, `{"alg":"RS256"}`, goodClaims))
				return b64(`{"alg":"PS256"}`) + "." + p[1] + "." + p[2]
			},
			jws.ErrSignatureInvalid,
		},
		{
			"PS256 signature relabeled RS256",
			jws.Policy{Algorithms: rsaAll, Keys: jwkSet(rsaPub)},
			func() string {
				p := cutToken(forge(t, k.rsa, jwa.PS256, `{"alg":"PS256"}`, goodClaims))
				return b64(`{"alg":"RS256"}`) + "." + p[1] + "." + p[2]
			},
			jws.ErrSignatureInvalid,
		},
		{
			"RS256 signature over a PS256 header (hash/padding mix)",
			jws.Policy{Algorithms: rsaAll, Keys: jwkSet(rsaPub)},
			func() string {
				input := b64(`{"alg":"PS256"}`) + "." + b64(goodClaims)
				return input + "." + b64b(rawSign(t, k.rsa, jwa.RS256, []byte(input)))
			},
			jws.ErrSignatureInvalid,
		},
		{
			"RS384 signature over an RS256 header (hash mix)",
			jws.Policy{Algorithms: rsaAll, Keys: jwkSet(rsaPub)},
			func() string {
				input := b64(`{"alg":"RS256"}`) + "." + b64(goodClaims)
				return input + "." + b64b(rawSign(t, k.rsa, jwa.RS384, []byte(input)))
			},
			jws.ErrSignatureInvalid,
		},
		{
			"RS256-bound key used with PS256 (RFC 7517 §4.4)",
			jws.Policy{Algorithms: rsaAll, Keys: jwkSet(rsaRS256)},
			func() string { return forge(t, k.rsa, jwa.PS256, `{"alg":"PS256"}`, goodClaims) },
			jws.ErrNoKey,
		},
		{
			"RS256 key, PS256 signature, PS256 not listed",
			jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.RS256}, Keys: jwkSet(rsaPub)},
			func() string { return forge(t, k.rsa, jwa.PS256, `{"alg":"PS256"}`, goodClaims) },
			jws.ErrAlgorithmNotAllowed,
		},
		{
			"ES256 signature relabeled ES384",
			jws.Policy{Algorithms: ecAll, Keys: jwkSet(ecPub, ec384Pub)},
			func() string {
				p := cutToken(forge(t, k.ec, jwa.ES256, `{"alg":"ES256"}`, goodClaims))
				return b64(`{"alg":"ES384"}`) + "." + p[1] + "." + p[2]
			},
			jws.ErrSignatureInvalid,
		},
		{
			"P-256 key signing SHA-384 under ES384",
			jws.Policy{Algorithms: ecAll, Keys: jwkSet(ecPub)},
			func() string {
				input := b64(`{"alg":"ES384","kid":"ec"}`) + "." + b64(goodClaims)
				return input + "." + b64b(rawSign(t, k.ec, jwa.ES384, []byte(input)))
			},
			jws.ErrNoKey,
		},
		{
			"ES256-bound key, ES384 header",
			jws.Policy{Algorithms: ecAll, Keys: jwkSet(ecES256, ec384Pub)},
			func() string {
				p := cutToken(forge(t, k.ec, jwa.ES256, `{"alg":"ES256"}`, goodClaims))
				return b64(`{"alg":"ES384","kid":"ec"}`) + "." + p[1] + "." + p[2]
			},
			jws.ErrNoKey,
		},
		{
			"P-384 signature truncated to ES256 size",
			jws.Policy{Algorithms: ecAll, Keys: jwkSet(ecPub, ec384Pub)},
			func() string {
				input := b64(`{"alg":"ES256"}`) + "." + b64(goodClaims)
				return input + "." + b64b(rawSign(t, k.ec384, jwa.ES384, []byte(input))[:64])
			},
			jws.ErrSignatureInvalid,
		},
		{
			"EdDSA key under the Ed25519 name bound to EdDSA is one algorithm (RFC 9864): other key's sig",
			jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.EdDSA, jwa.SigEd25519}, Keys: jwkSet(public(t, k.ed))},
			func() string { return forge(t, k.attackE, jwa.EdDSA, `{"alg":"Ed25519"}`, goodClaims) },
			jws.ErrSignatureInvalid,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := verifier(t, c.policy)
			tok := c.token()
			exactly(t, verifyJWS(t, v, tok), c.want)
			p := victimPolicy(t)
			p.Algorithms, p.Keys = c.policy.Algorithms, c.policy.Keys
			exactly(t, verifyJWT(t, validator(t, p), tok), jwtStage(c.want), c.want)
		})
	}
	// A policy listing an algorithm only a wrong-sized key could serve is
	// refused when built.
	_, err := jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES384}, Keys: jwkSet(ecPub)})
	exactly(t, err, jws.ErrInvalidConfig)
}

// jwtStage returns the jwt stage sentinel a jws sentinel maps to.
func jwtStage(jwsErr error) error {
	switch jwsErr {
	case jws.ErrMalformed:
		return jwt.ErrMalformed
	case jws.ErrTooLarge:
		return jwt.ErrTooLarge
	case jws.ErrAlgorithmNotAllowed, jws.ErrUnsecured, jws.ErrCritical:
		return jwt.ErrPolicy
	}
	return jwt.ErrInvalidSignature
}
