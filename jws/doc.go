// Package jws implements JSON Web Signature ([RFC 7515]) with the
// algorithms of [RFC 7518] §3 and [RFC 8037] (EdDSA with Ed25519, also
// under its fully specified name "Ed25519" of [RFC 9864]), and the
// unencoded payload option of [RFC 7797].
//
// Signing: [NewSigner] binds a [jwk.Key] to an algorithm and a header;
// [Signer.Sign] writes the compact serialization, [Signer.SignDetached] a
// compact JWS with a detached payload, [Signer.SignFlattened] and
// [SignJSON] the flattened and general JSON serializations (one signature
// per [Signer]). Private keys may be opaque ([jwk.NewSigner] wraps any
// [crypto.Signer]: an HSM, a KMS, an agent); ECDSA signatures are
// converted from ASN.1 DER to the R || S form JWS uses.
//
// Verifying: [NewVerifier] builds a [Verifier] from a [Policy] that names
// the accepted algorithms and the keys. [Verifier.Verify],
// [Verifier.VerifyDetached] and [Verifier.VerifyWithKeys] verify a compact
// JWS and return a [Verified]; [Verifier.VerifyJSON] and
// [Verifier.VerifyJSONDetached] verify either JSON serialization and
// return a [VerifiedJSON] that reports each signature's outcome and key.
//
// # Security
//
// A Verifier refuses by default:
//
//   - any "alg" not listed in [Policy.Algorithms]; there is no "all
//     algorithms" shortcut, and the header only selects among the listed
//     ones ([RFC 8725] §3.1);
//   - "none", always ([ErrUnsecured]): no Policy can list it. An Unsecured
//     JWS can only be read with [InsecureParseUnsecured], which returns a
//     different type, [Unsecured];
//   - a key that does not fit the algorithm: its type, curve and size must
//     fit, and its own "use", "key_ops" and "alg" must agree
//     ([jwk.Key.PermitsSignature]). An RSA, EC or OKP public key is never
//     an HMAC secret, whatever the header says, so the classic RS256 to
//     HS256 confusion finds no key ([ErrNoKey]). Keys are matched to
//     algorithms once, in NewVerifier;
//   - an "alg" outside the protected header (RFC 7515 allows it in a JSON
//     serialization's unprotected header; this package does not, as RFC
//     8725 §3.1 advises), and a member in both the protected and an
//     unprotected header (RFC 7515 §7.2.1);
//   - "crit" naming an extension not in [Policy.Critical], a registered
//     header parameter, nothing, or an absent member, and "crit" outside
//     the protected header (RFC 7515 §4.1.11). "b64" is understood, and
//     must be protected and listed in "crit" (RFC 7797 §3, §6);
//   - keys embedded in or referenced by the header: "jwk" is ignored, and
//     "jku" and "x5u" are never fetched. "x5c" supplies a key only when
//     [Policy.X509Roots] is set, and then only after the chain verifies to
//     those roots;
//   - a JSON JWS in which any signature fails, unless
//     [Policy.MinValidSignatures] says how many must verify; either way
//     the result and [SignaturesError] say which signatures verified with
//     which key;
//   - anything but strict input: a compact JWS of exactly three parts,
//     canonical unpadded base64url without whitespace, headers that are
//     JSON objects without duplicate members (see package internal/json);
//   - ECDSA signatures that are not exactly R || S at the curve's size, or
//     whose r or s is 0 or not below the group order (the "psychic
//     signature", CVE-2022-21449), checked before any curve arithmetic;
//     RSASSA-PSS signatures whose salt length is not the hash length (RFC
//     7518 §3.5); HMAC keys shorter than the hash (RFC 7518 §3.2). MACs are
//     compared in constant time.
//
// Verification runs in stages: size, structure, policy, then
// cryptography, and the first failing stage returns. Every cryptographic
// failure is [ErrSignatureInvalid], with no detail on why. Error messages
// never contain the token, the payload or key material.
//
// [Verifier], [Signer], [Verified], [VerifiedJSON] and [Unsecured] are
// immutable once built and safe for concurrent use.
//
// # Limits
//
// A compact or JSON JWS is at most [DefaultMaxTokenSize] bytes (1 MiB),
// checked before anything else; a decoded protected header, or an
// unprotected header, at most [DefaultMaxHeaderSize] bytes (16 KiB); a
// general JSON JWS has at most [DefaultMaxSignatures] signatures (16); JSON
// nests at most 10 levels deep; an "x5c" chain has at most
// [jwk.MaxX509Chain] certificates. [Policy] fields override the first
// three. A detached payload is the caller's own and is not limited. The
// work done is linear in the input: the compact form is cut after
// counting its separators, and "crit" is refused outright when it lists
// more names than the policy understands.
//
// [RFC 7515]: https://www.rfc-editor.org/rfc/rfc7515
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 7797]: https://www.rfc-editor.org/rfc/rfc7797
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
// [RFC 9864]: https://www.rfc-editor.org/rfc/rfc9864
// [RFC 8725]: https://www.rfc-editor.org/rfc/rfc8725
package jws
