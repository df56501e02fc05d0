package fuzz_test

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"strings"
	"sync"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// The differential targets give the same bytes to this suite and to
// go-jose v4 under equivalent policies, and compare the outcomes. Where
// both accept, they must agree on the payload, plaintext or key. Where one
// accepts and the other refuses, the case must match an entry of
// knownDisagreements (differential_table_test.go): a documented choice with
// the RFC text that decides it. Anything else fails the target: it is
// either a bug here, to fix, or a new disagreement, to document.
//
// Modes (the first argument, modulo the number of modes):
//   - forged: header and payload (or plaintext) are the fuzzer's bytes,
//     and the target signs or encrypts them validly with the shared key,
//     so that the parsers' treatment of headers is what differs;
//   - raw: the fuzzer's bytes are the whole token or document.

// diffKeys are the keys both libraries get.
type diffKeys struct {
	hmac    []byte // 64 bytes: HS256 and HS512
	dir     []byte // 16 bytes: dir with A128GCM
	ourSig  *jws.Verifier
	ourDec  *jwe.Decrypter
	ourHMAC *jwk.Key
}

var loadDiffKeys = sync.OnceValues(func() (*diffKeys, error) {
	h := sha512.Sum512([]byte("jose-suite differential HMAC key"))
	d := sha256.Sum256([]byte("jose-suite differential dir key"))
	k := &diffKeys{hmac: h[:], dir: d[:16]}
	var err error
	if k.ourHMAC, err = jwk.NewSymmetricKey(k.hmac); err != nil {
		return nil, err
	}
	if k.ourSig, err = jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.HS512}, Keys: jwk.NewSet(k.ourHMAC)}); err != nil {
		return nil, err
	}
	dirKey, err := jwk.NewSymmetricKey(k.dir)
	if err != nil {
		return nil, err
	}
	k.ourDec, err = jwe.NewDecrypter(jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwk.NewSet(dirKey)})
	return k, err
})

func mustDiffKeys(tb testing.TB) *diffKeys {
	tb.Helper()
	k, err := loadDiffKeys()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// diffCase is one comparison: the input, and each library's outcome.
type diffCase struct {
	target  string // "JWS", "JWE" or "JWK"
	mode    string // "forged", "raw compact", "raw JSON"
	header  []byte // the protected header in forged mode
	input   []byte // the token or document as given to both
	ours    error
	theirs  error
	ourOut  []byte // payload, plaintext or thumbprint when accepted
	their   []byte
	private [2]bool // JWK: whether each side parsed a private key
}

func (c *diffCase) String() string {
	in := string(c.input)
	if len(in) > 300 {
		in = in[:300] + "..."
	}
	return c.target + " " + c.mode + " input " + quoteGo(in) + "\n\tours:   " + errString(c.ours) + "\n\ttheirs: " + errString(c.theirs)
}

func errString(err error) string {
	if err == nil {
		return "accepted"
	}
	return err.Error()
}

func quoteGo(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// compare checks one case: agreement, or a documented disagreement.
func compare(t *testing.T, c *diffCase) {
	t.Helper()
	switch {
	case c.ours == nil && c.theirs == nil:
		if !bytes.Equal(c.ourOut, c.their) {
			t.Fatalf("both accept but disagree on the result:\n%v\n\tours:   %q\n\ttheirs: %q", c, c.ourOut, c.their)
		}
		if c.private[0] != c.private[1] {
			t.Fatalf("both accept but disagree on whether the key is private:\n%v", c)
		}
	case c.ours != nil && c.theirs != nil:
	default:
		if d := classify(c); d == nil {
			diffFail(t, "undocumented disagreement (fix the bug, or add it to knownDisagreements with the RFC text):\n%v", c)
		}
	}
}

// forgeJWS returns the compact JWS of header and payload with a valid HMAC
// under alg (HS256 or HS512).
func forgeJWS(k *diffKeys, alg jwa.SignatureAlgorithm, header, payload []byte) string {
	input := base64url.Encode(header) + "." + base64url.Encode(payload)
	var sig []byte
	if alg == jwa.HS512 {
		sig = hmacSum(sha512.New, k.hmac, []byte(input))
	} else {
		sig = hmacSHA256(k.hmac, []byte(input))
	}
	return input + "." + base64url.Encode(sig)
}

// runJWS gives one token or document to both libraries.
func runJWS(k *diffKeys, c *diffCase, json bool) {
	algs := []jose.SignatureAlgorithm{jose.HS256, jose.HS512}
	if json {
		res, err := k.ourSig.VerifyJSON(c.input)
		c.ours = err
		if err == nil {
			c.ourOut = res.Payload()
		}
		obj, err := jose.ParseSignedJSON(string(c.input), algs)
		if err == nil {
			if len(obj.Signatures) == 1 {
				c.their, err = obj.Verify(k.hmac)
			} else {
				_, _, c.their, err = obj.VerifyMulti(k.hmac)
			}
		}
		c.theirs = err
		return
	}
	res, err := k.ourSig.Verify(string(c.input))
	c.ours = err
	if err == nil {
		c.ourOut = res.Payload()
	}
	obj, err := jose.ParseSignedCompact(string(c.input), algs)
	if err == nil {
		c.their, err = obj.Verify(k.hmac)
	}
	c.theirs = err
}

// FuzzDifferentialJWS compares jws.Verifier with go-jose's ParseSigned*
// and Verify, for HS256 and HS512 under one 64-byte key.
func FuzzDifferentialJWS(f *testing.F) {
	for _, s := range diffJWSSeeds(f) {
		f.Add(s.mode, s.header, s.payload)
	}
	k := mustDiffKeys(f)
	f.Fuzz(func(t *testing.T, mode uint8, header, payload []byte) {
		c := &diffCase{target: "JWS"}
		switch mode % 4 {
		case 0, 1:
			alg := jwa.HS256
			if mode%4 == 1 {
				alg = jwa.HS512
			}
			c.mode, c.header = "forged "+string(alg), header
			c.input = []byte(forgeJWS(k, alg, header, payload))
			runJWS(k, c, false)
		case 2:
			c.mode, c.input = "raw compact", header
			runJWS(k, c, false)
		case 3:
			c.mode, c.input = "raw JSON", header
			runJWS(k, c, true)
		}
		compare(t, c)
	})
}

// sealDir returns the compact JWE of header and plaintext under the dir
// key with A128GCM, deflating the plaintext first when the header (read
// as encoding/json reads it) asks for "zip":"DEF".
func sealDir(k *diffKeys, header, plaintext []byte) string {
	var h struct {
		Zip string `json:"zip"`
	}
	if json.Unmarshal(header, &h) == nil && h.Zip == "DEF" {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
		w.Write(plaintext)
		w.Close()
		plaintext = buf.Bytes()
	}
	prot := base64url.Encode(header)
	iv := sha256.Sum256(append(append([]byte{}, header...), plaintext...))
	block, _ := aes.NewCipher(k.dir)
	g, _ := cipher.NewGCM(block)
	sealed := g.Seal(nil, iv[:12], plaintext, []byte(prot))
	ct, tag := sealed[:len(sealed)-16], sealed[len(sealed)-16:]
	return prot + ".." + base64url.Encode(iv[:12]) + "." + base64url.Encode(ct) + "." + base64url.Encode(tag)
}

// runJWE gives one token or document to both libraries.
func runJWE(k *diffKeys, c *diffCase, json bool) {
	algs, encs := []jose.KeyAlgorithm{jose.DIRECT}, []jose.ContentEncryption{jose.A128GCM}
	var (
		res *jwe.Decrypted
		err error
		obj *jose.JSONWebEncryption
	)
	if json {
		res, err = k.ourDec.DecryptJSON(c.input)
		c.ours = err
		obj, err = jose.ParseEncryptedJSON(string(c.input), algs, encs)
	} else {
		res, err = k.ourDec.Decrypt(string(c.input))
		c.ours = err
		obj, err = jose.ParseEncryptedCompact(string(c.input), algs, encs)
	}
	if c.ours == nil {
		c.ourOut = res.Plaintext()
	}
	if err == nil {
		c.their, err = obj.Decrypt(k.dir)
	}
	c.theirs = err
}

// FuzzDifferentialJWE compares jwe.Decrypter with go-jose's
// ParseEncrypted* and Decrypt, for dir with A128GCM under one key.
func FuzzDifferentialJWE(f *testing.F) {
	for _, s := range diffJWESeeds(f) {
		f.Add(s.mode, s.header, s.payload)
	}
	k := mustDiffKeys(f)
	f.Fuzz(func(t *testing.T, mode uint8, header, plaintext []byte) {
		c := &diffCase{target: "JWE"}
		switch mode % 3 {
		case 0:
			c.mode, c.header = "forged", header
			c.input = []byte(sealDir(k, header, plaintext))
			runJWE(k, c, false)
		case 1:
			c.mode, c.input = "raw compact", header
			runJWE(k, c, false)
		case 2:
			c.mode, c.input = "raw JSON", header
			runJWE(k, c, true)
		}
		compare(t, c)
	})
}

// FuzzDifferentialJWK compares jwk.ParseKey with go-jose's
// JSONWebKey.UnmarshalJSON (and Valid). Where both accept, the RFC 7638
// thumbprints must be equal and both must agree on whether the key is
// private.
func FuzzDifferentialJWK(f *testing.F) {
	keys, _ := jwkSeeds(f)
	for _, k := range keys {
		f.Add(k)
	}
	for _, s := range diffJWKSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := runJWK(data)
		if c.ours == nil && c.ourOut == nil {
			t.Fatal("a parsed key has no thumbprint")
		}
		compare(t, c)
	})
}

// runJWK gives one JWK to both libraries.
func runJWK(data []byte) *diffCase {
	c := &diffCase{target: "JWK", mode: "raw", input: data}
	ours, err := jwk.ParseKey(data)
	c.ours = err
	if err == nil {
		if c.ourOut, err = ours.Thumbprint(crypto.SHA256); err != nil {
			c.ourOut = nil
		}
		c.private[0] = ours.IsPrivate()
	}
	var theirs jose.JSONWebKey
	err = theirs.UnmarshalJSON(data)
	if _, symmetric := theirs.Key.([]byte); err == nil && !symmetric && !theirs.Valid() {
		err = errGoJoseInvalid
	}
	c.theirs = err
	if err == nil {
		if secret, symmetric := theirs.Key.([]byte); symmetric {
			// go-jose has no thumbprint for "oct" keys: compare the
			// secrets.
			c.their, c.private[1] = secret, true
			if ours != nil {
				c.ourOut = ours.SymmetricKey()
			}
		} else {
			if c.their, err = theirs.Thumbprint(crypto.SHA256); err != nil {
				c.theirs = err
			}
			c.private[1] = !theirs.IsPublic()
		}
	}
	return c
}

// errGoJoseInvalid stands for a key go-jose parses but reports not Valid.
var errGoJoseInvalid = errorString("go-jose: JSONWebKey.Valid() is false")

type errorString string

func (e errorString) Error() string { return string(e) }

// diffSeed is one seed of the JWS and JWE differential targets.
type diffSeed struct {
	mode            uint8
	header, payload []byte
}

// diffJWSSeeds returns forged seeds from the JWS attack headers and raw
// seeds from the RFC vectors and the JWS fuzz seeds.
func diffJWSSeeds(tb testing.TB) []diffSeed {
	tb.Helper()
	compact, docs := jwsSeeds(tb)
	var seeds []diffSeed
	for _, h := range attackJWSHeaders {
		seeds = append(seeds, diffSeed{0, []byte(h), []byte(`{"sub":"alice"}`)})
	}
	seeds = append(seeds, diffSeed{1, []byte(`{"alg":"HS512"}`), []byte("x")})
	for _, c := range compact {
		seeds = append(seeds, diffSeed{2, []byte(c), nil})
	}
	for _, d := range docs {
		seeds = append(seeds, diffSeed{3, d, nil})
	}
	k := mustDiffKeys(tb)
	for i := range knownDisagreements {
		if d := &knownDisagreements[i]; d.target == "JWS" {
			e := d.exampleOf(k)
			seeds = append(seeds, diffSeed{e.mode, []byte(e.header), []byte(e.payload)})
		}
	}
	return seeds
}

// diffJWESeeds returns forged seeds from the JWE attack headers and raw
// seeds from the RFC vectors.
func diffJWESeeds(tb testing.TB) []diffSeed {
	tb.Helper()
	v := jweFixture(tb)
	var seeds []diffSeed
	for _, h := range append([]string{`{"alg":"dir","enc":"A128GCM"}`, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`}, hostileHeaders...) {
		seeds = append(seeds, diffSeed{0, []byte(h), []byte("Live long and prosper.")})
	}
	for _, c := range compactSeeds(v) {
		seeds = append(seeds, diffSeed{1, []byte(c), nil})
	}
	for _, j := range v.json {
		seeds = append(seeds, diffSeed{2, j, nil})
	}
	k := mustDiffKeys(tb)
	for i := range knownDisagreements {
		if d := &knownDisagreements[i]; d.target == "JWE" {
			e := d.exampleOf(k)
			seeds = append(seeds, diffSeed{e.mode, []byte(e.header), []byte(e.payload)})
		}
	}
	return seeds
}

// attackJWSHeaders are protected headers of the JWS attack classes
// (conformance/attacks), signed validly in forged mode.
var attackJWSHeaders = []string{
	`{"alg":"HS256"}`,
	`{"alg":"HS256","typ":"JWT","kid":"k"}`,
	`{"alg":"none"}`,
	`{"alg":"None"}`,
	`{"alg":"HS256","alg":"none"}`,
	`{"alg":"none","alg":"HS256"}`,
	`{"alg":"HS256","\u0061lg":"none"}`,
	`{"alg":"HS256","crit":[]}`,
	`{"alg":"HS256","crit":["alg"]}`,
	`{"alg":"HS256","crit":["exp"],"exp":1}`,
	`{"alg":"HS256","crit":["b64"],"b64":false}`,
	`{"alg":"HS256","b64":false}`,
	`{"alg":"HS256","b64":"false","crit":["b64"]}`,
	`{"alg":"HS256","kid":7}`,
	`{"alg":"HS256","kid":"../../../../dev/null"}`,
	`{"alg":"HS256","kid":"a\u0000b"}`,
	`{"alg":"HS256","typ":1}`,
	`{"alg":"HS256","jwk":{"kty":"oct","k":"AAAA"}}`,
	`{"alg":"HS256","jku":"https://attacker.example/jwks.json"}`,
	`{"alg":"HS256","x5c":["AAAA"]}`,
	`{"alg":"HS256","x":1e400}`,
	`{"alg":"HS256","x":"\ud800"}`,
	"{\"alg\":\"HS256\",\"x\":\"\xff\"}",
	"\ufeff{\"alg\":\"HS256\"}",
	`{"alg":"HS256"}{}`,
	`{"alg":"HS256","x":` + strings.Repeat(`{"a":`, 12) + `1` + strings.Repeat(`}`, 12) + `}`,
	`{"alg":"HS256","ALG":"none"}`,
	`["alg","HS256"]`,
}

// diffJWKSeeds are JWKs from the attack classes: duplicates, case,
// weak and inconsistent keys, unsupported types.
var diffJWKSeeds = []string{
	`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","k":"AA"}`,
	`{"kty":"oct","k":""}`,
	`{"KTY":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA"}`,
	`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA==" }`,
	`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAB"}`,
	`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","alg":"RS256"}`,
	`{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","use":"enc","key_ops":["sign"]}`,
	`{"kty":"RSA","n":"AQAB","e":"AQAB"}`,
	`{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`,
	`{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`,
	`{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`,
	"{\"kty\":\"oct\",\"kid\":\"\xff\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAA\"}",
}

// hmacSum returns the HMAC of data under key with the hash h.
func hmacSum(h func() hash.Hash, key, data []byte) []byte {
	m := hmac.New(h, key)
	m.Write(data)
	return m.Sum(nil)
}

// diffFail reports an undocumented disagreement. With DIFF_LOG set to a
// file name it appends the case there instead, to survey a fuzzing run.
func diffFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if name := os.Getenv("DIFF_LOG"); name != "" {
		if f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, format+"\n", args...)
			f.Close()
		}
		return
	}
	t.Fatalf(format, args...)
}

func jwsAlg(name string) jwa.SignatureAlgorithm { return jwa.SignatureAlgorithm(name) }
