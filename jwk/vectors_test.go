package jwk_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwk"
)

// vector is one RFC example under testdata/<rfc>/<section>.json. The loader
// is strict: an unknown field or an unknown type fails the test.
type vector struct {
	Source        string `json:"source"`
	Type          string `json:"type"`
	Title         string `json:"title"`
	Deterministic bool   `json:"deterministic"`
	Notes         string `json:"notes"`
	Verified      string `json:"verified"`
	Verification  string `json:"verification"`
	Skip          string `json:"skip"`
	Input         struct {
		Key  json.RawMessage `json:"key"`
		Hash string          `json:"hash"`
	} `json:"input"`
	Output struct {
		Canonical  string `json:"canonical"`
		Thumbprint string `json:"thumbprint"`
		URI        string `json:"uri"`
	} `json:"output"`
}

func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no vectors found under testdata/")
	}
	out := make(map[string]vector, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var v vector
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if v.Source == "" {
			t.Fatalf("%s: no source", f)
		}
		out[filepath.ToSlash(f)] = v
	}
	return out
}

func hashByName(t *testing.T, name string) crypto.Hash {
	switch name {
	case "SHA-256":
		return crypto.SHA256
	case "SHA-384":
		return crypto.SHA384
	case "SHA-512":
		return crypto.SHA512
	}
	t.Fatalf("unknown hash %q", name)
	return 0
}

// TestRFCVectors parses every key of every vector, checks that what it
// marshals parses back to the same key with the same members, and checks
// thumbprints byte for byte.
func TestRFCVectors(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if v.Skip != "" {
				t.Skipf("%s: %s", v.Source, v.Skip)
			}
			switch v.Type {
			case "jwk":
				k, err := jwk.ParseKey(v.Input.Key)
				if err != nil {
					t.Fatalf("%s: ParseKey: %v", v.Source, err)
				}
				checkRoundTrip(t, v.Input.Key, k)
			case "jwks":
				var doc struct {
					Keys []json.RawMessage `json:"keys"`
				}
				if err := json.Unmarshal(v.Input.Key, &doc); err != nil {
					t.Fatal(err)
				}
				set, err := jwk.ParseSet(v.Input.Key)
				if err != nil {
					t.Fatalf("%s: ParseSet: %v", v.Source, err)
				}
				if set.Len() != len(doc.Keys) || len(set.Skipped()) != 0 {
					t.Fatalf("%s: %d keys, %d skipped; want %d keys", v.Source, set.Len(), len(set.Skipped()), len(doc.Keys))
				}
				for i, k := range set.All() {
					checkRoundTrip(t, doc.Keys[i], k)
				}
			case "thumbprint", "thumbprint-uri":
				k, err := jwk.ParseKey(v.Input.Key)
				if err != nil {
					t.Fatalf("%s: ParseKey: %v", v.Source, err)
				}
				h := hashByName(t, v.Input.Hash)
				if v.Output.Canonical != "" {
					if got := string(k.ThumbprintInput()); got != v.Output.Canonical {
						t.Errorf("%s: canonical JSON:\n got %s\nwant %s", v.Source, got, v.Output.Canonical)
					}
				}
				if v.Output.Thumbprint != "" {
					sum, err := k.Thumbprint(h)
					if err != nil {
						t.Fatal(err)
					}
					if got := base64url.Encode(sum); got != v.Output.Thumbprint {
						t.Errorf("%s: thumbprint %s, want %s", v.Source, got, v.Output.Thumbprint)
					}
				}
				if v.Output.URI != "" {
					uri, err := k.ThumbprintURI(h)
					if err != nil {
						t.Fatal(err)
					}
					if uri != v.Output.URI {
						t.Errorf("%s: URI %s, want %s", v.Source, uri, v.Output.URI)
					}
				}
				// A private key has the thumbprint of its public half.
				if k.IsPrivate() {
					pub, err := k.Public()
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(pub.ThumbprintInput(), k.ThumbprintInput()) {
						t.Errorf("%s: public half has another thumbprint", v.Source)
					}
				}
			default:
				t.Fatalf("unknown vector type %q", v.Type)
			}
		})
	}
}

// checkRoundTrip marshals k, compares the members with the original JWK
// (same names, same values) and parses the output back to an equal key.
func checkRoundTrip(t *testing.T, original []byte, k *jwk.Key) {
	t.Helper()
	out, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal(original, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("MarshalJSON output is not JSON: %v\n%s", err, out)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("marshaled members differ (-want +got):\n%s", diff)
	}
	back, err := jwk.ParseKey(out)
	if err != nil {
		t.Fatalf("re-parse: %v", err)
	}
	if !back.Equal(k) {
		t.Error("re-parsed key differs")
	}
}
