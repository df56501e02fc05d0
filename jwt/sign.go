package jwt

import (
	"encoding/json"
	"fmt"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// SignerOptions configures a [Signer]. The zero value signs a compact JWT
// with "typ":"JWT" and the key's "kid".
type SignerOptions struct {
	// Type is the "typ" header; empty means "JWT". Use "at+jwt" for OAuth
	// access tokens (RFC 9068).
	Type string
	// KeyID overrides the key's own "kid" in the header.
	KeyID string
	// Encryption, when set, makes [Signer.Sign] return a nested JWT (RFC
	// 7519 §5.2, §11.2): the signed token, encrypted to Encryption's
	// recipient with "cty":"JWT".
	Encryption *Encryption
}

// Encryption says how a [Signer] encrypts nested tokens.
type Encryption struct {
	// Recipient is the recipient's key and key management algorithm.
	Recipient jwe.Recipient
	// ContentEncryption is "enc". Required.
	ContentEncryption jwa.ContentEncryption
	// Type is the outer "typ"; empty means "JWT".
	Type string
}

// Signer makes JWTs: it marshals claims, checks them as a [Validator]
// would parse them, signs them, and for nested tokens encrypts the result.
// A Signer is immutable and safe for concurrent use.
type Signer struct {
	signer    *jws.Signer
	encrypter *jwe.Encrypter
}

// NewSigner returns a Signer that signs with key and alg. The key must be
// permitted to sign with alg (jwk.Key.PermitsSignature); the error wraps
// the jws or jwe configuration error in a [*PolicyError].
func NewSigner(key *jwk.Key, alg jwa.SignatureAlgorithm, opts SignerOptions) (*Signer, error) {
	typ := opts.Type
	if typ == "" {
		typ = "JWT"
	}
	js, err := jws.NewSigner(key, alg, jws.SignerOptions{Type: typ, KeyID: opts.KeyID})
	if err != nil {
		return nil, &PolicyError{Field: "key", Reason: err.Error(), cause: err}
	}
	s := &Signer{signer: js}
	if e := opts.Encryption; e != nil {
		outerTyp := e.Type
		if outerTyp == "" {
			outerTyp = "JWT"
		}
		enc, err := jwe.NewEncrypter(jwe.EncrypterOptions{
			ContentEncryption: e.ContentEncryption,
			Type:              outerTyp,
			ContentType:       "JWT",
		}, e.Recipient)
		if err != nil {
			return nil, &PolicyError{Field: "Encryption", Reason: err.Error(), cause: err}
		}
		s.encrypter = enc
	}
	return s, nil
}

// Sign marshals claims with encoding/json (a [Claims], a struct embedding
// Claims, or a map), checks that the result is a valid claims set
// (registered claims of their registered types, no duplicate names, no
// names differing only in case), and returns the compact JWT, or the nested
// JWT when the Signer encrypts.
func (s *Signer) Sign(claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("%w: marshaling claims: %w", ErrMalformed, err)
	}
	if _, _, err := parseClaims(payload, DefaultMaxClaimsSize); err != nil {
		return "", err
	}
	token, err := s.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	if s.encrypter == nil {
		return token, nil
	}
	return s.encrypter.Encrypt([]byte(token))
}
