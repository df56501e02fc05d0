package jwt

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// DefaultMaxTokenSize bounds a token, in bytes, unless Policy.MaxTokenSize
// says otherwise.
const DefaultMaxTokenSize = 64 << 10

// Policy is everything a [Validator] checks: how the token is protected
// (signature algorithms and keys, and for encrypted tokens the decryption
// algorithms and keys) and what its claims must say. Required: Algorithms
// and Keys or KeySource (unless Decryption.AllowUnsigned), and Issuers
// unless IgnoreIssuer. The zero value of every optional field is the strict
// choice. [NewValidator] copies what it keeps.
type Policy struct {
	// Algorithms lists the accepted signature algorithms ("alg"). The
	// token's header only selects among them; "none" cannot be listed.
	Algorithms []jwa.SignatureAlgorithm
	// Keys holds the verification keys. Set Keys or KeySource, not both.
	Keys *jwk.Set
	// KeySource supplies verification keys per token, by "kid": a
	// [RemoteSet] for a relying party, or [StaticKeys].
	KeySource KeySource
	// Critical lists the "crit" header extensions the caller understands.
	Critical []string

	// Decryption, when set, requires encrypted tokens: nested JWTs (RFC
	// 7519 §5.2, a JWE whose "cty" is "JWT" around a signed JWT, which is
	// then verified under this policy's Algorithms and keys), or, with
	// Decryption.AllowUnsigned, a JWE whose plaintext is the claims set.
	// When nil, only signed tokens are accepted and a JWE is refused.
	Decryption *DecryptionPolicy

	// Issuers lists the accepted "iss" values; required unless
	// IgnoreIssuer is set.
	Issuers []string
	// IgnoreIssuer accepts any issuer, or none. Set it only when the keys
	// themselves identify a single issuer.
	IgnoreIssuer bool
	// Audiences lists the accepted audiences: the token's "aud" must name
	// at least one. When empty, a token that carries "aud" is refused, as
	// RFC 7519 §4.1.3 requires, unless IgnoreAudience is set.
	Audiences []string
	// IgnoreAudience skips the audience check.
	IgnoreAudience bool
	// Subject, when set, is the required "sub".
	Subject string
	// Type is the required "typ" header, such as "at+jwt" (RFC 9068),
	// compared case-insensitively with an optional "application/" prefix
	// (RFC 7515 §4.1.9, RFC 8725 §3.11). When empty, "typ" must be absent
	// or "JWT", so that a token of another explicit type (an access token,
	// a logout token) is never accepted as a plain JWT.
	Type string
	// RequiredClaims lists claims that must be present.
	RequiredClaims []string
	// AllowMissingExpiry accepts tokens without "exp"; by default "exp" is
	// required.
	AllowMissingExpiry bool
	// Leeway is the clock skew allowed for "exp", "nbf" and "iat", at most
	// DefaultMaxLeeway. Zero means none.
	Leeway time.Duration
	// MaxAge, when set, refuses tokens whose "iat" is older than MaxAge
	// (plus Leeway), and then requires "iat".
	MaxAge time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxTokenSize overrides DefaultMaxTokenSize.
	MaxTokenSize int
}

// DecryptionPolicy says which encrypted tokens a [Validator] opens.
type DecryptionPolicy struct {
	// KeyAlgorithms lists the accepted JWE "alg" values. Required.
	KeyAlgorithms []jwa.KeyAlgorithm
	// ContentEncryption lists the accepted "enc" values. Required.
	ContentEncryption []jwa.ContentEncryption
	// Keys holds the decryption keys. Required.
	Keys *jwk.Set
	// Critical lists the JWE "crit" extensions the caller understands.
	Critical []string
	// AllowUnsigned accepts a JWE whose plaintext is the claims set, with
	// no inner signature (RFC 7519 §5.1). Such a token is authenticated
	// only by the encryption key: with a shared key (dir, A*KW, A*GCMKW)
	// whoever holds the key made it, but with a public key (RSA, ECDH-ES)
	// anyone could have. Nested tokens are still accepted.
	AllowUnsigned bool
}

// Validator verifies and validates JWTs under one Policy, in one call:
// structure, then policy (algorithms, token form), then the signature or
// decryption, then the claims. The first failing stage returns, so a
// token with a bad signature never reports anything about its claims. A
// Validator is immutable and safe for concurrent use.
type Validator struct {
	verifier  *jws.Verifier
	source    KeySource
	decrypter *jwe.Decrypter
	unsigned  bool
	claims    claimsPolicy
	maxSize   int
}

// NewValidator returns a Validator for p. It returns a [*PolicyError]
// naming the field when a required field is missing or a value is out of
// range, possibly wrapping the jws or jwe configuration error.
func NewValidator(p Policy) (*Validator, error) {
	v := &Validator{maxSize: p.MaxTokenSize}
	if v.maxSize == 0 {
		v.maxSize = DefaultMaxTokenSize
	}
	if v.maxSize < 0 {
		return nil, policyErr("MaxTokenSize", "must not be negative")
	}
	v.claims = claimsPolicy{
		Issuers: slices.Clone(p.Issuers), IgnoreIssuer: p.IgnoreIssuer,
		Audiences: slices.Clone(p.Audiences), IgnoreAudience: p.IgnoreAudience,
		Subject: p.Subject, Type: p.Type, RequiredClaims: slices.Clone(p.RequiredClaims),
		AllowMissingExpiry: p.AllowMissingExpiry, Leeway: p.Leeway, MaxAge: p.MaxAge, Now: p.Now,
	}
	if v.claims.Now == nil {
		v.claims.Now = time.Now
	}
	if err := v.claims.check(); err != nil {
		return nil, err
	}
	if d := p.Decryption; d != nil {
		dec, err := jwe.NewDecrypter(jwe.Policy{
			KeyAlgorithms:     d.KeyAlgorithms,
			ContentEncryption: d.ContentEncryption,
			Keys:              d.Keys,
			Critical:          d.Critical,
			MaxTokenSize:      v.maxSize,
		})
		if err != nil {
			return nil, &PolicyError{Field: "Decryption", Reason: err.Error(), cause: err}
		}
		v.decrypter = dec
		v.unsigned = d.AllowUnsigned
	}
	if len(p.Algorithms) == 0 && v.unsigned {
		if p.Keys != nil || p.KeySource != nil {
			return nil, policyErr("Algorithms", "is empty but verification keys are set")
		}
		return v, nil
	}
	if p.Keys != nil && p.KeySource != nil {
		return nil, policyErr("KeySource", "and Keys are both set")
	}
	if p.Keys == nil && p.KeySource == nil {
		return nil, policyErr("Keys", "is empty: set Keys or KeySource")
	}
	verifier, err := jws.NewVerifier(jws.Policy{
		Algorithms:   p.Algorithms,
		Keys:         p.Keys,
		KeysPerCall:  p.KeySource != nil,
		Critical:     p.Critical,
		MaxTokenSize: v.maxSize,
	})
	if err != nil {
		return nil, &PolicyError{Field: "Algorithms", Reason: err.Error(), cause: err}
	}
	v.verifier = verifier
	v.source = p.KeySource
	return v, nil
}

// Verify checks token and returns it with its claims. ctx bounds the work
// of the KeySource (a remote key set may fetch). The result is non-nil
// exactly when the error is nil.
//
// Errors wrap, by stage: ErrTooLarge or ErrMalformed (structure);
// ErrPolicy (a JWE where a signed token is expected or the reverse, an
// algorithm or "crit" the policy does not allow, a wrong "typ" or "cty");
// ErrKeySource; ErrInvalidSignature (bad signature, no usable key, failed
// decryption); then the claim sentinels (ErrExpired, ErrNotYetValid,
// ErrTooOld, ErrIssuer, ErrAudience, ErrSubject, ErrMissingClaim), joined
// when several claims fail, each a [*ClaimError]. The jws and jwe errors
// stay reachable with errors.Is.
func (v *Validator) Verify(ctx context.Context, token string) (*Token, error) {
	if len(token) > v.maxSize {
		return nil, claimErr("", ErrTooLarge, fmt.Sprintf("token of %d bytes exceeds limit %d", len(token), v.maxSize))
	}
	dots := strings.Count(token, ".")
	if v.decrypter == nil {
		switch dots {
		case 2:
			return v.verifySigned(ctx, token, nil, nil)
		case 4:
			return nil, claimErr("", ErrPolicy, "an encrypted token, but the policy has no Decryption")
		}
		return nil, claimErr("", ErrMalformed, "not a compact JWS")
	}
	switch dots {
	case 4:
	case 2:
		return nil, claimErr("", ErrPolicy, "a signed token, but the policy requires an encrypted one")
	default:
		return nil, claimErr("", ErrMalformed, "not a compact JWE")
	}
	dec, err := v.decrypter.Decrypt(token)
	if err != nil {
		return nil, wrapCrypto(err)
	}
	h := dec.Header()
	cty := h.ContentType()
	if typeEqual(cty, "JWT") {
		if v.verifier == nil {
			return nil, claimErr("cty", ErrPolicy, "a nested token, but the policy has no signature algorithms")
		}
		inner := string(dec.Plaintext())
		if strings.Count(inner, ".") != 2 {
			return nil, claimErr("cty", ErrPolicy, "the inner token of a nested JWT must be a signed JWT")
		}
		return v.verifySigned(ctx, inner, h, dec.Key())
	}
	if cty != "" {
		return nil, claimErr("cty", ErrPolicy, "content type "+quote(cty)+" is not a JWT")
	}
	if !v.unsigned {
		return nil, claimErr("cty", ErrPolicy, `an encrypted token without "cty":"JWT" (not nested), and the policy does not allow unsigned claims`)
	}
	// A "typ" that is present but empty is not absent (RFC 7515 §4.1.9:
	// a media type), so it is checked like any other value.
	_, hasType := h.Raw("typ")
	if err := v.claims.checkType(h.Type(), hasType); err != nil {
		return nil, err
	}
	t, err := v.finish(dec.Plaintext())
	if err != nil {
		return nil, err
	}
	t.encryption = h
	t.decryptKey = dec.Key()
	return t, nil
}

// verifySigned verifies a compact JWS and its claims. outer and outerKey
// describe the JWE around a nested token.
func (v *Validator) verifySigned(ctx context.Context, token string, outer *jwe.Header, outerKey *jwk.Key) (*Token, error) {
	var verified *jws.Verified
	var err error
	if v.source != nil {
		kid, kerr := peekKeyID(token)
		if kerr != nil {
			return nil, kerr
		}
		set, serr := v.source.KeySet(ctx, kid)
		if serr != nil {
			return nil, fmt.Errorf("%w: %w", ErrKeySource, serr)
		}
		verified, err = v.verifier.VerifyWithKeys(token, set)
	} else {
		verified, err = v.verifier.Verify(token)
	}
	if err != nil {
		return nil, wrapCrypto(err)
	}
	h := verified.Header()
	_, hasType := h.Get("typ") // present but empty is not absent
	if err := v.claims.checkType(h.Type(), hasType); err != nil {
		return nil, err
	}
	if cty := h.ContentType(); cty != "" {
		return nil, claimErr("cty", ErrPolicy, "a signed token with content type "+quote(cty)+" is not a JWT claims set")
	}
	t, err := v.finish(verified.Payload())
	if err != nil {
		return nil, err
	}
	t.header, t.alg, t.key = h, verified.Algorithm(), verified.Key()
	t.encryption, t.decryptKey = outer, outerKey
	return t, nil
}

// finish parses and checks the claims.
func (v *Validator) finish(payload []byte) (*Token, error) {
	c, obj, err := parseClaims(payload, v.maxSize)
	if err != nil {
		return nil, err
	}
	if err := v.claims.checkClaims(&c, obj, v.claims.Now()); err != nil {
		return nil, err
	}
	return &Token{claims: c, obj: obj, payload: payload}, nil
}

// wrapCrypto maps a jws or jwe error to this package's stage sentinel and
// keeps the original reachable.
func wrapCrypto(err error) error {
	var stage error
	switch {
	case errors.Is(err, jws.ErrTooLarge), errors.Is(err, jwe.ErrTooLarge):
		stage = ErrTooLarge
	case errors.Is(err, jws.ErrMalformed), errors.Is(err, jwe.ErrMalformed):
		stage = ErrMalformed
	case errors.Is(err, jws.ErrAlgorithmNotAllowed), errors.Is(err, jwe.ErrAlgorithmNotAllowed),
		errors.Is(err, jws.ErrCritical), errors.Is(err, jwe.ErrCritical):
		stage = ErrPolicy
	default:
		stage = ErrInvalidSignature
	}
	return fmt.Errorf("%w: %w", stage, err)
}

// peekKeyID reads "kid" from a compact JWS's protected header, before any
// verification, to ask a KeySource for keys. The value is only used as an
// opaque lookup string.
func peekKeyID(token string) (string, error) {
	i := strings.IndexByte(token, '.')
	if i < 0 {
		return "", claimErr("", ErrMalformed, "not a compact JWS")
	}
	hdr, err := base64url.Decode(token[:i])
	if err != nil {
		return "", &ClaimError{Err: ErrMalformed, Reason: "header: " + err.Error(), cause: err}
	}
	obj, err := ijson.ParseObject(hdr, ijson.Limits{MaxSize: len(hdr) + 1, MaxDepth: claimsDepth})
	if err != nil {
		return "", &ClaimError{Err: ErrMalformed, Reason: "header: " + err.Error(), cause: err}
	}
	kid, _, err := obj.String("kid")
	if err != nil {
		return "", claimErr("kid", ErrMalformed, "header member kid is not a string")
	}
	return kid, nil
}

// cutCompact cuts a compact serialization into exactly n parts, counting
// the separators first (never splitting untrusted input blindly).
func cutCompact(token string, n int) ([]string, bool) {
	if strings.Count(token, ".") != n-1 {
		return nil, false
	}
	return strings.SplitN(token, ".", n), true
}

func decodePart(s string) ([]byte, error) {
	b, err := base64url.Decode(s)
	if err != nil {
		return nil, &ClaimError{Err: ErrMalformed, Reason: err.Error(), cause: err}
	}
	return b, nil
}
