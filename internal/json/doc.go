// Package json implements a strict reader for the JSON objects that JOSE
// carries: JWS and JWE headers, JWKs and JWK sets, and JWT claims sets.
//
// [Parse] and [ParseObject] check a document against the grammar of
// [RFC 8259] in a single pass and return a [Value] or an [Object] with typed
// accessors. Member lookup is exact and case-sensitive.
//
// # Security
//
// [encoding/json] is too lenient for security headers: it keeps the last of
// two members with the same name, matches struct fields case-insensitively
// and replaces invalid UTF-8. This package refuses, with [ErrSyntax] unless
// said otherwise:
//
//   - anything outside the RFC 8259 grammar: comments, trailing commas,
//     single quotes, leading zeros ("01"), "+1", ".5", "1.", NaN and
//     Infinity, unescaped control characters in strings and unknown
//     escapes;
//   - a UTF-8 byte order mark (RFC 8259 §8.1 lets a parser ignore one; a
//     JOSE header never has one);
//   - invalid UTF-8 anywhere, including overlong forms and UTF-8 encoded
//     surrogates (RFC 8259 §8.1);
//   - escaped surrogates that do not form a pair, such as "\ud800" alone
//     (RFC 8259 §8.2 leaves their meaning unpredictable, so a name or value
//     containing one is not accepted);
//   - two members with the same name in one object, at every level, with
//     [ErrDuplicateMember]; names are compared after unescaping, so
//     {"a":1,"\u0061":2} is refused. RFC 7515 §4 and RFC 7516 §4 allow a
//     parser to reject duplicates or keep the last; keeping the last lets
//     two parsers see different headers, so this package rejects them
//     (RFC 8725 §3.1 asks for unambiguous inputs);
//   - anything but whitespace after the top-level value.
//
// Errors are [*Error] values that name the member path and byte offset and
// match one of the sentinels with [errors.Is].
//
// # Limits
//
// An input longer than [Limits.MaxSize] ([DefaultMaxSize], 1 MiB, unless
// set) is refused with [ErrTooLarge] before any scanning. Objects and arrays
// nested deeper than [Limits.MaxDepth] ([DefaultMaxDepth], 32, unless set;
// the top-level object is depth 1) are refused with [ErrTooDeep]. The parser
// keeps its own stack rather than recursing, and its work is linear in the
// input: duplicate names are found with a linear scan in small objects and
// with a map in objects with more than a few members. Memory is linear too:
// a parse allocates a copy of the input and about 20 bytes per value, in
// total at most about 40 bytes per input byte for the worst shapes, such as
// [0,0,...]; callers that parse untrusted input set MaxSize accordingly.
//
// [RFC 8259]: https://www.rfc-editor.org/rfc/rfc8259
package json
