// Package base64url implements the strict unpadded base64url encoding that
// JOSE uses for every compact serialization and every binary JSON member
// ([RFC 7515] §2, "Base64url Encoding"; alphabet from [RFC 4648] §5).
//
// # Security
//
// Decoding accepts exactly one spelling of each byte string, so that two
// different texts can never stand for the same header, payload, signature
// or key. It refuses:
//
//   - "=" padding, which RFC 7515 §2 says is omitted;
//   - whitespace and line breaks, including "\r" and "\n", which
//     [encoding/base64] silently skips (RFC 7515 §2: "no line breaks,
//     whitespace, or other additional characters");
//   - any byte outside A-Z, a-z, 0-9, "-" and "_", including the "+" and "/"
//     of standard base64;
//   - a length that leaves a single character in the final group, which no
//     byte string encodes to;
//   - non-zero trailing bits in the final group, which RFC 4648 §3.5 allows a
//     decoder to reject (for example "QR" instead of "QQ" for "A").
//
// Every decoding error matches [ErrInvalid] with [errors.Is] and is a
// [*CorruptInputError] that names the offset and the reason.
//
// # Limits
//
// The package imposes no size limit of its own; callers bound their input
// before decoding it. Decoding is linear in the input, and [AppendDecode]
// into a large enough buffer does not allocate.
//
// [RFC 7515]: https://www.rfc-editor.org/rfc/rfc7515
// [RFC 4648]: https://www.rfc-editor.org/rfc/rfc4648
package base64url
