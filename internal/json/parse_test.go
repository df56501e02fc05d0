package json

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// specChoices records where RFC 8259 and the JOSE RFCs leave a parser a
// choice, and what this package decides. Tests read this table; change a
// decision here and in the package documentation together.
var specChoices = []struct {
	name    string
	rfc     string
	input   string
	wantErr error // nil means accepted by Parse
}{
	{"duplicate member names", "RFC 7515 §4, RFC 7516 §4, RFC 7519 §4: reject or keep the last; RFC 8259 §4: names SHOULD be unique", `{"alg":"none","alg":"ES256"}`, ErrDuplicateMember},
	{"duplicate names after unescaping", "RFC 8259 §8.3: compare names after unescaping", `{"a":1,"\u0061":2}`, ErrDuplicateMember},
	{"byte order mark", "RFC 8259 §8.1: implementations MAY ignore a BOM", "\xef\xbb\xbf{}", ErrSyntax},
	{"unpaired escaped surrogate", "RFC 8259 §8.2: behaviour unpredictable", `{"a":"\ud800"}`, ErrSyntax},
	{"invalid UTF-8", "RFC 8259 §8.1: text MUST be UTF-8", "{\"a\":\"\xff\"}", ErrSyntax},
	{"names differing in case", "RFC 7515 §4: member names are case-sensitive", `{"kid":"a","KID":"b"}`, nil},
	{"scalar at the top level", "RFC 8259 §2: a JSON text is any value; ParseObject then asks for an object", `"x"`, nil},
	{"integer beyond int64 and float64 precision", "RFC 8259 §6: implementations may limit range; checked by the accessors", `123456789012345678901234567890`, nil},
}

func TestSpecChoices(t *testing.T) {
	t.Parallel()
	for _, c := range specChoices {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(c.input), Limits{})
			if c.wantErr == nil && err != nil {
				t.Errorf("Parse(%q) = %v, want success (%s)", c.input, err, c.rfc)
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Errorf("Parse(%q) error = %v, want %v (%s)", c.input, err, c.wantErr, c.rfc)
			}
		})
	}
}

// canon converts v into the Go values encoding/json produces with
// UseNumber, for comparing the two.
func canon(t testing.TB, v Value) any {
	t.Helper()
	switch v.Kind() {
	case KindNull:
		return nil
	case KindBool:
		b, err := v.Bool()
		if err != nil {
			t.Fatal(err)
		}
		return b
	case KindNumber:
		n, err := v.Number()
		if err != nil {
			t.Fatal(err)
		}
		return stdjson.Number(n)
	case KindString:
		s, err := v.String()
		if err != nil {
			t.Fatal(err)
		}
		return s
	case KindArray:
		elems, err := v.Array()
		if err != nil {
			t.Fatal(err)
		}
		out := []any{}
		for _, e := range elems {
			out = append(out, canon(t, e))
		}
		return out
	case KindObject:
		o, err := v.Object()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]any{}
		for _, m := range o.Members() {
			out[m.Name] = canon(t, m.Value)
		}
		return out
	}
	t.Fatalf("value of kind %v", v.Kind())
	return nil
}

// stdDecode decodes data with encoding/json, keeping numbers as text.
func stdDecode(data []byte) (any, error) {
	dec := stdjson.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

var validDocs = []struct {
	name string
	in   string
	kind Kind
}{
	{"empty object", `{}`, KindObject},
	{"empty array", `[]`, KindArray},
	{"whitespace around", " \t\r\n{ \t\r\n} \t\r\n", KindObject},
	{"whitespace everywhere", "{ \"a\" : [ 1 , 2 ] , \"b\" : { } }", KindObject},
	{"JWS header", `{"alg":"ES256","kid":"2024-01","typ":"JWT"}`, KindObject},
	{"nested", `{"a":[1,{"b":null,"c":[true,false]}],"d":{"e":{}}}`, KindObject},
	{"names differing in case", `{"kid":"x","KID":"y","Kid":"z"}`, KindObject},
	{"empty name", `{"":0}`, KindObject},
	{"same name in different objects", `{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}`, KindObject},
	{"zero", `0`, KindNumber},
	{"negative zero", `-0`, KindNumber},
	{"negative zero fraction", `-0.0`, KindNumber},
	{"fraction", `1.5`, KindNumber},
	{"exponent", `1e10`, KindNumber},
	{"exponent upper case", `1E10`, KindNumber},
	{"exponent plus", `1e+10`, KindNumber},
	{"exponent minus", `-1.25E-10`, KindNumber},
	{"exponent leading zeros", `1e007`, KindNumber},
	{"big integer", `123456789012345678901234567890`, KindNumber},
	{"huge exponent", `1e400`, KindNumber},
	{"true", `true`, KindBool},
	{"false", `false`, KindBool},
	{"null", `null`, KindNull},
	{"string", `"abc"`, KindString},
	{"empty string", `""`, KindString},
	{"simple escapes", `"\"\\\/\b\f\n\r\t"`, KindString},
	{"unicode escape", `"\u0041\u00e9\u20AC"`, KindString},
	{"escaped NUL", `"\u0000"`, KindString},
	{"surrogate pair escape", `"\ud83d\ude00"`, KindString},
	{"surrogate pair escape upper case", `"\uD83D\uDE00"`, KindString},
	{"raw UTF-8", `"é€😀"`, KindString},
	{"raw replacement character", "\"\xef\xbf\xbd\"", KindString},
	{"noncharacter U+FFFF", "\"\xef\xbf\xbf\\uffff\"", KindString},
	{"DEL", "\"\x7f\"", KindString},
	{"escaped name", `{"\u0061\"":1}`, KindObject},
	{"array of scalars", `[1,"a",true,false,null,{},[]]`, KindArray},
	{"nested arrays", `[[[[[]]]],[[]]]`, KindArray},
	{"depth 32", strings.Repeat("[", 32) + strings.Repeat("]", 32), KindArray},
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	for _, tt := range validDocs {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := Parse([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatalf("Parse(%q) = %v", tt.in, err)
			}
			if v.Kind() != tt.kind {
				t.Errorf("Parse(%q).Kind() = %v, want %v", tt.in, v.Kind(), tt.kind)
			}
			if want := strings.Trim(tt.in, " \t\r\n"); string(v.Raw()) != want {
				t.Errorf("Raw() = %q, want %q", v.Raw(), want)
			}
			want, err := stdDecode([]byte(tt.in))
			if err != nil {
				t.Fatalf("encoding/json rejects %q: %v", tt.in, err)
			}
			if got := canon(t, v); !reflect.DeepEqual(want, got) {
				t.Errorf("Parse(%q) differs from encoding/json:\n got %#v\nwant %#v", tt.in, got, want)
			}
		})
	}
}

type invalidDoc struct {
	name   string
	in     string
	err    error
	path   string
	offset int
}

var invalidDocs = []invalidDoc{
	// Structure.
	{"empty", "", ErrSyntax, "", 0},
	{"only whitespace", " \n", ErrSyntax, "", 2},
	{"byte order mark", "\xef\xbb\xbf{}", ErrSyntax, "", 0},
	{"unclosed object", `{`, ErrSyntax, "", 1},
	{"unclosed object after member", `{"a":1`, ErrSyntax, "", 6},
	{"unclosed array", `[1,2`, ErrSyntax, "", 4},
	{"closing brace alone", `}`, ErrSyntax, "", 0},
	{"mismatched brackets", `{"a":[1}`, ErrSyntax, "a", 7},
	{"trailing comma in object", `{"a":1,}`, ErrSyntax, "", 7},
	{"trailing comma in array", `[1,]`, ErrSyntax, "[1]", 3},
	{"leading comma in object", `{,}`, ErrSyntax, "", 1},
	{"leading comma in array", `[,1]`, ErrSyntax, "[0]", 1},
	{"double comma", `{"a":1,,"b":2}`, ErrSyntax, "", 7},
	{"missing comma in object", `{"a":1 "b":2}`, ErrSyntax, "", 7},
	{"missing comma in array", `[1 2]`, ErrSyntax, "", 3},
	{"missing colon", `{"a" 1}`, ErrSyntax, "a", 5},
	{"missing value", `{"a":}`, ErrSyntax, "a", 5},
	{"missing name", `{:1}`, ErrSyntax, "", 1},
	{"unquoted name", `{a:1}`, ErrSyntax, "", 1},
	{"single quoted name", `{'a':1}`, ErrSyntax, "", 1},
	{"single quoted string", `['a']`, ErrSyntax, "[0]", 1},
	{"number as name", `{1:1}`, ErrSyntax, "", 1},
	{"line comment", "// c\n{}", ErrSyntax, "", 0},
	{"block comment", `{/* c */}`, ErrSyntax, "", 1},
	{"comment after value", `{} /* c */`, ErrSyntax, "", 3},
	{"trailing data", `{}x`, ErrSyntax, "", 2},
	{"two values", `{} {}`, ErrSyntax, "", 3},
	{"trailing NUL", "{}\x00", ErrSyntax, "", 2},
	{"form feed is not whitespace", "{}\f", ErrSyntax, "", 2},
	{"vertical tab is not whitespace", "\v{}", ErrSyntax, "", 0},
	{"no-break space is not whitespace", "\u00a0{}", ErrSyntax, "", 0},
	{"error deep inside", `{"a":[1,{"b":tru}]}`, ErrSyntax, "a[1].b", 16},
	// Numbers (RFC 8259 §6).
	{"leading zero", `{"a":01}`, ErrSyntax, "a", 6},
	{"negative leading zero", `-01`, ErrSyntax, "", 2},
	{"double zero", `00`, ErrSyntax, "", 1},
	{"plus sign", `+1`, ErrSyntax, "", 0},
	{"leading point", `.5`, ErrSyntax, "", 0},
	{"trailing point", `1.`, ErrSyntax, "", 2},
	{"trailing point in array", `[1.]`, ErrSyntax, "[0]", 3},
	{"point before exponent", `1.e5`, ErrSyntax, "", 2},
	{"empty exponent", `1e`, ErrSyntax, "", 2},
	{"empty signed exponent", `1e+`, ErrSyntax, "", 3},
	{"exponent without digits", `[1e]`, ErrSyntax, "[0]", 3},
	{"minus alone", `-`, ErrSyntax, "", 1},
	{"minus letter", `-a`, ErrSyntax, "", 1},
	{"double minus", `--1`, ErrSyntax, "", 1},
	{"hex", `0x10`, ErrSyntax, "", 1},
	{"NaN", `NaN`, ErrSyntax, "", 0},
	{"Infinity", `Infinity`, ErrSyntax, "", 0},
	{"minus Infinity", `-Infinity`, ErrSyntax, "", 1},
	{"two points", `1.2.3`, ErrSyntax, "", 3},
	// Literals.
	{"truncated true", `tru`, ErrSyntax, "", 3},
	{"misspelt true", `trUe`, ErrSyntax, "", 2},
	{"capital True", `True`, ErrSyntax, "", 0},
	{"null with suffix", `nulll`, ErrSyntax, "", 4},
	{"truncated false in array", `[fals]`, ErrSyntax, "[0]", 5},
	{"undefined", `undefined`, ErrSyntax, "", 0},
	// Strings (RFC 8259 §7).
	{"unterminated string", `"abc`, ErrSyntax, "", 4},
	{"unterminated name", `{"abc`, ErrSyntax, "", 5},
	{"raw control character", "\"a\x01\"", ErrSyntax, "", 2},
	{"raw tab", "\"a\tb\"", ErrSyntax, "", 2},
	{"raw line feed", "\"a\nb\"", ErrSyntax, "", 2},
	{"raw NUL in name", "{\"a\x00\":1}", ErrSyntax, "", 3},
	{"invalid escape", `"\x41"`, ErrSyntax, "", 1},
	{"escaped single quote", `"\'"`, ErrSyntax, "", 1},
	{"upper case U escape", `"\U0041"`, ErrSyntax, "", 1},
	{"short unicode escape", `"\u12"`, ErrSyntax, "", 1},
	{"non-hex unicode escape", `"\u12G4"`, ErrSyntax, "", 1},
	{"truncated unicode escape", `"\u12`, ErrSyntax, "", 5},
	{"backslash at end", `"\`, ErrSyntax, "", 2},
	{"lone high surrogate", `"\ud800"`, ErrSyntax, "", 1},
	{"lone low surrogate", `"\udc00"`, ErrSyntax, "", 1},
	{"reversed surrogates", `"\udc00\ud800"`, ErrSyntax, "", 1},
	{"high surrogate then BMP", `"\ud800\u0041"`, ErrSyntax, "", 1},
	{"two high surrogates", `"\ud800\ud800"`, ErrSyntax, "", 1},
	{"high surrogate then text", `"\ud800x"`, ErrSyntax, "", 1},
	{"high surrogate at end", `"\ud800`, ErrSyntax, "", 1},
	{"lone surrogate in name", `{"a":{"\udfff":1}}`, ErrSyntax, "a", 7},
	// UTF-8 (RFC 8259 §8.1).
	{"invalid byte", "\"\xff\"", ErrSyntax, "", 1},
	{"continuation byte", "\"\x80\"", ErrSyntax, "", 1},
	{"overlong slash", "\"\xc0\xaf\"", ErrSyntax, "", 1},
	{"overlong three bytes", "\"\xe0\x80\xaf\"", ErrSyntax, "", 1},
	{"UTF-8 encoded surrogate", "\"\xed\xa0\x80\"", ErrSyntax, "", 1},
	{"beyond U+10FFFF", "\"\xf4\x90\x80\x80\"", ErrSyntax, "", 1},
	{"truncated sequence", "\"a\xe2\x82\"", ErrSyntax, "", 2},
	{"truncated sequence at end", "\"a\xe2\x82", ErrSyntax, "", 2},
	{"invalid UTF-8 in name", "{\"a\xff\":1}", ErrSyntax, "", 3},
	{"invalid UTF-8 outside strings", "{\"a\":1}\xff", ErrSyntax, "", 7},
	// Duplicates, compared after unescaping, at every level.
	{"duplicate", `{"a":1,"a":2}`, ErrDuplicateMember, "a", 7},
	{"duplicate with different values", `{"alg":"ES256","alg":"none"}`, ErrDuplicateMember, "alg", 15},
	{"duplicate via escape", `{"a":1,"\u0061":2}`, ErrDuplicateMember, "a", 7},
	{"duplicate via solidus escape", `{"a/b":1,"a\/b":2}`, ErrDuplicateMember, "a/b", 9},
	{"duplicate non-ASCII via escape", `{"é":1,"\u00e9":2}`, ErrDuplicateMember, `["é"]`, 8},
	{"duplicate empty name", `{"":1,"":2}`, ErrDuplicateMember, `[""]`, 6},
	{"duplicate dotted name", `{"a.b":1,"a.b":2}`, ErrDuplicateMember, `["a.b"]`, 9},
	{"duplicate in nested object", `{"a":{"b":1,"b":2}}`, ErrDuplicateMember, "a.b", 12},
	{"duplicate in JWK set", `{"keys":[{"kty":"EC"},{"kty":"EC","kty":"RSA"}]}`, ErrDuplicateMember, "keys[1].kty", 34},
	{"duplicate after nested values", `{"a":{"x":[1]},"b":2,"a":3}`, ErrDuplicateMember, "a", 21},
	// Depth.
	{"arrays too deep", strings.Repeat("[", 33) + strings.Repeat("]", 33), ErrTooDeep, strings.Repeat("[0]", 32), 32},
	{"objects too deep", strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33), ErrTooDeep, strings.TrimPrefix(strings.Repeat(".a", 32), "."), 160},
}

func TestParseInvalid(t *testing.T) {
	t.Parallel()
	for _, tt := range invalidDocs {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := Parse([]byte(tt.in), Limits{})
			checkError(t, err, tt.err, tt.path, tt.offset)
			if v.Kind() != 0 || v.Raw() != nil {
				t.Errorf("Parse(%q) returned a value of kind %v with its error", tt.in, v.Kind())
			}
			if _, err := ParseObject([]byte(tt.in), Limits{}); !errors.Is(err, tt.err) {
				t.Errorf("ParseObject(%q) error = %v, want %v", tt.in, err, tt.err)
			}
		})
	}
}

// skipIfRace skips allocation tests, whose counts the race detector
// changes.
func skipIfRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
}

// checkError checks that err is an *Error matching want with the given
// path and offset.
func checkError(t *testing.T, err, want error, path string, offset int) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
	e, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("error %T is not a *Error", err)
	}
	if e.Path != path || e.Offset != offset {
		t.Errorf("error %q has path %q offset %d, want path %q offset %d", err, e.Path, e.Offset, path, offset)
	}
	if !strings.HasPrefix(err.Error(), "json: ") {
		t.Errorf("error message %q lacks the package prefix", err)
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		lim    Limits
		err    error
		path   string
		offset int
	}{
		{"size at limit", `{"a":1}`, Limits{MaxSize: 7}, nil, "", 0},
		{"size over limit", `{"a":1}`, Limits{MaxSize: 6}, ErrTooLarge, "", -1},
		{"size over limit is checked before syntax", `{"a":`, Limits{MaxSize: 4}, ErrTooLarge, "", -1},
		{"negative size means default", `{}`, Limits{MaxSize: -1}, nil, "", 0},
		{"depth 1 allows a flat object", `{"a":1}`, Limits{MaxDepth: 1}, nil, "", 0},
		{"depth 1 refuses a nested object", `{"a":{}}`, Limits{MaxDepth: 1}, ErrTooDeep, "a", 5},
		{"depth 2 refuses depth 3", `{"a":{"b":{}}}`, Limits{MaxDepth: 2}, ErrTooDeep, "a.b", 10},
		{"depth 2 refuses depth 3 in arrays", `[[1],[[2]]]`, Limits{MaxDepth: 2}, ErrTooDeep, "[1][0]", 6},
		{"depth counts empty containers", `[[[]]]`, Limits{MaxDepth: 2}, ErrTooDeep, "[0][0]", 2},
		{"scalars add no depth", `[[1]]`, Limits{MaxDepth: 2}, nil, "", 0},
		{"default depth", strings.Repeat("[", 32) + strings.Repeat("]", 32), Limits{}, nil, "", 0},
		{"default depth exceeded", strings.Repeat("[", 33) + strings.Repeat("]", 33), Limits{}, ErrTooDeep, strings.Repeat("[0]", 32), 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.in), tt.lim)
			if tt.err == nil {
				if err != nil {
					t.Fatalf("Parse(%q, %+v) = %v", tt.in, tt.lim, err)
				}
				return
			}
			checkError(t, err, tt.err, tt.path, tt.offset)
		})
	}
}

func TestParseDefaultMaxSize(t *testing.T) {
	t.Parallel()
	big := make([]byte, DefaultMaxSize+1)
	_, err := Parse(big, Limits{})
	checkError(t, err, ErrTooLarge, "", -1)
	// Exactly at the limit: a string of DefaultMaxSize-2 bytes.
	ok := bytes.Repeat([]byte{'a'}, DefaultMaxSize)
	ok[0], ok[len(ok)-1] = '"', '"'
	if _, err := Parse(ok, Limits{}); err != nil {
		t.Errorf("Parse of %d bytes = %v", len(ok), err)
	}
}

func TestParseDeepNestingIsBounded(t *testing.T) {
	t.Parallel()
	const n = 10000
	tests := []struct {
		name string
		in   string
		lim  Limits
		err  error
	}{
		{"open arrays, default depth", strings.Repeat("[", n), Limits{}, ErrTooDeep},
		{"open objects, default depth", strings.Repeat(`{"a":`, n), Limits{}, ErrTooDeep},
		{"open arrays, no effective depth limit", strings.Repeat("[", n), Limits{MaxDepth: 1 << 30}, ErrSyntax},
		{"balanced arrays, no effective depth limit", strings.Repeat("[", n) + strings.Repeat("]", n), Limits{MaxDepth: 1 << 30}, nil},
		{"balanced objects, no effective depth limit", strings.Repeat(`{"a":`, n) + "0" + strings.Repeat("}", n), Limits{MaxDepth: 1 << 30}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.in), tt.lim)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("error = %v, want %v", err, tt.err)
			}
		})
	}
}

// bigObject returns an object with n members "m0".."m<n-1>", followed by
// extra.
func bigObject(n int, extra string) []byte {
	b := []byte{'{'}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `"m`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `":`...)
		b = strconv.AppendInt(b, int64(i), 10)
	}
	b = append(b, extra...)
	return append(b, '}')
}

func TestParseLargeObjectIsLinear(t *testing.T) {
	t.Parallel()
	// A quadratic duplicate check would take minutes here.
	const n = 100000
	lim := Limits{MaxSize: 1 << 24}
	o, err := ParseObject(bigObject(n, ""), lim)
	if err != nil {
		t.Fatal(err)
	}
	if o.Len() != n {
		t.Errorf("Len() = %d, want %d", o.Len(), n)
	}
	if v, ok, err := o.Int64("m99999"); err != nil || !ok || v != 99999 {
		t.Errorf(`Int64("m99999") = %d, %v, %v; want 99999, true, nil`, v, ok, err)
	}
	_, err = ParseObject(bigObject(n, `,"m0":0`), lim)
	checkError(t, err, ErrDuplicateMember, "m0", len(bigObject(n, ""))-1+1)
}

func TestParseDuplicateAroundLinearLimit(t *testing.T) {
	t.Parallel()
	// Duplicates must be found whether the object is checked by scanning
	// or through the map, and whichever earlier member is repeated.
	for _, n := range []int{1, linearLimit - 1, linearLimit, linearLimit + 1, 3 * linearLimit} {
		for _, dup := range []int{0, n / 2, n - 1} {
			t.Run(fmt.Sprintf("%d members, repeat m%d", n, dup), func(t *testing.T) {
				t.Parallel()
				name := "m" + strconv.Itoa(dup)
				_, err := Parse(bigObject(n, `,"`+name+`":0`), Limits{})
				checkError(t, err, ErrDuplicateMember, name, len(bigObject(n, ""))-1+1)
				if _, err := Parse(bigObject(n, `,"x":0`), Limits{}); err != nil {
					t.Errorf("without a duplicate: %v", err)
				}
			})
		}
	}
}

func TestParseLargeArrayAndString(t *testing.T) {
	t.Parallel()
	arr := "[" + strings.Repeat("0,", 200000) + "0]"
	v, err := Parse([]byte(arr), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if elems, _ := v.Array(); len(elems) != 200001 {
		t.Errorf("array has %d elements, want 200001", len(elems))
	}
	str := `"` + strings.Repeat(`\u00e9`, 100000) + `"`
	v, err = Parse([]byte(str), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := v.String(); s != strings.Repeat("é", 100000) {
		t.Errorf("long escaped string decoded wrongly")
	}
}

func TestParseKeepsStringsIndependentOfInput(t *testing.T) {
	t.Parallel()
	data := []byte(`{"alg":"ES256","kid":"a\u0062"}`)
	o, err := ParseObject(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	clear(data)
	if s, _, _ := o.String("alg"); s != "ES256" {
		t.Errorf(`String("alg") after modifying the input = %q, want "ES256"`, s)
	}
	var names []string
	for _, m := range o.Members() {
		names = append(names, m.Name)
	}
	if want := []string{"alg", "kid"}; !slices.Equal(names, want) {
		t.Errorf("names after modifying the input = %q, want %q", names, want)
	}
}

func TestParseMemoryIsBounded(t *testing.T) {
	// Not parallel: it reads process-wide allocation statistics.
	skipIfRace(t)
	const size = 1 << 20
	tests := []struct {
		name string
		doc  string
	}{
		{"array of zeros", "[" + strings.Repeat("0,", size/2-1) + "0]"},
		{"array of empty arrays", "[" + strings.Repeat("[],", size/3-1) + "0]"},
		{"array of one-element arrays", "[" + strings.Repeat("[0],", size/4-1) + "0]"},
		{"array of nested arrays", "[" + strings.Repeat("[[0]],", size/6-1) + "0]"},
		{"array of small objects", "[" + strings.Repeat(`{"":0},`, size/7-1) + "0]"},
		{"large object", string(bigObject(70000, ""))},
		{"large object with short names", shortNamesObject(size / 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if _, err := Parse(data, Limits{MaxSize: 2 * size}); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			// The package documentation promises about 40 bytes per input
			// byte at most.
			if ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data)); ratio > 45 {
				t.Errorf("Parse of %d bytes allocated %.1f bytes per input byte", len(data), ratio)
			}
		})
	}
}

// shortNamesObject returns an object with n members whose names are
// three characters long, the shortest that let an object this large have
// no duplicates.
func shortNamesObject(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteByte(alphabet[i%62])
		b.WriteByte(alphabet[i/62%62])
		b.WriteByte(alphabet[i/(62*62)%62])
		b.WriteString(`":0`)
	}
	b.WriteByte('}')
	return b.String()
}

func TestParseObjectRequiresObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		offset int
	}{
		{`[]`, 0}, {` "x"`, 1}, {`1`, 0}, {`null`, 0}, {`true`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			o, err := ParseObject([]byte(tt.in), Limits{})
			checkError(t, err, ErrType, "", tt.offset)
			if o.Len() != 0 || o.Raw() != nil {
				t.Errorf("ParseObject(%q) returned a non-zero Object with its error", tt.in)
			}
		})
	}
}

// differentialInputs are inputs beyond the tables for comparing with
// encoding/json.
var differentialInputs = []string{
	`{"a":1,"a":2}`,
	"\"\xff\"",
	`"\ud800"`,
	`{"alg":"HS256","typ":"JWT","crit":["exp"],"exp":1300819380,"http://example.com/is_root":true}`,
	`[1e-400,-1e400,0.000001,1E+0]`,
	`{"a":"\u0000\u001f\u007f\u0080\u07ff\u0800\uffff"}`,
	`{"nested":{"deeper":{"deepest":[[],[{}],[[null]]]}}}`,
	"[\"\\u00e9\",\"\xc3\xa9\"]",
}

func TestDifferentialEncodingJSON(t *testing.T) {
	t.Parallel()
	var inputs []string
	for _, d := range validDocs {
		inputs = append(inputs, d.in)
	}
	for _, d := range invalidDocs {
		inputs = append(inputs, d.in)
	}
	for _, c := range specChoices {
		inputs = append(inputs, c.input)
	}
	inputs = append(inputs, differentialInputs...)
	for i, in := range inputs {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			checkDifferential(t, []byte(in))
		})
	}
}

// checkDifferential checks Parse against encoding/json on data: whatever
// Parse accepts, encoding/json accepts with the same meaning, and whatever
// encoding/json accepts and Parse refuses is refused for a documented
// reason.
func checkDifferential(t *testing.T, data []byte) {
	t.Helper()
	v, err := Parse(data, Limits{})
	valid := stdjson.Valid(data)
	if err == nil {
		if !valid {
			t.Fatalf("Parse accepts %q, encoding/json.Valid does not", data)
		}
		want, err := stdDecode(data)
		if err != nil {
			t.Fatalf("Parse accepts %q, encoding/json.Unmarshal does not: %v", data, err)
		}
		if got := canon(t, v); !reflect.DeepEqual(want, got) {
			t.Fatalf("Parse(%q) differs from encoding/json:\n got %#v\nwant %#v", data, got, want)
		}
		return
	}
	if !valid {
		return
	}
	switch {
	case errors.Is(err, ErrDuplicateMember), errors.Is(err, ErrTooDeep), errors.Is(err, ErrTooLarge):
	case errors.Is(err, ErrSyntax) && (!utf8.Valid(data) || mayHaveSurrogateEscape(data)):
	default:
		t.Fatalf("Parse refuses %q, which encoding/json accepts, for no documented reason: %v", data, err)
	}
}

// mayHaveSurrogateEscape reports whether data might contain an escaped
// surrogate, erring towards true.
func mayHaveSurrogateEscape(data []byte) bool {
	for i := 0; i+3 < len(data); i++ {
		if data[i] == '\\' && data[i+1] == 'u' && (data[i+2]|0x20) == 'd' && strings.IndexByte("89abcdefABCDEF", data[i+3]) >= 0 {
			return true
		}
	}
	return false
}

func FuzzParse(f *testing.F) {
	for _, d := range validDocs {
		f.Add([]byte(d.in))
	}
	for _, d := range invalidDocs {
		f.Add([]byte(d.in))
	}
	for _, c := range specChoices {
		f.Add([]byte(c.input))
	}
	for _, s := range differentialInputs {
		f.Add([]byte(s))
	}
	f.Add([]byte(claimsDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDifferential(t, data)
		v, err := Parse(data, Limits{})
		if err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("error %T is not a *Error", err)
			}
			return
		}
		// Parsing the exact bytes of the value again gives the same value.
		v2, err := Parse(slices.Clone(v.Raw()), Limits{})
		if err != nil {
			t.Fatalf("Parse(Raw()) = %v", err)
		}
		if !reflect.DeepEqual(canon(t, v), canon(t, v2)) || !bytes.Equal(v.Raw(), v2.Raw()) {
			t.Fatalf("Parse(Raw()) differs for %q", data)
		}
		// Every accessor of every value answers without panicking.
		exercise(v)
	})
}

// exercise calls every accessor on v and its children.
func exercise(v Value) {
	_, _ = v.String()
	_, _ = v.Bool()
	_, _ = v.Int64()
	_, _ = v.Float64()
	_, _ = v.Number()
	_, _ = v.StringArray()
	if elems, err := v.Array(); err == nil {
		for _, e := range elems {
			exercise(e)
		}
	}
	if o, err := v.Object(); err == nil {
		for name, mv := range o.All() {
			_, _, _ = o.String(name)
			_, _, _ = o.Int64(name)
			_, _, _ = o.StringArray(name)
			exercise(mv)
		}
	}
}

const headerDoc = `{"alg":"ES256","kid":"2024-01","typ":"JWT"}`

const claimsDoc = `{"iss":"https://idp.example.com","sub":"248289761001","aud":["orders-api","billing-api"],` +
	`"exp":1767225600,"nbf":1767222000,"iat":1767222000,"jti":"b2c1f6a4-5d3e-4c2b-9a8f-7e6d5c4b3a21",` +
	`"scope":"orders:read orders:write","email":"jane.doe@example.com","email_verified":true}`

func TestParseObjectAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	skipIfRace(t)
	tests := []struct {
		name string
		doc  string
		want float64
	}{
		// The private copy of the input, the document and the members.
		{"JWS header", headerDoc, 3},
		// The same, plus the array of "aud".
		{"claims", claimsDoc, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			n := testing.AllocsPerRun(100, func() {
				o, err := ParseObject(data, Limits{})
				if err != nil {
					t.Fatal(err)
				}
				// Reading members that need no unescaping costs nothing.
				if _, _, err := o.String("alg"); err != nil {
					t.Fatal(err)
				}
				if _, _, err := o.String("iss"); err != nil {
					t.Fatal(err)
				}
			})
			if n != tt.want {
				t.Errorf("ParseObject allocates %v times, want %v", n, tt.want)
			}
		})
	}
}

func BenchmarkParseObjectHeader(b *testing.B) {
	data := []byte(headerDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		o, err := ParseObject(data, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if alg, _, _ := o.String("alg"); alg != "ES256" {
			b.Fatal(alg)
		}
	}
}

func BenchmarkParseObjectClaims(b *testing.B) {
	data := []byte(claimsDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		o, err := ParseObject(data, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if exp, _, _ := o.Int64("exp"); exp != 1767225600 {
			b.Fatal(exp)
		}
	}
}

// The encoding/json benchmarks are for comparison only.

func BenchmarkStdlibUnmarshalHeader(b *testing.B) {
	data := []byte(headerDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var h struct {
			Alg string `json:"alg"`
			Kid string `json:"kid"`
			Typ string `json:"typ"`
		}
		if err := stdjson.Unmarshal(data, &h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStdlibUnmarshalClaims(b *testing.B) {
	data := []byte(claimsDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var m map[string]any
		if err := stdjson.Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}
