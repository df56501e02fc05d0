// Package aeskw implements the AES Key Wrap algorithm of [RFC 3394] with the
// default initial value A6A6A6A6A6A6A6A6, as JOSE uses it for the "A128KW",
// "A192KW" and "A256KW" key management algorithms ([RFC 7518] §4.4) and for
// the key wrapping step of "ECDH-ES+A*KW" and "PBES2-*" ([RFC 7518] §4.6,
// §4.8).
//
// The functions are pure and safe for concurrent use. [WrapBlock] and
// [UnwrapBlock] take a ready [cipher.Block] so a caller that wraps many keys
// under one key encryption key does not repeat the AES key schedule.
//
// # Security
//
// [Unwrap] checks the integrity value in constant time and returns
// [ErrUnwrap] for every integrity failure, whatever the cause (a wrong key
// encryption key or a modified ciphertext), and never returns any part of
// the unwrapped data in that case. Length problems are not secret and
// return [ErrInvalidLength].
//
// # Limits
//
// The key data must be a multiple of 8 bytes and at least 16 bytes (two
// 64-bit blocks, RFC 3394 §2); a wrapped key is therefore at least 24 bytes.
// There is no upper bound here: callers bound the size of what they parse.
//
// [RFC 3394]: https://www.rfc-editor.org/rfc/rfc3394
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
package aeskw
