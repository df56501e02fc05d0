package cbchmac

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
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

// AEAD is one of the AES_CBC_HMAC_SHA2 algorithms bound to a key. It is
// immutable after [New] and safe for concurrent use.
type AEAD struct {
	block   cipher.Block     // AES under ENC_KEY
	macKey  []byte           // MAC_KEY, a private copy
	newHash func() hash.Hash // SHA-256, SHA-384 or SHA-512
	// macBase is HMAC keyed with MAC_KEY and never written to; each
	// message clones it, which skips re-keying. Nil when the hash cannot
	// be cloned (GOFIPS140=v1.0.0); mac then keys a new HMAC each time.
	macBase hash.Cloner
	keySize int // 32, 48 or 64
	tagSize int // T_LEN: half the key size
}

// New returns the AES_CBC_HMAC_SHA2 algorithm that fits the key length:
// A128CBC-HS256 for 32 bytes, A192CBC-HS384 for 48, A256CBC-HS512 for 64
// (RFC 7518 §5.2.3 to §5.2.5). Any other length returns an error wrapping
// [ErrKeySize]. New copies the key.
func New(key []byte) (*AEAD, error) {
	var h func() hash.Hash
	switch len(key) {
	case 32:
		h = sha256.New
	case 48:
		h = sha512.New384
	case 64:
		h = sha512.New
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
	a := &AEAD{
		block:   block,
		macKey:  append([]byte(nil), key[:half]...),
		newHash: h,
		keySize: len(key),
		tagSize: half,
	}
	if c, ok := hmac.New(h, a.macKey).(hash.Cloner); ok {
		if _, err := c.Clone(); err == nil {
			a.macBase = c
		}
	}
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
	copy(tag, a.mac(aad, iv, ciphertext))
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
	if a == nil || len(iv) != IVSize || len(ciphertext) == 0 ||
		len(ciphertext)%aes.BlockSize != 0 || len(tag) != a.tagSize {
		return nil, ErrDecrypt
	}
	if !hmac.Equal(a.mac(aad, iv, ciphertext)[:a.tagSize], tag) {
		return nil, ErrDecrypt
	}
	out := make([]byte, len(ciphertext))
	cipher.NewCBCDecrypter(a.block, iv).CryptBlocks(out, ciphertext)
	pad, ok := paddingLen(out)
	if ok != 1 {
		clear(out)
		return nil, ErrDecrypt
	}
	n := len(out) - pad
	return out[:n:n], nil
}

// mac returns the full HMAC of AAD || IV || ciphertext || AL
// (RFC 7518 §5.2.2.1 steps 4 and 5); the tag is its first half.
func (a *AEAD) mac(aad, iv, ciphertext []byte) []byte {
	var m hash.Hash
	if a.macBase != nil {
		// Clone only reads macBase, so concurrent calls are safe.
		if c, err := a.macBase.Clone(); err == nil {
			m = c
		}
	}
	if m == nil {
		m = hmac.New(a.newHash, a.macKey)
	}
	// Writes to a hash.Hash never fail.
	m.Write(aad)
	m.Write(iv)
	m.Write(ciphertext)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8) // AL: AAD length in bits
	m.Write(al[:])
	return m.Sum(nil)
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
