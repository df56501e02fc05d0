package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const binaryPayload = "payload\x00\n\xff\xfe with bytes that are not text"

func TestJWSRoundTrip(t *testing.T) {
	t.Parallel()
	hs384 := genKey(t, "--alg", "HS384")
	tests := []struct {
		name      string
		signKey   string
		verifyKey string
		alg       []string // --alg for both sign and verify; nil: the keys' own "alg"
	}{
		{"HS256 key alg", hs256Key, hs256Key, nil},
		{"HS384", hs384, hs384, nil},
		{"RS256", rsaKey, "", []string{"--alg", "RS256"}},
		{"PS384", rsaKey, "", []string{"--alg", "PS384"}},
		{"RS512", rsaKey, "", []string{"--alg", "RS512"}},
		{"ES256", genKey(t, "--alg", "ES256"), "", nil},
		{"ES384", genKey(t, "--alg", "ES384"), "", nil},
		{"ES512", genKey(t, "--alg", "ES512"), "", nil},
		{"EdDSA", ed25519Key, "", []string{"--alg", "EdDSA"}},
		{"Ed25519 RFC 9864", ed25519Key, "", []string{"--alg", "Ed25519"}},
	}
	forms := []struct {
		name   string
		sign   []string
		detach bool
		text   bool // the payload must be text (unencoded)
	}{
		{"compact", nil, false, false},
		{"general JSON", []string{"--json"}, false, false},
		{"flattened JSON", []string{"--flattened"}, false, false},
		{"compact detached", []string{"--detached"}, true, false},
		{"JSON detached", []string{"--json", "--detached"}, true, false},
		{"compact unencoded detached", []string{"--unencoded", "--detached"}, true, true},
		{"flattened unencoded", []string{"--flattened", "--unencoded"}, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			verifyKey := tc.verifyKey
			if verifyKey == "" {
				verifyKey = pubKey(t, tc.signKey)
			}
			for _, f := range forms {
				payload := binaryPayload
				if f.text {
					payload = "unencoded $ payload"
				}
				args := append([]string{"jws", "sign", "--key", tc.signKey}, tc.alg...)
				token := ok(t, runOpts{stdin: payload}, append(args, f.sign...)...)
				vargs := append([]string{"jws", "verify", "--key", verifyKey}, tc.alg...)
				if f.detach {
					vargs = append(vargs, "--payload", writeFile(t, "payload", payload))
				}
				if got := ok(t, runOpts{stdin: token}, vargs...); got != payload {
					t.Errorf("%s: payload %q, want %q", f.name, got, payload)
				}
			}
		})
	}
}

// TestJWSRFC8037 reproduces RFC 8037 §A.4 (Ed25519 is deterministic).
func TestJWSRFC8037(t *testing.T) {
	t.Parallel()
	r := jose(t, runOpts{stdin: "Example of Ed25519 signing"}, "jws", "sign", "--key", ed25519Key, "--alg", "EdDSA")
	const want = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d, got %q, want %q (stderr %q)", r.code, r.stdout, want, r.stderr)
	}
	golden(t, "jws/verify_rfc8037", jose(t, runOpts{stdin: want}, "jws", "verify", "--key", ed25519Key, "--alg", "EdDSA"))
	golden(t, "jws/verify_rfc8037_json", jose(t, runOpts{stdin: want}, "jws", "verify", "--key", ed25519Key, "--alg", "EdDSA", "--json"))
}

func TestJWSSignHeaders(t *testing.T) {
	t.Parallel()
	golden(t, "jws/sign_hs256_headers", jose(t, runOpts{stdin: "hello"}, "jws", "sign", "--key", hs256Key,
		"--typ", "example+jws", "--header", "x-num=42", "--header", "x-str=text", "--header", `x-obj={"a":[1,2]}`))
	fails(t, 2, "contradicts --typ", runOpts{stdin: "x"}, "jws", "sign", "--key", hs256Key, "--typ", "a", "--header", "typ=b")
	fails(t, 2, "want NAME=VALUE", runOpts{stdin: "x"}, "jws", "sign", "--key", hs256Key, "--header", "novalue")
	fails(t, 2, "jws:", runOpts{stdin: "x"}, "jws", "sign", "--key", hs256Key, "--header", "alg=HS512")
}

func TestJWSMultipleSignatures(t *testing.T) {
	t.Parallel()
	es := genKey(t, "--alg", "ES256", "--kid", "es")
	token := ok(t, runOpts{stdin: "two signers"}, "jws", "sign", "--json", "--key", ed25519Key, "--key", es, "--alg", "EdDSA", "--alg", "ES256")
	var doc struct {
		Signatures []json.RawMessage `json:"signatures"`
	}
	if err := json.Unmarshal([]byte(token), &doc); err != nil || len(doc.Signatures) != 2 {
		t.Fatalf("not a general JSON JWS with 2 signatures (%v):\n%s", err, token)
	}
	both := []string{"jws", "verify", "--key", ed25519Key, "--key", pubKey(t, es), "--alg", "EdDSA", "--alg", "ES256"}
	if got := ok(t, runOpts{stdin: token}, both...); got != "two signers" {
		t.Errorf("payload %q", got)
	}
	// By default every signature must verify.
	fails(t, 1, "jws:", runOpts{stdin: token}, "jws", "verify", "--key", ed25519Key, "--alg", "EdDSA")
	// --min-valid 1 accepts one, and the report says which.
	out := ok(t, runOpts{stdin: token}, "jws", "verify", "--key", ed25519Key, "--alg", "EdDSA", "--min-valid", "1", "--json")
	var report struct {
		Payload    string `json:"payload"`
		Signatures []struct {
			Alg      string `json:"alg"`
			Verified bool   `json:"verified"`
			Error    string `json:"error"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Signatures) != 2 || !report.Signatures[0].Verified || report.Signatures[1].Verified || report.Signatures[1].Error == "" {
		t.Errorf("report:\n%s", out)
	}
	fails(t, 2, "need --json", runOpts{stdin: "x"}, "jws", "sign", "--key", ed25519Key, "--key", es, "--alg", "EdDSA", "--alg", "ES256")
	fails(t, 2, "once per key", runOpts{stdin: "x"}, "jws", "sign", "--json", "--key", ed25519Key, "--key", es, "--key", hs256Key, "--alg", "EdDSA", "--alg", "ES256")
	fails(t, 2, "--kid applies to one key", runOpts{stdin: "x"}, "jws", "sign", "--json", "--key", ed25519Key, "--key", es, "--alg", "EdDSA", "--alg", "ES256", "--kid", "k")
}

// hs256Token is "hello" signed by testdata/hs256.jwk (HMAC is deterministic).
func hs256Token(t testing.TB) string {
	t.Helper()
	return strings.TrimSpace(ok(t, runOpts{stdin: "hello"}, "jws", "sign", "--key", hs256Key))
}

func TestJWSVerifyFailures(t *testing.T) {
	t.Parallel()
	good := hs256Token(t)
	head, rest, _ := strings.Cut(good, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	flip := func(s string) string { // change the first character
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	rsTok := ok(t, runOpts{stdin: "x"}, "jws", "sign", "--key", rsaKey, "--alg", "RS256")
	rsPub := pubKey(t, rsaKey)
	es := genKey(t, "--alg", "ES256")

	golden(t, "jws/verify_bad_signature", jose(t, runOpts{stdin: head + "." + payload + "." + flip(sig)}, "jws", "verify", "--key", hs256Key))
	golden(t, "jws/verify_garbage", jose(t, runOpts{stdin: "this is not a token"}, "jws", "verify", "--key", hs256Key))

	tests := []struct {
		name  string
		code  int
		want  string
		stdin string
		args  []string
	}{
		{"changed payload", 1, "signature invalid", head + "." + "aGVsbG8h" + "." + sig, []string{"--key", hs256Key}},
		{"changed header", 1, "jws:", flip(head) + "." + payload + "." + sig, []string{"--key", hs256Key}},
		{"alg not in --alg", 1, `"RS256" is not in the policy's algorithms`, rsTok, []string{"--key", rsPub, "--alg", "PS256"}},
		{"alg none", 1, `"none" is never accepted`, "eyJhbGciOiJub25lIn0.aGVsbG8.", []string{"--key", hs256Key}},
		{"empty input", 1, "jws:", "", []string{"--key", hs256Key}},
		{"broken JSON", 1, "jws:", `{"payload":`, []string{"--key", hs256Key}},
		{"wrong key, same kid", 1, "signature invalid", good, []string{"--key", genKey(t, "--alg", "HS256", "--kid", "018c0ae5-4d9b-471b-bfd6-eef314bc7037")}},
		{"no key with the kid", 1, "no key", good, []string{"--key", genKey(t, "--alg", "HS256")}},
		{"none in --alg", 2, `"none"`, good, []string{"--key", hs256Key, "--alg", "none"}},
		{"unknown --alg", 2, `unknown signature algorithm "HS999"`, good, []string{"--key", hs256Key, "--alg", "HS999"}},
		{"key without alg", 2, `has no "alg" member`, rsTok, []string{"--key", rsPub}},
		{"key restricted to another alg", 2, "jws: Policy.Keys", good, []string{"--key", es, "--alg", "ES384"}},
		{"RSA key as HMAC secret", 2, "jws: Policy.Keys", good, []string{"--key", rsPub, "--alg", "HS256"}},
		{"no key", 2, "give the verification keys", good, nil},
		{"missing key file", 2, "testdata/missing.jwk: no such file or directory", good, []string{"--key", "testdata/missing.jwk"}},
		{"key file not a key", 2, "not a JWK", good, []string{"--key", "main.go"}},
		{"two readers of stdin", 2, "cannot both come from standard input", good, []string{"--key", "-", "--alg", "HS256"}},
		{"missing payload file", 2, "no such file", good, []string{"--key", hs256Key, "--payload", "testdata/missing"}},
		{"negative min-valid", 2, "--min-valid", good, []string{"--key", hs256Key, "--min-valid", "-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fails(t, tc.code, tc.want, runOpts{stdin: tc.stdin}, append([]string{"jws", "verify"}, tc.args...)...)
		})
	}
}

func TestJWSSignFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"no key", 2, "give the signing key with --key", nil},
		{"public key", 2, "jws:", []string{"--key", pubKey(t, rsaKey), "--alg", "RS256"}},
		{"key without alg", 2, `has no "alg" member`, []string{"--key", rsaKey}},
		{"alg that does not fit", 2, "jws:", []string{"--key", hs256Key, "--alg", "RS256"}},
		{"none", 2, `"none"`, []string{"--key", hs256Key, "--alg", "none"}},
		{"json and flattened", 2, "not both", []string{"--key", hs256Key, "--json", "--flattened"}},
		{"missing --in", 2, "no such file", []string{"--key", hs256Key, "--in", "testdata/missing"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fails(t, tc.code, tc.want, runOpts{stdin: "x"}, append([]string{"jws", "sign"}, tc.args...)...)
		})
	}
	// Unencoded compact with a '.' in the payload cannot be written.
	fails(t, 2, "needs a detached or JSON serialization", runOpts{stdin: "a.b"}, "jws", "sign", "--key", hs256Key, "--unencoded")
}

func TestJWSKeyFromStdinPayloadFromFile(t *testing.T) {
	t.Parallel()
	key := ok(t, runOpts{}, "jwk", "check", "--key", hs256Key)
	token := ok(t, runOpts{stdin: key}, "jws", "sign", "--key", "-", "--in", writeFile(t, "p", "from a file"))
	if got := ok(t, runOpts{stdin: key}, "jws", "verify", "--key", "-", "--in", writeFile(t, "t", token)); got != "from a file" {
		t.Errorf("got %q", got)
	}
}
