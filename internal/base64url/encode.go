package base64url

import "strings"

// alphabet is the base64url alphabet of RFC 4648 §5, indexed by 6-bit value.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// EncodedLen returns the length of the unpadded base64url encoding of n
// bytes. It returns 0 for a negative n.
func EncodedLen(n int) int {
	if n < 0 {
		return 0
	}
	return n/3*4 + (n%3*8+5)/6
}

// Encode returns the unpadded base64url encoding of src. It allocates
// only the result.
func Encode(src []byte) string {
	var b strings.Builder
	b.Grow(EncodedLen(len(src)))
	// Encode through a stack buffer so the result is the only allocation.
	var buf [768]byte
	for len(src) > 0 {
		n := min(len(src), len(buf)/4*3)
		b.Write(encode(buf[:0], src[:n]))
		src = src[n:]
	}
	return b.String()
}

// AppendEncode appends the unpadded base64url encoding of src to dst and
// returns the extended slice.
func AppendEncode(dst, src []byte) []byte {
	n := EncodedLen(len(src))
	if cap(dst)-len(dst) < n {
		grown := make([]byte, len(dst), len(dst)+n)
		copy(grown, dst)
		dst = grown
	}
	return encode(dst, src)
}

// encode appends the encoding of src to dst, which must have room for it.
func encode(dst, src []byte) []byte {
	for len(src) >= 3 {
		v := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		dst = append(dst, alphabet[v>>18&0x3f], alphabet[v>>12&0x3f], alphabet[v>>6&0x3f], alphabet[v&0x3f])
		src = src[3:]
	}
	switch len(src) {
	case 2:
		v := uint(src[0])<<16 | uint(src[1])<<8
		dst = append(dst, alphabet[v>>18&0x3f], alphabet[v>>12&0x3f], alphabet[v>>6&0x3f])
	case 1:
		v := uint(src[0]) << 16
		dst = append(dst, alphabet[v>>18&0x3f], alphabet[v>>12&0x3f])
	}
	return dst
}
