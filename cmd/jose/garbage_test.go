package main

import (
	"strings"
	"testing"
)

// TestGarbageInputFailsCleanly feeds malformed input to every command that
// reads some: each must exit 1 with one line on stderr and nothing on
// stdout, never a stack trace.
func TestGarbageInputFailsCleanly(t *testing.T) {
	t.Parallel()
	inputs := map[string]string{
		"text":          "hello world",
		"binary":        "\x00\x01\xff\xfe",
		"dots":          "....",
		"empty object":  "{}",
		"deep nesting":  strings.Repeat("[", 10000),
		"truncated":     `{"protected":"eyJhbGciOiJIUzI1NiJ9","payload":"aGk","signature":`,
		"bad base64":    "eyJhbGciOiJIUzI1NiJ9.!!!.abc",
		"header array":  "WzFd.aGk.abc",
		"five parts":    "a.b.c.d.e",
		"huge exponent": `{"kty":"RSA","n":"AQAB","e":"AQAB"}`,
	}
	commands := [][]string{
		{"jws", "verify", "--key", hs256Key},
		{"jwe", "decrypt", "--key", rsaKey, "--alg", "RSA-OAEP-256"},
		{"jwt", "verify", "--key", hs256Key, "--iss", "x"},
		{"inspect"},
		{"inspect", "--json"},
		{"jwk", "pub"},
		{"jwk", "check"},
		{"jwk", "thumbprint"},
		{"jwk", "export"},
		{"jwk", "import"},
		{"jwks"},
	}
	for _, args := range commands {
		t.Run(strings.Join(args[:min(2, len(args))], "_"), func(t *testing.T) {
			t.Parallel()
			for name, in := range inputs {
				r := jose(t, runOpts{stdin: in}, args...)
				if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1, no output, one line", name, r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}
