package json

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error this package returns is an [*Error] that
// matches exactly one of them with [errors.Is].
var (
	// ErrSyntax reports input outside the RFC 8259 grammar or the rules in
	// the package documentation.
	ErrSyntax = errors.New("json: syntax error")
	// ErrDuplicateMember reports an object with two members of the same name.
	ErrDuplicateMember = errors.New("json: duplicate member name")
	// ErrTooLarge reports input longer than [Limits.MaxSize].
	ErrTooLarge = errors.New("json: input too large")
	// ErrTooDeep reports nesting deeper than [Limits.MaxDepth].
	ErrTooDeep = errors.New("json: nesting too deep")
	// ErrType reports an accessor asked for a type the value does not have.
	ErrType = errors.New("json: wrong type")
	// ErrNumberRange reports a number that does not fit the requested Go type.
	ErrNumberRange = errors.New("json: number out of range")
)

// Error describes a failure and where it happened. It matches its Err with
// [errors.Is] through Unwrap.
type Error struct {
	// Path names the member or element concerned, such as `keys[2].kty`;
	// it is empty for the top-level value. Member names that are not plain
	// printable ASCII, or that contain '.', '[' or ']', are written as
	// ["name"] in Go quoted form.
	Path string
	// Offset is the byte offset in the input, or -1 when none applies.
	Offset int
	// Err is one of the package's sentinel errors.
	Err error
	// Detail says what was wrong.
	Detail string
}

// maxPathInMessage bounds how much of Path an error message repeats, since
// member names come from untrusted input.
const maxPathInMessage = 128

// Error returns the sentinel's message followed by the path, offset and
// detail.
func (e *Error) Error() string {
	msg := "json: error"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Path != "" {
		p := e.Path
		if len(p) > maxPathInMessage {
			p = strconv.QuoteToASCII(p[:maxPathInMessage]) + "..."
		}
		msg += " at " + p
	}
	if e.Offset >= 0 {
		msg += " (offset " + strconv.Itoa(e.Offset) + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error {
	return e.Err
}

// appendPathName appends the path segment for member name to path.
func appendPathName(path []byte, name string) []byte {
	if plainName(name) {
		if len(path) > 0 {
			path = append(path, '.')
		}
		return append(path, name...)
	}
	path = append(path, '[')
	path = strconv.AppendQuote(path, name)
	return append(path, ']')
}

// appendPathIndex appends the path segment for array index i to path.
func appendPathIndex(path []byte, i int) []byte {
	path = append(path, '[')
	path = strconv.AppendInt(path, int64(i), 10)
	return append(path, ']')
}

// plainName reports whether name can appear in a path unquoted.
func plainName(name string) bool {
	if name == "" {
		return false
	}
	for i := range len(name) {
		switch c := name[i]; {
		case c <= ' ' || c >= 0x7f, c == '.', c == '[', c == ']', c == '"', c == '\\':
			return false
		}
	}
	return true
}

// namePath returns the path of member name in an object at the top level.
func namePath(name string) string {
	if plainName(name) {
		return name
	}
	return string(appendPathName(nil, name))
}

// prefixPath returns err with the path of member name prepended to its Path
// when err is an [*Error], and err unchanged otherwise.
func prefixPath(err error, name string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	p := appendPathName(nil, name)
	if e.Path != "" {
		if e.Path[0] != '[' {
			p = append(p, '.')
		}
		p = append(p, e.Path...)
	}
	e2 := *e
	e2.Path = string(p)
	return &e2
}
