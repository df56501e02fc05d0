package jwe

import (
	"strconv"
	"strings"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
)

// maxTagSize is the longest authentication tag of any "enc" (A256CBC-HS512).
const maxTagSize = 32

// maxIVSize is the longest IV of any "enc" (CBC-HMAC).
const maxIVSize = 16

// maxKeySize is the longest CEK of any "enc" (A256CBC-HS512).
const maxKeySize = 64

// message is a parsed JWE in either serialization, before any policy or
// cryptographic check.
type message struct {
	protectedRaw string       // the protected header as sent, base64url
	protected    ijson.Object // the parsed protected header
	shared       ijson.Object // JSON "unprotected"
	recipients   []recipientPart
	one          [1]recipientPart // storage for the compact serialization

	iv    []byte
	ivBuf [maxIVSize]byte

	// ekBuf holds the encrypted key of the compact serialization when it is
	// short, as an AES-wrapped CEK is (at most 72 bytes), so that it needs
	// no allocation of its own.
	ekBuf [maxKeySize + 8]byte

	// body holds the ciphertext, the tag and the AAD in one allocation, so
	// that AES-GCM can open the ciphertext and tag in place.
	body          []byte
	ctLen, tagLen int
	ctB64         string // to restore the ciphertext after a failed in-place open

	aad []byte // the decoded JSON "aad", nil when absent
}

// recipientPart is one recipient's header and encrypted key as sent.
type recipientPart struct {
	header       ijson.Object
	encryptedKey []byte
}

func (m *message) ciphertext() []byte { return m.body[:m.ctLen:m.ctLen] }
func (m *message) tag() []byte        { return m.body[m.ctLen : m.ctLen+m.tagLen : m.ctLen+m.tagLen] }
func (m *message) fullAAD() []byte    { return m.body[m.ctLen+m.tagLen:] }

// parseCompact parses a compact serialization (RFC 7516 §7.1) into m: exactly
// five base64url parts, the first a non-empty protected header.
func parseCompact(token string, lim *limits, m *message) error {
	if len(token) > lim.token {
		return tooLarge("token", len(token), lim.token)
	}
	// Count the separators, then cut: never split untrusted input.
	if n := strings.Count(token, "."); n != 4 {
		return malformed("", "compact serialization has "+strconv.Itoa(n+1)+" parts, want 5")
	}
	prot, rest, _ := strings.Cut(token, ".")
	ek, rest, _ := strings.Cut(rest, ".")
	iv, rest, _ := strings.Cut(rest, ".")
	ct, tag, _ := strings.Cut(rest, ".")
	if prot == "" {
		return malformed("protected", "empty; the compact serialization needs a protected header")
	}
	if err := m.setProtected(prot, lim); err != nil {
		return err
	}
	var err error
	if n, ok := base64url.DecodedLen(len(ek)); ok && n <= len(m.ekBuf) {
		if m.one[0].encryptedKey, err = base64url.AppendDecodeString(m.ekBuf[:0], ek); err != nil {
			return malformedCause("encrypted_key", "invalid base64url", err)
		}
	} else if m.one[0].encryptedKey, err = decodePart("encrypted_key", ek); err != nil {
		return err
	}
	m.recipients = m.one[:]
	if err := m.setIV(iv); err != nil {
		return err
	}
	return m.setBody(ct, tag, "", false, lim)
}

// setProtected decodes and parses the protected header.
func (m *message) setProtected(raw string, lim *limits) error {
	if max := base64url.EncodedLen(lim.header); len(raw) > max {
		return tooLarge("protected", len(raw), max)
	}
	obj, err := header.ParseProtected(raw, lim.header)
	if err != nil {
		return headerErr("", err) // the message says "protected header"
	}
	m.protectedRaw, m.protected = raw, obj
	return nil
}

// setIV decodes the content encryption IV. Its exact length is checked
// against "enc" later.
func (m *message) setIV(s string) error {
	n, ok := base64url.DecodedLen(len(s))
	if !ok || n > maxIVSize {
		return malformed("iv", "is "+strconv.Itoa(len(s))+" base64url characters, longer than any IV")
	}
	iv, err := base64url.AppendDecode(m.ivBuf[:0], []byte(s))
	if err != nil {
		return malformedCause("iv", "invalid base64url", err)
	}
	m.iv = iv
	return nil
}

// setBody decodes the ciphertext and the tag and builds the AAD (RFC 7516
// §5.1 step 14): the protected header as sent, then "." and the JSON "aad"
// as sent when present.
func (m *message) setBody(ct, tag, aadB64 string, hasAAD bool, lim *limits) error {
	ctLen, ok := base64url.DecodedLen(len(ct))
	if !ok {
		return malformed("ciphertext", "invalid base64url length")
	}
	if ctLen > lim.ciphertext {
		return tooLarge("ciphertext", ctLen, lim.ciphertext)
	}
	tagLen, ok := base64url.DecodedLen(len(tag))
	if !ok || tagLen > maxTagSize {
		return malformed("tag", "is "+strconv.Itoa(len(tag))+" base64url characters, longer than any tag")
	}
	aadLen := len(m.protectedRaw)
	if hasAAD {
		aadLen += 1 + len(aadB64)
	}
	body := make([]byte, 0, ctLen+tagLen+aadLen)
	body, err := base64url.AppendDecode(body, []byte(ct))
	if err != nil {
		return malformedCause("ciphertext", "invalid base64url", err)
	}
	body, err = base64url.AppendDecode(body, []byte(tag))
	if err != nil {
		return malformedCause("tag", "invalid base64url", err)
	}
	body = append(body, m.protectedRaw...)
	if hasAAD {
		body = append(body, '.')
		body = append(body, aadB64...)
	}
	m.body, m.ctLen, m.tagLen, m.ctB64 = body, ctLen, tagLen, ct
	return nil
}

// restoreCiphertext decodes the ciphertext again after an in-place open
// that failed (AES-GCM clears its output on failure, CBC-HMAC when the
// padding is invalid).
func (m *message) restoreCiphertext() {
	// The input decoded once already, so it decodes again.
	base64url.AppendDecode(m.body[:0], []byte(m.ctB64))
}

// decodePart decodes a base64url part of the serialization.
func decodePart(part, s string) ([]byte, error) {
	b, err := base64url.Decode(s)
	if err != nil {
		return nil, malformedCause(part, "invalid base64url", err)
	}
	return b, nil
}

// appendCompact appends the compact serialization of the five parts.
func appendCompact(dst, protectedB64, ek, iv, ct, tag []byte) []byte {
	dst = append(dst, protectedB64...)
	dst = append(dst, '.')
	dst = base64url.AppendEncode(dst, ek)
	dst = append(dst, '.')
	dst = base64url.AppendEncode(dst, iv)
	dst = append(dst, '.')
	dst = base64url.AppendEncode(dst, ct)
	dst = append(dst, '.')
	return base64url.AppendEncode(dst, tag)
}
