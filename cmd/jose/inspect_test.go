package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "inspect", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInspectGolden decodes fixed tokens at a fixed time (JOSE_NOW). Each
// fixture is a token from an RFC or one built to trip a warning.
func TestInspectGolden(t *testing.T) {
	t.Parallel()
	hsJWT := ok(t, at(t0), "jwt", "sign", "--key", hs256Key, "--iss", "me", "--aud", "api", "--exp", "1h")
	flattened := ok(t, runOpts{stdin: `{"msg":"not a JWT"}`}, "jws", "sign", "--key", hs256Key, "--flattened", "--typ", "example")
	tests := []struct {
		name  string
		token string
		now   string
		json  bool
	}{
		{"hs256_jwt_valid", hsJWT, "2025-01-01T00:20:00Z", false},
		{"hs256_jwt_valid_json", hsJWT, "2025-01-01T00:20:00Z", true},
		{"hs256_jwt_expired", hsJWT, "2025-01-03T04:05:06Z", false},
		{"hs256_flattened", flattened, t0, false},
		{"rfc8037_A.4", readFixture(t, "rfc8037-A.4.txt"), t0, false},
		{"rfc7515_A.6_general", readFixture(t, "rfc7515-A.6-general.json"), t0, false},
		{"rfc7516_A.2_rsa1_5", readFixture(t, "rfc7516-A.2-rsa1_5.txt"), t0, false},
		{"rfc7516_A.4_general", readFixture(t, "rfc7516-A.4-general.json"), t0, false},
		{"rfc7516_A.4_general_json", readFixture(t, "rfc7516-A.4-general.json"), t0, true},
		{"none", readFixture(t, "none.txt"), t0, false},
		{"none_json", readFixture(t, "none.txt"), t0, true},
		{"weak_rsa", readFixture(t, "weak-rsa.txt"), t0, false},
		{"pbes2_low_p2c", readFixture(t, "pbes2-low-p2c.txt"), t0, false},
		{"escapes_jwt", readFixture(t, "escapes-jwt.txt"), t0, false},
		{"escapes_text", readFixture(t, "escapes-text.txt"), t0, false},
		{"es256_der", readFixture(t, "es256-der.txt"), t0, false},
		{"binary", readFixture(t, "binary.txt"), t0, false},
		{"detached_b64", readFixture(t, "detached-b64.txt"), t0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"inspect"}
			if tc.json {
				args = append(args, "--json")
			}
			r := jose(t, withStdin(at(tc.now), tc.token), args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if tc.json {
				var v struct {
					Unverified bool `json:"unverified"`
				}
				if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || !v.Unverified {
					t.Errorf("--json output is not an object with \"unverified\": true (%v)", err)
				}
			} else if !strings.HasPrefix(r.stdout, "UNVERIFIED") {
				t.Errorf("no UNVERIFIED banner first")
			}
			if strings.ContainsAny(r.stdout, "\x1b\x07\u009b") {
				t.Errorf("output carries terminal control characters")
			}
			golden(t, "inspect/"+tc.name, r)
		})
	}
}

func TestInspectWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		want    []string
	}{
		{"none.txt", []string{`"alg": "none"`, `no "exp"`}},
		{"rfc7516-A.2-rsa1_5.txt", []string{"RSA1_5"}},
		{"weak-rsa.txt", []string{"1024-bit RSA signature", "embedded RSA key has 1024 bits", `repeats "alg"`, `("jku")`, `embeds a key ("jwk")`}},
		{"pbes2-low-p2c.txt", []string{`"p2c" 100 is below 1000`}},
		{"es256-der.txt", []string{"71-byte ES256 signature"}},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			out := ok(t, withStdin(at(t0), readFixture(t, tc.fixture)), "inspect", "--json")
			var r struct {
				Warnings []string `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			all := strings.Join(r.Warnings, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no warning containing %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestInspectRefusesGarbage(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "garbage", "a.b", "a.b.c.d.e.f", "!!!.x.y", "{}", "{bad", `{"signatures":[]}`, `{"ciphertext":1}`, "eyJhbGciOiJIUzI1NiJ9.eyJ.abc", "bm90IGpzb24.e30.", "\xff\xfe"} {
		t.Run(strings.ReplaceAll(in, "/", "_"), func(t *testing.T) {
			t.Parallel()
			fails(t, 1, "jose inspect: ", runOpts{stdin: in}, "inspect")
		})
	}
	golden(t, "inspect/garbage", jose(t, runOpts{stdin: "garbage"}, "inspect"))
	fails(t, 2, "JOSE_NOW", withStdin(at("yesterday"), readFixture(t, "none.txt")), "inspect")
}

// FuzzInspect checks that no input makes inspect panic, and that what it
// accepts it can print, as text and as JSON. Seeds: the fixtures.
func FuzzInspect(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "inspect"))
	if err != nil || len(entries) == 0 {
		f.Fatalf("no seeds in testdata/inspect: %v", err)
	}
	for _, e := range entries {
		f.Add([]byte(strings.TrimSpace(readFixture(f, e.Name()))))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := inspect(data, time.Unix(1735689600, 0))
		if err != nil {
			if r != nil {
				t.Fatal("a report and an error")
			}
			return
		}
		var b bytes.Buffer
		r.writeText(&b, true)
		if !strings.HasPrefix(b.String(), ansiBold+ansiRed+"UNVERIFIED") {
			t.Fatal("no banner")
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("report does not marshal: %v", err)
		}
	})
}
