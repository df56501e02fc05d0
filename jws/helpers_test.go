package jws

import (
	"bytes"
	"crypto"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// sentinels maps the names a vector's "expect" may use to the errors.
var sentinels = map[string]error{
	"ErrMalformed":           ErrMalformed,
	"ErrAlgorithmNotAllowed": ErrAlgorithmNotAllowed,
	"ErrUnsecured":           ErrUnsecured,
	"ErrNoKey":               ErrNoKey,
	"ErrSignatureInvalid":    ErrSignatureInvalid,
	"ErrTooLarge":            ErrTooLarge,
	"ErrCritical":            ErrCritical,
}

// vector is one RFC example under testdata/<rfc>/<section>.json, in the
// record shape of the suite's vector collection plus "expect" (what the
// public API must return: "valid" or a sentinel name), "expect_signatures"
// (the same, per signature of a JSON JWS), "expect_reason" and "skip". The
// loader is strict: an unknown field, an unknown expectation or an empty
// directory fails the test.
type vector struct {
	Source string `json:"source"`
	Type   string `json:"type"`
	Title  string `json:"title"`
	Input  struct {
		Key             json.RawMessage `json:"key"`
		Alg             json.RawMessage `json:"alg"`
		Payload         string          `json:"payload"`
		PayloadEncoding string          `json:"payload_encoding"`
		ProtectedRaw    string          `json:"protected_raw"`
		Protected       json.RawMessage `json:"protected"`
		Unprotected     json.RawMessage `json:"unprotected"`
		Signatures      []struct {
			Protected   json.RawMessage `json:"protected"`
			Unprotected json.RawMessage `json:"unprotected"`
		} `json:"signatures"`
	} `json:"input"`
	Output struct {
		Compact         string          `json:"compact"`
		CompactDetached string          `json:"compact_detached"`
		JSON            json.RawMessage `json:"json"`
		JSONFlat        json.RawMessage `json:"json_flat"`
	} `json:"output"`
	Deterministic    bool            `json:"deterministic"`
	Expect           string          `json:"expect"`
	ExpectSignatures []string        `json:"expect_signatures"`
	ExpectReason     string          `json:"expect_reason"`
	Intermediate     json.RawMessage `json:"intermediate"`
	Notes            string          `json:"notes"`
	Verified         string          `json:"verified"`
	Verification     string          `json:"verification"`
	Skip             string          `json:"skip"`
}

// loadVectors reads every vector under testdata, keyed by its path
// relative to testdata ("rfc7515/A.1.json").
func loadVectors(t testing.TB) map[string]*vector {
	t.Helper()
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no vectors found under testdata/")
	}
	out := make(map[string]*vector, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		v := new(vector)
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if dec.More() {
			t.Fatalf("%s: trailing data", f)
		}
		if v.Source == "" {
			t.Fatalf("%s: no source", f)
		}
		if v.Expect != "valid" && sentinels[v.Expect] == nil {
			t.Fatalf("%s: unknown expect %q", f, v.Expect)
		}
		for _, e := range v.ExpectSignatures {
			if e != "valid" && sentinels[e] == nil {
				t.Fatalf("%s: unknown expect_signatures entry %q", f, e)
			}
		}
		switch v.Type {
		case "jws", "jws-b64false", "jwk":
		default:
			t.Fatalf("%s: unknown type %q", f, v.Type)
		}
		rel, _ := filepath.Rel("testdata", f)
		out[filepath.ToSlash(rel)] = v
	}
	return out
}

// keys returns the vector's keys: one, or one per signature.
func (v *vector) keys(t testing.TB) []*jwk.Key {
	t.Helper()
	var raws []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(v.Input.Key), []byte("[")) {
		if err := json.Unmarshal(v.Input.Key, &raws); err != nil {
			t.Fatal(err)
		}
	} else if len(v.Input.Key) > 0 {
		raws = []json.RawMessage{v.Input.Key}
	}
	keys := make([]*jwk.Key, len(raws))
	for i, r := range raws {
		k, err := jwk.ParseKey(r)
		if err != nil {
			t.Fatalf("%s: key %d: %v", v.Source, i, err)
		}
		keys[i] = k
	}
	return keys
}

// algs returns the vector's algorithms: one, or one per signature.
func (v *vector) algs(t testing.TB) []jwa.SignatureAlgorithm {
	t.Helper()
	var list []jwa.SignatureAlgorithm
	if bytes.HasPrefix(bytes.TrimSpace(v.Input.Alg), []byte("[")) {
		if err := json.Unmarshal(v.Input.Alg, &list); err != nil {
			t.Fatal(err)
		}
		return list
	}
	var one jwa.SignatureAlgorithm
	if err := json.Unmarshal(v.Input.Alg, &one); err != nil {
		t.Fatal(err)
	}
	return []jwa.SignatureAlgorithm{one}
}

// payload returns the vector's payload octets.
func (v *vector) payload(t testing.TB) []byte {
	t.Helper()
	switch v.Input.PayloadEncoding {
	case "utf8":
		return []byte(v.Input.Payload)
	case "base64url":
		b, err := base64url.Decode(v.Input.Payload)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("%s: unknown payload_encoding %q", v.Source, v.Input.PayloadEncoding)
	return nil
}

// testKeys are costly fixtures built once per test binary.
var testRSAKey = sync.OnceValues(func() (*jwk.Key, error) { return jwk.GenerateRSA(2048) })

// rsaKey returns the RSA key generated once for this test binary.
func rsaKey(t testing.TB) *jwk.Key {
	t.Helper()
	k, err := testRSAKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// mustKey generates a key for alg; RSA keys are shared.
func mustKey(t testing.TB, alg jwa.SignatureAlgorithm) *jwk.Key {
	t.Helper()
	if alg.KeyType() == jwa.RSA {
		return rsaKey(t)
	}
	k, err := jwk.GenerateForSignature(alg)
	if err != nil {
		t.Fatal(err)
	}
	// GenerateForSignature binds the key to alg; the round trips use the
	// key with the alias too (EdDSA and Ed25519), which the binding
	// allows.
	return k
}

func mustPublic(t testing.TB, k *jwk.Key) *jwk.Key {
	t.Helper()
	if k.Type() == jwa.Oct {
		return k
	}
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

func mustSigner(t testing.TB, k *jwk.Key, alg jwa.SignatureAlgorithm, opts SignerOptions) *Signer {
	t.Helper()
	s, err := NewSigner(k, alg, opts)
	if err != nil {
		t.Fatalf("NewSigner(%s): %v", alg, err)
	}
	return s
}

func mustVerifier(t testing.TB, p Policy) *Verifier {
	t.Helper()
	v, err := NewVerifier(p)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

// wantSentinel fails unless err matches want.
func wantSentinel(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one matching %v", err, want)
	}
}

// opaqueSigner hides a Go private key behind the crypto.Signer interface
// only, as an HSM or KMS client would.
type opaqueSigner struct{ s crypto.Signer }

func (o opaqueSigner) Public() crypto.PublicKey { return o.s.Public() }

func (o opaqueSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return o.s.Sign(r, digest, opts)
}

var _ crypto.Signer = opaqueSigner{}

func decodeB64(s string) ([]byte, error) { return base64url.Decode(s) }
