package jws

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jose-suite/jose/jwa"
)

// Sentinel errors. Every error the package returns matches one of them with
// [errors.Is] ([ErrUnsecured] also matches [ErrAlgorithmNotAllowed]); lower
// errors (from the strict JSON reader, the base64url decoder, the jwk
// package, crypto/x509) stay reachable through wrapping.
var (
	// ErrMalformed reports input that is not a well-formed JWS: a compact
	// serialization without exactly three parts, bad base64url, a header
	// that is not a JSON object or repeats a member, a member in both the
	// protected and an unprotected header, a missing or mistyped "alg",
	// an "alg" or "b64" outside the protected header, or a JSON
	// serialization with missing or mistyped members.
	ErrMalformed = errors.New("jws: malformed")

	// ErrAlgorithmNotAllowed reports an "alg" the policy does not list.
	ErrAlgorithmNotAllowed = errors.New("jws: algorithm not allowed")

	// ErrUnsecured reports an Unsecured JWS ("alg":"none", RFC 7515
	// Appendix A.5) given to a [Verifier], which never accepts one. It
	// also matches [ErrAlgorithmNotAllowed]. [InsecureParseUnsecured] is
	// the one way to read such a JWS.
	ErrUnsecured error = &childError{msg: `jws: unsecured JWS ("alg":"none") refused`, parent: ErrAlgorithmNotAllowed}

	// ErrNoKey reports that no key may verify the signature: none in the
	// policy's (or the call's) set fits "alg" and "kid", and no trusted
	// x5c chain was given.
	ErrNoKey = errors.New("jws: no usable key")

	// ErrSignatureInvalid is the one error for every cryptographic
	// failure: a wrong key, a changed payload or header, a signature of
	// the wrong length or encoding (such as an ECDSA signature in DER, or
	// with r or s out of range), a PSS signature with the wrong salt
	// length. It carries no detail about why.
	ErrSignatureInvalid = errors.New("jws: signature invalid")

	// ErrTooLarge reports input over one of the limits: token size,
	// header size or number of signatures.
	ErrTooLarge = errors.New("jws: input too large")

	// ErrCritical reports a "crit" violation (RFC 7515 §4.1.11, RFC 7797
	// §6): an extension the policy does not list as understood, a
	// registered header parameter, an empty list, a listed name that is
	// absent, "crit" outside the protected header, or "b64" used without
	// being listed.
	ErrCritical = errors.New("jws: critical header not understood")

	// ErrInvalidConfig reports a [Policy], [SignerOptions] or key that a
	// constructor cannot accept, or a [Signer] used for a serialization
	// its header or payload cannot have.
	ErrInvalidConfig = errors.New("jws: invalid configuration")
)

// childError is a sentinel that also matches a more general sentinel.
type childError struct {
	msg    string
	parent error
}

func (e *childError) Error() string { return e.msg }
func (e *childError) Unwrap() error { return e.parent }

// FormatError reports which part of a JWS, or which header member, is
// wrong or refused. It wraps one sentinel ([ErrMalformed], [ErrTooLarge],
// [ErrAlgorithmNotAllowed], [ErrUnsecured] or [ErrCritical]) and possibly a
// lower error. Its message never contains the token or key material.
type FormatError struct {
	// Part names the serialization part ("token", "protected",
	// "payload", "signature", "signatures[1].header") or the header
	// member ("alg", "crit", "b64") at fault.
	Part string
	// Reason says what was wrong.
	Reason string
	// Err is the sentinel, possibly joined with a lower error.
	Err error
}

// Error returns "jws: " followed by the part and the reason.
func (e *FormatError) Error() string {
	if e.Part == "" {
		return "jws: " + e.Reason
	}
	return "jws: " + quote(e.Part) + ": " + e.Reason
}

// Unwrap returns the wrapped sentinel and cause.
func (e *FormatError) Unwrap() error { return e.Err }

// KeyError reports that no key may verify a signature. It wraps [ErrNoKey]
// and, when an x5c chain was refused, the crypto/x509 or jwk error.
type KeyError struct {
	// Algorithm is the signature's "alg".
	Algorithm jwa.SignatureAlgorithm
	// KeyID is the signature's "kid", or "" when absent.
	KeyID string
	// Reason says why no key was found.
	Reason string
	// Err is a lower error, or nil.
	Err error
}

// Error returns a message naming the algorithm, the key ID and the reason.
func (e *KeyError) Error() string {
	var b strings.Builder
	b.WriteString(`jws: no key for "alg" ` + quote(string(e.Algorithm)))
	if e.KeyID != "" {
		b.WriteString(` and "kid" ` + quote(e.KeyID))
	}
	b.WriteString(": " + e.Reason)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns [ErrNoKey] and the lower error, if any.
func (e *KeyError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrNoKey}
	}
	return []error{ErrNoKey, e.Err}
}

// SignatureError reports that a signature did not verify with any of the
// keys that could serve it. It wraps [ErrSignatureInvalid] and says which
// keys were tried, never why the check failed.
type SignatureError struct {
	// Algorithm is the signature's "alg".
	Algorithm jwa.SignatureAlgorithm
	// KeyIDs lists the "kid" of each key tried, in order ("" for a key
	// without one; "x5c" for the leaf of a header's certificate chain).
	KeyIDs []string
}

// Error returns a message naming the algorithm and the number of keys tried.
func (e *SignatureError) Error() string {
	return "jws: signature invalid (" + quote(string(e.Algorithm)) + ", " + strconv.Itoa(len(e.KeyIDs)) + " key(s) tried)"
}

// Unwrap returns [ErrSignatureInvalid].
func (e *SignatureError) Unwrap() error { return ErrSignatureInvalid }

// SignaturesError reports a JSON JWS in which fewer signatures verified
// than the policy requires ([Policy.MinValidSignatures]; by default all of
// them). Signatures lists every signature with its outcome, so the caller
// learns which passed and which failed, and why. It wraps the error of each
// failed signature.
type SignaturesError struct {
	// Required is the number of signatures that had to verify.
	Required int
	// Valid is the number that did. Under a positive
	// [Policy.MinValidSignatures] it counts distinct keys: signatures
	// verified by the same key count once.
	Valid int
	// Signatures holds one result per signature, in document order.
	Signatures []SignatureResult

	byKey bool // Valid counts distinct keys
}

// Error returns a message with the counts and the first failure.
func (e *SignaturesError) Error() string {
	by := ""
	if e.byKey {
		by = " by distinct keys"
	}
	msg := "jws: " + strconv.Itoa(e.Valid) + " of " + strconv.Itoa(len(e.Signatures)) +
		" signatures verified" + by + ", " + strconv.Itoa(e.Required) + " required"
	for _, s := range e.Signatures {
		if s.Err != nil {
			return msg + "; signature " + strconv.Itoa(s.Index) + ": " + strings.TrimPrefix(s.Err.Error(), "jws: ")
		}
	}
	return msg
}

// Unwrap returns the errors of the failed signatures, or
// [ErrSignatureInvalid] when every signature verified but there were fewer
// than required.
func (e *SignaturesError) Unwrap() []error {
	var errs []error
	for _, s := range e.Signatures {
		if s.Err != nil {
			errs = append(errs, s.Err)
		}
	}
	if len(errs) == 0 {
		return []error{ErrSignatureInvalid}
	}
	return errs
}

// ConfigError names the field of a [Policy] or [SignerOptions], or the
// argument, that a constructor or signing call refused. It wraps
// [ErrInvalidConfig] and, for a key that may not serve its algorithm, the
// [jwk.UsageError].
type ConfigError struct {
	// Field names the field, such as "Policy.Algorithms" or
	// "SignerOptions.Protected".
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is a lower error, or nil.
	Err error
}

// Error returns "jws: " followed by the field and the reason.
func (e *ConfigError) Error() string {
	msg := "jws: " + e.Field + ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns [ErrInvalidConfig] and the lower error, if any.
func (e *ConfigError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidConfig}
	}
	return []error{ErrInvalidConfig, e.Err}
}

func malformed(part, reason string) error {
	return &FormatError{Part: part, Reason: reason, Err: ErrMalformed}
}

func malformedCause(part, reason string, cause error) error {
	return &FormatError{Part: part, Reason: reason + ": " + strings.TrimPrefix(cause.Error(), "jws: "), Err: errors.Join(ErrMalformed, cause)}
}

func tooLarge(part string, n, limit int) error {
	return &FormatError{Part: part, Reason: strconv.Itoa(n) + " exceeds limit " + strconv.Itoa(limit), Err: ErrTooLarge}
}

func configErr(field, reason string) error {
	return &ConfigError{Field: field, Reason: reason}
}

// maxQuoted bounds how much of an attacker-chosen string an error message
// repeats.
const maxQuoted = 64

// quote returns s quoted for an error message, shortened to maxQuoted
// bytes.
func quote(s string) string {
	if len(s) > maxQuoted {
		return strconv.Quote(s[:maxQuoted]) + "..."
	}
	return strconv.Quote(s)
}
