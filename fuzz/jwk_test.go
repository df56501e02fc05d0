package fuzz_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jose-suite/jose/jwk"
)

// jwkSeeds returns every JWK and JWK Set in jwk/testdata (RFC 7517, 7520,
// 7638, 8037, 9278 examples) plus hostile variants. It fails the test when
// it finds nothing, so a moved testdata folder cannot silently empty the
// corpus.
func jwkSeeds(tb testing.TB) (keys, sets [][]byte) {
	tb.Helper()
	files, err := filepath.Glob("../jwk/testdata/*/*.json")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no JWK seed vectors found: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var v struct {
			Input struct {
				Key json.RawMessage `json:"key"`
			} `json:"input"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		if bytes.Contains(v.Input.Key, []byte(`"keys"`)) {
			sets = append(sets, v.Input.Key)
		} else {
			keys = append(keys, v.Input.Key)
		}
	}
	keys = append(keys,
		[]byte(`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","k":"AA"}`),
		[]byte(`{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`),
		[]byte(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`),
		[]byte(`{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`),
		[]byte("\ufeff{}"),
	)
	sets = append(sets, []byte(`{"keys":[{"kty":"PQC"},{"kty":"oct","k":"AAAA"}]}`), []byte(`{"keys":[[[[[]]]]]}`))
	return keys, sets
}

// FuzzJWK: ParseKey never panics; a key that parses marshals to JSON that
// parses to an equal key with the same thumbprint, and marshaling is stable.
func FuzzJWK(f *testing.F) {
	keys, _ := jwkSeeds(f)
	for _, k := range keys {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := jwk.ParseKey(data)
		if err != nil {
			if k != nil {
				t.Fatal("key returned with an error")
			}
			return
		}
		out, err := k.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		back, err := jwk.ParseKey(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if !back.Equal(k) {
			t.Fatal("re-parsed key differs")
		}
		out2, _ := back.MarshalJSON()
		if !bytes.Equal(out, out2) {
			t.Fatalf("marshal not stable:\n%s\n%s", out, out2)
		}
		t1, err1 := k.Thumbprint(crypto.SHA256)
		t2, err2 := back.Thumbprint(crypto.SHA256)
		if err1 != nil || err2 != nil || !bytes.Equal(t1, t2) {
			t.Fatal("thumbprint changed through a round trip")
		}
		if k.Type() != "oct" {
			pub, err := k.Public()
			if err != nil {
				t.Fatalf("Public: %v", err)
			}
			if pub.IsPrivate() {
				t.Fatal("public half is private")
			}
		}
	})
}

// FuzzJWKS: ParseSet never panics; a set that parses round-trips with the
// same keys, and skipped keys are never returned as keys.
func FuzzJWKS(f *testing.F) {
	_, sets := jwkSeeds(f)
	for _, s := range sets {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := jwk.ParseSet(data)
		if err != nil {
			return
		}
		out, err := set.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := jwk.ParseSet(out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if back.Len() != set.Len() {
			t.Fatalf("%d keys became %d", set.Len(), back.Len())
		}
		for i, k := range back.All() {
			if !k.Equal(set.Keys()[i]) {
				t.Fatalf("key %d differs after a round trip", i)
			}
		}
	})
}
