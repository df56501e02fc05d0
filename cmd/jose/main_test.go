package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// joseBin is the jose binary, built once by TestMain.
var joseBin string

// scratch is a directory shared by the tests for keys made once.
var scratch string

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := buildAndRun(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmd/jose tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func buildAndRun(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "jose-cli-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	joseBin = filepath.Join(dir, "jose")
	if runtime.GOOS == "windows" {
		joseBin += ".exe"
	}
	scratch = filepath.Join(dir, "scratch")
	if err := os.Mkdir(scratch, 0o700); err != nil {
		return 0, err
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	build := exec.Command(goTool, "build", "-o", joseBin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go build: %v\n%s", err, out)
	}
	return m.Run(), nil
}

// result is what one run of the binary did.
type result struct {
	args   []string
	stdout string
	stderr string
	code   int
}

// runOpts are the optional inputs of a run.
type runOpts struct {
	stdin string
	env   []string // NAME=VALUE added to a clean environment
}

// jose runs the binary in the package directory (so that testdata/... paths
// work) with a clean environment: no JOSE_NOW, no NO_COLOR, no terminal.
func jose(t testing.TB, o runOpts, args ...string) result {
	t.Helper()
	cmd := exec.Command(joseBin, args...)
	cmd.Stdin = strings.NewReader(o.stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(cleanEnv(), o.env...)
	// No controlling terminal: a password prompt must fail, never wait.
	cmd.SysProcAttr = noTerminal()
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("jose %s: %v", strings.Join(args, " "), err)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Fatalf("jose %s crashed:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "JOSE_") || name == "NO_COLOR" || name == "TERM" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// ok runs jose and fails the test unless it exits 0; it returns stdout.
func ok(t testing.TB, o runOpts, args ...string) string {
	t.Helper()
	r := jose(t, o, args...)
	if r.code != 0 {
		t.Fatalf("jose %s: exit %d, want 0; stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// fails runs jose and checks the exit code, that stdout is empty, and that
// stderr is one line starting with the command's name and containing want.
func fails(t testing.TB, code int, want string, o runOpts, args ...string) result {
	t.Helper()
	r := jose(t, o, args...)
	line := strings.Join(args, " ")
	if r.code != code {
		t.Fatalf("jose %s: exit %d, want %d; stderr:\n%s", line, r.code, code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("jose %s: failed but wrote to stdout:\n%s", line, r.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "jose ") {
		t.Errorf("jose %s: stderr is not one line starting with \"jose \":\n%s", line, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("jose %s: stderr %q does not contain %q", line, r.stderr, want)
	}
	return r
}

// golden compares a run with testdata/golden/NAME.txt, or rewrites it with
// -update.
func golden(t *testing.T, name string, r result) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "$ jose %s\n", strings.Join(r.args, " "))
	fmt.Fprintf(&b, "-- exit --\n%d\n", r.code)
	fmt.Fprintf(&b, "-- stdout --\n%s", r.stdout)
	if r.stdout != "" && !strings.HasSuffix(r.stdout, "\n") {
		b.WriteString("\n[no newline at end]\n")
	}
	fmt.Fprintf(&b, "-- stderr --\n%s", r.stderr)
	got := b.String()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/jose -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// writeFile writes data to a fresh file in the test's temporary directory.
func writeFile(t testing.TB, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Fixed keys from testdata.
const (
	rsaKey     = "testdata/rsa.jwk"     // RFC 7520 §3.4, without "use", kid "rsa-2048", no "alg"
	ed25519Key = "testdata/ed25519.jwk" // RFC 8037 §A.1, no kid, no "alg"
	hs256Key   = "testdata/hs256.jwk"   // RFC 7520 §3.5, alg HS256, use sig
	rfc7638Key = "testdata/rfc7638.jwk" // RFC 7638 §3.1 public RSA key, alg RS256
)

// genKeys holds keys generated once per test binary by "jose jwk gen",
// keyed by the arguments that made them.
var (
	genMu   sync.Mutex
	genKeys = map[string]string{}
)

// genKey returns the path of a key made by "jose jwk gen ARGS...", made
// once per test binary.
func genKey(t testing.TB, args ...string) string {
	t.Helper()
	id := strings.Join(args, " ")
	genMu.Lock()
	defer genMu.Unlock()
	if p, ok := genKeys[id]; ok {
		return p
	}
	p := filepath.Join(scratch, fmt.Sprintf("gen%d.jwk", len(genKeys)))
	ok(t, runOpts{}, slices.Concat([]string{"jwk", "gen", "--out", p}, args)...)
	genKeys[id] = p
	return p
}

// pubKey returns the path of the public half of the key at path.
func pubKey(t testing.TB, path string) string {
	t.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	id := "pub " + path
	if p, ok := genKeys[id]; ok {
		return p
	}
	p := filepath.Join(scratch, fmt.Sprintf("pub%d.jwk", len(genKeys)))
	out := ok(t, runOpts{}, "jwk", "pub", "--key", path)
	if err := os.WriteFile(p, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	genKeys[id] = p
	return p
}
