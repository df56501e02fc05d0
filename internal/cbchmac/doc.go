// Package cbchmac implements the AES_CBC_HMAC_SHA2 authenticated encryption
// algorithms of [RFC 7518] §5.2: "A128CBC-HS256", "A192CBC-HS384" and
// "A256CBC-HS512".
//
// The key is split in two halves (§5.2.2.1): the first half is the HMAC
// key, the second the AES-CBC key. Encryption pads the plaintext with
// PKCS #7, encrypts it with AES-CBC under a caller-supplied 16-byte IV, and
// computes
//
//	HMAC-SHA-n(MAC_KEY, AAD || IV || ciphertext || AL)
//
// where AL is the bit length of the AAD as a 64-bit big-endian integer. The
// authentication tag is the first half of the HMAC output.
//
// # Security
//
// [AEAD.Open] and [AEAD.OpenInPlace] check the tag with [hmac.Equal] before
// they decrypt anything, reject a tag of any length other than
// [AEAD.TagSize] (a truncated tag is never accepted), and check the padding
// in constant time. Every failure — wrong IV length, empty or misaligned
// ciphertext, bad tag, bad padding — returns the same [ErrDecrypt], so
// there is no padding oracle.
//
// The IV is an input because the deterministic JWE core takes it as one;
// callers outside tests must draw it from crypto/rand for every message.
//
// # Limits
//
// Keys are exactly 32, 48 or 64 bytes; the IV is exactly [IVSize] bytes.
// Open allocates one buffer of the ciphertext's size, so callers bound the
// ciphertext they accept; [AEAD.OpenInPlace] decrypts in the ciphertext's
// own storage instead.
//
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
package cbchmac
