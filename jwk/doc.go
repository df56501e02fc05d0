// Package jwk implements JSON Web Keys and JWK Sets ([RFC 7517]) with the key
// types of [RFC 7518] §6 (RSA, EC on P-256/P-384/P-521, oct) and [RFC 8037]
// (Ed25519 and X25519), thumbprints ([RFC 7638]) and thumbprint URIs
// ([RFC 9278]).
//
// A [Key] is immutable key material plus its metadata ("kid", "use",
// "key_ops", "alg", x5c and friends). Keys come from [ParseKey], [ParseSet],
// [ParsePEM] and the DER parsers, from Go keys through the New functions, or
// from the Generate functions; opaque keys held by an HSM or KMS enter as a
// [crypto.Signer] ([NewSigner]), a [crypto.Decrypter] ([NewDecrypter]) or an
// [ecdh.KeyExchanger] ([NewKeyExchanger]).
//
// # Security
//
// Parsing is strict and validates the key, so that a Key that exists is
// usable: the JSON may not repeat a member; base64url must be canonical and
// unpadded; EC points must lie on their curve and have coordinates of the
// curve's exact length; RSA moduli must have at least 2048 bits (smaller
// ones parse only with [ParseOptions.InsecureMinRSABits], for legacy
// material) and a sane public exponent; a private part must belong to the
// public part; "alg" must fit the key; an x5c certificate must hold the key
// and x5t/x5t#S256 must match it. Multi-prime RSA ("oth") is refused.
//
// [Key.PermitsSignature] and [Key.PermitsKeyManagement] answer whether a key
// may do an operation with an algorithm, enforcing its type and size and its
// own "use", "key_ops" and "alg": an RSA, EC or OKP key is never an HMAC
// secret. The jws and jwe packages call them for every key they use.
//
// In a [Set], a key of a type or curve this package does not support is
// skipped, as RFC 7517 §5 says, and listed by [Set.Skipped], so that one new
// key type at an identity provider does not break its relying parties. A
// malformed key of a supported type fails the parse unless
// [ParseOptions.SkipInvalid] is set.
//
// # Limits
//
// A key document is at most [DefaultMaxKeySize] bytes, a set at most
// [DefaultMaxSetSize] bytes with at most [DefaultMaxSetKeys] keys, JSON
// nesting at most 8 levels, an x5c chain at most [MaxX509Chain]
// certificates, an RSA modulus at most [MaxRSABits] bits.
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
// [RFC 7638]: https://www.rfc-editor.org/rfc/rfc7638
// [RFC 9278]: https://www.rfc-editor.org/rfc/rfc9278
package jwk
