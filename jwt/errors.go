package jwt

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors from the jws, jwe and jwk packages stay reachable
// through wrapping: errors.Is(err, jws.ErrSignatureInvalid) holds for a
// token with a bad signature.
var (
	// ErrMalformed reports a token or claims set that is not well formed, or
	// a registered claim of the wrong type.
	ErrMalformed = errors.New("jwt: malformed token")
	// ErrTooLarge reports input over a size limit.
	ErrTooLarge = errors.New("jwt: token too large")
	// ErrPolicy reports a token that the policy refuses before any
	// cryptography: wrong form (signed where encryption is required, or the
	// reverse), a missing or wrong "typ" or "cty".
	ErrPolicy = errors.New("jwt: token refused by policy")
	// ErrInvalidSignature reports a signature or decryption failure; it
	// wraps the jws or jwe error.
	ErrInvalidSignature = errors.New("jwt: signature or decryption failed")
	// ErrKeySource reports that the key source could not supply keys.
	ErrKeySource = errors.New("jwt: key source failed")

	// ErrExpired reports a token past its "exp" (plus leeway).
	ErrExpired = errors.New("jwt: token expired")
	// ErrNotYetValid reports a token before its "nbf" (minus leeway), or
	// issued in the future.
	ErrNotYetValid = errors.New("jwt: token not yet valid")
	// ErrTooOld reports a token whose "iat" is older than the policy's
	// MaxAge.
	ErrTooOld = errors.New("jwt: token too old")
	// ErrIssuer reports a missing or unexpected "iss".
	ErrIssuer = errors.New("jwt: unexpected issuer")
	// ErrAudience reports a missing or unexpected "aud".
	ErrAudience = errors.New("jwt: unexpected audience")
	// ErrSubject reports a missing or unexpected "sub".
	ErrSubject = errors.New("jwt: unexpected subject")
	// ErrMissingClaim reports a claim the policy requires but the token
	// lacks.
	ErrMissingClaim = errors.New("jwt: missing required claim")
)

// ClaimError says which claim failed and why. It wraps one of the claim
// sentinels (ErrExpired, ErrAudience, ...), or ErrMalformed for a claim of
// the wrong type.
type ClaimError struct {
	Claim  string // the claim name, such as "exp"; empty for the whole set
	Reason string
	Err    error
	cause  error
}

// Error returns "jwt: claim ...: reason".
func (e *ClaimError) Error() string {
	if e.Claim == "" {
		return "jwt: " + e.Reason
	}
	return fmt.Sprintf("jwt: claim %q: %s", truncate(e.Claim, 64), e.Reason)
}

// Unwrap returns the sentinel and any lower cause.
func (e *ClaimError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Err, e.cause}
	}
	return []error{e.Err}
}

func claimErr(claim string, sentinel error, reason string) error {
	return &ClaimError{Claim: claim, Err: sentinel, Reason: reason}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
