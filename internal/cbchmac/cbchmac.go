package cbchmac

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
)

// IVSize is the size of the initialization vector in bytes: one AES block.
const IVSize = aes.BlockSize

// ErrDecrypt is the only error [AEAD.Open] returns. It stands for any
// problem with the IV, ciphertext, tag or padding, without telling which.
var ErrDecrypt = errors.New("cbchmac: message authentication failed")

// ErrKeySize is returned (wrapped) by [New] for a key that is not 32, 48 or
// 64 bytes.
var ErrKeySize = errors.New("cbchmac: invalid key size")

// ErrIVSize is returned (wrapped) by [AEAD.Seal] for an IV that is not
// [IVSize] bytes.
var ErrIVSize = errors.New("cbchmac: invalid iv size")

// maxStateSize bounds the marshaled state of SHA-256 (108 bytes) and of
// SHA-384 and SHA-512 (204 bytes); New checks it.
const maxStateSize = 204

// AEAD is one of the AES_CBC_HMAC_SHA2 algorithms bound to a key. It is
// immutable after [New] and safe for concurrent use.
//
// HMAC (RFC 2104) is computed here rather than with crypto/hmac, from the
// hash states after the blocks MAC_KEY ⊕ ipad and MAC_KEY ⊕ opad, which New
// computes once (FIPS 198-1 §6 allows this; crypto/hmac does the same after
// its first Reset). Each message then costs no re-keying and no allocation
// for the MAC, since the hash lives on the stack, and New allocates only the
// AEAD and the AES key schedule: crypto/hmac would allocate five objects per
// key and three more per message to clone a keyed state. Most AEADs serve
// one message, under a fresh CEK. The tests compare every key size with
// crypto/hmac.
type AEAD struct {
	block cipher.Block // AES under ENC_KEY
	// inner and outer are the marshaled hash states after the blocks
	// MAC_KEY ⊕ ipad and MAC_KEY ⊕ opad; they are secret, like the key.
	inner, outer [maxStateSize]byte
	stateSize    int
	keySize      int // 32, 48 or 64
	tagSize      int // T_LEN: half the key size
}

// New returns the AES_CBC_HMAC_SHA2 algorithm that fits the key length:
// A128CBC-HS256 for 32 bytes, A192CBC-HS384 for 48, A256CBC-HS512 for 64
// (RFC 7518 §5.2.3 to §5.2.5). Any other length returns an error wrapping
// [ErrKeySize]. New keeps no reference to the key.
func New(key []byte) (*AEAD, error) {
	switch len(key) {
	case 32, 48, 64:
	default:
		return nil, fmt.Errorf("cbchmac: key is %d bytes, want 32, 48 or 64: %w", len(key), ErrKeySize)
	}
	half := len(key) / 2
	// RFC 7518 §5.2.2.1: MAC_KEY is the first half, ENC_KEY the second.
	block, err := aes.NewCipher(key[half:])
	if err != nil {
		// Unreachable: half is 16, 24 or 32.
		return nil, fmt.Errorf("cbchmac: %w", err)
	}
	a := &AEAD{block: block, keySize: len(key), tagSize: half}
	// RFC 2104 §2: MAC_KEY, shorter than a block here, zero-padded to the
	// block size and XORed with ipad (0x36) or opad (0x5c).
	var ipad, opad [sha512.BlockSize]byte
	for i := range ipad {
		ipad[i], opad[i] = 0x36, 0x5c
	}
	subtle.XORBytes(ipad[:half], ipad[:half], key[:half])
	subtle.XORBytes(opad[:half], opad[:half], key[:half])
	var in, out []byte
	var err1, err2 error
	// Direct calls, as in mac, keep the hash on the stack.
	switch len(key) {
	case 32:
		h := sha256.New()
		h.Write(ipad[:sha256.BlockSize])
		in, err1 = h.(encoding.BinaryAppender).AppendBinary(a.inner[:0])
		h.Reset()
		h.Write(opad[:sha256.BlockSize])
		out, err2 = h.(encoding.BinaryAppender).AppendBinary(a.outer[:0])
	case 48:
		h := sha512.New384()
		h.Write(ipad[:])
		in, err1 = h.(encoding.BinaryAppender).AppendBinary(a.inner[:0])
		h.Reset()
		h.Write(opad[:])
		out, err2 = h.(encoding.BinaryAppender).AppendBinary(a.outer[:0])
	case 64:
		h := sha512.New()
		h.Write(ipad[:])
		in, err1 = h.(encoding.BinaryAppender).AppendBinary(a.inner[:0])
		h.Reset()
		h.Write(opad[:])
		out, err2 = h.(encoding.BinaryAppender).AppendBinary(a.outer[:0])
	}
	clear(ipad[:])
	clear(opad[:])
	if err1 != nil || err2 != nil || len(in) == 0 || len(in) != len(out) || len(in) > maxStateSize || &in[0] != &a.inner[0] || &out[0] != &a.outer[0] {
		// Unreachable: the standard library's SHA-2 hashes marshal their
		// state into the room given, in every FIPS 140-3 module version.
		return nil, errors.New("cbchmac: cannot save the HMAC hash state")
	}
	a.stateSize = len(in)
	return a, nil
}

// KeySize returns the key size in bytes: 32, 48 or 64.
func (a *AEAD) KeySize() int {
	if a == nil {
		return 0
	}
	return a.keySize
}

// TagSize returns the authentication tag size in bytes: 16, 24 or 32.
func (a *AEAD) TagSize() int {
	if a == nil {
		return 0
	}
	return a.tagSize
}

// Seal encrypts and authenticates plaintext and authenticates aad, as in
// RFC 7518 §5.2.2.1. iv must be [IVSize] bytes and unpredictable; otherwise
// the error wraps [ErrIVSize]. The ciphertext is the PKCS #7 padded
// plaintext under AES-CBC, so it is 1 to 16 bytes longer than plaintext;
// the tag is [AEAD.TagSize] bytes. Both are fresh slices the caller owns
// (they share one allocation but cannot overwrite each other on append).
// Seal keeps no reference to its arguments.
func (a *AEAD) Seal(iv, plaintext, aad []byte) (ciphertext, tag []byte, err error) {
	if a == nil {
		return nil, nil, fmt.Errorf("cbchmac: nil AEAD has no key: %w", ErrKeySize)
	}
	if len(iv) != IVSize {
		return nil, nil, fmt.Errorf("cbchmac: iv is %d bytes, want %d: %w", len(iv), IVSize, ErrIVSize)
	}
	// PKCS #7: 1 to 16 bytes, each equal to the padding length.
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	n := len(plaintext) + pad
	buf := make([]byte, n+a.tagSize)
	ciphertext, tag = buf[:n:n], buf[n:]
	copy(ciphertext, plaintext)
	for i := len(plaintext); i < n; i++ {
		ciphertext[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(a.block, iv).CryptBlocks(ciphertext, ciphertext)
	var sum [sha512.Size]byte
	if !a.mac(&sum, aad, iv, ciphertext) {
		// Unreachable: New checked the saved states.
		return nil, nil, errors.New("cbchmac: cannot restore the HMAC hash state")
	}
	copy(tag, sum[:])
	return ciphertext, tag, nil
}

// Open checks the tag over aad, iv and ciphertext, then decrypts ciphertext
// and removes its padding, as in RFC 7518 §5.2.2.2. It returns a fresh
// plaintext slice, or nil and [ErrDecrypt] when iv is not [IVSize] bytes,
// ciphertext is empty or not a multiple of 16 bytes, tag is not exactly
// [AEAD.TagSize] bytes, the tag does not match (compared with
// [hmac.Equal] before any decryption), or the padding is invalid (checked in
// constant time). Open keeps no reference to its arguments.
func (a *AEAD) Open(iv, ciphertext, tag, aad []byte) ([]byte, error) {
	if !a.authentic(iv, ciphertext, tag, aad) {
		return nil, ErrDecrypt
	}
	return a.decrypt(make([]byte, len(ciphertext)), iv, ciphertext)
}

// OpenInPlace is [AEAD.Open] that decrypts into ciphertext's own storage
// and returns the plaintext as a prefix of it. When the tag does not match,
// ciphertext is left unchanged; when the padding is invalid, ciphertext has
// been overwritten with zeros. aad, iv and tag must not overlap ciphertext.
func (a *AEAD) OpenInPlace(iv, ciphertext, tag, aad []byte) ([]byte, error) {
	if !a.authentic(iv, ciphertext, tag, aad) {
		return nil, ErrDecrypt
	}
	return a.decrypt(ciphertext, iv, ciphertext)
}

// authentic checks the lengths and then the tag, in constant time.
func (a *AEAD) authentic(iv, ciphertext, tag, aad []byte) bool {
	if a == nil || len(iv) != IVSize || len(ciphertext) == 0 ||
		len(ciphertext)%aes.BlockSize != 0 || len(tag) != a.tagSize {
		return false
	}
	var sum [sha512.Size]byte
	return a.mac(&sum, aad, iv, ciphertext) && hmac.Equal(sum[:a.tagSize], tag)
}

// decrypt decrypts the authenticated ciphertext into out (of the same
// length, either ciphertext itself or not overlapping it) and removes the
// padding.
func (a *AEAD) decrypt(out, iv, ciphertext []byte) ([]byte, error) {
	cipher.NewCBCDecrypter(a.block, iv).CryptBlocks(out, ciphertext)
	pad, ok := paddingLen(out)
	if ok != 1 {
		clear(out)
		return nil, ErrDecrypt
	}
	n := len(out) - pad
	return out[:n:n], nil
}

// mac writes into sum the full HMAC of AAD || IV || ciphertext || AL
// (RFC 7518 §5.2.2.1 steps 4 and 5); the tag is its first half. It reports
// false only if a saved hash state does not restore, which New rules out.
//
// Each case calls its hash constructor directly, so that the compiler sees
// the concrete type, calls its methods directly and keeps it on the stack.
func (a *AEAD) mac(sum *[sha512.Size]byte, aad, iv, ciphertext []byte) bool {
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8) // AL: AAD length in bits
	inner, outer := a.inner[:a.stateSize], a.outer[:a.stateSize]
	// Writes to a hash.Hash never fail.
	switch a.keySize {
	case 32:
		h := sha256.New()
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(inner) != nil {
			return false
		}
		h.Write(aad)
		h.Write(iv)
		h.Write(ciphertext)
		h.Write(al[:])
		s := h.Sum(sum[:0])
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(outer) != nil {
			return false
		}
		h.Write(s)
		h.Sum(sum[:0])
	case 48:
		h := sha512.New384()
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(inner) != nil {
			return false
		}
		h.Write(aad)
		h.Write(iv)
		h.Write(ciphertext)
		h.Write(al[:])
		s := h.Sum(sum[:0])
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(outer) != nil {
			return false
		}
		h.Write(s)
		h.Sum(sum[:0])
	case 64:
		h := sha512.New()
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(inner) != nil {
			return false
		}
		h.Write(aad)
		h.Write(iv)
		h.Write(ciphertext)
		h.Write(al[:])
		s := h.Sum(sum[:0])
		if h.(encoding.BinaryUnmarshaler).UnmarshalBinary(outer) != nil {
			return false
		}
		h.Write(s)
		h.Sum(sum[:0])
	default:
		return false
	}
	return true
}

// paddingLen returns the PKCS #7 padding length of b (whose length is a
// positive multiple of 16) and 1 if the padding is valid, or 0 otherwise.
// It takes the same time for every value of b's last block.
func paddingLen(b []byte) (int, int) {
	last := b[len(b)-aes.BlockSize:]
	p := int(last[aes.BlockSize-1])
	good := subtle.ConstantTimeLessOrEq(1, p) & subtle.ConstantTimeLessOrEq(p, aes.BlockSize)
	for i := range aes.BlockSize {
		// The byte i positions from the end is padding when i < p, and
		// must then equal p.
		inPad := subtle.ConstantTimeLessOrEq(i+1, p)
		eq := subtle.ConstantTimeByteEq(last[aes.BlockSize-1-i], uint8(p))
		good &= eq | (inPad ^ 1)
	}
	return p, good
}
