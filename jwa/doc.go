// Package jwa defines the JOSE algorithm identifiers of [RFC 7518] and
// [RFC 8037]: JWS signature algorithms, JWE key management algorithms, JWE
// content encryption algorithms, compression, key types and curves.
//
// Each identifier is a typed string constant whose methods answer static
// questions (which key type and size an algorithm needs, which hash it uses)
// with a switch. There is no registry: nothing in this package can be changed
// at run time, so no package can alter what another package accepts.
//
// Constant names spell the registered names with "_" for "-" and "+"
// (RSA-OAEP-256 is [RSA_OAEP_256], ECDH-ES+A128KW is [ECDH_ES_A128KW]).
//
// # Security
//
// The unsecured algorithm "none" ([None]) is defined so that it can be named
// and refused; it is not listed by [SignatureAlgorithms], and the jws package
// accepts it only through an explicitly named opt-in.
//
// Identifiers registered with IANA that this suite does not implement
// (ES256K, Ed448, X448, the RSA-OAEP variants with other MGFs) are not
// defined, and [SignatureAlgorithm.Supported] and friends report false for
// any string that is not one of the constants below.
//
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package jwa
