package json

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// mustParse parses doc or fails the test.
func mustParse(t *testing.T, doc string) Value {
	t.Helper()
	v, err := Parse([]byte(doc), Limits{})
	if err != nil {
		t.Fatalf("Parse(%q) = %v", doc, err)
	}
	return v
}

func TestKindString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k    Kind
		want string
	}{
		{KindNull, "null"}, {KindBool, "boolean"}, {KindNumber, "number"}, {KindString, "string"},
		{KindArray, "array"}, {KindObject, "object"}, {0, "invalid"}, {KindObject + 1, "invalid"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", tt.k, got, tt.want)
		}
	}
}

func TestValueString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{`""`, ""},
		{`"abc"`, "abc"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"\u0041\u00e9\u20ac\u20AC"`, "Aé€€"},
		{`"\u0000"`, "\x00"},
		{`"\ud83d\ude00"`, "😀"},
		{`"a\ud83d\ude00b\uDBFF\uDFFFc"`, "a😀b\U0010ffffc"},
		{`"é€😀"`, "é€😀"},
		{`"\\u0041"`, `\u0041`},
		{`"x\\"`, `x\`},
		{"\"\xef\xbf\xbd\\ufffd\"", "\ufffd\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := mustParse(t, tt.in).String()
			if err != nil || got != tt.want {
				t.Errorf("String() = %q, %v; want %q, nil", got, err, tt.want)
			}
		})
	}
}

func TestValueStringWithoutEscapesDoesNotAllocate(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	skipIfRace(t)
	v, err := Parse([]byte(`"ES256"`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = v.String() }); n != 0 {
		t.Errorf("String() allocates %v times, want 0", n)
	}
}

func TestValueInt64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		err  error
	}{
		{`0`, 0, nil},
		{`-0`, 0, nil},
		{`42`, 42, nil},
		{`-42`, -42, nil},
		{`1767225600`, 1767225600, nil},
		{`9223372036854775807`, math.MaxInt64, nil},
		{`-9223372036854775808`, math.MinInt64, nil},
		{`9223372036854775808`, 0, ErrNumberRange},
		{`-9223372036854775809`, 0, ErrNumberRange},
		{`123456789012345678901234567890`, 0, ErrNumberRange},
		{`1.0`, 0, ErrType},
		{`1.5`, 0, ErrType},
		{`1e3`, 0, ErrType},
		{`1E3`, 0, ErrType},
		{`-0.0`, 0, ErrType},
		{`"1"`, 0, ErrType},
		{`true`, 0, ErrType},
		{`null`, 0, ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := mustParse(t, tt.in).Int64()
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("Int64() = %d, %v; want %d, %v", got, err, tt.want, tt.err)
			}
			if err != nil {
				checkError(t, err, tt.err, "", 0)
			}
		})
	}
}

func TestValueFloat64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		want     float64
		negative bool
		err      error
	}{
		{`0`, 0, false, nil},
		{`-0`, 0, true, nil},
		{`-0.0`, 0, true, nil},
		{`1.5`, 1.5, false, nil},
		{`1300819380.5`, 1300819380.5, false, nil},
		{`1e3`, 1000, false, nil},
		{`-2.5E-3`, -0.0025, true, nil},
		{`9223372036854775808`, 9223372036854775808, false, nil},
		{`1.7976931348623157e308`, math.MaxFloat64, false, nil},
		{`1e-400`, 0, false, nil},
		{`1e400`, 0, false, ErrNumberRange},
		{`-1e400`, 0, false, ErrNumberRange},
		{`1.8e308`, 0, false, ErrNumberRange},
		{`"1.5"`, 0, false, ErrType},
		{`[1.5]`, 0, false, ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := mustParse(t, tt.in).Float64()
			if got != tt.want || math.Signbit(got) != tt.negative || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("Float64() = %v, %v; want %v, %v", got, err, tt.want, tt.err)
			}
			if err != nil {
				checkError(t, err, tt.err, "", 0)
			}
		})
	}
}

func TestValueNumber(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`0`, `-0`, `1.50`, `1E+007`, `123456789012345678901234567890`} {
		got, err := mustParse(t, in).Number()
		if err != nil || got != in {
			t.Errorf("Number() of %s = %q, %v; want %q, nil", in, got, err, in)
		}
	}
	_, err := mustParse(t, `"1"`).Number()
	checkError(t, err, ErrType, "", 0)
}

func TestValueBool(t *testing.T) {
	t.Parallel()
	if b, err := mustParse(t, `true`).Bool(); err != nil || !b {
		t.Errorf("Bool() of true = %v, %v", b, err)
	}
	if b, err := mustParse(t, ` false`).Bool(); err != nil || b {
		t.Errorf("Bool() of false = %v, %v", b, err)
	}
	_, err := mustParse(t, `"true"`).Bool()
	checkError(t, err, ErrType, "", 0)
}

func TestValueArray(t *testing.T) {
	t.Parallel()
	v := mustParse(t, `[1,"a",[2],{"b":3}]`)
	elems, err := v.Array()
	if err != nil {
		t.Fatal(err)
	}
	var kinds []Kind
	for _, e := range elems {
		kinds = append(kinds, e.Kind())
	}
	if want := []Kind{KindNumber, KindString, KindArray, KindObject}; !slices.Equal(kinds, want) {
		t.Errorf("element kinds = %v, want %v", kinds, want)
	}
	if inner, err := elems[2].Array(); err != nil || len(inner) != 1 || string(inner[0].Raw()) != "2" {
		t.Errorf("nested array = %v, %v", inner, err)
	}
	if o, err := elems[3].Object(); err != nil || !o.Has("b") {
		t.Errorf("nested object = %v, %v", o, err)
	}
	if string(elems[3].Raw()) != `{"b":3}` {
		t.Errorf("Raw() of element = %q", elems[3].Raw())
	}
	_, err = mustParse(t, `{}`).Array()
	checkError(t, err, ErrType, "", 0)
}

func TestValueArrayAppendDoesNotOverwrite(t *testing.T) {
	t.Parallel()
	// The elements of [1] and [2] sit next to each other in the document;
	// appending to the first slice must not overwrite the second.
	outer, err := mustParse(t, `[[1],[2]]`).Array()
	if err != nil {
		t.Fatal(err)
	}
	first, _ := outer[0].Array()
	_ = append(first, Value{})
	if second, _ := outer[1].Array(); len(second) != 1 || string(second[0].Raw()) != "2" {
		t.Errorf("appending to a returned slice changed another array")
	}
}

func TestValueStringArray(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
		err  error
		path string
	}{
		{`[]`, []string{}, nil, ""},
		{`["a","b\u0063"]`, []string{"a", "bc"}, nil, ""},
		{`["a",1]`, nil, ErrType, "[1]"},
		{`[null]`, nil, ErrType, "[0]"},
		{`"a"`, nil, ErrType, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := mustParse(t, tt.in).StringArray()
			if tt.err != nil {
				e, ok := errors.AsType[*Error](err)
				if !errors.Is(err, tt.err) || !ok || e.Path != tt.path {
					t.Errorf("StringArray() error = %v, want %v at %q", err, tt.err, tt.path)
				}
				return
			}
			if err != nil || got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("StringArray() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestValueTypeErrors(t *testing.T) {
	t.Parallel()
	// Each accessor on a value of every other kind returns ErrType.
	docs := []string{`null`, `true`, `1`, `"s"`, `[]`, `{}`}
	accessors := []struct {
		name string
		kind Kind
		call func(Value) error
	}{
		{"String", KindString, func(v Value) error { _, err := v.String(); return err }},
		{"Bool", KindBool, func(v Value) error { _, err := v.Bool(); return err }},
		{"Int64", KindNumber, func(v Value) error { _, err := v.Int64(); return err }},
		{"Float64", KindNumber, func(v Value) error { _, err := v.Float64(); return err }},
		{"Number", KindNumber, func(v Value) error { _, err := v.Number(); return err }},
		{"Object", KindObject, func(v Value) error { _, err := v.Object(); return err }},
		{"Array", KindArray, func(v Value) error { _, err := v.Array(); return err }},
		{"StringArray", KindArray, func(v Value) error { _, err := v.StringArray(); return err }},
	}
	for _, doc := range docs {
		v := mustParse(t, doc)
		for _, a := range accessors {
			t.Run(a.name+" of "+doc, func(t *testing.T) {
				t.Parallel()
				err := a.call(v)
				if v.Kind() == a.kind {
					if err != nil {
						t.Errorf("error = %v", err)
					}
					return
				}
				checkError(t, err, ErrType, "", 0)
				if want := "got " + v.Kind().String() + ", want " + a.kind.String(); !strings.Contains(err.Error(), want) {
					t.Errorf("message %q does not say %q", err, want)
				}
			})
		}
	}
}

func TestZeroValue(t *testing.T) {
	t.Parallel()
	var v Value
	if v.Kind() != 0 || v.Raw() != nil {
		t.Errorf("zero Value has kind %v, raw %q", v.Kind(), v.Raw())
	}
	checks := []struct {
		name string
		err  error
	}{
		{"String", func() error { _, err := v.String(); return err }()},
		{"Bool", func() error { _, err := v.Bool(); return err }()},
		{"Int64", func() error { _, err := v.Int64(); return err }()},
		{"Float64", func() error { _, err := v.Float64(); return err }()},
		{"Number", func() error { _, err := v.Number(); return err }()},
		{"Object", func() error { _, err := v.Object(); return err }()},
		{"Array", func() error { _, err := v.Array(); return err }()},
		{"StringArray", func() error { _, err := v.StringArray(); return err }()},
	}
	for _, c := range checks {
		if !errors.Is(c.err, ErrType) {
			t.Errorf("%s() on the zero Value = %v, want ErrType", c.name, c.err)
		}
		if e, ok := errors.AsType[*Error](c.err); !ok || e.Offset != -1 {
			t.Errorf("%s() on the zero Value: error %#v, want offset -1", c.name, c.err)
		}
	}
}

func TestUnescapeDefensive(t *testing.T) {
	t.Parallel()
	// unescape only sees validated input, but must not panic on anything.
	tests := []struct{ in, want string }{
		{`\u12`, "\ufffd12"},
		{`\ud800`, "\ufffd"},
		{`\ud800\u0041`, "\ufffdA"},
		{`\udc00`, "\ufffd"},
		{`\`, `\`},
		{`a\qb`, "aqb"},
	}
	for _, tt := range tests {
		if got := unescape(tt.in); got != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
