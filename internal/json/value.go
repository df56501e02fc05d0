package json

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a [Value].
type Kind uint8

// The JSON types. The zero Kind belongs to the zero [Value] only.
const (
	KindNull Kind = iota + 1
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

// String returns the JSON name of the type: "null", "boolean", "number",
// "string", "array" or "object", and "invalid" for any other Kind.
func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "boolean"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindArray:
		return "array"
	case KindObject:
		return "object"
	}
	return "invalid"
}

// document is what all values of one parse share.
type document struct {
	// data is the caller's input, which Raw returns slices of.
	data []byte
	// src is a private copy of data. Names and strings are cut from it, so
	// they stay valid and unchanged whatever happens to data.
	src string
	// members holds the members of every object, each object's members
	// contiguous and in document order.
	members []member
	// elems holds the elements of every array in the same way.
	elems []node
}

// node is a value within a document. It is kept small because a document
// holds one per value: at most MaxSize/2 of them.
type node struct {
	start, end int32 // the value is src[start:end]
	lo, hi     int32 // children: members[lo:hi] or elems[lo:hi]
	kind       Kind
	escaped    bool // a string with at least one backslash escape
}

// member is a name and value as a document stores them.
type member struct {
	name string
	n    node
}

// Value is a validated JSON value. The zero Value has no Kind and every
// accessor returns [ErrType] for it. Values are immutable and safe for
// concurrent use.
type Value struct {
	d *document
	n node
}

// Kind returns the JSON type of v.
func (v Value) Kind() Kind {
	return v.n.kind
}

// Raw returns the exact bytes of v in the input, validated. The slice shares
// memory with the input given to [Parse]; the caller must not modify it.
// It returns nil for the zero Value.
func (v Value) Raw() []byte {
	if v.d == nil {
		return nil
	}
	return v.d.data[v.n.start:v.n.end:v.n.end]
}

// literal returns the text of v.
func (v Value) literal() string {
	if v.d == nil {
		return ""
	}
	return v.d.src[v.n.start:v.n.end]
}

// offset returns the offset of v in the input, or -1 for the zero Value.
func (v Value) offset() int {
	if v.d == nil {
		return -1
	}
	return int(v.n.start)
}

// typeError returns the [ErrType] error for asking v for a want.
func (v Value) typeError(want Kind) error {
	return &Error{Offset: v.offset(), Err: ErrType, Detail: "got " + v.n.kind.String() + ", want " + want.String()}
}

// numberError returns an error about number v.
func (v Value) numberError(sentinel error, detail string) error {
	return &Error{Offset: v.offset(), Err: sentinel, Detail: detail}
}

// String returns the content of a JSON string with its escapes decoded. A
// string without escapes costs no allocation. It returns [ErrType] if v is
// not a string.
func (v Value) String() (string, error) {
	if v.n.kind != KindString {
		return "", v.typeError(KindString)
	}
	s := v.d.src[v.n.start+1 : v.n.end-1]
	if !v.n.escaped {
		return s, nil
	}
	return unescape(s), nil
}

// Bool returns the value of a JSON true or false, or [ErrType] if v is not
// one.
func (v Value) Bool() (bool, error) {
	if v.n.kind != KindBool {
		return false, v.typeError(KindBool)
	}
	return v.d.src[v.n.start] == 't', nil
}

// Int64 returns the value of a JSON number written as an integer, without a
// fraction or exponent. It returns [ErrType] if v is not a number or not
// written as an integer ("1.0" and "1e3" are not), and [ErrNumberRange] if
// the integer does not fit in an int64. "-0" is 0.
func (v Value) Int64() (int64, error) {
	if v.n.kind != KindNumber {
		return 0, v.typeError(KindNumber)
	}
	lit := v.literal()
	if strings.ContainsAny(lit, ".eE") {
		return 0, v.numberError(ErrType, "number is not an integer")
	}
	// An int64 has at most 19 digits; refusing longer literals early keeps
	// strconv from copying a long one into its error.
	if len(strings.TrimPrefix(lit, "-")) > 19 {
		return 0, v.numberError(ErrNumberRange, "integer does not fit in int64")
	}
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, v.numberError(ErrNumberRange, "integer does not fit in int64")
		}
		// Unreachable: the literal has been validated.
		return 0, v.numberError(ErrSyntax, "invalid integer")
	}
	return n, nil
}

// Float64 returns the value of a JSON number, rounded to the nearest
// float64. It returns [ErrType] if v is not a number and [ErrNumberRange] if
// the magnitude is too large for a finite float64 (such as 1e400). A number
// too small for a float64 rounds to zero.
func (v Value) Float64() (float64, error) {
	if v.n.kind != KindNumber {
		return 0, v.typeError(KindNumber)
	}
	f, err := strconv.ParseFloat(v.literal(), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, v.numberError(ErrNumberRange, "number does not fit in float64")
		}
		// Unreachable: the literal has been validated.
		return 0, v.numberError(ErrSyntax, "invalid number")
	}
	return f, nil
}

// Number returns the literal text of a JSON number, or [ErrType] if v is not
// a number.
func (v Value) Number() (string, error) {
	if v.n.kind != KindNumber {
		return "", v.typeError(KindNumber)
	}
	return v.literal(), nil
}

// Object returns v as an [Object], or [ErrType] if v is not an object.
func (v Value) Object() (Object, error) {
	if v.n.kind != KindObject {
		return Object{}, v.typeError(KindObject)
	}
	return Object{v: v}, nil
}

// Array returns the elements of a JSON array in document order, in a fresh
// slice, or [ErrType] if v is not an array.
func (v Value) Array() ([]Value, error) {
	if v.n.kind != KindArray {
		return nil, v.typeError(KindArray)
	}
	elems := v.d.elems[v.n.lo:v.n.hi]
	out := make([]Value, len(elems))
	for i, n := range elems {
		out[i] = Value{d: v.d, n: n}
	}
	return out, nil
}

// Len returns the number of elements of an array or members of an object,
// and 0 for any other value.
func (v Value) Len() int {
	return int(v.n.hi - v.n.lo)
}

// StringArray returns the strings of an array whose elements are all
// strings, in a fresh slice. It returns [ErrType] if v is not an array, or
// if an element is not a string, with the element's index as the error's
// Path.
func (v Value) StringArray() ([]string, error) {
	if v.n.kind != KindArray {
		return nil, v.typeError(KindArray)
	}
	elems := v.d.elems[v.n.lo:v.n.hi]
	out := make([]string, len(elems))
	for i, n := range elems {
		s, err := Value{d: v.d, n: n}.String()
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.Path = string(appendPathIndex(nil, i))
			}
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// unescape decodes the escapes of the validated content of a JSON string.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 || i+1 >= len(s) {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		c := s[i+1]
		s = s[i+2:]
		switch c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s)
			if !ok {
				r = utf8.RuneError
			} else {
				s = s[4:]
			}
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), false
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2, ok = hex4(s[2:])
				}
				if r = utf16.DecodeRune(r, r2); ok && r != utf8.RuneError {
					s = s[6:]
				}
			}
			b.WriteRune(r)
		default: // '"', '\\' and '/' stand for themselves
			b.WriteByte(c)
		}
	}
}

// hex4 decodes the four hexadecimal digits at the start of s.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for i := range 4 {
		d, ok := hexDigit(s[i])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// hexDigit returns the value of hexadecimal digit c.
func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
