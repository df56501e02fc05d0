package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// members decodes a JWK printed by jose.
func members(t testing.TB, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, out)
	}
	return m
}

func TestJWKGen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		args  []string
		want  map[string]any // members that must have these values
		check string         // algorithm for "jwk check --alg"
	}{
		{"ES256", []string{"--alg", "ES256"}, map[string]any{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig"}, "ES256"},
		{"ES384", []string{"--alg", "ES384"}, map[string]any{"crv": "P-384"}, "ES384"},
		{"ES512", []string{"--alg", "ES512", "--kid", "k512"}, map[string]any{"crv": "P-521", "kid": "k512"}, "ES512"},
		{"EdDSA", []string{"--alg", "EdDSA"}, map[string]any{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA"}, "EdDSA"},
		{"Ed25519", []string{"--alg", "Ed25519"}, map[string]any{"crv": "Ed25519", "alg": "Ed25519"}, "Ed25519"},
		{"HS256", []string{"--alg", "HS256"}, map[string]any{"kty": "oct", "alg": "HS256"}, "HS256"},
		{"HS512 longer", []string{"--alg", "HS512", "--bits", "1024"}, map[string]any{"kty": "oct", "alg": "HS512"}, "HS512"},
		{"PS256", []string{"--alg", "PS256"}, map[string]any{"kty": "RSA", "alg": "PS256", "use": "sig"}, "PS256"},
		{"ECDH-ES P-256", []string{"--alg", "ECDH-ES"}, map[string]any{"crv": "P-256", "alg": "ECDH-ES", "use": "enc"}, "ECDH-ES"},
		{"ECDH-ES+A128KW X25519", []string{"--alg", "ECDH-ES+A128KW", "--crv", "X25519"}, map[string]any{"kty": "OKP", "crv": "X25519", "alg": "ECDH-ES+A128KW", "use": "enc"}, "ECDH-ES+A128KW"},
		{"A256KW", []string{"--alg", "A256KW"}, map[string]any{"kty": "oct", "alg": "A256KW"}, "A256KW"},
		{"A128GCMKW", []string{"--alg", "A128GCMKW"}, map[string]any{"kty": "oct", "alg": "A128GCMKW"}, "A128GCMKW"},
		{"dir", []string{"--alg", "dir", "--enc", "A128CBC-HS256"}, map[string]any{"kty": "oct", "use": "enc"}, "dir"},
		{"crv P-521", []string{"--crv", "P-521"}, map[string]any{"kty": "EC", "crv": "P-521"}, ""},
		{"kty oct bits", []string{"--kty", "oct", "--bits", "384", "--use", "sig"}, map[string]any{"kty": "oct", "use": "sig"}, "HS384"},
		{"kty EC", []string{"--kty", "EC"}, map[string]any{"crv": "P-256"}, "ES256"},
		{"kty OKP X25519", []string{"--kty", "OKP", "--crv", "X25519"}, map[string]any{"crv": "X25519"}, "ECDH-ES+A256KW"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := ok(t, runOpts{}, append([]string{"jwk", "gen"}, tc.args...)...)
			m := members(t, out)
			for k, v := range tc.want {
				if m[k] != v {
					t.Errorf("%s = %v, want %v", k, m[k], v)
				}
			}
			if m["d"] == nil && m["k"] == nil {
				t.Errorf("not a private key: %s", out)
			}
			if tc.check != "" {
				ok(t, runOpts{stdin: out}, "jwk", "check", "--alg", tc.check)
			}
		})
	}
}

func TestJWKGenThumbprintKID(t *testing.T) {
	t.Parallel()
	out := ok(t, runOpts{}, "jwk", "gen", "--alg", "ES256", "--thumbprint-kid")
	tp := strings.TrimSpace(ok(t, runOpts{stdin: out}, "jwk", "thumbprint"))
	if kid := members(t, out)["kid"]; kid != tp {
		t.Errorf("kid %v, thumbprint %s", kid, tp)
	}
}

func TestJWKGenOutFileIsPrivate(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "k.jwk")
	if out := ok(t, runOpts{}, "jwk", "gen", "--alg", "EdDSA", "--out", p); out != "" {
		t.Errorf("--out also wrote to stdout: %q", out)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("mode %v: readable by others", perm)
	}
}

func TestJWKGenRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing to generate", nil, "give --alg, --crv or --kty"},
		{"none", []string{"--alg", "none"}, `"none" takes no key`},
		{"unknown alg", []string{"--alg", "XS256"}, `unknown algorithm "XS256"`},
		{"PBES2", []string{"--alg", "PBES2-HS256+A128KW"}, "password"},
		{"dir without enc", []string{"--alg", "dir"}, "--alg dir needs --enc"},
		{"use contradicts alg", []string{"--alg", "ES256", "--use", "enc"}, "contradicts"},
		{"bad use", []string{"--kty", "EC", "--use", "both"}, `--use "both"`},
		{"curve does not fit", []string{"--alg", "ES256", "--crv", "P-384"}, "does not fit"},
		{"small RSA", []string{"--kty", "RSA", "--bits", "1024"}, "jwk:"},
		{"short HMAC", []string{"--alg", "HS512", "--bits", "256"}, "at least 512 bits"},
		{"OKP without curve", []string{"--kty", "OKP"}, "needs --crv"},
		{"ECDH on Ed25519", []string{"--alg", "ECDH-ES", "--crv", "Ed25519"}, "not Ed25519"},
		{"kid and thumbprint kid", []string{"--alg", "ES256", "--kid", "a", "--thumbprint-kid"}, "not both"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fails(t, 2, tc.want, runOpts{}, append([]string{"jwk", "gen"}, tc.args...)...)
		})
	}
}

// TestThumbprintRFC7638 checks the RFC 7638 §3.1 example and the RFC 8037
// §A.3 one, from a private key and its public half alike.
func TestThumbprintRFC7638(t *testing.T) {
	t.Parallel()
	golden(t, "jwk/thumbprint_rfc7638", jose(t, runOpts{}, "jwk", "thumbprint", "--key", rfc7638Key))
	golden(t, "jwk/thumbprint_uri_rfc7638", jose(t, runOpts{}, "jwk", "thumbprint", "--uri", "--key", rfc7638Key))
	golden(t, "jwk/thumbprint_sha512_rfc7638", jose(t, runOpts{}, "jwk", "thumbprint", "--hash", "sha512", "--key", rfc7638Key))

	const rfc8037 = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\n" // RFC 8037 §A.3
	if got := ok(t, runOpts{}, "jwk", "thumbprint", "--key", ed25519Key); got != rfc8037 {
		t.Errorf("private key: %q, want %q", got, rfc8037)
	}
	pub := ok(t, runOpts{}, "jwk", "pub", "--key", ed25519Key)
	if got := ok(t, runOpts{stdin: pub}, "jwk", "thumbprint"); got != rfc8037 {
		t.Errorf("public key from stdin: %q, want %q", got, rfc8037)
	}
	fails(t, 2, `--hash "md5"`, runOpts{}, "jwk", "thumbprint", "--hash", "md5", "--key", ed25519Key)
}

func TestKeyFromEnvironment(t *testing.T) {
	t.Parallel()
	key, err := os.ReadFile(rfc7638Key)
	if err != nil {
		t.Fatal(err)
	}
	got := ok(t, runOpts{env: []string{"MY_KEY=" + string(key)}}, "jwk", "thumbprint", "--key", "env:MY_KEY")
	if got != "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n" {
		t.Errorf("got %q", got)
	}
	fails(t, 2, "environment variable NOPE is not set", runOpts{}, "jwk", "thumbprint", "--key", "env:NOPE")
}

func TestJWKPub(t *testing.T) {
	t.Parallel()
	golden(t, "jwk/pub_rsa", jose(t, runOpts{}, "jwk", "pub", "--key", rsaKey))
	golden(t, "jwk/pub_ed25519", jose(t, runOpts{}, "jwk", "pub", "--key", ed25519Key))
	fails(t, 1, "symmetric key has no public half", runOpts{}, "jwk", "pub", "--key", hs256Key)
	fails(t, 2, "no such file", runOpts{}, "jwk", "pub", "--key", "testdata/missing.jwk")
	fails(t, 1, "not a JWK", runOpts{stdin: "hello"}, "jwk", "pub")

	// A set: public halves, symmetric keys left out with a note.
	set := ok(t, runOpts{}, "jwks", ed25519Key, hs256Key)
	r := jose(t, runOpts{stdin: set}, "jwk", "pub")
	if r.code != 0 || strings.Contains(r.stdout, `"d"`) || strings.Contains(r.stdout, `"oct"`) || !strings.Contains(r.stderr, "left out 1 symmetric key") {
		t.Errorf("set: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestJWKCheck(t *testing.T) {
	t.Parallel()
	golden(t, "jwk/check_hs256", jose(t, runOpts{}, "jwk", "check", "--key", hs256Key, "--alg", "HS256"))
	fails(t, 1, "below the 512 bits", runOpts{}, "jwk", "check", "--key", hs256Key, "--alg", "HS512")
	fails(t, 1, "restricted to RS256", runOpts{}, "jwk", "check", "--key", rfc7638Key, "--alg", "PS256")
	fails(t, 1, "jwk:", runOpts{stdin: `{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}`}, "jwk", "check")
	fails(t, 1, "jwk:", runOpts{stdin: `{"kty":"oct","k":"AAAA","k":"BBBB"}`}, "jwk", "check")
	fails(t, 2, `unknown algorithm "RS1"`, runOpts{}, "jwk", "check", "--key", rfc7638Key, "--alg", "RS1")
}

func TestImportExport(t *testing.T) {
	t.Parallel()
	golden(t, "jwk/export_ed25519", jose(t, runOpts{}, "jwk", "export", "--key", ed25519Key))
	golden(t, "jwk/export_ed25519_public", jose(t, runOpts{}, "jwk", "export", "--key", ed25519Key, "--public"))
	golden(t, "jwk/export_rfc7638", jose(t, runOpts{}, "jwk", "export", "--key", rfc7638Key))
	fails(t, 2, "symmetric (oct) key has no PEM", runOpts{}, "jwk", "export", "--key", hs256Key)

	for _, key := range []string{rsaKey, ed25519Key, genKey(t, "--alg", "ES384"), genKey(t, "--alg", "ECDH-ES", "--crv", "X25519")} {
		want := ok(t, runOpts{}, "jwk", "thumbprint", "--key", key)
		for _, exportArgs := range [][]string{nil, {"--public"}, {"--der"}, {"--der", "--public"}} {
			exported := ok(t, runOpts{}, append([]string{"jwk", "export", "--key", key}, exportArgs...)...)
			imported := ok(t, runOpts{stdin: exported}, "jwk", "import", "--kid", "again")
			if got := ok(t, runOpts{stdin: imported}, "jwk", "thumbprint"); got != want {
				t.Errorf("%s export %v: thumbprint %q after import, want %q", key, exportArgs, got, want)
			}
			m := members(t, imported)
			if m["kid"] != "again" {
				t.Errorf("%s export %v: kid %v", key, exportArgs, m["kid"])
			}
			if hasPrivate := m["d"] != nil; hasPrivate == (len(exportArgs) > 0 && exportArgs[len(exportArgs)-1] == "--public") {
				t.Errorf("%s export %v: private member d present = %v", key, exportArgs, hasPrivate)
			}
		}
	}

	// PEM generated elsewhere: the RFC 7638 key as SubjectPublicKeyInfo.
	pem := ok(t, runOpts{}, "jwk", "export", "--key", rfc7638Key)
	golden(t, "jwk/import_rfc7638", jose(t, runOpts{stdin: pem}, "jwk", "import", "--alg", "RS256", "--kid", "2011-04-29"))

	fails(t, 1, "not a PEM or DER key", runOpts{stdin: "garbage"}, "jwk", "import")
	fails(t, 2, `--use "x"`, runOpts{stdin: pem}, "jwk", "import", "--use", "x")
	fails(t, 2, "jwk:", runOpts{stdin: pem}, "jwk", "import", "--alg", "ES256")
}

func TestJWKS(t *testing.T) {
	t.Parallel()
	golden(t, "jwks/public", jose(t, runOpts{}, "jwks", "--public", ed25519Key, hs256Key, rfc7638Key))
	golden(t, "jwks/private", jose(t, runOpts{}, "jwks", ed25519Key, hs256Key))

	// Several JWKs on standard input, one after the other, plus a set.
	a := ok(t, runOpts{}, "jwk", "gen", "--alg", "ES256", "--kid", "a")
	b := ok(t, runOpts{}, "jwk", "gen", "--alg", "EdDSA", "--kid", "b")
	set := ok(t, runOpts{stdin: a + b}, "jwks")
	setFile := writeFile(t, "set.json", set)
	merged := ok(t, runOpts{}, "jwks", "--public", setFile, rfc7638Key)
	var got struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal([]byte(merged), &got); err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, k := range got.Keys {
		kids = append(kids, k["kid"].(string))
		if k["d"] != nil {
			t.Errorf("--public kept a private member: %v", k)
		}
	}
	if diff := cmp.Diff([]string{"a", "b", "2011-04-29"}, kids); diff != "" {
		t.Errorf("kids (-want +got):\n%s", diff)
	}

	// The set verifies what its keys sign.
	tok := ok(t, runOpts{stdin: "x"}, "jws", "sign", "--key", writeFile(t, "b.jwk", b))
	ok(t, runOpts{stdin: tok}, "jws", "verify", "--jwks", setFile)

	fails(t, 1, "document 2", runOpts{stdin: a + "{nope"}, "jwks")
	fails(t, 2, "no such file", runOpts{}, "jwks", "testdata/missing.jwk")
}
