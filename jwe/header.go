package jwe

import (
	"errors"
	"slices"

	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// Header is the JOSE Header of one recipient of a decrypted JWE: the union
// of the protected header, the shared unprotected header and the
// recipient's own header (RFC 7516 §7.2.1), whose member names are
// disjoint. Members of the unprotected headers are not integrity protected;
// [Header.IsProtected] tells which are. A Header is immutable and safe for
// concurrent use.
type Header struct {
	h    header.Header
	alg  jwa.KeyAlgorithm
	enc  jwa.ContentEncryption
	zip  jwa.Compression
	kid  string
	typ  string
	cty  string
	crit []string
}

// KeyAlgorithm returns "alg".
func (h *Header) KeyAlgorithm() jwa.KeyAlgorithm { return h.alg }

// ContentEncryption returns "enc".
func (h *Header) ContentEncryption() jwa.ContentEncryption { return h.enc }

// Compression returns "zip", or "" when the plaintext was not compressed.
func (h *Header) Compression() jwa.Compression { return h.zip }

// KeyID returns "kid", or "".
func (h *Header) KeyID() string { return h.kid }

// Type returns "typ", or "".
func (h *Header) Type() string { return h.typ }

// ContentType returns "cty", or "" (for a nested JWT it is "JWT").
func (h *Header) ContentType() string { return h.cty }

// Critical returns a copy of "crit", the extensions the sender marked as
// critical; the policy listed each of them in [Policy.Critical].
func (h *Header) Critical() []string { return slices.Clone(h.crit) }

// Names returns the names of every member, protected header first.
func (h *Header) Names() []string { return h.h.Names() }

// Raw returns a copy of the JSON text of member name, and whether the
// header has it. Use it for members without an accessor (extensions,
// "jku", "x5c" and so on).
func (h *Header) Raw(name string) ([]byte, bool) {
	v, _, ok := h.h.Get(name)
	if !ok {
		return nil, false
	}
	return slices.Clone(v.Raw()), true
}

// IsProtected reports whether member name is in the protected header, and
// so covered by the authentication tag.
func (h *Header) IsProtected(name string) bool {
	_, protected, ok := h.h.Get(name)
	return ok && protected
}

// newHeader merges the parts of one recipient's header and checks the
// rules every JWE header follows, whatever the policy: disjoint parts,
// "alg" and "enc" present and strings, "zip" protected, the types of the
// members read here, and "crit" (RFC 7516 §4.1.13, with understood
// extensions). part names the recipient for errors.
func newHeader(protectedRaw string, protected, shared, own ijson.Object, understood []string, part string) (Header, error) {
	hh, err := header.New(protectedRaw, protected, shared, own)
	if err != nil {
		return Header{}, headerErr(part, err)
	}
	h := Header{h: hh}
	alg, ok, err := hh.String("alg")
	if err != nil {
		return Header{}, headerErr(part, err)
	}
	if !ok {
		return Header{}, malformed(part, `missing "alg"`)
	}
	enc, ok, err := hh.String("enc")
	if err != nil {
		return Header{}, headerErr(part, err)
	}
	if !ok {
		return Header{}, malformed(part, `missing "enc"`)
	}
	h.alg, h.enc = jwa.KeyAlgorithm(alg), jwa.ContentEncryption(enc)
	// RFC 7516 §4.1.3: "zip" MUST be integrity protected.
	zip, ok, err := hh.ProtectedString("zip")
	if err != nil {
		return Header{}, headerErr(part, err)
	}
	if ok {
		h.zip = jwa.Compression(zip)
	}
	if h.kid, _, err = hh.String("kid"); err != nil {
		return Header{}, headerErr(part, err)
	}
	if h.typ, _, err = hh.String("typ"); err != nil {
		return Header{}, headerErr(part, err)
	}
	if h.cty, _, err = hh.String("cty"); err != nil {
		return Header{}, headerErr(part, err)
	}
	if h.crit, err = header.CheckCritical(hh, header.JWERegistered, understood); err != nil {
		return Header{}, headerErr(part, err)
	}
	return h, nil
}

// headerErr converts an error of the header package into a [FormatError]
// with this package's sentinel.
func headerErr(part string, err error) error {
	sentinel := ErrMalformed
	if errors.Is(err, header.ErrCritical) {
		sentinel = ErrCritical
	}
	reason := err.Error()
	if part != "" {
		reason = "header: " + reason
	}
	return &FormatError{Part: part, Reason: reason, Err: errors.Join(sentinel, err)}
}

// bytesMember decodes the base64url string member name. It returns nil and
// no error when the member is absent and not required.
func (h *Header) bytesMember(name string, required bool) ([]byte, error) {
	s, ok, err := h.h.String(name)
	if err != nil {
		return nil, headerErr("", err)
	}
	if !ok {
		if required {
			return nil, malformed(name, "missing")
		}
		return nil, nil
	}
	return decodePart(name, s)
}
