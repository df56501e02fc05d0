// Package concatkdf implements the single-step Concat KDF of NIST SP
// 800-56A with SHA-256, in the form [RFC 7518] §4.6.2 fixes for ECDH-ES key
// agreement.
//
// [Derive] turns the shared secret Z of an ECDH exchange into key material:
// for round i = 1, 2, … it hashes
//
//	counter(i, 32-bit big-endian) || Z || OtherInfo
//
// and concatenates the digests, where OtherInfo is
//
//	AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo
//
// with AlgorithmID, PartyUInfo ("apu") and PartyVInfo ("apv") each prefixed
// by its length in bytes as a 32-bit big-endian integer, SuppPubInfo the
// output length in bits as a 32-bit big-endian integer, and SuppPrivInfo
// empty.
//
// # Security
//
// The package only derives; it does not compute Z or check public keys
// (crypto/ecdh does). The result is as secret as Z; Derive keeps no copy.
//
// # Limits
//
// The output is 1 to [MaxKeyLen] bytes; JOSE needs at most 64.
//
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
package concatkdf
