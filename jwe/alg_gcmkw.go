package jwe

import (
	"crypto/cipher"
	"crypto/rand"
)

// A128GCMKW, A192GCMKW and A256GCMKW (RFC 7518 §4.7): the CEK is encrypted
// with AES-GCM under a shared key, with the IV and tag in the header
// members "iv" and "tag".

// gcmkwIVSize and gcmkwTagSize are the sizes RFC 7518 §4.7.1.1 and §4.7.1.2
// fix: a 96-bit IV and a 128-bit tag.
const (
	gcmkwIVSize  = 12
	gcmkwTagSize = 16
)

// gcmkwParams are the header parameters of AES-GCM key wrap.
type gcmkwParams struct {
	iv, tag []byte
}

// parseGCMKWParams reads "iv" and "tag" and checks their sizes.
func parseGCMKWParams(h *Header) (gcmkwParams, error) {
	var p gcmkwParams
	var err error
	if p.iv, err = h.bytesMember("iv", true); err != nil {
		return p, err
	}
	if len(p.iv) != gcmkwIVSize {
		return p, malformed("iv", "header member is "+itoa(len(p.iv))+" bytes, AES-GCM key wrap needs 12")
	}
	if p.tag, err = h.bytesMember("tag", true); err != nil {
		return p, err
	}
	if len(p.tag) != gcmkwTagSize {
		return p, malformed("tag", "header member is "+itoa(len(p.tag))+" bytes, AES-GCM key wrap needs 16")
	}
	return p, nil
}

// gcmkwUnwrap decrypts the CEK: AES-GCM over the encrypted key, with the
// header's IV and tag and an empty AAD.
func gcmkwUnwrap(gcm cipher.AEAD, p *gcmkwParams, ek []byte) ([]byte, error) {
	sealed := make([]byte, 0, len(ek)+len(p.tag))
	sealed = append(append(sealed, ek...), p.tag...)
	cek, err := gcm.Open(sealed[:0], p.iv, sealed, nil)
	if err != nil {
		return nil, ErrDecryption
	}
	return cek, nil
}

// gcmkwWrap encrypts cek under gcm with iv (random when nil) and returns
// the encrypted key, the IV and the tag.
func gcmkwWrap(gcm cipher.AEAD, iv, cek []byte) (ek, ivOut, tag []byte) {
	if iv == nil {
		iv = make([]byte, gcmkwIVSize)
		rand.Read(iv) // never fails (crypto/rand, Go 1.24+)
	}
	out := gcm.Seal(nil, iv, cek, nil)
	n := len(cek)
	return out[:n:n], iv, out[n:]
}
