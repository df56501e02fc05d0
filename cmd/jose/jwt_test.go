package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// t0 is the fixed clock of the JWT tests: 2025-01-01T00:00:00Z.
const t0 = "2025-01-01T00:00:00Z"

func at(now string) runOpts { return runOpts{env: []string{"JOSE_NOW=" + now}} }

func withStdin(o runOpts, stdin string) runOpts {
	o.stdin = stdin
	return o
}

// edToken is a JWT signed with the RFC 8037 Ed25519 key at t0, valid for an
// hour (Ed25519 is deterministic, so the token is too).
func edToken(t testing.TB) string {
	t.Helper()
	return ok(t, at(t0), "jwt", "sign", "--key", ed25519Key, "--alg", "EdDSA",
		"--iss", "https://issuer.example", "--sub", "alice", "--aud", "api", "--exp", "1h", "--jti", "id-1",
		"--claim", "scope=read write", "--claim", `roles=["admin","dev"]`)
}

var edVerify = []string{"jwt", "verify", "--key", ed25519Key, "--alg", "EdDSA", "--iss", "https://issuer.example", "--aud", "api"}

func TestJWTSignVerifyGolden(t *testing.T) {
	t.Parallel()
	golden(t, "jwt/sign_ed25519", jose(t, at(t0), "jwt", "sign", "--key", ed25519Key, "--alg", "EdDSA",
		"--iss", "https://issuer.example", "--sub", "alice", "--aud", "api", "--exp", "1h", "--jti", "id-1",
		"--claim", "scope=read write", "--claim", `roles=["admin","dev"]`))
	golden(t, "jwt/sign_hs256", jose(t, at(t0), "jwt", "sign", "--key", hs256Key, "--iss", "me", "--exp", "2025-01-01T00:05:00Z"))
	tok := edToken(t)
	golden(t, "jwt/verify_ed25519", jose(t, withStdin(at(t0), tok), edVerify...))
	golden(t, "jwt/verify_ed25519_json", jose(t, withStdin(at(t0), tok), append(edVerify, "--json")...))
	golden(t, "jwt/verify_expired", jose(t, withStdin(at("2025-01-01T02:00:00Z"), tok), edVerify...))
}

func TestJWTClaimsPolicy(t *testing.T) {
	t.Parallel()
	tok := edToken(t)
	tests := []struct {
		name string
		now  string
		args []string
		code int
		want string
	}{
		{"valid", t0, nil, 0, ""},
		{"expired", "2025-01-01T01:00:00Z", nil, 1, "expired"},
		{"expired within leeway", "2025-01-01T01:00:30Z", []string{"--leeway", "1m"}, 0, ""},
		{"leeway above the maximum", t0, []string{"--leeway", "1h"}, 2, "jwt:"},
		{"issued in the future", "2024-12-31T23:00:00Z", nil, 1, "iat"},
		{"one of two issuers", t0, []string{"--iss", "https://other.example"}, 0, ""},
		{"wrong subject", t0, []string{"--sub", "bob"}, 1, "sub"},
		{"right subject", t0, []string{"--sub", "alice"}, 0, ""},
		{"missing required claim", t0, []string{"--require", "email"}, 1, "email"},
		{"required claim present", t0, []string{"--require", "scope"}, 0, ""},
		{"typ required", t0, []string{"--typ", "at+jwt"}, 1, "typ"},
		{"too old", "2025-01-01T00:30:00Z", []string{"--max-age", "10m"}, 1, "iat"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{}, edVerify...), tc.args...)
			if tc.code == 0 {
				ok(t, withStdin(at(tc.now), tok), args...)
				return
			}
			fails(t, tc.code, tc.want, withStdin(at(tc.now), tok), args...)
		})
	}

	// Issuer and audience checks.
	base := []string{"jwt", "verify", "--key", ed25519Key, "--alg", "EdDSA"}
	o := withStdin(at(t0), tok)
	fails(t, 1, "iss", o, append(base, "--iss", "https://evil.example", "--aud", "api")...)
	fails(t, 1, "aud", o, append(base, "--iss", "https://issuer.example")...)
	fails(t, 1, "aud", o, append(base, "--iss", "https://issuer.example", "--aud", "other")...)
	ok(t, o, append(base, "--ignore-iss", "--ignore-aud")...)
	fails(t, 2, "give the accepted issuer with --iss", o, append(base, "--aud", "api")...)
	fails(t, 2, "not both", o, append(base, "--iss", "a", "--ignore-iss")...)
	fails(t, 2, "not both", o, append(base, "--iss", "a", "--aud", "b", "--ignore-aud")...)
	fails(t, 2, "give the verification keys", o, "jwt", "verify", "--iss", "a")
	fails(t, 2, `has no "alg" member`, o, "jwt", "verify", "--key", ed25519Key, "--iss", "a")
	fails(t, 1, "jwt:", o, "jwt", "verify", "--key", pubKey(t, genKey(t, "--alg", "EdDSA")), "--iss", "https://issuer.example", "--aud", "api")
	fails(t, 1, "jwt:", withStdin(at(t0), "garbage"), edVerify...)
}

func TestJWTSignClaims(t *testing.T) {
	t.Parallel()
	decode := func(tok string) map[string]any {
		t.Helper()
		out := ok(t, withStdin(at(t0), tok), "jwt", "verify", "--key", hs256Key, "--ignore-iss", "--ignore-aud", "--allow-no-exp")
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	// Claims from standard input alone.
	tok := ok(t, withStdin(at(t0), `{"sub":"bob","exp":1735693200,"roles":["a"]}`), "jwt", "sign", "--key", hs256Key)
	if diff := cmp.Diff(map[string]any{"sub": "bob", "exp": 1735693200.0, "iat": 1735689600.0, "roles": []any{"a"}}, decode(tok)); diff != "" {
		t.Errorf("stdin claims (-want +got):\n%s", diff)
	}
	// --claims - merged with flags, which win; several --aud make an array;
	// --iat and --nbf take absolute times.
	tok = ok(t, withStdin(at(t0), `{"sub":"bob","iss":"from-json"}`), "jwt", "sign", "--key", hs256Key, "--claims", "-",
		"--iss", "from-flag", "--aud", "a", "--aud", "b", "--exp", "7d", "--nbf", "1735689000", "--iat", "2024-12-31T23:50:00Z")
	want := map[string]any{"sub": "bob", "iss": "from-flag", "aud": []any{"a", "b"}, "exp": 1736294400.0, "nbf": 1735689000.0, "iat": 1735689000.0}
	if diff := cmp.Diff(want, decode(tok)); diff != "" {
		t.Errorf("merged claims (-want +got):\n%s", diff)
	}
	// --no-iat, and no exp: a warning, and verifiers refuse it by default.
	r := jose(t, at(t0), "jwt", "sign", "--key", hs256Key, "--sub", "x", "--no-iat")
	if r.code != 0 || !strings.Contains(r.stderr, `warning: the token has no "exp"`) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if diff := cmp.Diff(map[string]any{"sub": "x"}, decode(r.stdout)); diff != "" {
		t.Errorf("--no-iat (-want +got):\n%s", diff)
	}
	fails(t, 1, "exp", withStdin(at(t0), r.stdout), "jwt", "verify", "--key", hs256Key, "--ignore-iss")

	// Claims files.
	tok = ok(t, at(t0), "jwt", "sign", "--key", hs256Key, "--claims", writeFile(t, "c.json", `{"sub":"file","exp":1735693200}`))
	if decode(tok)["sub"] != "file" {
		t.Errorf("--claims FILE not used")
	}

	tests := []struct {
		name  string
		code  int
		want  string
		stdin string
		args  []string
	}{
		{"duplicate claim", 1, `repeat "sub"`, `{"sub":"a","sub":"b"}`, nil},
		{"not an object", 1, "not a JSON object", `["sub"]`, nil},
		{"trailing data", 1, "after the JSON object", `{"sub":"a"} {}`, nil},
		{"exp of the wrong type", 1, "jwt:", "", []string{"--sub", "a", "--claim", "exp=soon"}},
		{"bad time", 2, "--exp", "", []string{"--exp", "tomorrow"}},
		{"no key", 2, "give the signing key", "{}", []string{"--key", ""}},
		{"iat and no-iat", 2, "not both", "", []string{"--sub", "a", "--iat", "1h", "--no-iat"}},
		{"bad --claim", 2, "want NAME=VALUE", "", []string{"--claim", "novalue"}},
		{"missing claims file", 2, "no such file", "", []string{"--claims", "testdata/missing.json"}},
		{"key and claims both on stdin", 2, "cannot both come from standard input", "{}", []string{"--key", "-"}},
		{"encrypt-alg without encrypt-key", 2, "--encrypt-alg needs --encrypt-key", "", []string{"--sub", "a", "--encrypt-alg", "A128KW"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"jwt", "sign", "--key", hs256Key}
			fails(t, tc.code, tc.want, withStdin(at(t0), tc.stdin), append(args, tc.args...)...)
		})
	}
}

func TestJWTAccessTokenType(t *testing.T) {
	t.Parallel()
	tok := ok(t, at(t0), "jwt", "sign", "--key", hs256Key, "--typ", "at+jwt", "--iss", "as", "--aud", "rs", "--exp", "5m")
	args := []string{"jwt", "verify", "--key", hs256Key, "--iss", "as", "--aud", "rs"}
	fails(t, 1, "typ", withStdin(at(t0), tok), args...)
	ok(t, withStdin(at(t0), tok), append(args, "--typ", "at+jwt")...)
}

func TestJWTNested(t *testing.T) {
	t.Parallel()
	enc := genKey(t, "--alg", "ECDH-ES+A256KW", "--crv", "X25519")
	claims := []string{"--iss", "https://issuer.example", "--aud", "api", "--exp", "1h"}
	tests := []struct {
		name    string
		encrypt []string // jwt sign flags
		decrypt []string // jwt verify flags
	}{
		{"X25519 ECDH-ES+A256KW, key algs", []string{"--encrypt-key", pubKey(t, enc)}, []string{"--decrypt-key", enc}},
		{"RSA-OAEP-256 A128CBC-HS256", []string{"--encrypt-key", pubKey(t, rsaKey), "--encrypt-alg", "RSA-OAEP-256", "--enc", "A128CBC-HS256"},
			[]string{"--decrypt-key", rsaKey, "--decrypt-alg", "RSA-OAEP-256", "--enc", "A128CBC-HS256"}},
		{"dir", []string{"--encrypt-key", genKey(t, "--alg", "dir", "--enc", "A256GCM")}, []string{"--decrypt-key", genKey(t, "--alg", "dir", "--enc", "A256GCM")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			signArgs := append([]string{"jwt", "sign", "--key", ed25519Key, "--alg", "EdDSA"}, claims...)
			tok := ok(t, at(t0), append(signArgs, tc.encrypt...)...)
			if n := strings.Count(tok, "."); n != 4 {
				t.Fatalf("a nested JWT is a compact JWE (5 parts), got %d parts", n+1)
			}
			got := ok(t, withStdin(at(t0), tok), append(append([]string{}, edVerify...), tc.decrypt...)...)
			if !strings.Contains(got, `"iss":"https://issuer.example"`) {
				t.Errorf("claims %s", got)
			}
			// Without --decrypt-key the encrypted token is refused.
			fails(t, 1, "jwt:", withStdin(at(t0), tok), edVerify...)
		})
	}
	// A signed-only token is refused when encryption is required.
	fails(t, 1, "jwt:", withStdin(at(t0), edToken(t)), append(append([]string{}, edVerify...), "--decrypt-key", enc)...)
	// A wrong decryption key.
	tok := ok(t, at(t0), append(append([]string{"jwt", "sign", "--key", ed25519Key, "--alg", "EdDSA"}, claims...), "--encrypt-key", enc)...)
	other := genKey(t, "--alg", "ECDH-ES+A256KW", "--crv", "X25519", "--kid", "other")
	fails(t, 1, "jwt:", withStdin(at(t0), tok), append(append([]string{}, edVerify...), "--decrypt-key", other)...)
	fails(t, 2, "need --decrypt-key", withStdin(at(t0), tok), append(append([]string{}, edVerify...), "--enc", "A256GCM")...)
	fails(t, 2, `give --encrypt-alg`, at(t0), append(append([]string{"jwt", "sign", "--key", ed25519Key, "--alg", "EdDSA"}, claims...), "--encrypt-key", pubKey(t, rsaKey))...)
}
