package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jose-suite/jose/jwk"
)

// Input bounds. The library checks its own, tighter limits on tokens; these
// only stop the tool from reading without end.
const (
	maxInputSize    = 64 << 20 // a payload, plaintext, token or claims set
	maxKeyFileSize  = 4 << 20  // a key file: a JWK, a JWK Set or PEM
	maxPasswordSize = 4 << 10  // a password file
)

// claimStdin records that what reads standard input, and refuses a second
// reader: "--key -" and a payload on stdin cannot both have it.
func (c *cmdContext) claimStdin(what string) error {
	if c.stdinOwner != "" {
		return usagef("the %s and the %s cannot both come from standard input: give one of them as a file", c.stdinOwner, what)
	}
	c.stdinOwner = what
	return nil
}

// readLimited reads r up to limit bytes and fails beyond.
func readLimited(r io.Reader, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}

// reserveInput claims standard input for the command's main input when it
// comes from there, before any key is read, so that "--key -" is refused
// rather than read as the token.
func (c *cmdContext) reserveInput(in, what string) error {
	if in == "" || in == "-" {
		return c.claimStdin(what)
	}
	return nil
}

// readInput reads the command's main input: the file named by --in, or
// standard input when in is "" or "-". A missing file is a usage error;
// input over maxInputSize is a failure of the input.
func (c *cmdContext) readInput(in, what string) ([]byte, error) {
	if in == "" || in == "-" {
		if c.stdinOwner != what {
			if err := c.claimStdin(what); err != nil {
				return nil, err
			}
		}
		if c.stdinTTY {
			fmt.Fprintf(c.stderr, "jose %s: reading %s from the terminal (end with Ctrl-D)\n", c.cmd.name, what)
		}
		data, err := readLimited(c.stdin, maxInputSize)
		if err != nil {
			return nil, fmt.Errorf("reading %s from standard input: %w", what, err)
		}
		return data, nil
	}
	return c.readFile(in, what, maxInputSize)
}

// readFile reads a named file; every problem with it is a usage error,
// except size, which is the input's fault.
func (c *cmdContext) readFile(name, what string, limit int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &usageError{msg: what, err: simplifyPathError(err), noHint: true}
	}
	defer f.Close()
	data, err := readLimited(f, limit)
	if err != nil {
		return nil, &usageError{msg: fmt.Sprintf("%s %s", what, name), err: err, noHint: true}
	}
	return data, nil
}

// simplifyPathError turns "open x: no such file or directory" into a
// message naming the file once.
func simplifyPathError(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// readSpec reads a key or password given as a file name, "-" for standard
// input, or "env:NAME" for an environment variable. Every problem is a usage
// error.
func (c *cmdContext) readSpec(spec, what string, limit int) ([]byte, error) {
	switch {
	case spec == "":
		return nil, usagef("%s: empty name", what)
	case spec == "-":
		if err := c.claimStdin(what); err != nil {
			return nil, err
		}
		data, err := readLimited(c.stdin, limit)
		if err != nil {
			return nil, &usageError{msg: what + " on standard input", err: err, noHint: true}
		}
		return data, nil
	case strings.HasPrefix(spec, "env:"):
		name := spec[len("env:"):]
		v := c.getenv(name)
		if v == "" {
			return nil, usagef("%s: environment variable %s is not set or empty", what, name)
		}
		if len(v) > limit {
			return nil, usagef("%s: environment variable %s is larger than %d bytes", what, name, limit)
		}
		return []byte(v), nil
	}
	return c.readFile(spec, what, limit)
}

// keyInput is where a key came from, for messages.
func keyInputName(spec string) string {
	if spec == "-" {
		return "standard input"
	}
	return spec
}

// loadKeys reads the keys of spec: one JWK, a JWK Set, or a PEM key.
// A key that does not parse is a usage error when the key is a tool of the
// command (a --key for signing or verifying) and a failure of the input
// when it is the command's subject (jwk pub, jwk thumbprint).
func (c *cmdContext) loadKeys(spec, what string, subject bool) ([]*jwk.Key, error) {
	data, err := c.readSpec(spec, what, maxKeyFileSize)
	if err != nil {
		return nil, err
	}
	keys, err := c.parseKeys(data)
	if err != nil {
		err = fmt.Errorf("%s %s: %w", what, keyInputName(spec), err)
		if subject {
			return nil, err
		}
		return nil, &usageError{err: err, noHint: true}
	}
	return keys, nil
}

// parseKeys parses a JWK, a JWK Set, or a PEM key (or certificate).
func (c *cmdContext) parseKeys(data []byte) ([]*jwk.Key, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		k, err := jwk.ParsePEM(trimmed)
		if err != nil {
			return nil, err
		}
		return []*jwk.Key{k}, nil
	case bytes.HasPrefix(trimmed, []byte("{")):
		if isKeySet(trimmed) {
			set, err := jwk.ParseSet(trimmed)
			if err != nil {
				return nil, err
			}
			c.noteSkipped(set)
			if set.Len() == 0 {
				return nil, errors.New("the JWK Set holds no usable key")
			}
			return set.Keys(), nil
		}
		k, err := jwk.ParseKey(trimmed)
		if err != nil {
			return nil, err
		}
		return []*jwk.Key{k}, nil
	case len(trimmed) == 0:
		return nil, errors.New("empty")
	}
	return nil, errors.New("not a JWK, a JWK Set or a PEM key")
}

// isKeySet reports whether a JSON object has a "keys" member (exact name).
func isKeySet(data []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return false
	}
	_, ok := m["keys"]
	return ok
}

func (c *cmdContext) noteSkipped(set *jwk.Set) {
	for _, s := range set.Skipped() {
		desc := s.KeyType
		if s.Curve != "" {
			desc += " " + s.Curve
		}
		if s.KeyID != "" {
			desc += fmt.Sprintf(" (kid %q)", s.KeyID)
		}
		fmt.Fprintf(c.stderr, "jose %s: note: skipped key %d of the set, %s: %v\n", c.cmd.name, s.Index, strings.TrimSpace(desc), s.Err)
	}
}

// loadOneKey loads spec and requires exactly one key in it.
func (c *cmdContext) loadOneKey(spec, what string, subject bool) (*jwk.Key, error) {
	keys, err := c.loadKeys(spec, what, subject)
	if err != nil {
		return nil, err
	}
	if len(keys) != 1 {
		return nil, usagef("%s %s holds %d keys; give a file with one key", what, keyInputName(spec), len(keys))
	}
	return keys[0], nil
}

// loadAllKeys loads every spec and concatenates the keys.
func (c *cmdContext) loadAllKeys(specs []string, what string) ([]*jwk.Key, error) {
	var keys []*jwk.Key
	for _, s := range specs {
		ks, err := c.loadKeys(s, what, false)
		if err != nil {
			return nil, err
		}
		keys = append(keys, ks...)
	}
	return keys, nil
}

// passwordFlags are the PBES2 password sources. There is deliberately no
// flag that takes the password itself: argv is visible to other users.
type passwordFlags struct {
	file, env *string
}

func (c *cmdContext) passwordFlags() passwordFlags {
	return passwordFlags{
		file: c.fs.String("password-file", "", "read the PBES2 password from `FILE` (\"-\" for standard input); one trailing newline is removed"),
		env:  c.fs.String("password-env", "", "read the PBES2 password from the environment variable `NAME`"),
	}
}

func (p passwordFlags) given() bool { return *p.file != "" || *p.env != "" }

// password returns the password from the file or environment variable,
// or prompts for it on the terminal (twice when confirm is set).
func (c *cmdContext) password(p passwordFlags, confirm bool) (string, error) {
	if *p.file != "" && *p.env != "" {
		return "", usagef("give --password-file or --password-env, not both")
	}
	var pw string
	switch {
	case *p.file != "":
		data, err := c.readSpec(*p.file, "password file", maxPasswordSize)
		if err != nil {
			return "", err
		}
		pw = string(data)
		pw = strings.TrimSuffix(pw, "\n")
		pw = strings.TrimSuffix(pw, "\r")
	case *p.env != "":
		pw = c.getenv(*p.env)
		if pw == "" {
			return "", usagef("--password-env: environment variable %s is not set or empty", *p.env)
		}
	default:
		var err error
		pw, err = promptPassword(confirm)
		if err != nil {
			return "", err
		}
	}
	if pw == "" {
		return "", usagef("the password is empty")
	}
	return pw, nil
}

// parseTime reads a time given as a duration from now ("1h", "-5m", "7d"),
// seconds since the epoch, or RFC 3339. A zero now refuses durations.
func parseTime(v string, now time.Time) (time.Time, error) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := parseDuration(v)
	if err != nil || now.IsZero() {
		return time.Time{}, fmt.Errorf("%q is not a duration (1h, 30m, 7d), seconds since the epoch or an RFC 3339 time", v)
	}
	return now.Add(d), nil
}

// parseDuration is time.ParseDuration with whole days ("7d") too.
func parseDuration(v string) (time.Duration, error) {
	if rest, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.ParseInt(rest, 10, 32)
		if err != nil {
			return 0, fmt.Errorf("bad duration %q", v)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// durationFlag is a time.Duration flag that also takes whole days.
type durationFlag struct{ d time.Duration }

func (f *durationFlag) String() string {
	if f == nil || f.d == 0 {
		return ""
	}
	return f.d.String()
}

func (f *durationFlag) Set(v string) error {
	d, err := parseDuration(v)
	if err != nil {
		return errors.New("want a duration such as 30s, 5m, 1h or 7d")
	}
	f.d = d
	return nil
}

func (c *cmdContext) duration(name, usage string) *durationFlag {
	f := new(durationFlag)
	c.fs.Var(f, name, usage)
	return f
}

// writeOutput writes data to the file out (created with mode 0600, since
// it may hold a private key) or to stdout when out is empty.
func (c *cmdContext) writeOutput(out string, data []byte) error {
	if out == "" || out == "-" {
		_, err := c.stdout.Write(data)
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return &usageError{msg: "--out", err: simplifyPathError(err), noHint: true}
	}
	// An existing file keeps its mode through O_TRUNC; narrow it too.
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return &usageError{msg: "--out", err: simplifyPathError(err), noHint: true}
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
