package jwt

import (
	"bytes"
	"encoding/json"
	"slices"

	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// Token is a JWT that passed every check of a [Validator]: its signature
// (or, for an encrypted token without signature, its decryption) and its
// claims. There is no other way to obtain one: untrusted tokens are read
// with [InsecureParseClaims], which returns a different type. A Token is
// immutable and safe for concurrent use.
type Token struct {
	claims     Claims
	obj        ijson.Object
	payload    []byte
	header     *jws.Header
	alg        jwa.SignatureAlgorithm
	key        *jwk.Key
	encryption *jwe.Header
	decryptKey *jwk.Key
}

// Claims returns the registered claims.
func (t *Token) Claims() Claims {
	c := t.claims
	c.Audience = Audience{values: slices.Clone(t.claims.Audience.values), array: t.claims.Audience.array}
	return c
}

// Header returns the JWS header of the signed token (the inner token of a
// nested JWT), or nil for an encrypted token without signature.
func (t *Token) Header() *jws.Header { return t.header }

// Algorithm returns the signature algorithm, or "" for an encrypted token
// without signature.
func (t *Token) Algorithm() jwa.SignatureAlgorithm { return t.alg }

// Key returns the key that verified the signature, or nil for an encrypted
// token without signature.
func (t *Token) Key() *jwk.Key { return t.key }

// EncryptionHeader returns the JWE header of an encrypted or nested token,
// or nil for a token that was only signed.
func (t *Token) EncryptionHeader() *jwe.Header { return t.encryption }

// DecryptionKey returns the key that decrypted an encrypted or nested
// token, or nil.
func (t *Token) DecryptionKey() *jwk.Key { return t.decryptKey }

// Payload returns a copy of the claims set exactly as signed.
func (t *Token) Payload() []byte { return bytes.Clone(t.payload) }

// Claim returns the JSON value of one claim, registered or not, in a fresh
// slice, and whether the token has it. Names are matched exactly.
func (t *Token) Claim(name string) (json.RawMessage, bool) {
	v, ok := t.obj.Get(name)
	if !ok {
		return nil, false
	}
	return bytes.Clone(v.Raw()), true
}

// ClaimString returns the value of a claim that is a JSON string, with its
// escapes decoded, without a copy or encoding/json. ok is false, with a nil
// error, when the token has no such claim; err is a [*ClaimError] wrapping
// [ErrMalformed] when the claim has another JSON type. Names are matched
// exactly.
func (t *Token) ClaimString(name string) (s string, ok bool, err error) {
	s, ok, err = t.obj.String(name)
	if err != nil {
		return "", false, &ClaimError{Claim: name, Err: ErrMalformed, Reason: "not a string", cause: err}
	}
	return s, ok, nil
}

// ClaimStrings returns the value of a claim that is a JSON array of
// strings, in a fresh slice. ok and err are as for [Token.ClaimString];
// a single string is not accepted in place of an array (see [Audience] for
// "aud", which allows it).
func (t *Token) ClaimStrings(name string) (s []string, ok bool, err error) {
	s, ok, err = t.obj.StringArray(name)
	if err != nil {
		return nil, false, &ClaimError{Claim: name, Err: ErrMalformed, Reason: "not an array of strings", cause: err}
	}
	return s, ok, nil
}

// DecodeClaims decodes the claims set into v, a pointer to the caller's
// struct (which may embed [Claims]) or map, with encoding/json. The claims
// set was already checked strictly: no duplicate names, no names that
// differ only in case (encoding/json matches struct fields
// case-insensitively, and this rule makes that harmless), valid UTF-8,
// registered claims of their registered types.
func (t *Token) DecodeClaims(v any) error {
	if err := json.Unmarshal(t.payload, v); err != nil {
		return &ClaimError{Err: ErrMalformed, Reason: "decoding claims: " + err.Error(), cause: err}
	}
	return nil
}

// UnverifiedClaims is the claims set of a token that was not verified. Its
// content is attacker-controlled: use it to route a token (to pick an
// issuer's policy, say), never to trust it.
type UnverifiedClaims struct {
	Claims
	// Header holds the raw protected header JSON of the signed token.
	Header json.RawMessage
	// Payload holds the raw claims set JSON.
	Payload json.RawMessage
}

// InsecureParseClaims decodes a compact JWS's header and claims without
// checking the signature or any claim, with the same strict parsing as a
// [Validator]. Its name says what it is: nothing it returns is trusted.
// Encrypted tokens cannot be read this way.
func InsecureParseClaims(token string) (*UnverifiedClaims, error) {
	if len(token) > DefaultMaxTokenSize {
		return nil, claimErr("", ErrTooLarge, "token exceeds the size limit")
	}
	parts, ok := cutCompact(token, 3)
	if !ok {
		return nil, claimErr("", ErrMalformed, "not a compact JWS")
	}
	hdr, err := decodePart(parts[0])
	if err != nil {
		return nil, err
	}
	if _, err := ijson.ParseObject(hdr, ijson.Limits{MaxSize: DefaultMaxClaimsSize, MaxDepth: claimsDepth}); err != nil {
		return nil, &ClaimError{Err: ErrMalformed, Reason: "header: " + err.Error(), cause: err}
	}
	payload, err := decodePart(parts[1])
	if err != nil {
		return nil, err
	}
	c, _, err := parseClaims(payload, 0)
	if err != nil {
		return nil, err
	}
	return &UnverifiedClaims{Claims: c, Header: hdr, Payload: payload}, nil
}
