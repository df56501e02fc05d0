package base64url

import "encoding/binary"

// invalid marks bytes outside the alphabet in decodeTable. Every valid entry
// is below 64, so OR-ing the entries of a group and testing the top bits
// checks four characters at once.
const invalid = 0xff

// decodeTable maps each byte to its 6-bit value, or to invalid. It is built
// once from alphabet and never written afterwards.
var decodeTable = func() (t [256]byte) {
	for i := range t {
		t[i] = invalid
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// DecodedLen returns the number of bytes that an unpadded base64url input of
// n characters decodes to. It reports false, with 0, when no input of that
// length is valid: n is negative or n%4 == 1.
func DecodedLen(n int) (int, bool) {
	if n < 0 || n%4 == 1 {
		return 0, false
	}
	return n/4*3 + n%4*6/8, true
}

// Decode decodes the strict unpadded base64url string s and returns a fresh
// slice. The empty string decodes to an empty, non-nil slice. On failure it
// returns nil and a [*CorruptInputError] matching [ErrInvalid].
func Decode(s string) ([]byte, error) {
	n, ok := DecodedLen(len(s))
	if !ok {
		return nil, lengthError(s)
	}
	out := make([]byte, n)
	if err := decode(out, s); err != nil {
		return nil, err
	}
	return out, nil
}

// DecodeBytes is like [Decode] but takes its input as a byte slice, which it
// does not keep or modify.
func DecodeBytes(src []byte) ([]byte, error) {
	n, ok := DecodedLen(len(src))
	if !ok {
		return nil, lengthError(src)
	}
	out := make([]byte, n)
	if err := decode(out, src); err != nil {
		return nil, err
	}
	return out, nil
}

// AppendDecode decodes the strict unpadded base64url input src, appends the
// result to dst and returns the extended slice. It allocates only when dst
// lacks the capacity for the result (see [DecodedLen]). On failure it
// returns dst with its original length and a [*CorruptInputError] matching
// [ErrInvalid]; the spare capacity of dst may have been written to. src is
// neither kept nor modified.
func AppendDecode(dst, src []byte) ([]byte, error) {
	n, ok := DecodedLen(len(src))
	if !ok {
		return dst, lengthError(src)
	}
	l := len(dst)
	if cap(dst)-l < n {
		grown := make([]byte, l, l+n)
		copy(grown, dst)
		dst = grown
	}
	if err := decode(dst[l:l+n], src); err != nil {
		return dst[:l], err
	}
	return dst[:l+n], nil
}

// AppendDecodeString is [AppendDecode] for a string input, without
// converting it to a byte slice.
func AppendDecodeString(dst []byte, src string) ([]byte, error) {
	n, ok := DecodedLen(len(src))
	if !ok {
		return dst, lengthError(src)
	}
	l := len(dst)
	if cap(dst)-l < n {
		grown := make([]byte, l, l+n)
		copy(grown, dst)
		dst = grown
	}
	if err := decode(dst[l:l+n], src); err != nil {
		return dst[:l], err
	}
	return dst[:l+n], nil
}

// decode decodes src into out, which has exactly the length DecodedLen
// reports for src. Only the final group may be partial.
func decode[S string | []byte](out []byte, src S) error {
	t := &decodeTable
	i, j := 0, 0
	// Eight characters at a time while out has room for an 8-byte store;
	// the two extra bytes are overwritten by the next group.
	for len(src)-i >= 8 && len(out)-j >= 8 {
		g := src[i : i+8]
		a, b, c, d := t[g[0]], t[g[1]], t[g[2]], t[g[3]]
		e, f, h, k := t[g[4]], t[g[5]], t[g[6]], t[g[7]]
		if a|b|c|d|e|f|h|k >= 64 {
			break // the loop below finds the offending byte
		}
		v := uint64(a)<<58 | uint64(b)<<52 | uint64(c)<<46 | uint64(d)<<40 |
			uint64(e)<<34 | uint64(f)<<28 | uint64(h)<<22 | uint64(k)<<16
		binary.BigEndian.PutUint64(out[j:], v)
		i, j = i+8, j+6
	}
	for ; len(src)-i >= 4 && len(out)-j >= 3; i, j = i+4, j+3 {
		a, b, c, d := t[src[i]], t[src[i+1]], t[src[i+2]], t[src[i+3]]
		if a|b|c|d >= 64 {
			return firstError(src[i:i+4], i)
		}
		v := uint(a)<<18 | uint(b)<<12 | uint(c)<<6 | uint(d)
		out[j], out[j+1], out[j+2] = byte(v>>16), byte(v>>8), byte(v)
	}
	switch rest := src[i:]; len(rest) {
	case 0:
		return nil
	case 2:
		a, b := t[rest[0]], t[rest[1]]
		if a|b >= 64 {
			return firstError(rest, i)
		}
		// RFC 4648 §3.5: the 4 low bits of the last character are padding
		// and must be zero in the canonical encoding.
		if b&0x0f != 0 || len(out)-j != 1 {
			return &CorruptInputError{Offset: i + 1, Reason: reasonTrailingBits}
		}
		out[j] = a<<2 | b>>4
		return nil
	case 3:
		a, b, c := t[rest[0]], t[rest[1]], t[rest[2]]
		if a|b|c >= 64 {
			return firstError(rest, i)
		}
		// RFC 4648 §3.5: the 2 low bits of the last character must be zero.
		if c&0x03 != 0 || len(out)-j != 2 {
			return &CorruptInputError{Offset: i + 2, Reason: reasonTrailingBits}
		}
		out[j], out[j+1] = a<<2|b>>4, b<<4|c>>2
		return nil
	}
	// Unreachable for inputs whose length DecodedLen accepts.
	return &CorruptInputError{Offset: len(src) - 1, Reason: reasonLength}
}

// firstError returns the error for the first byte of group that is not in
// the alphabet, or nil if there is none. base is the offset of group in the
// input.
func firstError[S string | []byte](group S, base int) error {
	for k := range len(group) {
		if decodeTable[group[k]] == invalid {
			return invalidByte(base+k, group[k])
		}
	}
	return nil
}

// lengthError returns the error for an input whose length no encoding has:
// the first byte outside the alphabet if there is one, because that is the
// more useful report, else the length itself.
func lengthError[S string | []byte](src S) error {
	if err := firstError(src, 0); err != nil {
		return err
	}
	return &CorruptInputError{Offset: max(len(src)-1, 0), Reason: reasonLength}
}
