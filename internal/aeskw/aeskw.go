package aeskw

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrUnwrap is returned by [Unwrap] and [UnwrapBlock] when the integrity
// check of RFC 3394 §2.2.3 fails: the key encryption key is wrong or the
// wrapped key was modified.
var ErrUnwrap = errors.New("aeskw: integrity check failed")

// ErrInvalidLength is returned (wrapped, so test it with [errors.Is]) when an
// input has a length the algorithm cannot accept: key data that is not a
// multiple of 8 bytes or shorter than 16 bytes, a wrapped key that is not a
// multiple of 8 bytes or shorter than 24 bytes, a key encryption key that is
// not 16, 24 or 32 bytes, or a cipher block whose block size is not 16.
var ErrInvalidLength = errors.New("aeskw: invalid input length")

// defaultIV is the default initial value of RFC 3394 §2.2.3.1.
var defaultIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

// Wrap wraps plaintextKey under the AES key encryption key kek (16, 24 or 32
// bytes) with the algorithm of RFC 3394 §2.2.1 and returns a fresh slice of
// len(plaintextKey)+8 bytes. plaintextKey must be a multiple of 8 bytes and
// at least 16 bytes. Errors wrap [ErrInvalidLength]. Wrap is safe for
// concurrent use and keeps no reference to its arguments.
func Wrap(kek, plaintextKey []byte) ([]byte, error) {
	b, err := newCipher(kek)
	if err != nil {
		return nil, err
	}
	return WrapBlock(b, plaintextKey)
}

// Unwrap unwraps wrapped under the AES key encryption key kek (16, 24 or 32
// bytes) with the algorithm of RFC 3394 §2.2.2 and returns a fresh slice of
// len(wrapped)-8 bytes. wrapped must be a multiple of 8 bytes and at least
// 24 bytes; otherwise the error wraps [ErrInvalidLength]. If the integrity
// value does not match (compared in constant time), Unwrap returns
// [ErrUnwrap] and no data. Unwrap is safe for concurrent use and keeps no
// reference to its arguments.
func Unwrap(kek, wrapped []byte) ([]byte, error) {
	b, err := newCipher(kek)
	if err != nil {
		return nil, err
	}
	return UnwrapBlock(b, wrapped)
}

// WrapBlock is [Wrap] with a ready AES block cipher, for callers that wrap
// several keys under one key encryption key. b must have a block size of
// 16 bytes; a nil b or another block size returns an error wrapping
// [ErrInvalidLength].
func WrapBlock(b cipher.Block, plaintextKey []byte) ([]byte, error) {
	if err := checkBlock(b); err != nil {
		return nil, err
	}
	if len(plaintextKey) < 16 || len(plaintextKey)%8 != 0 {
		return nil, fmt.Errorf("aeskw: key data is %d bytes, want a multiple of 8 and at least 16: %w", len(plaintextKey), ErrInvalidLength)
	}
	n := len(plaintextKey) / 8

	// One allocation: the output, followed by a 16-byte scratch block that
	// the returned slice cannot reach. A stack array would escape to the
	// heap anyway, since it is passed to an interface method.
	buf := make([]byte, len(plaintextKey)+8+aes.BlockSize)
	out := buf[: len(plaintextKey)+8 : len(plaintextKey)+8]
	blk := buf[len(plaintextKey)+8:]

	// RFC 3394 §2.2.1, index based: A = IV, R[i] = P[i]; out[8*i:] holds R[i].
	copy(blk[:8], defaultIV[:]) // blk[:8] holds A between steps
	copy(out[8:], plaintextKey)
	for j := range 6 {
		for i := 1; i <= n; i++ {
			r := out[8*i : 8*i+8]
			copy(blk[8:], r)
			b.Encrypt(blk, blk) // B = AES(K, A | R[i])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(blk[:8], binary.BigEndian.Uint64(blk[:8])^t) // A = MSB(64, B) ^ t
			copy(r, blk[8:])                                                        // R[i] = LSB(64, B)
		}
	}
	copy(out[:8], blk[:8])
	clear(blk)
	return out, nil
}

// UnwrapBlock is [Unwrap] with a ready AES block cipher. b must have a
// block size of 16 bytes; a nil b or another block size returns an error
// wrapping [ErrInvalidLength].
func UnwrapBlock(b cipher.Block, wrapped []byte) ([]byte, error) {
	if err := checkBlock(b); err != nil {
		return nil, err
	}
	if len(wrapped) < 24 || len(wrapped)%8 != 0 {
		return nil, fmt.Errorf("aeskw: wrapped key is %d bytes, want a multiple of 8 and at least 24: %w", len(wrapped), ErrInvalidLength)
	}
	n := len(wrapped)/8 - 1

	// One allocation: the output, then a 16-byte scratch block.
	buf := make([]byte, 8*n+aes.BlockSize)
	out := buf[: 8*n : 8*n]
	blk := buf[8*n:]

	// RFC 3394 §2.2.2, index based: A = C[0], R[i] = C[i]; out[8*(i-1):]
	// holds R[i].
	copy(blk[:8], wrapped[:8])
	copy(out, wrapped[8:])
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			r := out[8*(i-1) : 8*i]
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(blk[:8], binary.BigEndian.Uint64(blk[:8])^t)
			copy(blk[8:], r)
			b.Decrypt(blk, blk) // B = AES-1(K, (A ^ t) | R[i])
			copy(r, blk[8:])    // R[i] = LSB(64, B); A = MSB(64, B) stays in blk[:8]
		}
	}
	// RFC 3394 §2.2.3: the integrity check, in constant time.
	ok := subtle.ConstantTimeCompare(blk[:8], defaultIV[:])
	clear(blk)
	if ok != 1 {
		clear(out)
		return nil, ErrUnwrap
	}
	return out, nil
}

// newCipher returns the AES block for kek, or an error wrapping
// ErrInvalidLength for a size other than 16, 24 or 32 bytes.
func newCipher(kek []byte) (cipher.Block, error) {
	switch len(kek) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("aeskw: key encryption key is %d bytes, want 16, 24 or 32: %w", len(kek), ErrInvalidLength)
	}
	b, err := aes.NewCipher(kek)
	if err != nil {
		// Unreachable after the size check; kept so no input can panic.
		return nil, fmt.Errorf("aeskw: %w", err)
	}
	return b, nil
}

// checkBlock rejects a nil block and any block size but AES's.
func checkBlock(b cipher.Block) error {
	if b == nil {
		return fmt.Errorf("aeskw: cipher block is nil: %w", ErrInvalidLength)
	}
	if bs := b.BlockSize(); bs != aes.BlockSize {
		return fmt.Errorf("aeskw: cipher block size is %d, want 16: %w", bs, ErrInvalidLength)
	}
	return nil
}
