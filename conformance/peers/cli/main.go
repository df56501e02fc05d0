// Command cli is the interop driver for the jose command-line tool
// (cmd/jose): it answers the driver contract of conformance/peers/README.md
// by running the jose binary once per operation, so that the matrix checks
// the tool against the library it is built on.
//
// It reads one JSON array of operations on standard input and writes one
// JSON array of results, in the same order. The binary is $JOSE_BIN, else
// "jose" in the driver's own directory (where the conformance tests build
// both), else "jose" on PATH.
//
// Keys reach the binary through environment variables (--key env:NAME) and
// passwords through --password-env, never through argv or files; payloads,
// plaintexts and tokens go through standard input.
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// opTimeout bounds one run of the binary.
const opTimeout = 2 * time.Minute

// parallelism is how many runs of the binary per CPU are in flight.
const parallelism = 4

// Environment variables that carry keys and passwords to the binary.
const (
	keyEnvPrefix = "JOSE_DRIVER_KEY_"
	passwordEnv  = "JOSE_DRIVER_PASSWORD"
)

var b64 = base64.RawURLEncoding

// op is one operation of the contract; members a CLI command cannot take
// are still decoded, so that a driver error can name them.
type op struct {
	Op            string                     `json:"op"`
	Alg           string                     `json:"alg"`
	Enc           string                     `json:"enc"`
	Crv           string                     `json:"crv"`
	Signers       []signer                   `json:"signers"`
	Recipients    []recipient                `json:"recipients"`
	Payload       string                     `json:"payload"`
	Plaintext     string                     `json:"plaintext"`
	Serialization string                     `json:"serialization"`
	Zip           bool                       `json:"zip"`
	Protected     map[string]json.RawMessage `json:"protected"`
	JWK           json.RawMessage            `json:"jwk"`
	Password      string                     `json:"password"`
	Algs          []string                   `json:"algs"`
	Encs          []string                   `json:"encs"`
	Token         string                     `json:"token"`
	MaxP2C        int                        `json:"max_p2c"`
}

type signer struct {
	JWK json.RawMessage `json:"jwk"`
	Alg string          `json:"alg"`
	Kid string          `json:"kid"`
}

type recipient struct {
	JWK      json.RawMessage `json:"jwk"`
	Password *string         `json:"password"`
	Alg      string          `json:"alg"`
	P2C      int             `json:"p2c"`
}

// result is one answer; Error is set exactly when the op failed.
type result map[string]any

func main() {
	var ops []op
	if err := json.NewDecoder(os.Stdin).Decode(&ops); err != nil {
		fmt.Fprintln(os.Stderr, "cli driver: input is not a JSON array of operations:", err)
		os.Exit(2)
	}
	bin, err := joseBinary()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cli driver:", err)
		os.Exit(1)
	}
	d := &driver{bin: bin}
	out := make([]result, len(ops))
	// Each op is one process, which spends much of its life starting and
	// waiting rather than computing: run more at once than there are CPUs.
	sem := make(chan struct{}, parallelism*runtime.NumCPU())
	var wg sync.WaitGroup
	for i, o := range ops {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := d.do(o)
			if err != nil {
				r = result{"error": err.Error()}
			}
			out[i] = r
		}()
	}
	wg.Wait()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "cli driver:", err)
		os.Exit(1)
	}
}

// joseBinary finds the jose binary: $JOSE_BIN, next to this driver, or on
// PATH.
func joseBinary() (string, error) {
	if b := os.Getenv("JOSE_BIN"); b != "" {
		return b, nil
	}
	name := "jose"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		b := filepath.Join(filepath.Dir(exe), name)
		if _, err := os.Stat(b); err == nil {
			return b, nil
		}
	}
	if b, err := exec.LookPath("jose"); err == nil {
		return b, nil
	}
	return "", errors.New(`no jose binary: set JOSE_BIN, or build cmd/jose next to this driver`)
}

type driver struct {
	bin string
}

// invocation is one run of the binary.
type invocation struct {
	args  []string
	stdin []byte
	env   []string // NAME=VALUE added to the driver's environment
}

// exitError is a run that exited non-zero: the exit status and the last
// line of standard error, which is the tool's one-line message.
type exitError struct {
	args   []string
	code   int
	stderr string
}

func (e *exitError) Error() string {
	return fmt.Sprintf("exit %d: %s", e.code, e.stderr)
}

// run runs the binary and returns its standard output.
func (d *driver) run(inv invocation) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, d.bin, inv.args...)
	cmd.Stdin = bytes.NewReader(inv.stdin)
	// The tool reads JOSE_NOW (a fixed clock for tests); nothing here may
	// depend on it.
	env := make([]string, 0, len(os.Environ())+len(inv.env))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JOSE_NOW=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, inv.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		return nil, &exitError{args: inv.args, code: ee.ExitCode(), stderr: lastLine(stderr.String())}
	}
	if err != nil {
		return nil, err
	}
	return stdout.Bytes(), nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func (d *driver) do(o op) (result, error) {
	switch o.Op {
	case "capabilities":
		return d.capabilities()
	case "keygen":
		return d.keygen(o)
	case "sign":
		return d.sign(o)
	case "verify":
		return d.verify(o)
	case "encrypt":
		return d.encrypt(o)
	case "decrypt":
		return d.decrypt(o)
	case "jwk":
		return d.jwk(o)
	case "thumbprint":
		return d.thumbprint(o)
	}
	return nil, fmt.Errorf("unknown op %q", o.Op)
}

// capabilities asks the tool what it supports: jose algs --json, and
// jose version for the version and the Go runtime.
func (d *driver) capabilities() (result, error) {
	out, err := d.run(invocation{args: []string{"algs", "--json"}})
	if err != nil {
		return nil, err
	}
	var algs struct {
		JWS    []string `json:"jws"`
		JWE    []string `json:"jwe_alg"`
		Enc    []string `json:"jwe_enc"`
		Zip    []string `json:"jwe_zip"`
		Curves []string `json:"curves"`
	}
	if err := json.Unmarshal(out, &algs); err != nil {
		return nil, fmt.Errorf("jose algs --json: %v", err)
	}
	out, err = d.run(invocation{args: []string{"version"}})
	if err != nil {
		return nil, err
	}
	// "jose (devel) go1.26.8"
	f := strings.Fields(string(out))
	if len(f) != 3 || f[0] != "jose" {
		return nil, fmt.Errorf("jose version: unexpected output %q", out)
	}
	sers := []string{"compact", "json", "flattened"}
	return result{
		"name":    "jose CLI (cmd/jose)",
		"version": f[1],
		"runtime": f[2],
		"jws":     map[string]any{"algs": algs.JWS, "serializations": sers},
		"jwe":     map[string]any{"algs": algs.JWE, "encs": algs.Enc, "serializations": sers, "zip": slices.Contains(algs.Zip, "DEF")},
		"curves":  algs.Curves,
		"missing": map[string]string{
			"several password recipients": "jose jwe encrypt takes one password recipient (--password-file or --password-env)",
		},
	}, nil
}

// keygen runs jose jwk gen. An RSA key is made for a key type, not an
// algorithm, as the in-process peers' RSA keys are: the matrix uses one RSA
// key for every RSA algorithm of its use, and a key whose "alg" is RS256
// may not sign PS256.
func (d *driver) keygen(o op) (result, error) {
	var args []string
	switch {
	case strings.HasPrefix(o.Alg, "RSA"): // RSA1_5, RSA-OAEP*
		args = []string{"jwk", "gen", "--kty", "RSA", "--use", "enc"}
	case strings.HasPrefix(o.Alg, "RS"), strings.HasPrefix(o.Alg, "PS"):
		args = []string{"jwk", "gen", "--kty", "RSA", "--use", "sig"}
	default:
		args = []string{"jwk", "gen", "--alg", o.Alg}
		if o.Enc != "" {
			args = append(args, "--enc", o.Enc)
		}
		if o.Crv != "" {
			args = append(args, "--crv", o.Crv)
		}
	}
	out, err := d.run(invocation{args: args})
	if err != nil {
		return nil, err
	}
	return jsonResult("jwk", out)
}

// sign runs jose jws sign with one --key and --alg per signer, the extra
// protected members as --header NAME=<JSON>, and the payload on stdin.
func (d *driver) sign(o op) (result, error) {
	payload, err := b64.DecodeString(o.Payload)
	if err != nil {
		return nil, fmt.Errorf("payload: %v", err)
	}
	if len(o.Signers) == 0 {
		return nil, errors.New("no signers")
	}
	args := []string{"jws", "sign"}
	switch o.Serialization {
	case "compact":
	case "json":
		args = append(args, "--json")
	case "flattened":
		args = append(args, "--flattened")
	default:
		return nil, fmt.Errorf("unknown serialization %q", o.Serialization)
	}
	var env []string
	for i, s := range o.Signers {
		key := s.JWK
		if s.Kid != "" {
			if len(o.Signers) == 1 {
				args = append(args, "--kid", s.Kid)
			} else if key, err = withMember(key, "kid", s.Kid); err != nil {
				// With several keys, each "kid" comes from its JWK.
				return nil, err
			}
		}
		name := keyEnvPrefix + strconv.Itoa(i)
		env = append(env, name+"="+string(key))
		args = append(args, "--key", "env:"+name, "--alg", s.Alg)
	}
	args = append(args, headerArgs(o.Protected)...)
	out, err := d.run(invocation{args: args, stdin: payload, env: env})
	if err != nil {
		return nil, err
	}
	return result{"token": strings.TrimSpace(string(out))}, nil
}

// verify runs jose jws verify --json with the public half of the key and
// the allowlist, and returns the payload and the verified signature's
// header. A general JWS is verified once per key by the harness, so one
// valid signature is enough (--min-valid 1).
func (d *driver) verify(o op) (result, error) {
	key, err := publicJWK(o.JWK)
	if err != nil {
		return nil, err
	}
	args := []string{"jws", "verify", "--key", "env:" + keyEnvPrefix + "0", "--json"}
	for _, a := range o.Algs {
		args = append(args, "--alg", a)
	}
	if strings.HasPrefix(o.Token, "{") {
		args = append(args, "--min-valid", "1")
	}
	out, err := d.run(invocation{args: args, stdin: []byte(o.Token), env: []string{keyEnvPrefix + "0=" + string(key)}})
	if err != nil {
		return nil, err
	}
	var rep struct {
		Payload    string `json:"payload"`
		Signatures []struct {
			Header   json.RawMessage `json:"header"`
			Verified bool            `json:"verified"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("jws verify --json: %v", err)
	}
	r := result{"payload": rep.Payload}
	for _, s := range rep.Signatures {
		if s.Verified {
			r["protected"] = s.Header
			return r, nil
		}
	}
	return nil, errors.New("jws verify --json: exit 0 but no signature marked verified")
}

// encrypt runs jose jwe encrypt: one --key per key recipient, then the
// password recipient (at most one, and last) through --password-env.
func (d *driver) encrypt(o op) (result, error) {
	plaintext, err := b64.DecodeString(o.Plaintext)
	if err != nil {
		return nil, fmt.Errorf("plaintext: %v", err)
	}
	args := []string{"jwe", "encrypt", "--enc", o.Enc}
	switch o.Serialization {
	case "compact":
	case "json":
		args = append(args, "--json")
	case "flattened":
		args = append(args, "--flattened")
	default:
		return nil, fmt.Errorf("unknown serialization %q", o.Serialization)
	}
	var env, algs []string
	var pw *recipient
	for i, r := range o.Recipients {
		if r.Password != nil {
			if pw != nil {
				return nil, errors.New("jose jwe encrypt takes one password recipient")
			}
			pw = &o.Recipients[i]
			continue
		}
		key, err := publicJWK(r.JWK)
		if err != nil {
			return nil, err
		}
		name := keyEnvPrefix + strconv.Itoa(i)
		env = append(env, name+"="+string(key))
		args = append(args, "--key", "env:"+name)
		algs = append(algs, r.Alg)
	}
	if pw != nil {
		env = append(env, passwordEnv+"="+*pw.Password)
		args = append(args, "--password-env", passwordEnv)
		algs = append(algs, pw.Alg)
		if pw.P2C != 0 {
			args = append(args, "--p2c", strconv.Itoa(pw.P2C))
		}
	}
	for _, a := range algs {
		args = append(args, "--alg", a)
	}
	if o.Zip {
		args = append(args, "--zip")
	}
	args = append(args, headerArgs(o.Protected)...)
	out, err := d.run(invocation{args: args, stdin: plaintext, env: env})
	if err != nil {
		return nil, err
	}
	return result{"token": strings.TrimSpace(string(out))}, nil
}

// decrypt runs jose jwe decrypt --json with the private key or the
// password and the two allowlists.
func (d *driver) decrypt(o op) (result, error) {
	args := []string{"jwe", "decrypt", "--json"}
	var env []string
	if len(o.JWK) > 0 {
		env = append(env, keyEnvPrefix+"0="+string(o.JWK))
		args = append(args, "--key", "env:"+keyEnvPrefix+"0")
	} else {
		env = append(env, passwordEnv+"="+o.Password)
		args = append(args, "--password-env", passwordEnv)
	}
	for _, a := range o.Algs {
		args = append(args, "--alg", a)
	}
	for _, e := range o.Encs {
		args = append(args, "--enc", e)
	}
	if o.MaxP2C != 0 {
		args = append(args, "--max-p2c", strconv.Itoa(o.MaxP2C))
	}
	out, err := d.run(invocation{args: args, stdin: []byte(o.Token), env: env})
	if err != nil {
		return nil, err
	}
	var rep struct {
		Plaintext *string `json:"plaintext"`
	}
	if err := json.Unmarshal(out, &rep); err != nil || rep.Plaintext == nil {
		return nil, fmt.Errorf("jwe decrypt --json: no plaintext in the report (%v)", err)
	}
	return result{"plaintext": *rep.Plaintext}, nil
}

// jwk runs jose jwk check, which parses the key strictly (and, with --alg,
// checks that it may serve the algorithm) and prints it re-encoded.
func (d *driver) jwk(o op) (result, error) {
	args := []string{"jwk", "check", "--key", "-"}
	if o.Alg != "" {
		args = append(args, "--alg", o.Alg)
	}
	out, err := d.run(invocation{args: args, stdin: o.JWK})
	if err != nil {
		return nil, err
	}
	return jsonResult("jwk", out)
}

// thumbprint runs jose jwk thumbprint (RFC 7638, SHA-256).
func (d *driver) thumbprint(o op) (result, error) {
	out, err := d.run(invocation{args: []string{"jwk", "thumbprint", "--key", "-"}, stdin: o.JWK})
	if err != nil {
		return nil, err
	}
	return result{"thumbprint": strings.TrimSpace(string(out))}, nil
}

// headerArgs turns extra protected members into --header NAME=<JSON>
// flags, in a stable order. The tool reads a value as JSON when it parses
// as JSON, so every value is passed as JSON text.
func headerArgs(h map[string]json.RawMessage) []string {
	var args []string
	for _, n := range slices.Sorted(maps.Keys(h)) {
		args = append(args, "--header", n+"="+string(h[n]))
	}
	return args
}

// privateMembers are the JWK members of private keys (RFC 7518 §6.2.2,
// §6.3.2; RFC 8037 §2).
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth"}

// publicJWK drops the private members of an asymmetric JWK, and "key_ops"
// (which may name private operations), as the contract asks of verify and
// encrypt; a secret stays as it is.
func publicJWK(jwk json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(jwk, &m); err != nil {
		return nil, fmt.Errorf("jwk: %v", err)
	}
	if string(m["kty"]) == `"oct"` {
		return jwk, nil
	}
	for _, k := range privateMembers {
		delete(m, k)
	}
	delete(m, "key_ops")
	return json.Marshal(m)
}

// withMember returns the JWK with the string member name set to value.
func withMember(jwk json.RawMessage, name, value string) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(jwk, &m); err != nil {
		return nil, fmt.Errorf("jwk: %v", err)
	}
	v, _ := json.Marshal(value)
	m[name] = v
	return json.Marshal(m)
}

func jsonResult(name string, out []byte) (result, error) {
	out = bytes.TrimSpace(out)
	if !json.Valid(out) {
		return nil, fmt.Errorf("output is not JSON: %.40q", out)
	}
	return result{name: json.RawMessage(out)}, nil
}
