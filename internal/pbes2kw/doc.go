// Package pbes2kw derives the key encryption key of the PBES2 key
// management algorithms of [RFC 7518] §4.8: "PBES2-HS256+A128KW",
// "PBES2-HS384+A192KW" and "PBES2-HS512+A256KW".
//
// [DeriveKEK] runs PBKDF2 ([RFC 8018] §5.2) with HMAC-SHA-256, -384 or -512
// over the password, with the salt
//
//	UTF8(alg) || 0x00 || p2s
//
// (RFC 7518 §4.8.1.1) and the "p2c" iteration count. The key is then used
// with AES Key Wrap, which package aeskw implements; this package does not
// wrap.
//
// # Security
//
// Password-based keys are only as strong as the password. RFC 7518
// §4.8.1.1 requires a "p2s" of at least 8 bytes and §4.8.1.2 recommends at
// least 1000 iterations; those are checks on the header, made by the JWE
// layer along with its upper bound on "p2c".
//
// # Limits
//
// DeriveKEK rejects a count below 1 but sets no upper bound: its running
// time grows with p2c, so callers must bound p2c before calling it (the jwe
// package does).
//
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
package pbes2kw
