// Package jwe implements JSON Web Encryption ([RFC 7516]) with the key
// management and content encryption algorithms of [RFC 7518] §4 and §5 and
// X25519 key agreement ([RFC 8037]), in the compact and both JSON
// serializations.
//
// Key management: RSA1_5, RSA-OAEP, RSA-OAEP-256, RSA-OAEP-384,
// RSA-OAEP-512, A128KW, A192KW, A256KW, dir, ECDH-ES and ECDH-ES+A128KW,
// +A192KW, +A256KW (P-256, P-384, P-521, X25519), A128GCMKW, A192GCMKW,
// A256GCMKW, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW.
// Content encryption: A128CBC-HS256, A192CBC-HS384, A256CBC-HS512,
// A128GCM, A192GCM, A256GCM. Compression: "zip":"DEF" (raw DEFLATE,
// [RFC 1951]).
//
// Decryption goes through a [Decrypter] built from a [Policy] that lists the
// accepted "alg" and "enc" values and the keys: [Decrypter.Decrypt] for the
// compact serialization, [Decrypter.DecryptJSON] for the JSON ones, and
// [Decrypter.DecryptWithKeys] when the keys come with each call. RSA keys
// may be opaque (any [crypto.Decrypter], such as an HSM key, through
// [jwk.NewDecrypter]) and so may ECDH keys (any [ecdh.KeyExchanger],
// through [jwk.NewKeyExchanger]). Encryption goes through an [Encrypter]
// built from [EncrypterOptions] and one or more [Recipient] values, of any
// mix of key types; the CEK is shared.
//
// # Security
//
//   - Nothing is decrypted with an "alg" or "enc" the policy does not list;
//     there is no "every algorithm" shortcut. RSA1_5 is off unless listed.
//   - Keys are bound to algorithms: a key serves an "alg" only if its type,
//     size, "alg", "use" and "key_ops" allow it
//     ([jwk.Key.PermitsKeyManagement]), checked when the policy is built.
//     A dir key serves only the "enc" of its size. PBES2 takes passwords
//     ([Policy.Passwords]), never symmetric keys.
//   - Every cryptographic failure (wrong key, bad tag, bad padding, a
//     malformed RSA1_5 block, an AES key wrap integrity failure) returns
//     the one sentinel [ErrDecryption] with no detail. On an RSA1_5 failure
//     decryption continues with a random CEK, so that the failure shows
//     only as a tag mismatch (RFC 7516 §11.5, the "million message
//     attack").
//   - ECDH-ES: "epk" must be a valid public key (an EC point on its curve,
//     so invalid-curve points are refused) on the recipient key's curve;
//     X25519 points of small order, which give an all-zero shared secret,
//     are refused; "apu" and "apv" enter the Concat KDF, whose AlgorithmID
//     is "enc" for direct key agreement and "alg" with key wrapping.
//   - PBES2: "p2c" is bounded before PBKDF2 runs, from [MinPBES2Count] to
//     [Policy.MaxPBES2Count], and "p2s" has at least [MinPBES2SaltSize]
//     bytes.
//   - AES-CBC-HMAC checks the full-length tag in constant time before any
//     decryption (no padding oracle); AES-GCM takes only 96-bit IVs and
//     128-bit tags. IV, tag, CEK and encrypted key lengths are checked
//     against "alg" and "enc".
//   - "zip" is inflated through a limit enforced while inflating, so that
//     a small token cannot expand into gigabytes. Compressing plaintext
//     that mixes secrets with attacker-chosen data leaks information
//     through the ciphertext length; see [EncrypterOptions.Compress].
//   - "crit" must be protected and list only extensions the caller
//     understands ([Policy.Critical]); a member may not appear in more
//     than one of the protected, shared unprotected and per-recipient
//     headers; "zip" must be protected.
//   - Input is checked in stages, structure, then policy, then
//     cryptography, and the first failing stage returns. Error messages
//     never contain keys, CEKs, plaintexts or tokens.
//   - Randomness comes from crypto/rand only.
//
// # Limits
//
// Each default has a [Policy] field that overrides it:
//
//   - a token or JSON document: [DefaultMaxTokenSize] (1 MiB), checked
//     before any other work;
//   - one header: [DefaultMaxHeaderSize] (16 KiB);
//   - the ciphertext: [DefaultMaxCiphertextSize] (1 MiB);
//   - the decompressed plaintext: [DefaultMaxDecompressedSize] (250,000
//     bytes);
//   - recipients of a JSON JWE: [DefaultMaxRecipients] (16);
//   - PBES2 "p2c": [DefaultMaxPBES2Count] (10,000); [Encrypter] uses
//     [DefaultPBES2Count], which the default policy accepts;
//   - PBES2 recipients tried per JSON JWE: [DefaultMaxPBES2Recipients] (4),
//     so one message costs at most that many PBKDF2 runs per password;
//
// JSON nesting is bounded at 8 levels. The work of one decryption is
// bounded by the number of recipients times the number of keys (or
// passwords) that fit each.
//
// [RFC 7516]: https://www.rfc-editor.org/rfc/rfc7516
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
// [RFC 1951]: https://www.rfc-editor.org/rfc/rfc1951
package jwe
