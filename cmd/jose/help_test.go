package main

import (
	"strings"
	"testing"
)

// TestHelpForEveryCommand checks that every command answers --help on
// stdout with exit 0, a usage line, its flags and an example, against a
// golden file.
func TestHelpForEveryCommand(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			args := append(strings.Fields(c.name), "--help")
			r := jose(t, runOpts{}, args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			for _, want := range []string{"Usage: jose " + c.name, "Example:\n  jose "} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("help lacks %q", want)
				}
			}
			golden(t, "help/"+strings.ReplaceAll(c.name, " ", "_"), r)
			// "jose help CMD" says the same.
			if h := ok(t, runOpts{}, append([]string{"help"}, strings.Fields(c.name)...)...); h != r.stdout {
				t.Errorf("jose help %s differs from jose %s --help", c.name, c.name)
			}
		})
	}
}

func TestTopLevelUsage(t *testing.T) {
	t.Parallel()
	golden(t, "usage/help", jose(t, runOpts{}, "--help"))
	golden(t, "usage/no_args", jose(t, runOpts{}))
	golden(t, "usage/unknown_command", jose(t, runOpts{}, "frobnicate"))
	golden(t, "usage/group_without_subcommand", jose(t, runOpts{}, "jwk"))
	golden(t, "usage/group_help", jose(t, runOpts{}, "jws", "--help"))
	golden(t, "usage/unknown_subcommand", jose(t, runOpts{}, "jwe", "frobnicate"))
	golden(t, "usage/unknown_flag", jose(t, runOpts{}, "jws", "sign", "--no-such-flag"))
}

// TestUnknownFlagIsUsageError checks every command: an unknown flag gives
// exit 2, the error naming the flag, and the usage, never a stack trace.
func TestUnknownFlagIsUsageError(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			r := jose(t, runOpts{}, append(strings.Fields(c.name), "--no-such-flag")...)
			if r.code != 2 || r.stdout != "" {
				t.Fatalf("exit %d, stdout %q; want 2 and nothing", r.code, r.stdout)
			}
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if want := "jose " + c.name + ": unknown flag --no-such-flag"; first != want {
				t.Errorf("first line %q, want %q", first, want)
			}
			if !strings.HasPrefix(rest, "Usage: jose "+c.name) {
				t.Errorf("no usage after the error:\n%s", r.stderr)
			}
		})
	}
}

func TestUnexpectedArgumentIsUsageError(t *testing.T) {
	t.Parallel()
	fails(t, 2, `unexpected argument "extra"`, runOpts{}, "jws", "verify", "extra")
	r := jose(t, runOpts{}, "jws", "sign", "--key")
	if first, _, _ := strings.Cut(r.stderr, "\n"); r.code != 2 || first != "jose jws sign: flag --key needs a value" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}
