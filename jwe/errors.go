package jwe

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jose-suite/jose/jwa"
)

// Sentinel errors. Every error the package returns matches exactly one of
// them with [errors.Is]; lower errors (from the strict JSON reader, the
// base64url decoder, the jwk package) stay reachable through wrapping.
var (
	// ErrMalformed reports input that is not a well-formed JWE: a compact
	// serialization without exactly five parts, bad base64url or JSON, a
	// missing or mistyped member, a member in more than one header, an
	// "iv", "tag" or "encrypted_key" of the wrong length for "alg" and
	// "enc", an invalid "epk", a "p2s" shorter than 8 bytes or a "p2c"
	// below [MinPBES2Count].
	ErrMalformed = errors.New("jwe: malformed")

	// ErrAlgorithmNotAllowed reports an "alg" or "enc" the policy does not
	// list, or a "zip" this package does not support.
	ErrAlgorithmNotAllowed = errors.New("jwe: algorithm not allowed")

	// ErrNoKey reports that no key (or password) of the policy may serve
	// the message: none fits "alg", its "kid", its curve or its size.
	ErrNoKey = errors.New("jwe: no usable key")

	// ErrDecryption is the one error for every cryptographic failure: a
	// wrong key, a bad authentication tag, bad padding, a malformed RSA1_5
	// block, a failed AES key wrap integrity check. It carries no detail,
	// so that none of these can be told apart (RFC 7516 §11.5). It is
	// returned unwrapped.
	ErrDecryption = errors.New("jwe: decryption failed")

	// ErrTooLarge reports input over one of the limits: token, header or
	// ciphertext size, number of recipients, decompressed size, or a
	// "p2c" above the policy's maximum.
	ErrTooLarge = errors.New("jwe: input too large")

	// ErrCritical reports a "crit" header violation (RFC 7516 §4.1.13):
	// an extension the policy does not list as understood, a registered
	// name, a listed name that is absent, or "crit" outside the protected
	// header.
	ErrCritical = errors.New("jwe: critical header not understood")

	// ErrInvalidConfig reports a [Policy], [EncrypterOptions] or
	// [Recipient] a constructor cannot accept, or an encrypter used for a
	// serialization its recipients cannot have.
	ErrInvalidConfig = errors.New("jwe: invalid configuration")
)

// FormatError reports which part of a JWE, or which header member, is
// wrong. It wraps one sentinel ([ErrMalformed], [ErrTooLarge],
// [ErrAlgorithmNotAllowed] or [ErrCritical]) and possibly a lower error.
// Its message never contains key material, plaintext or the token.
type FormatError struct {
	// Part names the serialization part ("protected", "iv",
	// "recipients[1].encrypted_key") or the header member ("p2c", "epk")
	// at fault; it may be empty for the message as a whole.
	Part string
	// Reason says what was wrong.
	Reason string
	// Err is the sentinel, possibly joined with a lower error.
	Err error
}

// Error returns "jwe: " followed by the part and the reason.
func (e *FormatError) Error() string {
	if e.Part == "" {
		return "jwe: " + e.Reason
	}
	return "jwe: " + quote(e.Part) + ": " + e.Reason
}

// Unwrap returns the wrapped sentinel and cause.
func (e *FormatError) Unwrap() error { return e.Err }

// KeyError reports that no key of the policy may serve a recipient. It
// wraps [ErrNoKey].
type KeyError struct {
	// Recipient is the index of the recipient in a JSON JWE (0 for the
	// compact serialization).
	Recipient int
	// Algorithm is the recipient's "alg".
	Algorithm jwa.KeyAlgorithm
	// KeyID is the recipient's "kid", or "" when absent.
	KeyID string
	// Reason says why no key was found.
	Reason string
}

// Error returns a message naming the algorithm, the key ID and the reason.
func (e *KeyError) Error() string {
	var b strings.Builder
	b.WriteString("jwe: no key for ")
	if e.Recipient > 0 {
		b.WriteString("recipient " + strconv.Itoa(e.Recipient) + " with ")
	}
	b.WriteString(`"alg" ` + quote(string(e.Algorithm)))
	if e.KeyID != "" {
		b.WriteString(` and "kid" ` + quote(e.KeyID))
	}
	b.WriteString(": " + e.Reason)
	return b.String()
}

// Unwrap returns [ErrNoKey].
func (e *KeyError) Unwrap() error { return ErrNoKey }

// ConfigError names the field of a [Policy], [EncrypterOptions] or
// [Recipient] that a constructor refused. It wraps [ErrInvalidConfig] and,
// for a key that may not serve its algorithm, the [jwk.UsageError].
type ConfigError struct {
	// Field names the field, such as "Policy.KeyAlgorithms" or
	// "Recipient[1].Key".
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is a lower error, or nil.
	Err error
}

// Error returns "jwe: " followed by the field and the reason.
func (e *ConfigError) Error() string {
	msg := "jwe: " + e.Field + ": " + e.Reason
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

// malformed returns a [FormatError] wrapping ErrMalformed.
func malformed(part, reason string) error {
	return &FormatError{Part: part, Reason: reason, Err: ErrMalformed}
}

// malformedCause returns a [FormatError] wrapping ErrMalformed and cause.
func malformedCause(part, reason string, cause error) error {
	return &FormatError{Part: part, Reason: reason + ": " + cause.Error(), Err: errors.Join(ErrMalformed, cause)}
}

// tooLarge returns a [FormatError] wrapping ErrTooLarge.
func tooLarge(part string, n, limit int) error {
	return &FormatError{Part: part, Reason: strconv.Itoa(n) + " exceeds limit " + strconv.Itoa(limit), Err: ErrTooLarge}
}

// notAllowed returns a [FormatError] wrapping ErrAlgorithmNotAllowed.
func notAllowed(member, value, reason string) error {
	return &FormatError{Part: member, Reason: quote(value) + " " + reason, Err: ErrAlgorithmNotAllowed}
}

// configErr returns a [ConfigError].
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

// itoa formats n for an error message.
func itoa(n int) string { return strconv.Itoa(n) }

// formatInt formats n for an error message.
func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
