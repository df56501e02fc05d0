package json

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Default limits, used where a [Limits] field is zero.
const (
	// DefaultMaxSize is the default maximum input size in bytes.
	DefaultMaxSize = 1 << 20
	// DefaultMaxDepth is the default maximum nesting of objects and arrays;
	// the top-level object is at depth 1.
	DefaultMaxDepth = 32
)

// Limits bounds the input that [Parse] and [ParseObject] accept. A field
// that is zero or negative means its default.
type Limits struct {
	// MaxSize is the maximum input length in bytes; longer input fails
	// with [ErrTooLarge] before any scanning. Default [DefaultMaxSize];
	// values above 1<<31 - 1 mean 1<<31 - 1.
	MaxSize int
	// MaxDepth is the maximum nesting of objects and arrays, counting the
	// top-level value as depth 1; deeper input fails with [ErrTooDeep].
	// Default [DefaultMaxDepth].
	MaxDepth int
}

// maxSupportedSize is the largest input the parser's 32-bit offsets
// cover.
const maxSupportedSize = math.MaxInt32

// linearLimit is the number of members up to which duplicate names are
// found by comparing with each earlier name; larger objects use a map so
// that the work stays linear.
const linearLimit = 16

// initialMembers caps the capacity the member stack starts with, so that a
// document full of ':' cannot make the parser reserve memory in proportion.
const initialMembers = 32

// initialElems is the capacity a stack starts with when it first grows.
const initialElems = 4

// Parse validates data as a single JSON value and returns it.
//
// The result keeps data: [Value.Raw] and [Object.Raw] return slices of it,
// so the caller must not modify data while the result is in use. Names and
// strings are copied and never change. Values are immutable and safe for
// concurrent use.
//
// It returns an [*Error] matching [ErrTooLarge] if data is longer than
// lim.MaxSize (checked before any scanning), [ErrTooDeep] if values nest
// deeper than lim.MaxDepth, [ErrDuplicateMember] if an object repeats a
// member name, and [ErrSyntax] for anything else the package documentation
// lists, including empty input.
func Parse(data []byte, lim Limits) (Value, error) {
	maxSize, maxDepth := lim.MaxSize, lim.MaxDepth
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	maxSize = min(maxSize, maxSupportedSize)
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	if len(data) > maxSize {
		return Value{}, &Error{Offset: -1, Err: ErrTooLarge,
			Detail: "input is " + strconv.Itoa(len(data)) + " bytes, limit is " + strconv.Itoa(maxSize)}
	}
	if len(data) == 0 {
		return Value{}, &Error{Offset: 0, Err: ErrSyntax, Detail: "empty input"}
	}
	// RFC 8259 §8.1: a parser MAY ignore a byte order mark; this one
	// refuses it, since no JOSE producer writes one.
	if len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf {
		return Value{}, &Error{Offset: 0, Err: ErrSyntax, Detail: "byte order mark not allowed"}
	}
	src := string(data)
	p := parser{
		d:        &document{data: data, src: src},
		s:        src,
		maxDepth: maxDepth,
	}
	if n := strings.Count(src, ":"); n > 0 {
		p.mstack = make([]member, 0, min(n, initialMembers))
	}
	n, err := p.parse()
	if err != nil {
		return Value{}, err
	}
	return Value{d: p.d, n: n}, nil
}

// ParseObject is like [Parse] but requires the top-level value to be an
// object, and returns an [*Error] matching [ErrType] if it is not.
func ParseObject(data []byte, lim Limits) (Object, error) {
	v, err := Parse(data, lim)
	if err != nil {
		return Object{}, err
	}
	return v.Object()
}

// frame is an object or array being parsed.
type frame struct {
	object bool
	start  int // offset of '{' or '['
	mark   int // length of the member or element stack when opened
	count  int // members or elements completed so far
	// name is the name of the member whose value is being parsed, valid
	// when hasName is set.
	name    string
	hasName bool
	// names holds the names of an object once it has more than
	// linearLimit members.
	names map[string]struct{}
}

// parser holds the state of one Parse. It keeps its own stack of open
// objects and arrays instead of recursing, so depth costs no Go stack.
type parser struct {
	d        *document
	s        string
	i        int
	maxDepth int
	// The open containers, innermost last: the first few in fixed, the
	// rest in more. (A slice of fixed would make the parser point into
	// itself and move it to the heap.)
	depth int
	fixed [fixedFrames]frame
	more  []frame
	// mstack and vstack hold the members and elements of the open objects
	// and arrays; a closed container's children move to the document.
	mstack []member
	vstack []node
}

// parse parses the whole input.
func (p *parser) parse() (node, error) {
	for {
		v, done, err := p.value()
		if err != nil {
			return node{}, err
		}
		for done {
			if p.depth == 0 {
				p.skipSpace()
				if p.i != len(p.s) {
					return node{}, p.syntaxError(p.i, "unexpected "+describe(p.s[p.i])+" after top-level value")
				}
				return v, nil
			}
			v, done, err = p.next(v)
			if err != nil {
				return node{}, err
			}
		}
	}
}

// value parses the value at p.i. It returns done == false when the value
// is a non-empty object or array: the container was opened and its first
// child comes next.
func (p *parser) value() (v node, done bool, err error) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return node{}, false, p.eofError()
	}
	start := p.i
	switch c := p.s[p.i]; c {
	case '{', '[':
		if p.depth >= p.maxDepth {
			return node{}, false, &Error{Path: p.path(), Offset: start, Err: ErrTooDeep,
				Detail: "nesting deeper than " + strconv.Itoa(p.maxDepth)}
		}
		f := frame{object: c == '{', start: start, mark: len(p.vstack)}
		if f.object {
			f.mark = len(p.mstack)
		}
		p.open(f)
		p.i++
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == c+2 { // '}' or ']'
			p.i++
			return p.close(), true, nil
		}
		if f.object {
			if err := p.name(); err != nil {
				return node{}, false, err
			}
		}
		return node{}, false, nil
	case '"':
		escaped, err := p.str()
		if err != nil {
			return node{}, false, err
		}
		return node{start: int32(start), end: int32(p.i), kind: KindString, escaped: escaped}, true, nil
	case 't':
		return p.literal("true", KindBool)
	case 'f':
		return p.literal("false", KindBool)
	case 'n':
		return p.literal("null", KindNull)
	default:
		if c == '-' || '0' <= c && c <= '9' {
			if err := p.number(); err != nil {
				return node{}, false, err
			}
			return node{start: int32(start), end: int32(p.i), kind: KindNumber}, true, nil
		}
		return node{}, false, p.syntaxError(p.i, "unexpected "+describe(c)+" looking for a value")
	}
}

// next adds the completed value v to the innermost open container and reads
// what follows it: after a comma it returns done == false with the next
// child to come; after the closing bracket it returns the closed container
// as a completed value.
func (p *parser) next(v node) (node, bool, error) {
	f := p.top()
	if f.object {
		p.mstack = push(p.mstack, member{name: f.name, n: v})
		f.hasName = false
	} else {
		p.vstack = push(p.vstack, v)
	}
	f.count++
	p.skipSpace()
	if p.i >= len(p.s) {
		return node{}, false, p.separatorError(p.i, "unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == ',':
		p.i++
		if f.object {
			p.skipSpace()
			if err := p.name(); err != nil {
				return node{}, false, err
			}
		}
		return node{}, false, nil
	case f.object && c == '}', !f.object && c == ']':
		p.i++
		return p.close(), true, nil
	case f.object:
		return node{}, false, p.separatorError(p.i, "unexpected "+describe(c)+" after object member, want ',' or '}'")
	default:
		return node{}, false, p.separatorError(p.i, "unexpected "+describe(c)+" after array element, want ',' or ']'")
	}
}

// close pops the innermost container, whose closing bracket has just been
// read, moves its children to the document and returns it.
func (p *parser) close() node {
	f := p.top()
	v := node{start: int32(f.start), end: int32(p.i), kind: KindArray}
	if f.object {
		v.kind = KindObject
		v.lo, v.hi = moveChildren(&p.d.members, &p.mstack, f.mark)
	} else {
		v.lo, v.hi = moveChildren(&p.d.elems, &p.vstack, f.mark)
	}
	*f = frame{}
	p.depth--
	if p.depth >= len(p.fixed) {
		p.more = p.more[:p.depth-len(p.fixed)]
	}
	return v
}

// moveChildren moves the children of a closed container, (*stack)[mark:],
// to the end of *done and returns their range there. When they are the
// whole stack and *done is empty, as for a document that is a single
// object, the stack itself becomes *done. Like push, it at least doubles
// the capacity when it grows *done.
func moveChildren[T any](done, stack *[]T, mark int) (lo, hi int32) {
	if mark == 0 && len(*done) == 0 {
		*done, *stack = *stack, nil
		return 0, int32(len(*done))
	}
	lo = int32(len(*done))
	children := (*stack)[mark:]
	if cap(*done)-len(*done) < len(children) {
		*done = slices.Grow(*done, max(len(*done), len(children), initialElems))
	}
	*done = append(*done, children...)
	clear((*stack)[mark:])
	*stack = (*stack)[:mark]
	return lo, int32(len(*done))
}

// push appends x to the stack s, doubling its capacity when full so that
// the total allocated stays within twice the final size.
func push[T any](s []T, x T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), initialElems))
	}
	return append(s, x)
}

// fixedFrames is how many open containers the parser tracks without
// allocating.
const fixedFrames = 4

// open records a container that has just been opened.
func (p *parser) open(f frame) {
	if p.depth < len(p.fixed) {
		p.fixed[p.depth] = f
	} else {
		p.more = append(p.more, f)
	}
	p.depth++
}

// frame returns the ith open container, counting from the outermost.
func (p *parser) frame(i int) *frame {
	if i < len(p.fixed) {
		return &p.fixed[i]
	}
	return &p.more[i-len(p.fixed)]
}

// top returns the innermost open container.
func (p *parser) top() *frame {
	return p.frame(p.depth - 1)
}

// name parses a member name and the colon after it, and checks that the
// innermost object has no other member of that name.
func (p *parser) name() error {
	f := p.top()
	if p.i >= len(p.s) {
		return p.eofError()
	}
	if p.s[p.i] != '"' {
		return p.syntaxError(p.i, "unexpected "+describe(p.s[p.i])+" looking for a member name")
	}
	start := p.i
	escaped, err := p.str()
	if err != nil {
		return err
	}
	name := p.s[start+1 : p.i-1]
	if escaped {
		name = unescape(name)
	}
	f.name, f.hasName = name, true
	if p.duplicate(f, name) {
		return &Error{Path: p.path(), Offset: start, Err: ErrDuplicateMember}
	}
	p.skipSpace()
	if p.i >= len(p.s) {
		return p.eofError()
	}
	if p.s[p.i] != ':' {
		return p.syntaxError(p.i, "unexpected "+describe(p.s[p.i])+" after member name")
	}
	p.i++
	return nil
}

// duplicate reports whether the object f already has a member called name,
// and records name.
func (p *parser) duplicate(f *frame, name string) bool {
	if f.names == nil {
		members := p.mstack[f.mark:]
		if len(members) < linearLimit {
			for i := range members {
				if members[i].name == name {
					return true
				}
			}
			return false
		}
		f.names = make(map[string]struct{}, 2*len(members))
		for i := range members {
			f.names[members[i].name] = struct{}{}
		}
	}
	if _, ok := f.names[name]; ok {
		return true
	}
	f.names[name] = struct{}{}
	return false
}

// literal parses true, false or null.
func (p *parser) literal(lit string, kind Kind) (node, bool, error) {
	start := p.i
	if !strings.HasPrefix(p.s[p.i:], lit) {
		// Report the first byte that differs.
		i := p.i
		for k := 0; k < len(lit) && i < len(p.s) && p.s[i] == lit[k]; k++ {
			i++
		}
		if i >= len(p.s) {
			return node{}, false, p.eofError()
		}
		return node{}, false, p.syntaxError(i, "unexpected "+describe(p.s[i])+" in literal "+lit)
	}
	p.i += len(lit)
	return node{start: int32(start), end: int32(p.i), kind: kind}, true, nil
}

// number parses a number (RFC 8259 §6):
//
//	number = [ minus ] int [ frac ] [ exp ]
//	int    = zero / ( digit1-9 *DIGIT )
//	frac   = decimal-point 1*DIGIT
//	exp    = e [ minus / plus ] 1*DIGIT
func (p *parser) number() error {
	s, i := p.s, p.i
	if s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return p.eofError()
	case s[i] == '0':
		i++
		if i < len(s) && isDigit(s[i]) {
			return p.syntaxError(i, "leading zero in number")
		}
	case isDigit(s[i]):
		i = skipDigits(s, i+1)
	default:
		return p.syntaxError(i, "unexpected "+describe(s[i])+" in number, want digit")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) {
			return p.eofError()
		}
		if !isDigit(s[i]) {
			return p.syntaxError(i, "unexpected "+describe(s[i])+" after decimal point, want digit")
		}
		i = skipDigits(s, i+1)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) {
			return p.eofError()
		}
		if !isDigit(s[i]) {
			return p.syntaxError(i, "unexpected "+describe(s[i])+" in exponent, want digit")
		}
		i = skipDigits(s, i+1)
	}
	p.i = i
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipDigits returns the offset of the first non-digit at or after i.
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// plainByte is true for the bytes that stand for themselves inside a
// string: printable ASCII other than '"' and '\\' (RFC 8259 §7 "unescaped").
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str parses the string that starts at p.i (RFC 8259 §7) and reports
// whether it contains escapes.
func (p *parser) str() (escaped bool, err error) {
	s := p.s
	i := p.i + 1
	for {
		for i < len(s) && plainByte[s[i]] {
			i++
		}
		if i >= len(s) {
			return false, p.eofError()
		}
		switch c := s[i]; {
		case c == '"':
			p.i = i + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			n, err := p.escape(i)
			if err != nil {
				return false, err
			}
			i += n
		case c < 0x20:
			return false, p.syntaxError(i, "control character "+describe(c)+" in string")
		default:
			// RFC 8259 §8.1: text is UTF-8. DecodeRuneInString reports
			// overlong forms, surrogates and values above U+10FFFF as
			// errors of width 1.
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return false, p.syntaxError(i, "invalid UTF-8 in string")
			}
			i += n
		}
	}
}

// escape checks the escape sequence at offset i and returns its length.
func (p *parser) escape(i int) (int, error) {
	s := p.s
	if i+1 >= len(s) {
		return 0, p.eofError()
	}
	switch s[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
	default:
		return 0, p.syntaxError(i, "invalid escape \\"+describeRaw(s[i+1])+" in string")
	}
	r, ok := hex4(s[i+2:])
	if !ok {
		if len(s)-(i+2) < 4 && isHexPrefix(s[i+2:]) {
			return 0, p.eofError()
		}
		return 0, p.syntaxError(i, "invalid \\u escape in string")
	}
	if !utf16.IsSurrogate(r) {
		return 6, nil
	}
	// RFC 8259 §8.2: an escaped surrogate must be the high half of a pair
	// followed by the escaped low half; anything else is refused.
	if r >= 0xdc00 {
		return 0, p.syntaxError(i, "unpaired low surrogate escape in string")
	}
	if rest := s[i+6:]; len(rest) >= 6 && rest[0] == '\\' && rest[1] == 'u' {
		if r2, ok := hex4(rest[2:]); ok && 0xdc00 <= r2 && r2 <= 0xdfff {
			return 12, nil
		}
	}
	return 0, p.syntaxError(i, "unpaired high surrogate escape in string")
}

// isHexPrefix reports whether s is made of hexadecimal digits only.
func isHexPrefix(s string) bool {
	for i := range len(s) {
		if _, ok := hexDigit(s[i]); !ok {
			return false
		}
	}
	return true
}

// skipSpace skips the four whitespace bytes of RFC 8259 §2.
func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// path returns the path to the value being parsed.
func (p *parser) path() string {
	return p.pathTo(p.depth)
}

// pathTo returns the path to the value being parsed in the nth open
// container, or to the top-level value for n == 0.
func (p *parser) pathTo(n int) string {
	var b []byte
	for i := range n {
		f := p.frame(i)
		switch {
		case f.object && f.hasName:
			b = appendPathName(b, f.name)
		case !f.object:
			b = appendPathIndex(b, f.count)
		}
	}
	return string(b)
}

// syntaxError returns an [ErrSyntax] error at offset.
func (p *parser) syntaxError(offset int, detail string) error {
	return &Error{Path: p.path(), Offset: offset, Err: ErrSyntax, Detail: detail}
}

// separatorError returns an [ErrSyntax] error at offset for a byte where
// a ',' or the end of the innermost container was expected; the path
// names the container.
func (p *parser) separatorError(offset int, detail string) error {
	return &Error{Path: p.pathTo(p.depth - 1), Offset: offset, Err: ErrSyntax, Detail: detail}
}

// eofError returns the error for input that ends too early.
func (p *parser) eofError() error {
	return p.syntaxError(len(p.s), "unexpected end of input")
}

// describe names byte c for an error message without echoing more of the
// input than that byte.
func describe(c byte) string {
	if 0x20 < c && c < 0x7f {
		return "character '" + string(rune(c)) + "'"
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

// describeRaw writes byte c as itself when printable, else in hex.
func describeRaw(c byte) string {
	if 0x20 < c && c < 0x7f {
		return string(rune(c))
	}
	return "x" + strconv.FormatUint(uint64(c), 16)
}
