package jwk

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns matches one of them with
// [errors.Is]; errors from the strict JSON and base64url decoders stay
// reachable through wrapping as well.
var (
	// ErrMalformed reports a JWK or JWK Set that is not well formed: bad
	// JSON, a missing or mistyped member, bad base64url, a point off its
	// curve, a coordinate of the wrong length.
	ErrMalformed = errors.New("jwk: malformed key")
	// ErrUnsupported reports a key type, curve or feature (such as
	// multi-prime RSA "oth") this package does not implement.
	ErrUnsupported = errors.New("jwk: unsupported key")
	// ErrWeakKey reports a key that is too small or otherwise unsafe to use
	// (an RSA modulus under 2048 bits, a tiny public exponent, an HMAC
	// secret shorter than its hash).
	ErrWeakKey = errors.New("jwk: weak key")
	// ErrInconsistent reports members that disagree with each other: a
	// private part that does not belong to the public part, an x5c
	// certificate for another key, an x5t that does not match x5c, an "alg"
	// that does not fit the key.
	ErrInconsistent = errors.New("jwk: inconsistent key")
	// ErrKeyUsage reports that a key's "use", "key_ops" or "alg", or its type
	// and size, do not allow the operation asked of it.
	ErrKeyUsage = errors.New("jwk: key not permitted for this operation")
	// ErrTooLarge reports input over a size limit.
	ErrTooLarge = errors.New("jwk: input too large")
	// ErrNotFound reports that no key in a set matches a lookup.
	ErrNotFound = errors.New("jwk: no matching key")
)

// MemberError reports which member of a JWK was wrong. It wraps a sentinel
// ([ErrMalformed], [ErrWeakKey], [ErrInconsistent], [ErrUnsupported]) and
// possibly a lower error such as one from the base64url decoder.
type MemberError struct {
	Member string // JWK member name, such as "x" or "x5c[1]"
	Err    error  // the sentinel, possibly joined with a cause
	Reason string // what was wrong, without key material
}

// Error returns "jwk: member ...: reason".
func (e *MemberError) Error() string {
	return fmt.Sprintf("jwk: member %q: %s", e.Member, e.Reason)
}

// Unwrap returns the wrapped errors.
func (e *MemberError) Unwrap() error { return e.Err }

func memberErr(member string, sentinel error, format string, args ...any) error {
	return &MemberError{Member: member, Err: sentinel, Reason: fmt.Sprintf(format, args...)}
}

func memberErrWrap(member string, sentinel, cause error, format string, args ...any) error {
	return &MemberError{Member: member, Err: errors.Join(sentinel, cause), Reason: fmt.Sprintf(format, args...) + ": " + cause.Error()}
}

// UsageError reports why a key may not perform an operation.
type UsageError struct {
	KeyID     string    // the key's "kid", possibly empty
	Operation Operation // the operation asked for
	Algorithm string    // the algorithm asked for
	Reason    string    // why it was refused
}

// Error says which key may not do what, and why.
func (e *UsageError) Error() string {
	kid := ""
	if e.KeyID != "" {
		kid = fmt.Sprintf(" %q", truncate(e.KeyID, 64))
	}
	return fmt.Sprintf("jwk: key%s may not %s with %q: %s", kid, e.Operation, truncate(e.Algorithm, 32), e.Reason)
}

// Unwrap returns [ErrKeyUsage].
func (e *UsageError) Unwrap() error { return ErrKeyUsage }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
