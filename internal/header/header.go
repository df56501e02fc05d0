// Package header holds the rules that JWS and JWE headers share: the JOSE
// Header is the union of a protected header and unprotected headers whose
// member names must be disjoint (RFC 7515 §7.2.1, RFC 7516 §7.2.1), and
// "crit" (RFC 7515 §4.1.11, RFC 7516 §4.1.13) lists extensions that the
// recipient must understand.
package header

import (
	"errors"
	"fmt"
	"slices"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
)

// Errors. The jws and jwe packages wrap them in their own sentinels.
var (
	// ErrMalformed reports a header that is not a JSON object, or a member
	// of the wrong type.
	ErrMalformed = errors.New("header: malformed")
	// ErrDuplicate reports a member present in more than one of the
	// protected and unprotected headers.
	ErrDuplicate = errors.New("header: member in more than one header")
	// ErrCritical reports a "crit" violation.
	ErrCritical = errors.New("header: crit")
	// ErrUnprotected reports a member that must be integrity protected but
	// appears in an unprotected header.
	ErrUnprotected = errors.New("header: member must be protected")
)

// Error names the member at fault.
type Error struct {
	Member string
	Err    error
	Reason string
}

// Error returns the reason, naming the member.
func (e *Error) Error() string {
	if e.Member == "" {
		return e.Reason
	}
	return fmt.Sprintf("header member %q: %s", truncate(e.Member, 64), e.Reason)
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// DefaultMaxSize is the default bound of one decoded header, in bytes.
const DefaultMaxSize = 16 << 10

// maxDepth bounds nesting inside a header ("jwk" and "epk" nest one level).
const maxDepth = 8

// Header is the JOSE Header of one signature or recipient: the protected
// header (as sent, and parsed) and up to two unprotected headers (JWS has
// one per signature; JWE has a shared one and a per-recipient one).
type Header struct {
	// ProtectedRaw is the base64url protected header exactly as it
	// appeared; it is part of the signing input and of the JWE AAD.
	ProtectedRaw string
	// Protected is the parsed protected header; empty when absent.
	Protected ijson.Object
	// Unprotected holds the unprotected headers, in the order given.
	Unprotected []ijson.Object
}

// ParseProtected decodes and parses a base64url protected header. An empty
// string gives an empty header (JWS JSON may omit it).
func ParseProtected(raw string, maxSize int) (ijson.Object, error) {
	if raw == "" {
		return ijson.Object{}, nil
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if base64url.EncodedLen(maxSize) < len(raw) {
		return ijson.Object{}, &Error{Err: ErrMalformed, Reason: fmt.Sprintf("protected header of %d bytes exceeds limit %d", len(raw), base64url.EncodedLen(maxSize))}
	}
	b, err := base64url.Decode(raw)
	if err != nil {
		return ijson.Object{}, &Error{Err: errors.Join(ErrMalformed, err), Reason: "protected header: " + err.Error()}
	}
	obj, err := ijson.ParseObject(b, ijson.Limits{MaxSize: maxSize, MaxDepth: maxDepth})
	if err != nil {
		return ijson.Object{}, &Error{Err: errors.Join(ErrMalformed, err), Reason: "protected header: " + err.Error()}
	}
	return obj, nil
}

// New builds a Header and checks that no member name appears in more than
// one of its parts.
func New(protectedRaw string, protected ijson.Object, unprotected ...ijson.Object) (Header, error) {
	h := Header{ProtectedRaw: protectedRaw, Protected: protected}
	for _, u := range unprotected {
		if u.Len() > 0 {
			h.Unprotected = append(h.Unprotected, u)
		}
	}
	if len(h.Unprotected) > 0 {
		parts := append([]ijson.Object{protected}, h.Unprotected...)
		total := 0
		for _, p := range parts {
			total += p.Len()
		}
		// Header sizes are bounded, so a quadratic check of a few dozen
		// names would do; a map keeps it linear for hostile inputs.
		seen := make(map[string]struct{}, total)
		for _, p := range parts {
			for name := range p.All() {
				if _, dup := seen[name]; dup {
					return Header{}, &Error{Member: name, Err: ErrDuplicate, Reason: "appears in more than one header (RFC 7515 §7.2.1)"}
				}
				seen[name] = struct{}{}
			}
		}
	}
	return h, nil
}

// Get returns the value of a member from whichever part holds it, and
// whether that part is the protected header.
func (h Header) Get(name string) (v ijson.Value, protected, ok bool) {
	if v, ok := h.Protected.Get(name); ok {
		return v, true, true
	}
	for _, u := range h.Unprotected {
		if v, ok := u.Get(name); ok {
			return v, false, true
		}
	}
	return ijson.Value{}, false, false
}

// Has reports whether any part holds name.
func (h Header) Has(name string) bool {
	_, _, ok := h.Get(name)
	return ok
}

// String returns a string member. ok is false when absent; err wraps
// ErrMalformed when present with another type.
func (h Header) String(name string) (s string, ok bool, err error) {
	v, _, ok := h.Get(name)
	if !ok {
		return "", false, nil
	}
	s, err = v.String()
	if err != nil {
		return "", false, &Error{Member: name, Err: ErrMalformed, Reason: "not a string"}
	}
	return s, true, nil
}

// ProtectedString is [Header.String] for members that must be integrity
// protected, such as "alg" in a JWS (RFC 7515 §4.1.1 allows it unprotected
// only in JSON forms; this suite requires it protected, as RFC 8725 §3.1
// advises). A member present only in an unprotected header returns an
// error wrapping ErrUnprotected.
func (h Header) ProtectedString(name string) (s string, ok bool, err error) {
	v, protected, ok := h.Get(name)
	if !ok {
		return "", false, nil
	}
	if !protected {
		return "", false, &Error{Member: name, Err: ErrUnprotected, Reason: "must be in the protected header"}
	}
	s, err = v.String()
	if err != nil {
		return "", false, &Error{Member: name, Err: ErrMalformed, Reason: "not a string"}
	}
	return s, true, nil
}

// Names returns every member name of every part, protected first.
func (h Header) Names() []string {
	var names []string
	for name := range h.Protected.All() {
		names = append(names, name)
	}
	for _, u := range h.Unprotected {
		for name := range u.All() {
			names = append(names, name)
		}
	}
	return names
}

// CheckCritical enforces "crit" (RFC 7515 §4.1.11, RFC 7516 §4.1.13):
// when present it must be in the protected header, be a non-empty array of
// strings without duplicates, name no parameter that registered reports as
// defined by the JWS/JWE specifications, name only extensions in
// understood, and every name must be present in the header. It returns the
// listed names (nil when "crit" is absent).
func CheckCritical(h Header, registered func(string) bool, understood []string) ([]string, error) {
	v, protected, ok := h.Get("crit")
	if !ok {
		return nil, nil
	}
	if !protected {
		return nil, &Error{Member: "crit", Err: ErrCritical, Reason: "must be in the protected header"}
	}
	names, err := v.StringArray()
	if err != nil {
		return nil, &Error{Member: "crit", Err: ErrCritical, Reason: "must be an array of strings"}
	}
	if len(names) == 0 {
		return nil, &Error{Member: "crit", Err: ErrCritical, Reason: "must not be empty"}
	}
	for i, n := range names {
		if slices.Contains(names[:i], n) {
			return nil, &Error{Member: "crit", Err: ErrCritical, Reason: fmt.Sprintf("lists %q twice", truncate(n, 64))}
		}
		if registered(n) {
			return nil, &Error{Member: "crit", Err: ErrCritical, Reason: fmt.Sprintf("lists %q, a parameter the specification defines", truncate(n, 64))}
		}
		if !slices.Contains(understood, n) {
			return nil, &Error{Member: "crit", Err: ErrCritical, Reason: fmt.Sprintf("extension %q is not understood", truncate(n, 64))}
		}
		if !h.Has(n) {
			return nil, &Error{Member: "crit", Err: ErrCritical, Reason: fmt.Sprintf("lists %q, which the header lacks", truncate(n, 64))}
		}
	}
	return names, nil
}

// JWSRegistered reports whether name is a header parameter defined by RFC
// 7515 §4.1 or RFC 7518 (which "crit" may not list).
func JWSRegistered(name string) bool {
	switch name {
	case "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit":
		return true
	}
	return false
}

// JWERegistered reports whether name is a header parameter defined by RFC
// 7516 §4.1 or RFC 7518 §4 (which "crit" may not list).
func JWERegistered(name string) bool {
	switch name {
	case "alg", "enc", "zip", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
		"epk", "apu", "apv", "iv", "tag", "p2s", "p2c":
		return true
	}
	return false
}
