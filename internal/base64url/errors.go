package base64url

import (
	"errors"
	"strconv"
)

// ErrInvalid is the sentinel that every decoding error matches with
// [errors.Is].
var ErrInvalid = errors.New("base64url: invalid encoding")

// CorruptInputError describes why an input is not strict unpadded base64url.
// It matches [ErrInvalid] with [errors.Is].
type CorruptInputError struct {
	// Offset is the byte offset of the offending character in the input.
	Offset int
	// Reason says what is wrong with it.
	Reason string
}

// Error returns a message naming the offset and the reason.
func (e *CorruptInputError) Error() string {
	return "base64url: invalid encoding at offset " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalid].
func (e *CorruptInputError) Is(target error) bool {
	return target == ErrInvalid
}

// Reasons used in [CorruptInputError.Reason].
const (
	reasonPadding      = "padding character '=' not allowed"
	reasonWhitespace   = "whitespace not allowed"
	reasonStdAlphabet  = "character from the standard base64 alphabet not allowed"
	reasonCharacter    = "character outside the base64url alphabet"
	reasonLength       = "input length leaves a single character in the final group"
	reasonTrailingBits = "non-zero trailing bits in the final character"
)

// invalidByte returns the error for a byte at offset that is not in the
// alphabet.
func invalidByte(offset int, c byte) error {
	reason := reasonCharacter
	switch c {
	case '=':
		reason = reasonPadding
	case ' ', '\t', '\n', '\r', '\v', '\f':
		reason = reasonWhitespace
	case '+', '/':
		reason = reasonStdAlphabet
	}
	return &CorruptInputError{Offset: offset, Reason: reason}
}
