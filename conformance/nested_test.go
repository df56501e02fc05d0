package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	gojose "github.com/go-jose/go-jose/v4"
	gojwt "github.com/go-jose/go-jose/v4/jwt"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// nestedClaims is the claims set of the nested JWTs (RFC 7519 §5.2: the
// inner JWS is the plaintext of the outer JWE, whose "cty" is "JWT").
type nestedClaims struct {
	Issuer  string `json:"iss"`
	Subject string `json:"sub"`
	Expiry  int64  `json:"exp"`
}

// runNested exchanges a nested JWT (sign, then encrypt; RFC 7519 §5.2)
// with go-jose, in process. This library's side is the jwt package:
// jwt.Signer with SignerOptions.Encryption makes the token, and a
// jwt.Validator with a DecryptionPolicy opens, verifies and validates it in
// one call.
func (it *interop) runNested(r row, c column, cr *cellRun) {
	p, q := c.producerConsumer()
	refs := it.keysFor(r, p, q)
	sigKey, encKey := it.keys[refs[0]], it.keys[refs[1]]
	want := nestedClaims{Issuer: "conformance", Subject: r.label, Expiry: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()}
	cr.checks++
	var err error
	if p == oursName {
		err = nestedOursToGoJose(r, sigKey, encKey, want)
	} else {
		err = nestedGoJoseToOurs(r, sigKey, encKey, want)
	}
	if err != nil {
		cr.fail("%v", err)
	}
}

func nestedOursToGoJose(r row, sigKey, encKey json.RawMessage, want nestedClaims) error {
	sk, err := jwk.ParseKey(sigKey)
	if err != nil {
		return err
	}
	ek, err := oursPublic(encKey)
	if err != nil {
		return err
	}
	signer, err := jwt.NewSigner(sk, jwa.SignatureAlgorithm(r.sigAlg), jwt.SignerOptions{Encryption: &jwt.Encryption{
		Recipient:         jwe.Recipient{Key: ek, Algorithm: jwa.KeyAlgorithm(r.alg)},
		ContentEncryption: jwa.ContentEncryption(r.enc),
	}})
	if err != nil {
		return err
	}
	token, err := signer.Sign(want)
	if err != nil {
		return fmt.Errorf("ours sign and encrypt: %w", err)
	}

	nested, err := gojwt.ParseSignedAndEncrypted(token,
		[]gojose.KeyAlgorithm{gojose.KeyAlgorithm(r.alg)}, []gojose.ContentEncryption{gojose.ContentEncryption(r.enc)},
		[]gojose.SignatureAlgorithm{gojose.SignatureAlgorithm(r.sigAlg)})
	if err != nil {
		return fmt.Errorf("go-jose parse: %w", err)
	}
	decKey, err := goJoseParse(encKey)
	if err != nil {
		return err
	}
	signed, err := nested.Decrypt(decKey.Key)
	if err != nil {
		return fmt.Errorf("go-jose decrypt: %w", err)
	}
	verifyKey, err := goJosePublic(sigKey)
	if err != nil {
		return err
	}
	var got nestedClaims
	if err := signed.Claims(verifyKey.Key, &got); err != nil {
		return fmt.Errorf("go-jose verify: %w", err)
	}
	if got != want {
		return fmt.Errorf("go-jose read claims %+v, want %+v", got, want)
	}
	return nil
}

func nestedGoJoseToOurs(r row, sigKey, encKey json.RawMessage, want nestedClaims) error {
	sk, err := goJoseParse(sigKey)
	if err != nil {
		return err
	}
	signer, err := gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.SignatureAlgorithm(r.sigAlg), Key: sk.Key},
		(&gojose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return err
	}
	ek, err := goJosePublic(encKey)
	if err != nil {
		return err
	}
	encrypter, err := gojose.NewEncrypter(gojose.ContentEncryption(r.enc),
		gojose.Recipient{Algorithm: gojose.KeyAlgorithm(r.alg), Key: ek.Key},
		(&gojose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		return err
	}
	token, err := gojwt.SignedAndEncrypted(signer, encrypter).Claims(want).Serialize()
	if err != nil {
		return fmt.Errorf("go-jose build: %w", err)
	}

	dk, err := jwk.ParseKey(encKey)
	if err != nil {
		return err
	}
	vk, err := oursPublic(sigKey)
	if err != nil {
		return err
	}
	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.SignatureAlgorithm(r.sigAlg)},
		Keys:       jwk.NewSet(vk),
		Decryption: &jwt.DecryptionPolicy{
			KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.KeyAlgorithm(r.alg)},
			ContentEncryption: []jwa.ContentEncryption{jwa.ContentEncryption(r.enc)},
			Keys:              jwk.NewSet(dk),
		},
		Issuers: []string{want.Issuer},
		Subject: want.Subject,
	})
	if err != nil {
		return err
	}
	tok, err := v.Verify(context.Background(), token)
	if err != nil {
		return fmt.Errorf("ours validate: %w", err)
	}
	if cty := tok.EncryptionHeader().ContentType(); cty != "JWT" {
		return fmt.Errorf(`ours: outer "cty" is %q, want "JWT" (RFC 7519 §5.2)`, cty)
	}
	var got nestedClaims
	if err := tok.DecodeClaims(&got); err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("ours read claims %+v, want %+v", got, want)
	}
	return nil
}
