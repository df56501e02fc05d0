// Package jwt implements JSON Web Tokens ([RFC 7519]) with the current best
// practices of [RFC 8725], including JWT access tokens ([RFC 9068]): claims
// with their registered types, a [Validator] that verifies and validates in
// one call, nested sign-then-encrypt tokens, and key sets for relying
// parties ([RemoteSet]) and providers ([KeySetHandler], [Rotation]).
//
// A [Validator] is built once from a [Policy] and used from any number of
// goroutines. [Validator.Verify] runs the stages in order and stops at the
// first failure: structure (size, form), policy (signed or encrypted as the
// policy requires, algorithm allowlists, "crit", "typ"), cryptography
// (signature, decryption), and only then the claims. A token whose
// signature fails reports only that, never an expiry, and returns no
// claims (the golang-jwt CVE-2024-51744 trap). Verified claims come only in
// a [Token]; [InsecureParseClaims] reads a token without checks and returns
// a different type.
//
// # Security
//
// Refused unless the policy says otherwise:
//   - algorithms not in Policy.Algorithms, and "none" always;
//   - keys whose type, size, "use", "key_ops" or "alg" do not fit the
//     algorithm (an RSA, EC or OKP key is never an HMAC secret);
//   - an encrypted token where a signed one is expected, and the reverse;
//     an encrypted token whose plaintext is not a signed JWT, unless
//     DecryptionPolicy.AllowUnsigned;
//   - a "typ" other than the required one; without Policy.Type, any "typ"
//     but "JWT" (RFC 8725 §3.11), so that an access token ("at+jwt") is not
//     taken for an ID token;
//   - a token without "exp" (unless AllowMissingExpiry), expired or not yet
//     valid beyond Policy.Leeway (at most [DefaultMaxLeeway]);
//   - an issuer not listed (Issuers is required unless IgnoreIssuer); an
//     audience not listed, and any "aud" when the policy names none (RFC
//     7519 §4.1.3);
//   - claims sets with duplicate names, names that differ only in case,
//     invalid UTF-8, or registered claims of the wrong type (an "exp" that
//     is a string, a negative or absurdly large date).
//
// Header keys ("jwk", "jku", "x5u", "x5c") are never used to verify.
//
// # Limits
//
// A token is at most [DefaultMaxTokenSize] bytes and a claims set at most
// [DefaultMaxClaimsSize]; [RemoteSet] bounds its response size, timeout and
// refetch rate (see [RemoteSetConfig]).
//
// [RFC 7519]: https://www.rfc-editor.org/rfc/rfc7519
// [RFC 8725]: https://www.rfc-editor.org/rfc/rfc8725
// [RFC 9068]: https://www.rfc-editor.org/rfc/rfc9068
package jwt
