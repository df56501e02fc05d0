package jwe

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"

	"github.com/jose-suite/jose/internal/cbchmac"
	"github.com/jose-suite/jose/jwa"
)

// contentCipher is a content encryption algorithm ("enc", RFC 7518 §5)
// bound to a CEK: AES-GCM with 96-bit IVs and 128-bit tags (§5.3), or
// AES-CBC with HMAC-SHA-2 (§5.2), whose full-length tag is checked in
// constant time before any decryption.
type contentCipher struct {
	gcm cipher.AEAD
	cbc *cbchmac.AEAD
}

// errCEKSize is an internal error: a CEK whose size does not fit "enc".
// Decryption turns it into ErrDecryption, since it follows from the key.
var errCEKSize = errors.New("jwe: CEK size does not fit enc")

// newContentCipher returns enc under cek, or errCEKSize when cek is not
// enc.KeySize() bytes.
func newContentCipher(enc jwa.ContentEncryption, cek []byte) (contentCipher, error) {
	if len(cek) != enc.KeySize() {
		return contentCipher{}, errCEKSize
	}
	switch {
	case enc.IsGCM():
		b, err := aes.NewCipher(cek)
		if err != nil {
			return contentCipher{}, err
		}
		gcm, err := cipher.NewGCM(b)
		if err != nil {
			return contentCipher{}, err
		}
		return contentCipher{gcm: gcm}, nil
	case enc.IsCBCHMAC():
		cbc, err := cbchmac.New(cek)
		if err != nil {
			return contentCipher{}, err
		}
		return contentCipher{cbc: cbc}, nil
	}
	return contentCipher{}, errCEKSize
}

// seal encrypts plaintext (RFC 7516 §5.1 step 15) and returns fresh
// ciphertext and tag slices.
func (c contentCipher) seal(iv, plaintext, aad []byte) (ct, tag []byte, err error) {
	if c.gcm != nil {
		out := c.gcm.Seal(make([]byte, 0, len(plaintext)+c.gcm.Overhead()), iv, plaintext, aad)
		n := len(plaintext)
		return out[:n:n], out[n:], nil
	}
	return c.cbc.Seal(iv, plaintext, aad)
}

// open authenticates and decrypts the body of m. The IV and tag lengths
// have been checked against "enc". Both AEADs decrypt in place, so the
// plaintext shares m's body; after a failure m's ciphertext is restored,
// so that another key may be tried. Every failure is ErrDecryption.
func (c contentCipher) open(m *message) ([]byte, error) {
	if c.gcm != nil {
		n := m.ctLen
		pt, err := c.gcm.Open(m.body[:0], m.iv, m.body[:n+m.tagLen], m.fullAAD())
		if err != nil {
			m.restoreCiphertext()
			return nil, ErrDecryption
		}
		return pt[:n:n], nil
	}
	if c.cbc == nil {
		return nil, ErrDecryption
	}
	// OpenInPlace decrypts only once the tag has matched; after a failure
	// the ciphertext has changed only if the padding was then invalid.
	pt, err := c.cbc.OpenInPlace(m.iv, m.ciphertext(), m.tag(), m.fullAAD())
	if err != nil {
		m.restoreCiphertext()
		return nil, ErrDecryption
	}
	return pt, nil
}

// checkContentLengths checks the IV, tag and ciphertext lengths against enc
// (RFC 7518 §5.2.2.1 and §5.3: 128-bit IVs and full-length tags for
// CBC-HMAC, 96-bit IVs and 128-bit tags for GCM). The lengths are public,
// so a mismatch is a structural error, not a decryption failure.
func checkContentLengths(enc jwa.ContentEncryption, m *message) error {
	if len(m.iv) != enc.IVSize() {
		return malformed("iv", itoa(len(m.iv))+" bytes, "+string(enc)+" needs "+itoa(enc.IVSize()))
	}
	if m.tagLen != enc.TagSize() {
		return malformed("tag", itoa(m.tagLen)+" bytes, "+string(enc)+" needs "+itoa(enc.TagSize()))
	}
	if enc.IsCBCHMAC() && (m.ctLen == 0 || m.ctLen%aes.BlockSize != 0) {
		return malformed("ciphertext", itoa(m.ctLen)+" bytes, "+string(enc)+" needs a non-zero multiple of 16")
	}
	return nil
}
