package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Exit codes (see the package doc).
const (
	exitOK      = 0
	exitFailure = 1 // verification, decryption or input failure
	exitUsage   = 2 // bad flags or arguments, unreadable files, keys unfit for the request
)

// nowEnv names the environment variable that fixes the clock, for tests and
// reproducible examples only.
const nowEnv = "JOSE_NOW"

func main() {
	os.Exit(run(os.Args[1:], newEnv()))
}

// env is everything a command touches outside its arguments, so that run
// can be driven the same way from main and from a test.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	stdoutTTY      bool // stdout is a terminal (colour, notes for humans)
	stdinTTY       bool // stdin is a terminal (no piped input)

	stdinOwner string // which flag or input already claimed stdin
}

func newEnv() *env {
	return &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		stdoutTTY: isTerminal(os.Stdout),
		stdinTTY:  isTerminal(os.Stdin),
	}
}

// now returns the current time, or the time JOSE_NOW fixes (RFC 3339 or
// seconds since the epoch).
func (e *env) now() (time.Time, error) {
	clock, err := e.clockFunc()
	if err != nil {
		return time.Time{}, err
	}
	return clock(), nil
}

// clockFunc returns time.Now, or a clock stopped at the time JOSE_NOW
// fixes. Commands that judge a token read the clock when they judge it, not
// when they start: in "jose jwt sign | jose jwt verify" the verifier starts
// before the token is signed.
func (e *env) clockFunc() (func() time.Time, error) {
	v := e.getenv(nowEnv)
	if v == "" {
		return time.Now, nil
	}
	t, err := parseTime(v, time.Time{})
	if err != nil {
		return nil, usagef("%s=%q: want RFC 3339 or seconds since the epoch", nowEnv, v)
	}
	return func() time.Time { return t }, nil
}

// run runs one command line and returns the process exit code. Every error
// is reported on stderr as one line; usage errors add a pointer to --help.
func run(args []string, e *env) int {
	if len(args) == 0 {
		printTopUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if args[0] == "help" && len(args) > 1 {
			cmd, rest := lookup(args[1:])
			if cmd == nil || len(rest) > 0 {
				fmt.Fprintf(e.stderr, "jose help: unknown command %q\n", strings.Join(args[1:], " "))
				return exitUsage
			}
			return runCommand(cmd, []string{"--help"}, e)
		}
		printTopUsage(e.stdout)
		return exitOK
	}
	cmd, rest := lookup(args)
	if cmd == nil {
		group := groupOf(args[0])
		if group != "" && (len(args) == 1 || strings.HasPrefix(args[1], "-")) {
			if len(args) > 1 && isHelpFlag(args[1]) {
				printGroupUsage(e.stdout, group)
				return exitOK
			}
			fmt.Fprintf(e.stderr, "jose %s: missing subcommand\n", group)
			printGroupUsage(e.stderr, group)
			return exitUsage
		}
		if group != "" {
			fmt.Fprintf(e.stderr, "jose %s: unknown subcommand %q\n", group, args[1])
			printGroupUsage(e.stderr, group)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "jose: unknown command %q\n", args[0])
		printTopUsage(e.stderr)
		return exitUsage
	}
	return runCommand(cmd, rest, e)
}

func isHelpFlag(s string) bool {
	return s == "-h" || s == "-help" || s == "--help"
}

func runCommand(cmd *command, args []string, e *env) int {
	c := newCmdContext(cmd, e)
	err := cmd.run(c, args)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	if errors.Is(err, errUsageShown) {
		return exitUsage
	}
	code := exitCode(err)
	msg := oneLine(err.Error())
	if ue, ok := errors.AsType[*usageError](err); ok && !ue.noHint && !strings.Contains(msg, "(see '") {
		msg += fmt.Sprintf(" (see 'jose %s --help')", cmd.name)
	}
	fmt.Fprintf(e.stderr, "jose %s: %s\n", cmd.name, msg)
	return code
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct {
	msg    string
	err    error
	noHint bool // the message says enough; do not point to --help
}

func (e *usageError) Error() string {
	if e.err != nil && e.msg == "" {
		return e.err.Error()
	}
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}

func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageWrap marks err, a refusal of the caller's keys or options by the
// library, as a usage error.
func usageWrap(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err: err, noHint: true}
}

// errHelpShown and errUsageShown end a command whose output is already
// written: help on stdout (exit 0), or a flag error and usage on stderr
// (exit 2).
var (
	errHelpShown  = errors.New("help shown")
	errUsageShown = errors.New("usage shown")
)

// exitCode maps an error to the exit code: 2 for usage errors and for the
// library's refusals of a configuration (a key that may not serve the
// algorithm asked for, an option it does not accept), 1 for everything
// else, which is about the input being processed.
func exitCode(err error) int {
	if _, ok := errors.AsType[*usageError](err); ok {
		return exitUsage
	}
	switch {
	case errors.Is(err, jws.ErrInvalidConfig), errors.Is(err, jwe.ErrInvalidConfig):
		return exitUsage
	}
	if _, ok := errors.AsType[*jwt.PolicyError](err); ok {
		return exitUsage
	}
	return exitFailure
}

// oneLine folds a multi-line message (errors.Join) into one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), "; ")
}
