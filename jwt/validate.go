package jwt

import (
	"errors"
	"slices"
	"strings"
	"time"

	ijson "github.com/jose-suite/jose/internal/json"
)

// claimsPolicy is what a [Validator] expects of the claims and of the "typ"
// header. The zero value of each optional field is the strict choice.
type claimsPolicy struct {
	// Issuers lists the accepted "iss" values; the token's issuer must be
	// one of them. Required unless IgnoreIssuer is set.
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
	// Type is the required "typ" header, such as "at+jwt" (RFC 9068) or
	// "JWT", compared case-insensitively with an optional "application/"
	// prefix (RFC 7515 §4.1.9, RFC 8725 §3.11). When empty, "typ" must be
	// absent or "JWT", so that a token of another explicit type (an access
	// token, a logout token) is never accepted as a plain JWT.
	Type string
	// RequiredClaims lists claims that must be present, registered or not.
	RequiredClaims []string
	// AllowMissingExpiry accepts tokens without "exp". By default "exp" is
	// required.
	AllowMissingExpiry bool
	// Leeway is the clock skew allowed for "exp", "nbf" and "iat". Zero
	// means none; DefaultMaxLeeway bounds it.
	Leeway time.Duration
	// MaxAge, when set, refuses tokens whose "iat" is older than MaxAge
	// (plus Leeway), and requires "iat".
	MaxAge time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultMaxLeeway bounds claimsPolicy.Leeway: more than five minutes of
// skew hides clock faults and extends stolen tokens.
const DefaultMaxLeeway = 5 * time.Minute

func (p *claimsPolicy) check() error {
	if len(p.Issuers) == 0 && !p.IgnoreIssuer {
		return policyErr("Issuers", "is empty: name the accepted issuers or set IgnoreIssuer")
	}
	if p.Leeway < 0 || p.Leeway > DefaultMaxLeeway {
		return policyErr("Leeway", "must be between 0 and "+DefaultMaxLeeway.String())
	}
	if p.MaxAge < 0 {
		return policyErr("MaxAge", "must not be negative")
	}
	for _, s := range p.Issuers {
		if s == "" {
			return policyErr("Issuers", "contains an empty issuer")
		}
	}
	for _, s := range p.Audiences {
		if s == "" {
			return policyErr("Audiences", "contains an empty audience")
		}
	}
	return nil
}

func (p *claimsPolicy) clone() claimsPolicy {
	c := *p
	c.Issuers = slices.Clone(p.Issuers)
	c.Audiences = slices.Clone(p.Audiences)
	c.RequiredClaims = slices.Clone(p.RequiredClaims)
	return c
}

// PolicyError reports a configuration field (of a [Policy], a
// [RemoteSetConfig], ...) that a constructor refused, and why.
type PolicyError struct {
	Field  string
	Reason string
	cause  error
}

// Unwrap returns the lower configuration error, such as one wrapping
// jws.ErrInvalidConfig, or nil.
func (e *PolicyError) Unwrap() error { return e.cause }

// Error returns "jwt: " followed by the field and the reason.
func (e *PolicyError) Error() string { return "jwt: " + e.Field + " " + e.Reason }

func policyErr(field, reason string) error { return &PolicyError{Field: field, Reason: reason} }

// checkType enforces the "typ" header (RFC 8725 §3.11).
func (p *claimsPolicy) checkType(typ string, present bool) error {
	if p.Type == "" {
		if !present || typeEqual(typ, "JWT") {
			return nil
		}
		return &ClaimError{Claim: "typ", Err: ErrPolicy, Reason: "token of type " + quote(typ) + " is not a plain JWT"}
	}
	if !present || !typeEqual(typ, p.Type) {
		return &ClaimError{Claim: "typ", Err: ErrPolicy, Reason: "want type " + quote(p.Type) + ", have " + quote(typ)}
	}
	return nil
}

// typeEqual compares media types as RFC 7515 §4.1.9 says: case-insensitive,
// with "application/" optional when the type has no other "/".
func typeEqual(a, b string) bool {
	return strings.EqualFold(stripApplication(a), stripApplication(b))
}

func stripApplication(t string) string {
	if len(t) > len("application/") && strings.EqualFold(t[:len("application/")], "application/") && !strings.Contains(t[len("application/"):], "/") {
		return t[len("application/"):]
	}
	return t
}

func quote(s string) string { return `"` + truncate(s, 64) + `"` }

// checkClaims validates the claims against the policy at time now. All
// failing claims are reported, joined.
func (p *claimsPolicy) checkClaims(c *Claims, obj ijson.Object, now time.Time) error {
	var errs []error
	fail := func(claim string, sentinel error, reason string) {
		errs = append(errs, &ClaimError{Claim: claim, Err: sentinel, Reason: reason})
	}
	leeway := p.Leeway
	switch {
	case !c.Expiry.IsZero():
		if !now.Before(c.Expiry.Time().Add(leeway)) {
			fail("exp", ErrExpired, "token expired at "+c.Expiry.Time().UTC().Format(time.RFC3339))
		}
	case !p.AllowMissingExpiry:
		fail("exp", ErrMissingClaim, "required")
	}
	if !c.NotBefore.IsZero() && now.Before(c.NotBefore.Time().Add(-leeway)) {
		fail("nbf", ErrNotYetValid, "token not valid before "+c.NotBefore.Time().UTC().Format(time.RFC3339))
	}
	if !c.IssuedAt.IsZero() && now.Before(c.IssuedAt.Time().Add(-leeway)) {
		fail("iat", ErrNotYetValid, "token issued in the future")
	}
	if p.MaxAge > 0 {
		switch {
		case c.IssuedAt.IsZero():
			fail("iat", ErrMissingClaim, "required by MaxAge")
		case now.Sub(c.IssuedAt.Time()) > p.MaxAge+leeway:
			fail("iat", ErrTooOld, "token older than "+p.MaxAge.String())
		}
	}
	if !p.IgnoreIssuer {
		if !obj.Has("iss") {
			fail("iss", ErrIssuer, "missing")
		} else if !slices.Contains(p.Issuers, c.Issuer) {
			fail("iss", ErrIssuer, "issuer "+quote(c.Issuer)+" is not accepted")
		}
	}
	if !p.IgnoreAudience {
		switch {
		case len(p.Audiences) == 0 && obj.Has("aud"):
			fail("aud", ErrAudience, "token has an audience but the policy names none (RFC 7519 §4.1.3)")
		case len(p.Audiences) > 0 && !obj.Has("aud"):
			fail("aud", ErrAudience, "missing")
		case len(p.Audiences) > 0 && !slices.ContainsFunc(p.Audiences, c.Audience.Contains):
			fail("aud", ErrAudience, "no accepted audience")
		}
	}
	if p.Subject != "" && c.Subject != p.Subject {
		if obj.Has("sub") {
			fail("sub", ErrSubject, "subject "+quote(c.Subject)+" is not the expected one")
		} else {
			fail("sub", ErrSubject, "missing")
		}
	}
	for _, name := range p.RequiredClaims {
		if !obj.Has(name) {
			fail(name, ErrMissingClaim, "required")
		}
	}
	return errors.Join(errs...)
}
