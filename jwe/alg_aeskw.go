package jwe

import (
	"crypto/cipher"

	"github.com/jose-suite/jose/internal/aeskw"
	"github.com/jose-suite/jose/jwa"
)

// A128KW, A192KW and A256KW (RFC 7518 §4.4): the CEK is wrapped with RFC
// 3394 AES key wrap under a shared key. ECDH-ES+A*KW and PBES2 wrap the same
// way under a derived key.

// checkWrappedLen checks that an AES-wrapped CEK has the length enc's CEK
// gives it: the CEK plus the 8-byte integrity value. The length is public,
// so a mismatch is a structural error.
func checkWrappedLen(part string, enc jwa.ContentEncryption, ek []byte) error {
	if want := enc.KeySize() + 8; len(ek) != want {
		return malformed(part, itoa(len(ek))+" bytes, a wrapped "+string(enc)+" key is "+itoa(want))
	}
	return nil
}

// aeskwUnwrap unwraps ek under the AES block b. Any failure, including the
// integrity check of RFC 3394 §2.2.3, is ErrDecryption.
func aeskwUnwrap(b cipher.Block, ek []byte) ([]byte, error) {
	cek, err := aeskw.UnwrapBlock(b, ek)
	if err != nil {
		return nil, ErrDecryption
	}
	return cek, nil
}

// aeskwUnwrapKey unwraps ek under kek, a derived key.
func aeskwUnwrapKey(kek, ek []byte) ([]byte, error) {
	cek, err := aeskw.Unwrap(kek, ek)
	if err != nil {
		return nil, ErrDecryption
	}
	return cek, nil
}

// aeskwWrapBlock wraps cek under the AES block b.
func aeskwWrapBlock(b cipher.Block, cek []byte) ([]byte, error) {
	return aeskw.WrapBlock(b, cek)
}
