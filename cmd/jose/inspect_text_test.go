package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestInspectColour checks the colour decision and that colour is only
// added around the text, in-process since the tests have no terminal.
func TestInspectColour(t *testing.T) {
	t.Parallel()
	env := func(tty bool, vars map[string]string) *env {
		return &env{stdoutTTY: tty, getenv: func(k string) string { return vars[k] }}
	}
	if env(false, nil).useColour() {
		t.Error("colour without a terminal")
	}
	if !env(true, nil).useColour() {
		t.Error("no colour on a terminal")
	}
	if env(true, map[string]string{"NO_COLOR": "1"}).useColour() {
		t.Error("colour despite NO_COLOR")
	}
	if env(true, map[string]string{"TERM": "dumb"}).useColour() {
		t.Error("colour on a dumb terminal")
	}
	r, err := inspect([]byte(strings.TrimSpace(readFixture(t, "none.txt"))), time.Unix(1735689600, 0))
	if err != nil {
		t.Fatal(err)
	}
	var plain, coloured bytes.Buffer
	r.writeText(&plain, false)
	r.writeText(&coloured, true)
	if strings.Contains(plain.String(), "\x1b") || !strings.Contains(coloured.String(), "\x1b[") {
		t.Error("colour codes where not wanted, or missing where wanted")
	}
	stripped := coloured.String()
	for _, code := range []string{ansiReset, ansiBold, ansiRed, ansiGreen, ansiYellow, ansiCyan} {
		stripped = strings.ReplaceAll(stripped, code, "")
	}
	if stripped != plain.String() {
		t.Error("coloured text differs from plain text beyond the colour codes")
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":          "plain",
		"tab\tand\nline": "tab\tand\nline",
		"esc\x1b[2J":     `esc\u001b[2J`,
		"csi\u009b31m":   `csi\u009b31m`,
		"bad\xffbyte":    `bad\xffbyte`,
		"bell\a":         `bell\u0007`,
		"sep\u2028x":     `sep\u2028x`,
		"unicode é 日本 ✓": "unicode é 日本 ✓",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0:                             "0s",
		40 * time.Second:              "40s",
		5*time.Minute + 2*time.Second: "5m 2s",
		time.Hour:                     "1h",
		26*time.Hour + 3*time.Minute:  "1d 2h",
		400 * 24 * time.Hour:          "1y 35d",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
