package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// requirePeersEnv, when "1", turns a missing external peer into a test
// failure instead of a skip. .ci/run sets it after .ci/install-peers.
const requirePeersEnv = "JOSE_CONFORMANCE_REQUIRE_PEERS"

// dumpEnv names a directory where each batch sent to an external driver
// is written (peer-N.json), so that a failure can be replayed by hand:
// driver < file.
const dumpEnv = "JOSE_CONFORMANCE_DUMP"

// peerTimeout bounds one batch sent to an external driver.
const peerTimeout = 5 * time.Minute

// op is one operation of the driver contract in peers/README.md. Binary
// values are base64url; JWKs are JSON objects; tokens are strings (a JSON
// serialization as its text).
type op struct {
	Op            string            `json:"op"`
	Alg           string            `json:"alg,omitempty"`
	Enc           string            `json:"enc,omitempty"`
	Crv           string            `json:"crv,omitempty"`
	Index         int               `json:"index,omitempty"`
	Signers       []signerSpec      `json:"signers,omitempty"`
	Recipients    []recipientSpec   `json:"recipients,omitempty"`
	Payload       string            `json:"payload,omitempty"`
	Plaintext     string            `json:"plaintext,omitempty"`
	Serialization string            `json:"serialization,omitempty"`
	Zip           bool              `json:"zip,omitempty"`
	Protected     map[string]string `json:"protected,omitempty"`
	JWK           json.RawMessage   `json:"jwk,omitempty"`
	Password      string            `json:"password,omitempty"`
	Algs          []string          `json:"algs,omitempty"`
	Encs          []string          `json:"encs,omitempty"`
	Token         string            `json:"token,omitempty"`
	MaxP2C        int               `json:"max_p2c,omitempty"`
}

type signerSpec struct {
	JWK json.RawMessage `json:"jwk"`
	Alg string          `json:"alg"`
}

type recipientSpec struct {
	JWK      json.RawMessage `json:"jwk,omitempty"`
	Password string          `json:"password,omitempty"`
	Alg      string          `json:"alg"`
	P2C      int             `json:"p2c,omitempty"`
}

// result is the answer to one op. Error is set exactly when the op failed.
type result struct {
	Error      string          `json:"error,omitempty"`
	JWK        json.RawMessage `json:"jwk,omitempty"`
	Token      string          `json:"token,omitempty"`
	Payload    string          `json:"payload,omitempty"`
	Plaintext  string          `json:"plaintext,omitempty"`
	Thumbprint string          `json:"thumbprint,omitempty"`
	capabilities
}

// capabilities is the answer to the "capabilities" op: what a peer
// implements, and why it lacks the rest.
type capabilities struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Runtime string `json:"runtime,omitempty"`
	JWS     *struct {
		Algs           []string `json:"algs"`
		Serializations []string `json:"serializations"`
	} `json:"jws,omitempty"`
	JWE *struct {
		Algs           []string `json:"algs"`
		Encs           []string `json:"encs"`
		Serializations []string `json:"serializations"`
		Zip            bool     `json:"zip"`
	} `json:"jwe,omitempty"`
	Curves  []string          `json:"curves,omitempty"`
	Missing map[string]string `json:"missing,omitempty"`
}

// peer is one JOSE implementation behind the driver contract. run answers
// every op, in order; a peer that cannot run at all answers each op with an
// error.
type peer interface {
	name() string
	run(ops []op) []result
}

// execPeer runs an external driver once per batch.
type execPeer struct {
	id      string
	argv    []string
	batches atomic.Int32
}

func (p *execPeer) name() string { return p.id }

func (p *execPeer) run(ops []op) []result {
	if len(ops) == 0 {
		return nil
	}
	in, err := json.Marshal(ops)
	if err != nil {
		return failAll(len(ops), err)
	}
	if dir := os.Getenv(dumpEnv); dir != "" {
		n := p.batches.Add(1)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.json", p.id, n)), in, 0o644)
	}
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.argv[0], p.argv[1:]...)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return failAll(len(ops), fmt.Errorf("driver %s: %v: %s", p.id, err, lastLine(stderr.String())))
	}
	var out []result
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || len(out) != len(ops) {
		return failAll(len(ops), fmt.Errorf("driver %s: bad output (%d results for %d ops, %v)", p.id, len(out), len(ops), err))
	}
	return out
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func failAll(n int, err error) []result {
	out := make([]result, n)
	for i := range out {
		out[i].Error = err.Error()
	}
	return out
}

// inProcess adapts a Go function answering one op to the peer interface,
// running the ops of a batch on every CPU.
type inProcess struct {
	id string
	do func(op) (result, error)
}

func (p *inProcess) name() string { return p.id }

func (p *inProcess) run(ops []op) []result {
	out := make([]result, len(ops))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, o := range ops {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := p.do(o)
			if err != nil {
				r = result{Error: err.Error()}
			}
			out[i] = r
		}()
	}
	wg.Wait()
	return out
}

// externalPeer describes an out-of-process peer and how to tell whether
// its runtime is installed.
type externalPeer struct {
	id      string
	argv    []string
	missing func() string // "" when the peer can run, else why not
}

func externalPeers() []externalPeer {
	nodeDir := filepath.Join("peers", "node")
	return []externalPeer{
		{
			id:   "node-jose",
			argv: []string{"node", filepath.Join(nodeDir, "driver.mjs")},
			missing: func() string {
				if _, err := exec.LookPath("node"); err != nil {
					return "node is not on PATH (install Node.js, then run .ci/install-peers)"
				}
				if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "jose", "package.json")); err != nil {
					return "npm package jose is not installed in conformance/peers/node (run .ci/install-peers)"
				}
				return ""
			},
		},
		{
			id:   "jwcrypto",
			argv: []string{"/usr/bin/python3", filepath.Join("peers", "python", "driver.py")},
			missing: func() string {
				if _, err := os.Stat("/usr/bin/python3"); err != nil {
					return "/usr/bin/python3 is missing (Debian python3; run .ci/install-peers)"
				}
				if err := exec.Command("/usr/bin/python3", "-c", "import jwcrypto.jwe, jwcrypto.jwk, jwcrypto.jws").Run(); err != nil {
					return "Debian package python3-jwcrypto is not installed (run .ci/install-peers)"
				}
				return ""
			},
		},
	}
}

func requirePeers() bool { return os.Getenv(requirePeersEnv) == "1" }
