package jwe

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// attack is one hostile input and the sentinel it must produce.
type attack struct {
	name   string
	token  string // compact, or
	json   []byte // JSON
	policy Policy
	want   error
}

// b64s encodes b as base64url.
func b64s(b []byte) string { return base64url.Encode(b) }

// epkJSON returns the JWK of the public part of k.
func epkJSON(t testing.TB, k *jwk.Key) string {
	t.Helper()
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	b, err := pub.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// flip returns a copy of the compact token with one bit of part i flipped.
func flip(t testing.TB, token string, part int) string {
	t.Helper()
	parts := strings.SplitN(token, ".", 5) // a test's own token, not untrusted input
	b, err := base64url.Decode(parts[part])
	if err != nil || len(b) == 0 {
		t.Fatalf("part %d: %v", part, err)
	}
	b[len(b)/2] ^= 0x01
	parts[part] = b64s(b)
	return strings.Join(parts, ".")
}

// replacePart returns token with part i replaced.
func replacePart(token string, i int, s string) string {
	parts := strings.SplitN(token, ".", 5)
	parts[i] = s
	return strings.Join(parts, ".")
}

// editJSON decodes a JSON JWE, lets edit change it, and encodes it again.
func editJSON(t testing.TB, msg []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(msg, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAttacks runs one case per attack class and hostile structure, and
// checks the exact sentinel, with no panic.
func TestAttacks(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	encs := []jwa.ContentEncryption{jwa.A128GCM}
	pol := func(alg jwa.KeyAlgorithm, key *jwk.Key) Policy {
		return Policy{KeyAlgorithms: []jwa.KeyAlgorithm{alg}, ContentEncryption: encs, Keys: jwk.NewSet(key)}
	}
	k16, k32 := f.oct[16], f.oct[32]
	cek16 := k16.SymmetricKey()
	dirPol := pol(jwa.Direct, k16)
	dirTok := func(header string) string { return craft(t, header, nil, cek16, []byte("payload")) }
	good := dirTok(`{"alg":"dir","enc":"A128GCM"}`)

	// A*KW
	kwEnc := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Key: k16, Algorithm: jwa.A128KW})
	kwTok, err := kwEnc.Encrypt([]byte("payload"))
	if err != nil {
		t.Fatal(err)
	}
	kwPol := pol(jwa.A128KW, k16)
	otherK16 := mustKey(t)(jwk.GenerateSymmetric(16))

	// ECDH-ES
	p256, p384, x25519 := f.curve[jwa.P256], f.curve[jwa.P384], f.curve[jwa.X25519]
	ecdhPol := pol(jwa.ECDH_ES, p256)
	ecdhTok := func(epk string) string {
		return craft(t, `{"alg":"ECDH-ES","enc":"A128GCM","epk":`+epk+`}`, nil, nil, nil)
	}
	var p256epk map[string]string
	json.Unmarshal([]byte(epkJSON(t, f.curve2[jwa.P256])), &p256epk)
	offCurveY := b64(t, p256epk["y"])
	offCurveY[len(offCurveY)-1] ^= 1
	zero32 := b64s(make([]byte, 32))

	// PBES2
	pbes2 := func(p2s string, p2c string) string {
		return craft(t, `{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":`+p2s+`,"p2c":`+p2c+`}`, make([]byte, 24), nil, nil)
	}
	pbes2Pol := Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW}, ContentEncryption: encs, Passwords: []string{testPassword}}
	salt := `"` + b64s(make([]byte, 16)) + `"`

	// A*GCMKW
	gcmkw := func(iv, tag []byte) string {
		return craft(t, `{"alg":"A128GCMKW","enc":"A128GCM","iv":"`+b64s(iv)+`","tag":"`+b64s(tag)+`"}`, make([]byte, 16), nil, nil)
	}
	gcmkwEnc := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Key: k16, Algorithm: jwa.A128GCMKW})
	gcmkwTok, _ := gcmkwEnc.Encrypt([]byte("payload"))

	// RSA-OAEP with a CEK of the wrong size for "enc".
	rsaPub := f.rsa.RSAPublicKey()
	shortCEK, _ := rsa.EncryptOAEP(jwa.RSA_OAEP_256.Hash().New(), rand.Reader, rsaPub, cek16[:8], nil)

	// JSON forms.
	jsonEnc := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM},
		Recipient{Key: k16, Algorithm: jwa.A128KW}, Recipient{Key: k32, Algorithm: jwa.A256KW})
	general, err := jsonEnc.EncryptJSON([]byte("payload"), []byte("aad"))
	if err != nil {
		t.Fatal(err)
	}
	flat, err := kwEnc.EncryptFlattenedJSON([]byte("payload"), nil)
	if err != nil {
		t.Fatal(err)
	}
	recipientsN := func(n int) []byte {
		return editJSON(t, general, func(m map[string]any) {
			rs := m["recipients"].([]any)
			for len(rs) < n {
				rs = append(rs, rs[0])
			}
			m["recipients"] = rs
		})
	}
	withProtected := func(msg []byte, header string) []byte {
		return editJSON(t, msg, func(m map[string]any) { m["protected"] = b64s([]byte(header)) })
	}

	attacks := []attack{
		// Allowlists: RFC 8725 §3.1, §3.2.
		{name: "alg not allowed", token: kwTok, policy: pol(jwa.A256KW, k32), want: ErrAlgorithmNotAllowed},
		{name: "enc not allowed", token: good, policy: Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwk.NewSet(k32)}, want: ErrAlgorithmNotAllowed},
		{name: "RSA1_5 off unless listed (RFC 7516 §11.5)", token: craft(t, `{"alg":"RSA1_5","enc":"A128GCM"}`, make([]byte, 256), nil, nil), policy: pol(jwa.RSA_OAEP_256, f.rsa), want: ErrAlgorithmNotAllowed},
		{name: "alg none", token: craft(t, `{"alg":"none","enc":"A128GCM"}`, nil, nil, nil), policy: dirPol, want: ErrAlgorithmNotAllowed},
		{name: "signature alg", token: craft(t, `{"alg":"HS256","enc":"A128GCM"}`, nil, nil, nil), policy: dirPol, want: ErrAlgorithmNotAllowed},
		{name: "unknown enc", token: replacePart(good, 0, b64s([]byte(`{"alg":"dir","enc":"A128CTR"}`))), policy: dirPol, want: ErrAlgorithmNotAllowed},
		{name: "very long alg name (bounded message)", token: craft(t, `{"alg":"`+strings.Repeat("A", 5000)+`","enc":"A128GCM"}`, nil, nil, nil), policy: dirPol, want: ErrAlgorithmNotAllowed},
		{name: "unknown zip", token: dirTok(`{"alg":"dir","enc":"A128GCM","zip":"GZIP"}`), policy: dirPol, want: ErrAlgorithmNotAllowed},

		// Content encryption: RFC 7518 §5.2.2.2, §5.3.
		{name: "flipped ciphertext bit", token: flip(t, good, 3), policy: dirPol, want: ErrDecryption},
		{name: "flipped tag bit", token: flip(t, good, 4), policy: dirPol, want: ErrDecryption},
		{name: "flipped iv bit", token: flip(t, good, 2), policy: dirPol, want: ErrDecryption},
		{name: "modified protected header (AAD)", token: replacePart(good, 0, b64s([]byte(`{"enc":"A128GCM","alg":"dir"}`))), policy: dirPol, want: ErrDecryption},
		{name: "truncated GCM tag (GCM takes 128-bit tags only)", token: replacePart(good, 4, b64s(make([]byte, 12))), policy: dirPol, want: ErrMalformed},
		{name: "empty tag", token: replacePart(good, 4, ""), policy: dirPol, want: ErrMalformed},
		{name: "GCM iv of 16 bytes (GCM takes 96-bit IVs only)", token: replacePart(good, 2, b64s(make([]byte, 16))), policy: dirPol, want: ErrMalformed},
		{name: "empty iv", token: replacePart(good, 2, ""), policy: dirPol, want: ErrMalformed},
		{name: "iv longer than any", token: replacePart(good, 2, b64s(make([]byte, 40))), policy: dirPol, want: ErrMalformed},
		{name: "tag longer than any", token: replacePart(good, 4, b64s(make([]byte, 40))), policy: dirPol, want: ErrMalformed},

		// dir and ECDH-ES have an empty encrypted key: RFC 7516 §5.1 step 5.
		{name: "dir with an encrypted key", token: replacePart(good, 1, b64s(make([]byte, 16))), policy: dirPol, want: ErrMalformed},
		{name: "dir key of another size", token: dirTok(`{"alg":"dir","enc":"A128GCM"}`), policy: Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM, jwa.A256GCM}, Keys: jwk.NewSet(k32)}, want: ErrNoKey},
		{name: "ECDH-ES with an encrypted key", token: craft(t, `{"alg":"ECDH-ES","enc":"A128GCM","epk":`+epkJSON(t, f.curve2[jwa.P256])+`}`, make([]byte, 24), nil, nil), policy: ecdhPol, want: ErrMalformed},

		// A*KW: RFC 3394 §2.2.3 integrity check; lengths follow "enc".
		{name: "AES-KW integrity failure", token: flip(t, kwTok, 1), policy: kwPol, want: ErrDecryption},
		{name: "AES-KW wrong key", token: kwTok, policy: pol(jwa.A128KW, otherK16), want: ErrDecryption},
		{name: "AES-KW empty encrypted key", token: replacePart(kwTok, 1, ""), policy: kwPol, want: ErrMalformed},
		{name: "AES-KW odd-length encrypted key", token: replacePart(kwTok, 1, b64s(make([]byte, 23))), policy: kwPol, want: ErrMalformed},
		{name: "AES-KW encrypted key of another CEK size", token: replacePart(kwTok, 1, b64s(make([]byte, 32))), policy: kwPol, want: ErrMalformed},

		// A*GCMKW: RFC 7518 §4.7.
		{name: "GCMKW tag flipped", token: flip(t, gcmkwTok, 1), policy: pol(jwa.A128GCMKW, k16), want: ErrDecryption},
		{name: "GCMKW iv of 16 bytes", token: gcmkw(make([]byte, 16), make([]byte, 16)), policy: pol(jwa.A128GCMKW, k16), want: ErrMalformed},
		{name: "GCMKW tag of 12 bytes", token: gcmkw(make([]byte, 12), make([]byte, 12)), policy: pol(jwa.A128GCMKW, k16), want: ErrMalformed},
		{name: "GCMKW without iv", token: craft(t, `{"alg":"A128GCMKW","enc":"A128GCM","tag":"`+b64s(make([]byte, 16))+`"}`, make([]byte, 16), nil, nil), policy: pol(jwa.A128GCMKW, k16), want: ErrMalformed},

		// RSA-OAEP: a CEK of the wrong size is a decryption failure.
		{name: "RSA-OAEP CEK of the wrong size", token: craft(t, `{"alg":"RSA-OAEP-256","enc":"A128GCM"}`, shortCEK, cek16, []byte("x")), policy: pol(jwa.RSA_OAEP_256, f.rsa), want: ErrDecryption},
		{name: "RSA-OAEP empty encrypted key", token: craft(t, `{"alg":"RSA-OAEP-256","enc":"A128GCM"}`, nil, nil, nil), policy: pol(jwa.RSA_OAEP_256, f.rsa), want: ErrMalformed},

		// ECDH-ES: the invalid-curve attack (RFC 7518 §4.6, RFC 8725 §3.4).
		{name: "invalid curve: epk on P-384 for a P-256 key", token: ecdhTok(epkJSON(t, p384)), policy: ecdhPol, want: ErrNoKey},
		{name: "invalid curve: epk off the curve", token: ecdhTok(`{"kty":"EC","crv":"P-256","x":"` + p256epk["x"] + `","y":"` + b64s(offCurveY) + `"}`), policy: ecdhPol, want: ErrMalformed},
		{name: "invalid curve: point at infinity", token: ecdhTok(`{"kty":"EC","crv":"P-256","x":"` + zero32 + `","y":"` + zero32 + `"}`), policy: ecdhPol, want: ErrMalformed},
		{name: "epk is an X25519 key for a P-256 key", token: ecdhTok(epkJSON(t, x25519)), policy: ecdhPol, want: ErrNoKey},
		{name: "epk is an RSA key", token: ecdhTok(epkJSON(t, f.rsa)), policy: ecdhPol, want: ErrMalformed},
		{name: "epk is an Ed25519 key", token: ecdhTok(epkJSON(t, mustKey(t)(jwk.GenerateCurve(jwa.Ed25519)))), policy: ecdhPol, want: ErrMalformed},
		{name: "epk holds a private key", token: ecdhTok(string(mustJSON(t, f.curve2[jwa.P256]))), policy: ecdhPol, want: ErrMalformed},
		{name: "epk missing", token: craft(t, `{"alg":"ECDH-ES","enc":"A128GCM"}`, nil, nil, nil), policy: ecdhPol, want: ErrMalformed},
		{name: "epk not an object", token: ecdhTok(`"key"`), policy: ecdhPol, want: ErrMalformed},
		{name: "apu not base64url", token: craft(t, `{"alg":"ECDH-ES","enc":"A128GCM","apu":"a=","epk":`+epkJSON(t, f.curve2[jwa.P256])+`}`, nil, nil, nil), policy: ecdhPol, want: ErrMalformed},

		// PBES2: the sender picks the recipient's work, the "billion
		// hashes attack" (Tervoort, Black Hat 2023; go-jose
		// GHSA-2c7c-3mj9-8fqh, jwx CVE-2023-49290); RFC 7518 §4.8.1.
		{name: "PBES2 huge p2c", token: pbes2(salt, "2147483647"), policy: pbes2Pol, want: ErrTooLarge},
		{name: "PBES2 p2c beyond int64", token: pbes2(salt, "100000000000000000000000000000"), policy: pbes2Pol, want: ErrTooLarge},
		{name: "PBES2 p2c just above the limit", token: pbes2(salt, "10001"), policy: pbes2Pol, want: ErrTooLarge},
		{name: "PBES2 p2c below 1000", token: pbes2(salt, "999"), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2c zero", token: pbes2(salt, "0"), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2c negative", token: pbes2(salt, "-5000"), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2c fractional", token: pbes2(salt, "1000.5"), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2c a string", token: pbes2(salt, `"5000"`), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2s of 7 bytes", token: pbes2(`"`+b64s(make([]byte, 7))+`"`, "1000"), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2s missing", token: craft(t, `{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2c":1000}`, make([]byte, 24), nil, nil), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 p2c missing", token: craft(t, `{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":`+salt+`}`, make([]byte, 24), nil, nil), policy: pbes2Pol, want: ErrMalformed},
		{name: "PBES2 wrong password", token: pbes2(salt, "1000"), policy: pbes2Pol, want: ErrDecryption},

		// Keys: a "kid" that no key has.
		{name: "unknown kid", token: dirTok(`{"alg":"dir","enc":"A128GCM","kid":"nobody"}`), policy: Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: encs, Keys: jwk.NewSet(withKeyID(t, k16, "somebody"))}, want: ErrNoKey},

		// crit: RFC 7516 §4.1.13.
		{name: "crit names an extension not understood", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}`), policy: dirPol, want: ErrCritical},
		{name: "crit names a registered parameter", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":["alg"]}`), policy: dirPol, want: ErrCritical},
		{name: "crit is empty", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":[]}`), policy: dirPol, want: ErrCritical},
		{name: "crit is not an array", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":"exp","exp":1}`), policy: dirPol, want: ErrCritical},
		{name: "crit names an absent member", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":["exp"]}`), policy: withCritical(dirPol, "exp"), want: ErrCritical},
		{name: "crit names a member twice", token: dirTok(`{"alg":"dir","enc":"A128GCM","crit":["exp","exp"],"exp":1}`), policy: withCritical(dirPol, "exp"), want: ErrCritical},
		{name: "crit in the unprotected header", json: editJSON(t, flat, func(m map[string]any) { m["unprotected"] = map[string]any{"crit": []string{"exp"}, "exp": 1} }), policy: withCritical(kwPol, "exp"), want: ErrCritical},

		// Header structure.
		{name: "zip in the unprotected header (RFC 7516 §4.1.3)", json: editJSON(t, flat, func(m map[string]any) { m["unprotected"] = map[string]any{"zip": "DEF"} }), policy: kwPol, want: ErrMalformed},
		{name: "member in the protected and the unprotected header", json: editJSON(t, flat, func(m map[string]any) { m["unprotected"] = map[string]any{"enc": "A128GCM"} }), policy: kwPol, want: ErrMalformed},
		{name: "member in the shared and the recipient header", json: editJSON(t, flat, func(m map[string]any) {
			m["unprotected"] = map[string]any{"x": 1}
			m["header"] = map[string]any{"x": 2}
		}), policy: kwPol, want: ErrMalformed},
		{name: "duplicate member in the protected header", token: dirTok(`{"alg":"dir","enc":"A128GCM","alg":"dir"}`), policy: dirPol, want: ErrMalformed},
		{name: "alg missing", token: dirTok(`{"enc":"A128GCM"}`), policy: dirPol, want: ErrMalformed},
		{name: "alg not a string", token: dirTok(`{"alg":1,"enc":"A128GCM"}`), policy: dirPol, want: ErrMalformed},
		{name: "enc missing", token: replacePart(good, 0, b64s([]byte(`{"alg":"dir"}`))), policy: dirPol, want: ErrMalformed},
		{name: "kid not a string", token: dirTok(`{"alg":"dir","enc":"A128GCM","kid":7}`), policy: dirPol, want: ErrMalformed},
		{name: "protected header not JSON", token: replacePart(good, 0, b64s([]byte(`{"alg":"dir",`))), policy: dirPol, want: ErrMalformed},
		{name: "protected header an array", token: replacePart(good, 0, b64s([]byte(`["alg","dir"]`))), policy: dirPol, want: ErrMalformed},
		{name: "protected header with a BOM", token: replacePart(good, 0, b64s([]byte("\xef\xbb\xbf{}"))), policy: dirPol, want: ErrMalformed},

		// Compact structure: exactly five parts, strict base64url.
		{name: "empty token", token: "", policy: dirPol, want: ErrMalformed},
		{name: "four parts", token: good[:strings.LastIndexByte(good, '.')], policy: dirPol, want: ErrMalformed},
		{name: "six parts", token: good + ".", policy: dirPol, want: ErrMalformed},
		{name: "JWS-like three parts", token: "a.b.c", policy: dirPol, want: ErrMalformed},
		{name: "only dots", token: "....", policy: dirPol, want: ErrMalformed},
		{name: "empty protected header", token: replacePart(good, 0, ""), policy: dirPol, want: ErrMalformed},
		{name: "padded base64url", token: replacePart(good, 2, b64s(make([]byte, 12))+"=="), policy: dirPol, want: ErrMalformed},
		{name: "standard base64 alphabet", token: replacePart(good, 3, "ab+/"), policy: dirPol, want: ErrMalformed},
		{name: "whitespace", token: " " + good, policy: dirPol, want: ErrMalformed},
		{name: "bad base64url encrypted key", token: replacePart(kwTok, 1, "!!!!"), policy: kwPol, want: ErrMalformed},

		// Limits.
		{name: "token too large", token: good + strings.Repeat("A", DefaultMaxTokenSize), policy: dirPol, want: ErrTooLarge},
		{name: "token over the policy's limit", token: good, policy: withLimits(dirPol, func(p *Policy) { p.MaxTokenSize = 40 }), want: ErrTooLarge},
		{name: "header over the limit", token: dirTok(`{"alg":"dir","enc":"A128GCM","x":"` + strings.Repeat("x", DefaultMaxHeaderSize) + `"}`), policy: dirPol, want: ErrTooLarge},
		{name: "ciphertext over the policy's limit", token: good, policy: withLimits(dirPol, func(p *Policy) { p.MaxCiphertextSize = 4 }), want: ErrTooLarge},

		// JSON structure: RFC 7516 §7.2.
		{name: "JSON: not JSON", json: []byte(`{"protected":`), policy: kwPol, want: ErrMalformed},
		{name: "JSON: trailing data", json: append(bytes.Clone(flat), `{}`...), policy: kwPol, want: ErrMalformed},
		{name: "JSON: duplicate member", json: append([]byte(`{"iv":"AAAA",`), flat[1:]...), policy: kwPol, want: ErrMalformed},
		{name: "JSON: recipients and another top-level encrypted_key", json: editJSON(t, general, func(m map[string]any) { m["encrypted_key"] = "AAAA" }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: recipients and a top-level header", json: editJSON(t, general, func(m map[string]any) { m["header"] = map[string]any{} }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: empty recipients", json: editJSON(t, general, func(m map[string]any) { m["recipients"] = []any{} }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: recipients not an array", json: editJSON(t, general, func(m map[string]any) { m["recipients"] = map[string]any{} }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: recipient not an object", json: editJSON(t, general, func(m map[string]any) { m["recipients"] = []any{"x"} }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: too many recipients", json: recipientsN(DefaultMaxRecipients + 1), policy: kwPol, want: ErrTooLarge},
		{name: "JSON: recipients over the policy's limit", json: recipientsN(3), policy: withLimits(kwPol, func(p *Policy) { p.MaxRecipients = 2 }), want: ErrTooLarge},
		{name: "JSON: missing ciphertext", json: editJSON(t, flat, func(m map[string]any) { delete(m, "ciphertext") }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: missing iv", json: editJSON(t, flat, func(m map[string]any) { delete(m, "iv") }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: aad not a string", json: editJSON(t, flat, func(m map[string]any) { m["aad"] = 1 }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: aad added", json: editJSON(t, flat, func(m map[string]any) { m["aad"] = "AAAA" }), policy: kwPol, want: ErrDecryption},
		{name: "JSON: header not an object", json: editJSON(t, flat, func(m map[string]any) { m["header"] = "x" }), policy: kwPol, want: ErrMalformed},
		{name: "JSON: enc differs between recipients", json: editJSON(t, withProtected(general, `{}`), func(m map[string]any) {
			rs := m["recipients"].([]any)
			rs[0].(map[string]any)["header"].(map[string]any)["enc"] = "A128GCM"
			rs[1].(map[string]any)["header"].(map[string]any)["enc"] = "A256GCM"
		}), policy: kwPol, want: ErrMalformed},
		{name: "JSON: too deep", json: []byte(`{"unprotected":` + strings.Repeat(`{"a":`, 20) + `1` + strings.Repeat(`}`, 20) + `}`), policy: kwPol, want: ErrMalformed},
		{name: "JSON: too large", json: editJSON(t, flat, func(m map[string]any) { m["x"] = strings.Repeat("x", DefaultMaxTokenSize) }), policy: kwPol, want: ErrTooLarge},
		{name: "JSON: no recipient allowed", json: general, policy: pol(jwa.A192KW, f.oct[24]), want: ErrAlgorithmNotAllowed},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			d, err := NewDecrypter(a.policy)
			if err != nil {
				t.Fatalf("NewDecrypter: %v", err)
			}
			var res *Decrypted
			if a.json != nil {
				res, err = d.DecryptJSON(a.json)
			} else {
				res, err = d.Decrypt(a.token)
			}
			if res != nil {
				t.Errorf("result is not nil with error %v", err)
			}
			wantErr(t, err, a.want)
			if len(err.Error()) > 600 {
				t.Errorf("error message of %d bytes", len(err.Error()))
			}
		})
	}
}

// TestDecryptionErrorsAreIndistinguishable checks RFC 7516 §11.5: an RSA1_5
// block with bad padding, of the wrong length or out of range returns the
// same error, with the same message, as a bad authentication tag, and so
// does every other cryptographic failure.
func TestDecryptionErrorsAreIndistinguishable(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	pub := f.rsa.RSAPublicKey()
	const header = `{"alg":"RSA1_5","enc":"A128CBC-HS256"}`
	cek := bytes.Repeat([]byte{0x42}, 32)
	good, err := rsa.EncryptPKCS1v15(rand.Reader, pub, cek)
	if err != nil {
		t.Fatal(err)
	}
	// A block with block type 01 instead of 02: raw RSA, m^e mod n.
	raw := func(m []byte) []byte {
		c := new(big.Int).Exp(new(big.Int).SetBytes(m), big.NewInt(int64(pub.E)), pub.N)
		return c.FillBytes(make([]byte, pub.Size()))
	}
	badType := make([]byte, pub.Size())
	badType[1] = 0x01
	for i := 2; i < len(badType); i++ {
		badType[i] = 0xff
	}
	noZero := make([]byte, pub.Size())
	noZero[1] = 0x02
	for i := 2; i < len(noZero); i++ {
		noZero[i] = 0x55 // no 0x00 separator
	}
	shortCEK, _ := rsa.EncryptPKCS1v15(rand.Reader, pub, cek[:16])
	tooBig := bytes.Repeat([]byte{0xff}, pub.Size())

	cases := map[string]string{
		"bad tag":                          flip(t, craft(t, header, good, cek, []byte("x")), 4),
		"flipped ciphertext":               flip(t, craft(t, header, good, cek, []byte("x")), 3),
		"RSA1_5 block type 01":             craft(t, header, raw(badType), cek, []byte("x")),
		"RSA1_5 without separator":         craft(t, header, raw(noZero), cek, []byte("x")),
		"RSA1_5 CEK of the wrong length":   craft(t, header, shortCEK, cek, []byte("x")),
		"RSA1_5 encrypted key too short":   craft(t, header, good[1:], cek, []byte("x")),
		"RSA1_5 encrypted key above n":     craft(t, header, tooBig, cek, []byte("x")),
		"RSA1_5 right block, other CEK":    craft(t, header, good, bytes.Repeat([]byte{1}, 32), []byte("x")),
		"RSA1_5 through an opaque key":     "",
		"RSA1_5 opaque key that reports":   "",
		"AES-KW integrity check (for ref)": "",
	}
	d := mustDecrypter(t, policyFor(jwa.RSA1_5, jwa.A128CBC_HS256, f.rsa))
	hsm := mustKey(t)(jwk.NewDecrypter(opaqueDecrypter{f.rsa.RSAPrivateKey()}))
	strict := mustKey(t)(jwk.NewDecrypter(reportingDecrypter{f.rsa.RSAPrivateKey()}))
	kw := craft(t, `{"alg":"A128KW","enc":"A128CBC-HS256"}`, make([]byte, 40), cek, []byte("x"))
	var first error
	for name, tok := range cases {
		var err error
		switch name {
		case "RSA1_5 through an opaque key":
			_, err = mustDecrypter(t, policyFor(jwa.RSA1_5, jwa.A128CBC_HS256, hsm)).Decrypt(craft(t, header, raw(badType), cek, []byte("x")))
		case "RSA1_5 opaque key that reports":
			_, err = mustDecrypter(t, policyFor(jwa.RSA1_5, jwa.A128CBC_HS256, strict)).Decrypt(craft(t, header, raw(badType), cek, []byte("x")))
		case "AES-KW integrity check (for ref)":
			_, err = mustDecrypter(t, policyFor(jwa.A128KW, jwa.A128CBC_HS256, testKeys(t).oct[16])).Decrypt(kw)
		default:
			_, err = d.Decrypt(tok)
		}
		if err != ErrDecryption {
			t.Errorf("%s: error = %v, want ErrDecryption itself", name, err)
			continue
		}
		// The requirement is about what an attacker sees, so compare the
		// messages too.
		if first != nil && err.Error() != first.Error() {
			t.Errorf("%s: message %q differs from %q", name, err, first)
		}
		first = err
	}
	// The good block with the right CEK decrypts.
	if _, err := d.Decrypt(craft(t, header, good, cek, []byte("x"))); err != nil {
		t.Fatalf("control: %v", err)
	}
}

// TestX25519LowOrderPoints reads x25519LowOrder: every point in it, with
// or without the top bit, gives an all-zero shared secret (which
// crypto/ecdh refuses), and as an "epk" it is refused with ErrMalformed
// before any key is used (RFC 7748 §6.1).
func TestX25519LowOrderPoints(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	d := mustDecrypter(t, policyFor(jwa.ECDH_ES_A128KW, jwa.A128GCM, f.curve[jwa.X25519]))
	for i, p := range x25519LowOrder {
		for _, top := range []byte{0, 0x80} {
			u := p
			u[31] |= top
			pub, err := ecdh.X25519().NewPublicKey(u[:])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.exchanger[jwa.X25519].ECDH(pub); err == nil {
				t.Errorf("point %d (top bit %#x): crypto/ecdh gives a shared secret; the table is wrong", i, top)
			}
			epk := `{"kty":"OKP","crv":"X25519","x":"` + b64s(u[:]) + `"}`
			tok := craft(t, `{"alg":"ECDH-ES+A128KW","enc":"A128GCM","epk":`+epk+`}`, make([]byte, 24), nil, nil)
			_, err = d.Decrypt(tok)
			wantErr(t, err, ErrMalformed)
			if !isX25519LowOrder(u[:]) {
				t.Errorf("point %d (top bit %#x): not recognized", i, top)
			}
		}
	}
	// An ordinary point is not in the table.
	if isX25519LowOrder(f.curve2[jwa.X25519].ECDHPublicKey().Bytes()) {
		t.Error("a random key is reported as low order")
	}
	// A key exchanger that does not refuse the all-zero secret: the
	// shared secret check refuses it.
	z, err := ecdhDerive(make([]byte, 32), jwa.ECDH_ES, jwa.A128GCM, nil, nil)
	if z != nil || err != ErrDecryption {
		t.Errorf("ecdhDerive(zero) = %x, %v", z, err)
	}
}

// TestPBES2CountBoundedBeforeWork checks that a huge "p2c" is refused
// without running PBKDF2 (a billion iterations take minutes), and that a
// raised bound admits what it should.
func TestPBES2CountBoundedBeforeWork(t *testing.T) {
	t.Parallel()
	tok := craft(t, `{"alg":"PBES2-HS512+A256KW","enc":"A128GCM","p2s":"`+b64s(make([]byte, 16))+`","p2c":1000000000}`, make([]byte, 24), nil, nil)
	d := mustDecrypter(t, policyFor(jwa.PBES2_HS512_A256KW, jwa.A128GCM, nil))
	start := time.Now()
	_, err := d.Decrypt(tok)
	wantErr(t, err, ErrTooLarge)
	if el := time.Since(start); el > time.Second {
		t.Errorf("refusing took %v", el)
	}

	// The encrypter's default count passes the decrypter's default bound.
	e := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Password: testPassword, Algorithm: jwa.PBES2_HS256_A128KW})
	tok, err = e.Encrypt([]byte("default count"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mustDecrypter(t, policyFor(jwa.PBES2_HS256_A128KW, jwa.A128GCM, nil)).Decrypt(tok); err != nil {
		t.Errorf("default count: %v", err)
	}

	// A peer that uses more iterations needs a raised bound.
	e = mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Password: testPassword, Algorithm: jwa.PBES2_HS256_A128KW, PBES2Count: 12_000})
	tok, _ = e.Encrypt([]byte("more"))
	_, err = mustDecrypter(t, policyFor(jwa.PBES2_HS256_A128KW, jwa.A128GCM, nil)).Decrypt(tok)
	wantErr(t, err, ErrTooLarge)
	p := policyFor(jwa.PBES2_HS256_A128KW, jwa.A128GCM, nil)
	p.MaxPBES2Count = 12_000
	if _, err := mustDecrypter(t, p).Decrypt(tok); err != nil {
		t.Errorf("raised bound: %v", err)
	}
}

// TestZipBomb checks that a token of a few kilobytes that inflates to
// 10 MB is refused with ErrTooLarge, quickly and with bounded memory,
// because the limit is enforced while inflating. It does not run in
// parallel, so that it can measure the memory it allocates.
func TestZipBomb(t *testing.T) {
	f := testKeys(t)
	bomb, err := deflate(make([]byte, 10<<20))
	if err != nil {
		t.Fatal(err)
	}
	key := f.oct[16]
	tok := craft(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, nil, key.SymmetricKey(), bomb)
	if len(tok) > 32<<10 {
		t.Fatalf("bomb token is %d bytes", len(tok))
	}
	d := mustDecrypter(t, policyFor(jwa.Direct, jwa.A128GCM, key))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	res, err := d.Decrypt(tok)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if res != nil {
		t.Fatal("bomb decrypted")
	}
	wantErr(t, err, ErrTooLarge)
	if elapsed > time.Second {
		t.Errorf("refusing took %v", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("refusing allocated %d bytes", alloc)
	}

	// The limit is exact and configurable.
	p := policyFor(jwa.Direct, jwa.A128GCM, key)
	p.MaxDecompressedSize = 1000
	small := mustDecrypter(t, p)
	for _, n := range []int{999, 1000, 1001} {
		pt, _ := deflate(bytes.Repeat([]byte("a"), n))
		_, err := small.Decrypt(craft(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, nil, key.SymmetricKey(), pt))
		if n <= 1000 && err != nil {
			t.Errorf("%d bytes: %v", n, err)
		}
		if n > 1000 {
			wantErr(t, err, ErrTooLarge)
		}
	}
	// A broken DEFLATE stream, which the tag authenticated.
	_, err = d.Decrypt(craft(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, nil, key.SymmetricKey(), []byte{0xff, 0xff, 0xff}))
	wantErr(t, err, ErrMalformed)
}

// TestCriticalUnderstood checks that an extension the policy lists passes
// and is reported.
func TestCriticalUnderstood(t *testing.T) {
	t.Parallel()
	key := testKeys(t).oct[16]
	tok := craft(t, `{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1363284000}`, nil, key.SymmetricKey(), []byte("x"))
	p := policyFor(jwa.Direct, jwa.A128GCM, key)
	p.Critical = []string{"exp"}
	res, err := mustDecrypter(t, p).Decrypt(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Header().Critical(); len(got) != 1 || got[0] != "exp" {
		t.Errorf("Critical() = %q", got)
	}
	if raw, ok := res.Header().Raw("exp"); !ok || string(raw) != "1363284000" {
		t.Errorf("Raw(exp) = %s, %v", raw, ok)
	}
}

// TestOpaqueKeys decrypts with keys the package cannot see into: an RSA
// crypto.Decrypter (an HSM) and an ecdh.KeyExchanger.
func TestOpaqueKeys(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	hsm := mustKey(t)(jwk.NewDecrypter(opaqueDecrypter{f.rsa.RSAPrivateKey()}))
	xch := mustKey(t)(jwk.NewKeyExchanger(opaqueExchanger{f.exchanger[jwa.P384]}))
	for _, alg := range []jwa.KeyAlgorithm{jwa.RSA1_5, jwa.RSA_OAEP, jwa.RSA_OAEP_512, jwa.ECDH_ES, jwa.ECDH_ES_A192KW} {
		r, _ := testKeys(t).pair(t, alg, jwa.A192GCM, jwa.P384)
		key := hsm
		if alg.Family() == jwa.FamilyECDH {
			key = xch
		}
		tok, err := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A192GCM}, r).Encrypt([]byte("opaque"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := mustDecrypter(t, policyFor(alg, jwa.A192GCM, key)).Decrypt(tok)
		if err != nil || string(res.Plaintext()) != "opaque" || res.Key() != key {
			t.Errorf("%s: %v", alg, err)
		}
	}
}

// opaqueDecrypter hides an RSA key behind crypto.Decrypter alone.
type opaqueDecrypter struct{ k *rsa.PrivateKey }

func (o opaqueDecrypter) Public() crypto.PublicKey { return &o.k.PublicKey }
func (o opaqueDecrypter) Decrypt(r io.Reader, msg []byte, opts crypto.DecrypterOpts) ([]byte, error) {
	return o.k.Decrypt(r, msg, opts)
}

// reportingDecrypter is an HSM that ignores SessionKeyLen and reports
// RSA1_5 padding errors.
type reportingDecrypter struct{ k *rsa.PrivateKey }

func (o reportingDecrypter) Public() crypto.PublicKey { return &o.k.PublicKey }
func (o reportingDecrypter) Decrypt(r io.Reader, msg []byte, opts crypto.DecrypterOpts) ([]byte, error) {
	if _, ok := opts.(*rsa.PKCS1v15DecryptOptions); ok {
		return rsa.DecryptPKCS1v15(r, o.k, msg)
	}
	return o.k.Decrypt(r, msg, opts)
}

// opaqueExchanger hides an ECDH key behind ecdh.KeyExchanger alone.
type opaqueExchanger struct{ k *ecdh.PrivateKey }

func (o opaqueExchanger) PublicKey() *ecdh.PublicKey                  { return o.k.PublicKey() }
func (o opaqueExchanger) Curve() ecdh.Curve                           { return o.k.Curve() }
func (o opaqueExchanger) ECDH(remote *ecdh.PublicKey) ([]byte, error) { return o.k.ECDH(remote) }

var (
	_ crypto.Decrypter  = opaqueDecrypter{}
	_ ecdh.KeyExchanger = opaqueExchanger{}
)

func withKeyID(t testing.TB, k *jwk.Key, kid string) *jwk.Key {
	t.Helper()
	m := k.Metadata()
	m.KeyID = kid
	return mustKey(t)(k.WithMetadata(m))
}

func withCritical(p Policy, names ...string) Policy {
	p.Critical = names
	return p
}

func withLimits(p Policy, set func(*Policy)) Policy {
	set(&p)
	return p
}

func mustJSON(t testing.TB, k *jwk.Key) []byte {
	t.Helper()
	b, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
