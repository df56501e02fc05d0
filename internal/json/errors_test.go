package json

import (
	"errors"
	"strings"
	"testing"
)

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"all fields", &Error{Path: "keys[2].kty", Offset: 40, Err: ErrDuplicateMember, Detail: "x"}, "json: duplicate member name at keys[2].kty (offset 40): x"},
		{"no path", &Error{Offset: 0, Err: ErrSyntax, Detail: "empty input"}, "json: syntax error (offset 0): empty input"},
		{"no offset", &Error{Offset: -1, Err: ErrTooLarge, Detail: "input is 9 bytes, limit is 8"}, "json: input too large: input is 9 bytes, limit is 8"},
		{"no detail", &Error{Path: "a", Offset: 3, Err: ErrType}, "json: wrong type at a (offset 3)"},
		{"no sentinel", &Error{Offset: -1}, "json: error"},
		{"long path", &Error{Path: strings.Repeat("a", 200), Offset: -1, Err: ErrType}, "json: wrong type at \"" + strings.Repeat("a", maxPathInMessage) + "\"..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if tt.err.Err != nil && !errors.Is(tt.err, tt.err.Err) {
				t.Errorf("errors.Is(err, %v) = false", tt.err.Err)
			}
		})
	}
}

func TestErrorsMatchOneSentinel(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrSyntax, ErrDuplicateMember, ErrTooLarge, ErrTooDeep, ErrType, ErrNumberRange}
	for _, s := range sentinels {
		if !strings.HasPrefix(s.Error(), "json: ") {
			t.Errorf("sentinel %q lacks the package prefix", s)
		}
		err := error(&Error{Offset: -1, Err: s})
		for _, other := range sentinels {
			if errors.Is(err, other) != (s == other) {
				t.Errorf("errors.Is(%v, %v) = %v", err, other, !(s == other))
			}
		}
	}
}

func TestErrorMessageDoesNotEchoInput(t *testing.T) {
	t.Parallel()
	// Errors name a byte, a path and an offset, never a run of the input,
	// which may be a token's claims.
	secret := "s3cr3t-value-that-must-not-leak"
	for _, doc := range []string{
		`{"a":"` + secret + `",}`,
		`{"a":"` + secret + "\x01\"}",
		`["` + secret + `" x]`,
		`{"a":"` + secret + `","a":1}`,
	} {
		_, err := Parse([]byte(doc), Limits{})
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("Parse(%q) error = %v", doc, err)
		}
	}
}

func TestPathSyntax(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want string
	}{
		{"kty", "kty"},
		{"x5t#S256", "x5t#S256"},
		{"urn:example:claim", "urn:example:claim"},
		{"https://example.com/claim", `["https://example.com/claim"]`},
		{"", `[""]`},
		{"a.b", `["a.b"]`},
		{"a[0]", `["a[0]"]`},
		{"a b", `["a b"]`},
		{"é", `["é"]`},
		{"\n", `["\n"]`},
	}
	for _, tt := range tests {
		if got := namePath(tt.name); got != tt.want {
			t.Errorf("namePath(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
	if got := string(appendPathName([]byte("a"), "b.c")); got != `a["b.c"]` {
		t.Errorf(`appendPathName("a", "b.c") = %s`, got)
	}
	if got := prefixPath(&Error{Path: "[1]"}, "x5c").(*Error).Path; got != "x5c[1]" {
		t.Errorf("prefixPath = %s, want x5c[1]", got)
	}
	if got := prefixPath(&Error{Path: "kid"}, "cnf").(*Error).Path; got != "cnf.kid" {
		t.Errorf("prefixPath = %s, want cnf.kid", got)
	}
}
