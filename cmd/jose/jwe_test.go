package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJWERoundTrip(t *testing.T) {
	t.Parallel()
	pw := writeFile(t, "pw", "correct horse battery staple\n")
	pwEnv := "JWE_PASSWORD=correct horse battery staple"
	tests := []struct {
		name       string
		encKey     string   // "" for a password
		decKey     string   // "" for the encrypting key itself
		encArgs    []string // --alg, --enc, --zip...
		decArgs    []string
		env        []string
		publicOnly bool // encrypt to the public half
	}{
		{"RSA-OAEP A128CBC-HS256", rsaKey, rsaKey, []string{"--alg", "RSA-OAEP", "--enc", "A128CBC-HS256"}, []string{"--alg", "RSA-OAEP"}, nil, true},
		{"RSA-OAEP-256 A256GCM", rsaKey, rsaKey, []string{"--alg", "RSA-OAEP-256"}, []string{"--alg", "RSA-OAEP-256", "--enc", "A256GCM"}, nil, true},
		{"RSA-OAEP-512 A192CBC-HS384", rsaKey, rsaKey, []string{"--alg", "RSA-OAEP-512", "--enc", "A192CBC-HS384"}, []string{"--alg", "RSA-OAEP-512"}, nil, true},
		{"A128KW A128GCM", genKey(t, "--alg", "A128KW"), "", []string{"--enc", "A128GCM"}, nil, nil, false},
		{"A256KW A256CBC-HS512 zip", genKey(t, "--alg", "A256KW"), "", []string{"--enc", "A256CBC-HS512", "--zip"}, nil, nil, false},
		{"A192GCMKW A192GCM", genKey(t, "--alg", "A192GCMKW"), "", []string{"--enc", "A192GCM"}, nil, nil, false},
		{"dir A128CBC-HS256", genKey(t, "--alg", "dir", "--enc", "A128CBC-HS256"), "", []string{"--enc", "A128CBC-HS256"}, nil, nil, false},
		{"ECDH-ES P-256", genKey(t, "--alg", "ECDH-ES"), "", nil, nil, nil, true},
		{"ECDH-ES+A128KW X25519", genKey(t, "--alg", "ECDH-ES+A128KW", "--crv", "X25519"), "", []string{"--enc", "A128GCM"}, nil, nil, true},
		{"ECDH-ES+A256KW P-521 zip", genKey(t, "--alg", "ECDH-ES+A256KW", "--crv", "P-521"), "", []string{"--zip"}, nil, nil, true},
		{"PBES2-HS256+A128KW file", "", "", []string{"--alg", "PBES2-HS256+A128KW", "--password-file", pw}, []string{"--alg", "PBES2-HS256+A128KW", "--password-file", pw}, nil, false},
		{"PBES2-HS512+A256KW env", "", "", []string{"--alg", "PBES2-HS512+A256KW", "--password-env", "JWE_PASSWORD", "--p2c", "2000"}, []string{"--alg", "PBES2-HS512+A256KW", "--password-env", "JWE_PASSWORD"}, []string{pwEnv}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			encArgs := []string{"jwe", "encrypt"}
			if tc.encKey != "" {
				k := tc.encKey
				if tc.publicOnly {
					k = pubKey(t, k)
				}
				encArgs = append(encArgs, "--key", k)
			}
			encArgs = append(encArgs, tc.encArgs...)
			decArgs := []string{"jwe", "decrypt"}
			switch {
			case tc.decKey != "":
				decArgs = append(decArgs, "--key", tc.decKey)
			case tc.encKey != "":
				decArgs = append(decArgs, "--key", tc.encKey)
			}
			decArgs = append(decArgs, tc.decArgs...)
			o := runOpts{env: tc.env}
			for _, form := range [][]string{nil, {"--flattened"}, {"--json"}} {
				o.stdin = binaryPayload
				token := ok(t, o, append(encArgs, form...)...)
				o.stdin = token
				if got := ok(t, o, decArgs...); got != binaryPayload {
					t.Errorf("%v: plaintext %q", form, got)
				}
			}
		})
	}
}

func TestJWESeveralRecipients(t *testing.T) {
	t.Parallel()
	pw := writeFile(t, "pw", "hunter2")
	ec := genKey(t, "--alg", "ECDH-ES+A256KW", "--kid", "ec")
	token := ok(t, runOpts{stdin: "to three"}, "jwe", "encrypt", "--json",
		"--key", pubKey(t, ec), "--key", pubKey(t, rsaKey), "--password-file", pw,
		"--alg", "ECDH-ES+A256KW", "--alg", "RSA-OAEP-256", "--alg", "PBES2-HS256+A128KW",
		"--enc", "A128CBC-HS256")
	var doc struct {
		Recipients []json.RawMessage `json:"recipients"`
	}
	if err := json.Unmarshal([]byte(token), &doc); err != nil || len(doc.Recipients) != 3 {
		t.Fatalf("not a general JSON JWE with 3 recipients (%v):\n%s", err, token)
	}
	for i, args := range [][]string{
		{"--key", ec},
		{"--key", rsaKey, "--alg", "RSA-OAEP-256"},
		{"--alg", "PBES2-HS256+A128KW", "--password-file", pw},
	} {
		out := ok(t, runOpts{stdin: token}, append([]string{"jwe", "decrypt", "--json"}, args...)...)
		var r struct {
			Plaintext string `json:"plaintext"`
			Recipient int    `json:"recipient"`
			Password  bool   `json:"password"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.Plaintext != "dG8gdGhyZWU" || r.Recipient != i || r.Password != (i == 2) {
			t.Errorf("recipient %d: report %s", i, out)
		}
	}
	fails(t, 2, "3 recipients need --json", runOpts{stdin: "x"}, "jwe", "encrypt",
		"--key", ec, "--key", pubKey(t, rsaKey), "--password-file", pw,
		"--alg", "ECDH-ES+A256KW", "--alg", "RSA-OAEP-256", "--alg", "PBES2-HS256+A128KW")
}

func TestJWEAAD(t *testing.T) {
	t.Parallel()
	k := genKey(t, "--alg", "A128KW")
	token := ok(t, runOpts{stdin: "body"}, "jwe", "encrypt", "--key", k, "--flattened", "--aad", writeFile(t, "aad", "extra"))
	if !strings.Contains(token, `"aad":"ZXh0cmE"`) {
		t.Errorf("no aad member: %s", token)
	}
	if got := ok(t, runOpts{stdin: token}, "jwe", "decrypt", "--key", k); got != "body" {
		t.Errorf("got %q", got)
	}
	fails(t, 2, "--aad needs --json or --flattened", runOpts{stdin: "x"}, "jwe", "encrypt", "--key", k, "--aad", writeFile(t, "aad", "extra"))
}

func TestJWEDecryptFailures(t *testing.T) {
	t.Parallel()
	ec := genKey(t, "--alg", "ECDH-ES+A128KW")
	ecToken := strings.TrimSpace(ok(t, runOpts{stdin: "secret"}, "jwe", "encrypt", "--key", pubKey(t, ec)))
	parts := strings.Split(ecToken, ".")
	tampered := make([]string, len(parts))
	copy(tampered, parts)
	if tampered[3][0] == 'A' {
		tampered[3] = "B" + tampered[3][1:]
	} else {
		tampered[3] = "A" + tampered[3][1:]
	}
	oaep := ok(t, runOpts{stdin: "secret"}, "jwe", "encrypt", "--key", pubKey(t, rsaKey), "--alg", "RSA-OAEP")
	rsa15 := ok(t, runOpts{stdin: "secret"}, "jwe", "encrypt", "--key", pubKey(t, rsaKey), "--alg", "RSA1_5")
	pw := writeFile(t, "pw", "right")
	pbes := ok(t, runOpts{stdin: "secret"}, "jwe", "encrypt", "--alg", "PBES2-HS256+A128KW", "--password-file", pw)
	costly := ok(t, runOpts{stdin: "secret"}, "jwe", "encrypt", "--alg", "PBES2-HS256+A128KW", "--password-file", pw, "--p2c", "20000")

	tests := []struct {
		name  string
		code  int
		want  string
		stdin string
		args  []string
	}{
		{"wrong key", 1, "jwe: decryption failed", ecToken, []string{"--key", genKey(t, "--alg", "ECDH-ES+A128KW", "--crv", "P-256")}},
		{"tampered ciphertext", 1, "jwe: decryption failed", strings.Join(tampered, "."), []string{"--key", ec}},
		{"alg not in --alg", 1, "jwe:", oaep, []string{"--key", rsaKey, "--alg", "RSA-OAEP-256"}},
		{"enc not in --enc", 1, "jwe:", ecToken, []string{"--key", ec, "--enc", "A128GCM"}},
		{"RSA1_5 not listed", 1, "jwe:", rsa15, []string{"--key", rsaKey, "--alg", "RSA-OAEP"}},
		{"wrong password", 1, "jwe: decryption failed", pbes, []string{"--alg", "PBES2-HS256+A128KW", "--password-file", writeFile(t, "bad", "wrong")}},
		{"p2c above the limit", 1, "jwe:", costly, []string{"--alg", "PBES2-HS256+A128KW", "--password-file", pw}},
		{"garbage", 1, "jwe:", "not a token", []string{"--key", ec}},
		{"garbage JSON", 1, "jwe:", `{"ciphertext":1}`, []string{"--key", ec}},
		{"no terminal for the password", 2, "no terminal to prompt on", pbes, []string{"--alg", "PBES2-HS256+A128KW"}},
		{"password without --alg", 2, `name its PBES2 algorithm with --alg`, pbes, []string{"--password-file", pw}},
		{"password with a non-PBES2 --alg", 2, "needs a PBES2 algorithm", pbes, []string{"--alg", "A128KW", "--password-file", pw}},
		{"key without alg", 2, `has no "alg" member`, oaep, []string{"--key", rsaKey}},
		{"unknown --enc", 2, `unknown JWE content encryption "A1GCM"`, oaep, []string{"--key", rsaKey, "--alg", "RSA-OAEP", "--enc", "A1GCM"}},
		{"nothing to decrypt with", 2, "give the decryption key", oaep, nil},
		{"missing key file", 2, "no such file", oaep, []string{"--key", "testdata/missing.jwk"}},
		{"key that cannot serve the alg", 2, "jwe:", oaep, []string{"--key", ec, "--alg", "RSA-OAEP"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fails(t, tc.code, tc.want, runOpts{stdin: tc.stdin}, append([]string{"jwe", "decrypt"}, tc.args...)...)
		})
	}

	// Listed explicitly, RSA1_5 decrypts, with a warning.
	r := jose(t, runOpts{stdin: rsa15}, "jwe", "decrypt", "--key", rsaKey, "--alg", "RSA1_5")
	if r.code != 0 || r.stdout != "secret" || !strings.Contains(r.stderr, "warning: RSA1_5") {
		t.Errorf("RSA1_5 listed: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// A raised --max-p2c accepts the costly token.
	if got := ok(t, runOpts{stdin: costly}, "jwe", "decrypt", "--alg", "PBES2-HS256+A128KW", "--password-file", pw, "--max-p2c", "20000"); got != "secret" {
		t.Errorf("--max-p2c: got %q", got)
	}
}

func TestJWEEncryptFailures(t *testing.T) {
	t.Parallel()
	es := genKey(t, "--alg", "ES256")
	dir := genKey(t, "--alg", "dir", "--enc", "A256GCM")
	tests := []struct {
		name string
		want string
		args []string
	}{
		{"no recipient", "give a recipient", nil},
		{"key without alg", `has no "alg" member`, []string{"--key", rsaKey}},
		{"signing key", "jwe:", []string{"--key", es, "--alg", "ECDH-ES"}},
		{"unknown enc", "unknown JWE content encryption", []string{"--key", dir, "--enc", "A512GCM"}},
		{"dir of the wrong size", "jwe:", []string{"--key", dir, "--enc", "A128GCM"}},
		{"dir with two recipients", "jwe:", []string{"--json", "--key", dir, "--key", dir}},
		{"password with a non-PBES2 alg", "needs a PBES2 algorithm", []string{"--password-env", "X", "--alg", "A128KW"}},
		{"kid header", "comes from its key", []string{"--key", dir, "--header", "kid=x"}},
		{"p2c too small", "jwe:", []string{"--alg", "PBES2-HS256+A128KW", "--password-env", "X", "--p2c", "10"}},
		{"missing password variable", "environment variable X", []string{"--alg", "PBES2-HS256+A128KW", "--password-env", "X"}},
		{"no terminal for the password", "no terminal to prompt on", []string{"--alg", "PBES2-HS256+A128KW"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fails(t, 2, tc.want, runOpts{stdin: "x"}, append([]string{"jwe", "encrypt"}, tc.args...)...)
		})
	}
}
