package jws

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// Header is the JOSE Header of one signature: the union of its protected
// header and, in the JSON serializations, its unprotected header (RFC 7515
// §4). The typed accessors cover the registered members this package
// interprets; [Header.Get] and [Header.GetString] read any other member.
// A Header is immutable and safe for concurrent use.
type Header struct {
	h         header.Header
	alg       jwa.SignatureAlgorithm
	kid       string
	typ       string
	cty       string
	crit      []string
	unencoded bool // "b64": false (RFC 7797)
}

// Algorithm returns "alg", which this package requires in the protected
// header.
func (h *Header) Algorithm() jwa.SignatureAlgorithm { return h.alg }

// KeyID returns "kid", or "" when absent. It is an opaque string.
func (h *Header) KeyID() string { return h.kid }

// Type returns "typ", or "" when absent.
func (h *Header) Type() string { return h.typ }

// ContentType returns "cty", or "" when absent.
func (h *Header) ContentType() string { return h.cty }

// Critical returns a copy of the "crit" list, or nil when absent.
func (h *Header) Critical() []string { return slices.Clone(h.crit) }

// Unencoded reports whether the header has "b64": false, the unencoded
// payload option of RFC 7797.
func (h *Header) Unencoded() bool { return h.unencoded }

// Get returns the JSON value of member name, exactly as it appeared, in a
// fresh slice, and whether the header has that member. Names are matched
// exactly (case-sensitive).
func (h *Header) Get(name string) (json.RawMessage, bool) {
	v, _, ok := h.h.Get(name)
	if !ok {
		return nil, false
	}
	return slices.Clone(v.Raw()), true
}

// GetString returns the value of member name when it is a JSON string. ok
// is false when the member is absent; err wraps [ErrMalformed] when it is
// present with another type.
func (h *Header) GetString(name string) (s string, ok bool, err error) {
	s, ok, err = h.h.String(name)
	if err != nil {
		return "", false, malformedCause(name, "not a string", err)
	}
	return s, ok, nil
}

// IsProtected reports whether member name is in the protected header.
func (h *Header) IsProtected(name string) bool {
	_, protected, ok := h.h.Get(name)
	return ok && protected
}

// Names returns the names of all members, protected header first, in
// document order.
func (h *Header) Names() []string { return h.h.Names() }

// parseHeader fills h from a base64url protected header and an unprotected
// header. It checks structure only: the protected header decodes to a JSON
// object without duplicates, no member is in both headers, "alg" is a
// string in the protected header, "kid", "typ" and "cty" are strings, and
// "b64" is a boolean in the protected header. Policy ("alg" allowed, "crit"
// understood) is checked by [Verifier.checkPolicy]. prefix is prepended to
// the parts named in errors. The caller has checked the protected header's
// size.
func parseHeader(h *Header, protectedB64 string, unprotected ijson.Object, maxSize int, prefix string) error {
	prot, err := header.ParseProtected(protectedB64, maxSize)
	if err != nil {
		return protectedErr(prefix, err)
	}
	return parseHeaderObject(h, protectedB64, prot, unprotected, prefix)
}

// headerDepth bounds JSON nesting in a header, as internal/header does
// ("jwk" nests one level).
const headerDepth = 8

// decodeHeader decodes a base64url protected header, appending its octets
// to dst, and parses them. It returns the octets (which the object keeps)
// and the object.
func decodeHeader(dst []byte, protectedB64 []byte, maxSize int, prefix string) ([]byte, ijson.Object, error) {
	b, err := base64url.AppendDecode(dst, protectedB64)
	if err != nil {
		return nil, ijson.Object{}, protectedErr(prefix, err)
	}
	b = b[len(dst):len(b):len(b)]
	obj, err := ijson.ParseObject(b, ijson.Limits{MaxSize: maxSize, MaxDepth: headerDepth})
	if err != nil {
		return nil, ijson.Object{}, protectedErr(prefix, err)
	}
	return b, obj, nil
}

// protectedErr reports a protected header that does not decode or parse.
func protectedErr(prefix string, err error) error {
	reason := "not a valid JSON object"
	if je, ok := errors.AsType[*ijson.Error](err); ok {
		reason += ": " + je.Error()
	} else if be, ok := errors.AsType[*base64url.CorruptInputError](err); ok {
		reason = "bad base64url: " + be.Error()
	}
	return &FormatError{Part: prefix + "protected", Reason: reason, Err: errors.Join(ErrMalformed, err)}
}

// parseHeaderObject is [parseHeader] for a protected header already
// parsed.
func parseHeaderObject(h *Header, protectedB64 string, prot, unprotected ijson.Object, prefix string) error {
	hh, err := header.New(protectedB64, prot, unprotected)
	if err != nil {
		return headerErr(prefix, err)
	}
	h.h = hh
	alg, ok, err := hh.ProtectedString("alg")
	switch {
	case err != nil:
		return headerErr(prefix, err)
	case !ok:
		return malformed(prefix+"alg", "missing from the protected header")
	}
	h.alg = jwa.SignatureAlgorithm(alg)
	if h.kid, _, err = hh.String("kid"); err != nil {
		return headerErr(prefix, err)
	}
	if h.typ, _, err = hh.String("typ"); err != nil {
		return headerErr(prefix, err)
	}
	if h.cty, _, err = hh.String("cty"); err != nil {
		return headerErr(prefix, err)
	}
	// RFC 7797 §3: "b64" must be integrity protected.
	if v, protected, ok := hh.Get("b64"); ok {
		if !protected {
			return malformed(prefix+"b64", "must be in the protected header (RFC 7797 §3)")
		}
		b, err := v.Bool()
		if err != nil {
			return malformed(prefix+"b64", "not a boolean")
		}
		h.unencoded = !b
	}
	if v, _, ok := hh.Get("crit"); ok {
		// Checked against the policy later; an ill-typed list stays nil
		// here and is refused there.
		h.crit, _ = v.StringArray()
	}
	return nil
}

// headerErr converts an internal/header error into a FormatError wrapping
// ErrMalformed.
func headerErr(prefix string, err error) error {
	part := prefix + "header"
	if he, ok := errors.AsType[*header.Error](err); ok && he.Member != "" {
		part = prefix + he.Member
		return &FormatError{Part: part, Reason: he.Reason, Err: errors.Join(ErrMalformed, err)}
	}
	return &FormatError{Part: part, Reason: err.Error(), Err: errors.Join(ErrMalformed, err)}
}

// checkProtectedSize refuses a base64url protected header whose decoded
// form would exceed maxSize, before decoding it.
func checkProtectedSize(part, protectedB64 string, maxSize int) error {
	if limit := base64url.EncodedLen(maxSize); len(protectedB64) > limit {
		return tooLarge(part, len(protectedB64), limit)
	}
	return nil
}
