package json

import (
	"errors"
	"slices"
	"testing"
)

// mustParseObject parses doc as an object or fails the test.
func mustParseObject(t *testing.T, doc string) Object {
	t.Helper()
	o, err := ParseObject([]byte(doc), Limits{})
	if err != nil {
		t.Fatalf("ParseObject(%q) = %v", doc, err)
	}
	return o
}

func TestObjectMembersInDocumentOrder(t *testing.T) {
	t.Parallel()
	o := mustParseObject(t, `{"z":1,"a":{"y":2,"b":3},"\u006d":[4]}`)
	var names []string
	for _, m := range o.Members() {
		names = append(names, m.Name)
	}
	if want := []string{"z", "a", "m"}; !slices.Equal(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
	if o.Len() != 3 {
		t.Errorf("Len() = %d, want 3", o.Len())
	}
	inner, ok, err := o.Object("a")
	if err != nil || !ok {
		t.Fatalf(`Object("a") = %v, %v`, ok, err)
	}
	names = names[:0]
	for _, m := range inner.Members() {
		names = append(names, m.Name)
	}
	if want := []string{"y", "b"}; !slices.Equal(names, want) {
		t.Errorf("inner names = %q, want %q", names, want)
	}
	if string(inner.Raw()) != `{"y":2,"b":3}` || string(o.Value().Raw()) != string(o.Raw()) {
		t.Errorf("Raw() = %q", inner.Raw())
	}
}

func TestObjectMembersAppendDoesNotOverwrite(t *testing.T) {
	t.Parallel()
	o := mustParseObject(t, `{"a":{"x":1},"b":{"y":2}}`)
	a, _, _ := o.Object("a")
	_ = append(a.Members(), Member{Name: "evil"})
	b, _, _ := o.Object("b")
	if m := b.Members(); len(m) != 1 || m[0].Name != "y" {
		t.Errorf("appending to a returned slice changed another object: %v", m)
	}
}

func TestObjectGetIsExact(t *testing.T) {
	t.Parallel()
	o := mustParseObject(t, `{"kid":"lower","KID":"upper","k\u0069d2":"escaped"}`)
	tests := []struct {
		name string
		want string
		ok   bool
	}{
		{"kid", "lower", true},
		{"KID", "upper", true},
		{"Kid", "", false},
		{"kid2", "escaped", true},
		{`k\u0069d2`, "", false},
		{"kid ", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, ok := o.Get(tt.name)
			if ok != tt.ok || o.Has(tt.name) != tt.ok {
				t.Fatalf("Get(%q) ok = %v, want %v", tt.name, ok, tt.ok)
			}
			if !ok {
				if v.Kind() != 0 {
					t.Errorf("Get(%q) of a missing member returned kind %v", tt.name, v.Kind())
				}
				return
			}
			if s, err := v.String(); err != nil || s != tt.want {
				t.Errorf("Get(%q) = %q, %v; want %q", tt.name, s, err, tt.want)
			}
		})
	}
}

func TestObjectAccessors(t *testing.T) {
	t.Parallel()
	o := mustParseObject(t, `{"alg":"ES256","aud":["a","b"],"exp":1767225600,"iat":1.5,`+
		`"ok":true,"cnf":{"kid":"k"},"x5c":[1],"neg":-0,"big":1e400,"n":null,"a.b":1,"huge":9223372036854775808}`)
	tests := []struct {
		name string
		call func() (any, bool, error)
		want any
		ok   bool
		err  error
		path string
	}{
		{"String present", func() (any, bool, error) { return get3(o.String("alg")) }, "ES256", true, nil, ""},
		{"String absent", func() (any, bool, error) { return get3(o.String("enc")) }, "", false, nil, ""},
		{"String wrong type", func() (any, bool, error) { return get3(o.String("exp")) }, "", true, ErrType, "exp"},
		{"String of null", func() (any, bool, error) { return get3(o.String("n")) }, "", true, ErrType, "n"},
		{"String dotted name", func() (any, bool, error) { return get3(o.String("a.b")) }, "", true, ErrType, `["a.b"]`},
		{"StringArray present", func() (any, bool, error) { return get3s(o.StringArray("aud")) }, "a,b", true, nil, ""},
		{"StringArray absent", func() (any, bool, error) { return get3s(o.StringArray("crit")) }, "", false, nil, ""},
		{"StringArray of string", func() (any, bool, error) { return get3s(o.StringArray("alg")) }, "", true, ErrType, "alg"},
		{"StringArray bad element", func() (any, bool, error) { return get3s(o.StringArray("x5c")) }, "", true, ErrType, "x5c[0]"},
		{"Bool present", func() (any, bool, error) { return get3(o.Bool("ok")) }, true, true, nil, ""},
		{"Bool absent", func() (any, bool, error) { return get3(o.Bool("no")) }, false, false, nil, ""},
		{"Bool wrong type", func() (any, bool, error) { return get3(o.Bool("alg")) }, false, true, ErrType, "alg"},
		{"Int64 present", func() (any, bool, error) { return get3(o.Int64("exp")) }, int64(1767225600), true, nil, ""},
		{"Int64 negative zero", func() (any, bool, error) { return get3(o.Int64("neg")) }, int64(0), true, nil, ""},
		{"Int64 absent", func() (any, bool, error) { return get3(o.Int64("nbf")) }, int64(0), false, nil, ""},
		{"Int64 fraction", func() (any, bool, error) { return get3(o.Int64("iat")) }, int64(0), true, ErrType, "iat"},
		{"Int64 string", func() (any, bool, error) { return get3(o.Int64("alg")) }, int64(0), true, ErrType, "alg"},
		{"Int64 exponent", func() (any, bool, error) { return get3(o.Int64("big")) }, int64(0), true, ErrType, "big"},
		{"Int64 out of range", func() (any, bool, error) { return get3(o.Int64("huge")) }, int64(0), true, ErrNumberRange, "huge"},
		{"Float64 present", func() (any, bool, error) { return get3(o.Float64("iat")) }, 1.5, true, nil, ""},
		{"Float64 absent", func() (any, bool, error) { return get3(o.Float64("nbf")) }, 0.0, false, nil, ""},
		{"Float64 out of range", func() (any, bool, error) { return get3(o.Float64("big")) }, 0.0, true, ErrNumberRange, "big"},
		{"Float64 wrong type", func() (any, bool, error) { return get3(o.Float64("ok")) }, 0.0, true, ErrType, "ok"},
		{"Object present", func() (any, bool, error) { return get3o(o.Object("cnf")) }, "k", true, nil, ""},
		{"Object absent", func() (any, bool, error) { return get3o(o.Object("jwk")) }, "", false, nil, ""},
		{"Object wrong type", func() (any, bool, error) { return get3o(o.Object("aud")) }, "", true, ErrType, "aud"},
		{"Array present", func() (any, bool, error) { return get3a(o.Array("aud")) }, 2, true, nil, ""},
		{"Array absent", func() (any, bool, error) { return get3a(o.Array("crit")) }, 0, false, nil, ""},
		{"Array wrong type", func() (any, bool, error) { return get3a(o.Array("cnf")) }, 0, true, ErrType, "cnf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := tt.call()
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if tt.err == nil {
				if err != nil || got != tt.want {
					t.Errorf("got %#v, %v; want %#v, nil", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			e, isErr := errors.AsType[*Error](err)
			if !isErr || e.Path != tt.path || e.Offset <= 0 {
				t.Errorf("error %#v, want path %q and the member's offset", err, tt.path)
			}
		})
	}
}

// get3 and its relatives adapt the typed accessors to the test table.
func get3[T any](v T, ok bool, err error) (any, bool, error) { return v, ok, err }

func get3s(v []string, ok bool, err error) (any, bool, error) {
	s := ""
	for i, e := range v {
		if i > 0 {
			s += ","
		}
		s += e
	}
	return s, ok, err
}

func get3o(v Object, ok bool, err error) (any, bool, error) {
	s, _, _ := v.String("kid")
	return s, ok, err
}

func get3a(v []Value, ok bool, err error) (any, bool, error) { return len(v), ok, err }

func TestObjectErrorPathNesting(t *testing.T) {
	t.Parallel()
	set := mustParseObject(t, `{"keys":[{"kty":"EC","key_ops":["sign",7]}]}`)
	keys, _, err := set.Array("keys")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys[0].Object()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = k.StringArray("key_ops")
	if e, ok := errors.AsType[*Error](err); !ok || !errors.Is(err, ErrType) || e.Path != "key_ops[1]" {
		t.Errorf("error = %#v, want ErrType at key_ops[1]", err)
	}
	_, _, err = (Object{}).String("x")
	if err != nil {
		t.Errorf("zero Object: %v", err)
	}
	if (Object{}).Len() != 0 || (Object{}).Members() != nil || (Object{}).Raw() != nil || (Object{}).Has("") {
		t.Errorf("zero Object is not empty")
	}
}

func TestObjectAll(t *testing.T) {
	t.Parallel()
	o := mustParseObject(t, `{"a":1,"b":[2,3],"c":{"d":4}}`)
	var names []string
	var kinds []Kind
	for name, v := range o.All() {
		names = append(names, name)
		kinds = append(kinds, v.Kind())
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(names, want) {
		t.Errorf("All() names = %q, want %q", names, want)
	}
	if want := []Kind{KindNumber, KindArray, KindObject}; !slices.Equal(kinds, want) {
		t.Errorf("All() kinds = %v, want %v", kinds, want)
	}
	n := 0
	for range o.All() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("All() did not stop after break")
	}
	for range (Object{}).All() {
		t.Errorf("All() of the zero Object yields")
	}
	if b, _ := o.Get("b"); b.Len() != 2 || o.Value().Len() != 3 {
		t.Errorf("Len() = %d, %d; want 2, 3", b.Len(), o.Value().Len())
	}
	if a, _ := o.Get("a"); a.Len() != 0 {
		t.Errorf("Len() of a number = %d, want 0", a.Len())
	}
}

func TestObjectGetAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	skipIfRace(t)
	o, err := ParseObject([]byte(`{"alg":"ES256","kid":"k","exp":1,"crit":["b64"]}`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(100, func() {
		_, _, _ = o.String("kid")
		_, _, _ = o.Int64("exp")
		_ = o.Has("b64")
		for range o.All() {
		}
	})
	if n != 0 {
		t.Errorf("Get, typed accessors and All allocate %v times, want 0", n)
	}
}
