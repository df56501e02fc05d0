package json

import (
	stdjson "encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", `""`},
		{"plain", "ES256", `"ES256"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"short escapes", "\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"other control characters", "\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"DEL and HTML characters stay", "\x7f<>&", "\"\x7f<>&\""},
		{"solidus stays", "a/b", `"a/b"`},
		{"UTF-8 stays", "é€😀", `"é€😀"`},
		{"line separators stay", "\u2028\u2029", "\"\u2028\u2029\""},
		{"invalid byte", "a\xffb", `"a\ufffdb"`},
		{"truncated sequence", "a\xe2\x82", `"a\ufffd\ufffd"`},
		{"UTF-8 encoded surrogate", "\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`},
		{"replacement character stays", "\ufffd", "\"\ufffd\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := AppendString([]byte("x"), tt.in)
			if string(got) != "x"+tt.want {
				t.Fatalf("AppendString(%q) = %s, want x%s", tt.in, got, tt.want)
			}
			checkAppendString(t, tt.in)
		})
	}
}

// checkAppendString checks that AppendString(s) is valid JSON that this
// package and encoding/json both decode to s, with each byte of invalid
// UTF-8 replaced by U+FFFD.
func checkAppendString(t *testing.T, s string) {
	t.Helper()
	out := AppendString(nil, s)
	v, err := Parse(out, Limits{MaxSize: len(out)})
	if err != nil {
		t.Fatalf("Parse(AppendString(%q)) = %v", s, err)
	}
	got, err := v.String()
	if err != nil {
		t.Fatal(err)
	}
	if want := replaceEachInvalidByte(s); got != want {
		t.Fatalf("AppendString(%q) decodes to %q, want %q", s, got, want)
	}
	var std string
	if err := stdjson.Unmarshal(out, &std); err != nil || std != got {
		t.Fatalf("encoding/json decodes AppendString(%q) to %q, %v; want %q", s, std, err, got)
	}
}

// replaceEachInvalidByte replaces every byte that is not part of valid
// UTF-8 with U+FFFD, as AppendString does, and returns valid s unchanged.
func replaceEachInvalidByte(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func TestAppendStringAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	skipIfRace(t)
	buf := make([]byte, 0, 128)
	if n := testing.AllocsPerRun(100, func() { _ = AppendString(buf, "https://idp.example.com/\"x\"\n") }); n != 0 {
		t.Errorf("AppendString into a large enough buffer allocates %v times, want 0", n)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "ES256", "a\"b\\c", "\x00\x1f\x7f", "é\xff", "\ud7ff", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAppendString(t, s)
	})
}

func BenchmarkAppendString(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		_ = AppendString(buf, "https://idp.example.com")
	}
}
