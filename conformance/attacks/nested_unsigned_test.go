package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: nested JWT whose inner token is unsigned or "alg":"none".
// Encryption to the relying party's public key (RSA-OAEP, ECDH-ES)
// authenticates nothing: anyone can encrypt. A library that decrypts the
// outer JWE and then trusts the inner token without verifying it under the
// signature policy, or accepts an inner "none", lets anyone mint tokens.
//
// Sources: RFC 8725 §2.3 ("incorrect composition of encryption and
// signature": libraries that do not validate the inner signature) and §3.3;
// RFC 7519 §5.2 and §11.2 (nested JWTs: sign then encrypt); T. Tervoort,
// "Three New Attacks Against JSON Web Tokens" (sign/encrypt confusion).
// Package test: jwt/validator_test.go TestNestedTokens.
func TestNestedTokenInnerMustBeSigned(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	rsaPub := public(t, k.rsaEnc)
	// The attacker holds only the relying party's public encryption key.
	enc := func(cty string, inner string) string {
		e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A256GCM, ContentType: cty}, jwe.Recipient{Key: rsaPub, Algorithm: jwa.RSA_OAEP_256})
		tok, err := e.Encrypt([]byte(inner))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	p := victimPolicy(t)
	p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwkSet(k.rsaEnc)}
	jv := validator(t, p)
	none := b64(`{"alg":"none"}`) + "." + b64(goodClaims) + "."
	// Control: a properly signed inner token, encrypted, passes.
	signed := forge(t, k.ec, jwa.ES256, `{"alg":"ES256","kid":"ec"}`, goodClaims)
	if _, err := jv.Verify(t.Context(), enc("JWT", signed)); err != nil {
		t.Fatalf("control: %v", err)
	}

	for _, c := range []struct {
		name string
		tok  string
		want []error
	}{
		{"inner alg none (RFC 8725 §2.3)", enc("JWT", none), []error{jwt.ErrPolicy, jws.ErrUnsecured}},
		{"inner alg None", enc("JWT", b64(`{"alg":"None"}`)+"."+b64(goodClaims)+"."), []error{jwt.ErrPolicy, jws.ErrAlgorithmNotAllowed}},
		{"inner alg none, cty in lowercase", enc("jwt", none), []error{jwt.ErrPolicy, jws.ErrUnsecured}},
		{"inner signed by the attacker's key", enc("JWT", forge(t, k.attack, jwa.ES256, `{"alg":"ES256","kid":"ec"}`, goodClaims)), []error{jwt.ErrInvalidSignature, jws.ErrSignatureInvalid}},
		{"inner signature stripped", enc("JWT", signed[:len(signed)-86]), []error{jwt.ErrInvalidSignature, jws.ErrSignatureInvalid}},
		{"inner is a bare claims set", enc("JWT", goodClaims), []error{jwt.ErrPolicy}},
		{"inner is another JWE", enc("JWT", enc("JWT", signed)), []error{jwt.ErrPolicy}},
		{"claims encrypted without cty, unsigned claims not allowed", enc("", goodClaims), []error{jwt.ErrPolicy}},
		{"signed token encrypted without cty", enc("", signed), []error{jwt.ErrPolicy}},
		{"cty other than JWT", enc("application/json", goodClaims), []error{jwt.ErrPolicy}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWT(t, jv, c.tok), c.want...)
		})
	}

	// With AllowUnsigned (claims authenticated only by the encryption,
	// fit for shared keys), an inner "none" is still a nested token that
	// must verify.
	p.Decryption.AllowUnsigned = true
	jvu := validator(t, p)
	exactly(t, verifyJWT(t, jvu, enc("JWT", none)), jwt.ErrPolicy, jws.ErrUnsecured)
}
