package jws

import (
	"strconv"
	"strings"

	"github.com/jose-suite/jose/internal/base64url"
)

// compactParts are the three parts of a compact JWS (RFC 7515 §7.1), as
// they appear.
type compactParts struct {
	protected, payload, signature string
}

// splitCompact cuts a compact JWS into its parts. It counts the separators
// first, so that input with any number of dots costs one pass, and refuses
// anything but exactly three parts.
func splitCompact(token string) (compactParts, error) {
	if n := strings.Count(token, "."); n != 2 {
		reason := "has " + strconv.Itoa(n+1) + " parts, want 3"
		if n == 0 {
			reason = "has 1 part, want 3"
		}
		if n == 4 {
			reason += " (five parts is a JWE)"
		}
		return compactParts{}, malformed("token", reason)
	}
	protected, rest, _ := strings.Cut(token, ".")
	payload, signature, _ := strings.Cut(rest, ".")
	return compactParts{protected, payload, signature}, nil
}

// appendCompact appends protectedB64 "." payloadPart "." BASE64URL(sig).
func appendCompact(dst []byte, protectedB64, payloadPart string, sig []byte) []byte {
	dst = append(dst, protectedB64...)
	dst = append(dst, '.')
	dst = append(dst, payloadPart...)
	dst = append(dst, '.')
	return base64url.AppendEncode(dst, sig)
}

// appendSigningInput appends the JWS Signing Input (RFC 7515 §5.1 step 4,
// RFC 7797 §3): ASCII(protectedB64) "." and the payload, base64url-encoded
// unless unencoded.
func appendSigningInput(dst []byte, protectedB64 string, payload []byte, unencoded bool) []byte {
	dst = append(dst, protectedB64...)
	dst = append(dst, '.')
	if unencoded {
		return append(dst, payload...)
	}
	return base64url.AppendEncode(dst, payload)
}
