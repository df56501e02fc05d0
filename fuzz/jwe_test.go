package fuzz_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
)

// jweVectors holds what the JWE fuzz targets share: the RFC vectors of
// jwe/testdata (tokens, keys and passwords), and a decrypter whose policy
// lists every algorithm with every vector key.
type jweVectors struct {
	compact   []string
	json      [][]byte
	keys      []*jwk.Key
	passwords []string
	dec       *jwe.Decrypter
}

var loadJWEVectors = sync.OnceValues(func() (*jweVectors, error) {
	files, err := filepath.Glob("../jwe/testdata/*/*.json")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("no JWE seed vectors found under ../jwe/testdata")
	}
	v := &jweVectors{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var rec struct {
			Input struct {
				Key      json.RawMessage `json:"key"`
				Password string          `json:"password"`
			} `json:"input"`
			Output struct {
				Compact  string          `json:"compact"`
				JSON     json.RawMessage `json:"json"`
				JSONFlat json.RawMessage `json:"json_flat"`
			} `json:"output"`
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, err
		}
		if rec.Output.Compact != "" {
			v.compact = append(v.compact, rec.Output.Compact)
		}
		for _, j := range []json.RawMessage{rec.Output.JSON, rec.Output.JSONFlat} {
			if j != nil {
				v.json = append(v.json, j)
			}
		}
		if rec.Input.Password != "" {
			v.passwords = append(v.passwords, rec.Input.Password)
		}
		raws := []json.RawMessage{rec.Input.Key}
		if len(rec.Input.Key) > 0 && rec.Input.Key[0] == '[' {
			raws = nil
			if err := json.Unmarshal(rec.Input.Key, &raws); err != nil {
				return nil, err
			}
		}
		for _, r := range raws {
			if k, err := jwk.ParseKey(r); err == nil && k.IsPrivate() {
				v.keys = append(v.keys, k)
			}
		}
	}
	if len(v.compact) == 0 || len(v.json) == 0 || len(v.keys) == 0 {
		return nil, errors.New("the JWE vectors hold no tokens or keys")
	}
	v.dec, err = jwe.NewDecrypter(jwe.Policy{
		KeyAlgorithms:     jwa.KeyAlgorithms(),
		ContentEncryption: jwa.ContentEncryptions(),
		Keys:              jwk.NewSet(v.keys...),
		Passwords:         v.passwords,
	})
	return v, err
})

func jweFixture(tb testing.TB) *jweVectors {
	tb.Helper()
	v, err := loadJWEVectors()
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// hostileHeaders are protected headers of the attack classes the jwe
// tests cover, used to build seeds.
var hostileHeaders = []string{
	`{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAAAAAAAAAAAAAAAAAAAA","p2c":2147483647}`,
	`{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAA","p2c":1000}`,
	`{"alg":"ECDH-ES","enc":"A128GCM","epk":{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}`,
	`{"alg":"ECDH-ES","enc":"A128GCM","epk":{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}`,
	`{"alg":"dir","enc":"A128GCM","zip":"DEF","crit":["exp"],"exp":1}`,
	`{"alg":"dir","enc":"A128GCM","alg":"dir"}`,
	`{"alg":"RSA1_5","enc":"A128CBC-HS256","kid":"frodo.baggins@hobbiton.example"}`,
	`{"alg":"A128GCMKW","enc":"A128GCM","iv":"AAAAAAAAAAAAAAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}`,
}

// compactSeeds returns the RFC compact tokens and hostile variants.
func compactSeeds(v *jweVectors) []string {
	seeds := append([]string(nil), v.compact...)
	b64 := base64.RawURLEncoding.EncodeToString
	for _, h := range hostileHeaders {
		seeds = append(seeds, b64([]byte(h))+"."+b64(make([]byte, 24))+".AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA")
	}
	seeds = append(seeds, "", "....", "a.b.c", v.compact[0]+".", strings.Replace(v.compact[0], ".", "..", 1))
	return seeds
}

// checkDecrypt checks the properties of one decryption: a result exactly
// when there is no error; an error matching a sentinel, whose message does
// not repeat the input; a result that decrypts again to the same
// plaintext.
func checkDecrypt(t *testing.T, input string, res *jwe.Decrypted, err error, again func() (*jwe.Decrypted, error)) {
	t.Helper()
	if (res == nil) == (err == nil) {
		t.Fatalf("result %v with error %v", res, err)
	}
	if err != nil {
		known := false
		for _, s := range []error{jwe.ErrMalformed, jwe.ErrAlgorithmNotAllowed, jwe.ErrNoKey, jwe.ErrDecryption, jwe.ErrTooLarge, jwe.ErrCritical} {
			known = known || errors.Is(err, s)
		}
		if !known {
			t.Fatalf("error %v matches no sentinel", err)
		}
		if len(input) >= 40 && strings.Contains(err.Error(), input) {
			t.Fatalf("error message repeats the input: %v", err)
		}
		return
	}
	res2, err := again()
	if err != nil {
		t.Fatalf("decrypts once, then fails: %v", err)
	}
	if !bytes.Equal(res.Plaintext(), res2.Plaintext()) || res.Recipient() != res2.Recipient() || res.Key() != res2.Key() {
		t.Fatal("a second decryption differs")
	}
}

// FuzzJWECompact: Decrypt never panics, returns a result exactly when it
// returns no error, and a token that decrypts decrypts again to the same
// plaintext, with the policy's keys and with the same keys given per call.
func FuzzJWECompact(f *testing.F) {
	v := jweFixture(f)
	for _, s := range compactSeeds(v) {
		f.Add(s)
	}
	keys := jwk.NewSet(v.keys...)
	f.Fuzz(func(t *testing.T, token string) {
		res, err := v.dec.Decrypt(token)
		checkDecrypt(t, token, res, err, func() (*jwe.Decrypted, error) { return v.dec.DecryptWithKeys(token, keys) })
		// The JSON parser must also survive a compact token.
		res, err = v.dec.DecryptJSON([]byte(token))
		if (res == nil) == (err == nil) {
			t.Fatalf("DecryptJSON: result %v with error %v", res, err)
		}
	})
}

// FuzzJWEJSON: DecryptJSON never panics, and a document that decrypts
// decrypts again to the same plaintext and recipient.
func FuzzJWEJSON(f *testing.F) {
	v := jweFixture(f)
	for _, j := range v.json {
		f.Add(j)
	}
	f.Add([]byte(`{"protected":"eyJlbmMiOiJBMTI4R0NNIn0","recipients":[{},{},{}],"iv":"","ciphertext":"","tag":""}`))
	f.Add([]byte(`{"unprotected":{"alg":"dir","enc":"A128GCM","zip":"DEF"},"iv":"AAAAAAAAAAAAAAAA","ciphertext":"","tag":"AAAAAAAAAAAAAAAAAAAAAA"}`))
	f.Add([]byte(`{"recipients":[{"header":{"alg":"A128KW"}}],"encrypted_key":"","iv":"","ciphertext":"","tag":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		res, err := v.dec.DecryptJSON(data)
		if !bytes.Equal(in, data) {
			t.Fatal("DecryptJSON modified its input")
		}
		checkDecrypt(t, string(data), res, err, func() (*jwe.Decrypted, error) { return v.dec.DecryptJSON(data) })
	})
}

// roundTripKeys are the fixed keys of FuzzJWERoundTrip: one per key size
// or type, built once.
var roundTripKeys = sync.OnceValues(func() (map[string]*jwk.Key, error) {
	keys := map[string]*jwk.Key{}
	for _, n := range []int{16, 24, 32, 48, 64} {
		k, err := jwk.NewSymmetricKey(bytes.Repeat([]byte{byte(n)}, n))
		if err != nil {
			return nil, err
		}
		keys["oct"+string(rune('0'+n/8))] = k
	}
	for _, crv := range []jwa.Curve{jwa.P256, jwa.X25519} {
		k, err := jwk.GenerateCurve(crv)
		if err != nil {
			return nil, err
		}
		keys[string(crv)] = k
	}
	v, err := loadJWEVectors()
	if err != nil {
		return nil, err
	}
	for _, k := range v.keys {
		if k.Type() == jwa.RSA {
			keys["RSA"] = k
			break
		}
	}
	return keys, nil
})

// FuzzJWERoundTrip: whatever the plaintext, AAD, algorithms and
// serialization, what is encrypted decrypts to the same plaintext and AAD.
func FuzzJWERoundTrip(f *testing.F) {
	f.Add([]byte("Live long and prosper."), []byte(""), uint8(0), uint8(0), false, uint8(0))
	f.Add([]byte(""), []byte("aad"), uint8(8), uint8(3), true, uint8(1))
	f.Add(bytes.Repeat([]byte{0}, 4096), []byte{0xff}, uint8(12), uint8(5), true, uint8(2))
	f.Add([]byte("\xff\xfe"), []byte(nil), uint8(16), uint8(1), false, uint8(0))
	keys, err := roundTripKeys()
	if err != nil {
		f.Fatal(err)
	}
	algs, encs := jwa.KeyAlgorithms(), jwa.ContentEncryptions()
	f.Fuzz(func(t *testing.T, plaintext, aad []byte, algIdx, encIdx uint8, zip bool, form uint8) {
		alg, enc := algs[int(algIdx)%len(algs)], encs[int(encIdx)%len(encs)]
		r := jwe.Recipient{Algorithm: alg}
		var key *jwk.Key
		switch alg.Family() {
		case jwa.FamilyRSA:
			key = keys["RSA"]
		case jwa.FamilyECDH:
			key = keys[string([]jwa.Curve{jwa.P256, jwa.X25519}[int(algIdx)%2])]
		case jwa.FamilyAESKW, jwa.FamilyAESGCMKW:
			key = keys["oct"+string(rune('0'+alg.KeySize()/8))]
		case jwa.FamilyDirect:
			key = keys["oct"+string(rune('0'+enc.KeySize()/8))]
		case jwa.FamilyPBES2:
			r.Password, r.PBES2Count = "fuzz", jwe.MinPBES2Count
		}
		if key != nil {
			pub := key
			if key.Type() != jwa.Oct {
				if pub, err = key.Public(); err != nil {
					t.Fatal(err)
				}
			}
			r.Key = pub
		}
		e, err := jwe.NewEncrypter(jwe.EncrypterOptions{ContentEncryption: enc, Compress: zip}, r)
		if err != nil {
			t.Fatalf("NewEncrypter(%s, %s): %v", alg, enc, err)
		}
		p := jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{alg}, ContentEncryption: []jwa.ContentEncryption{enc}, MaxDecompressedSize: 1 << 20}
		if key != nil {
			p.Keys = jwk.NewSet(key)
		} else {
			p.Passwords = []string{"fuzz"}
		}
		d, err := jwe.NewDecrypter(p)
		if err != nil {
			t.Fatal(err)
		}
		in := bytes.Clone(plaintext)
		var res *jwe.Decrypted
		switch form % 3 {
		case 0:
			tok, err := e.Encrypt(plaintext)
			if err != nil {
				t.Fatal(err)
			}
			res, err = d.Decrypt(tok)
			if err != nil {
				t.Fatalf("%s %s: %v", alg, enc, err)
			}
			aad = nil
		default:
			var msg []byte
			if form%3 == 1 {
				msg, err = e.EncryptJSON(plaintext, aad)
			} else {
				msg, err = e.EncryptFlattenedJSON(plaintext, aad)
			}
			if err != nil {
				t.Fatal(err)
			}
			if res, err = d.DecryptJSON(msg); err != nil {
				t.Fatalf("%s %s: %v", alg, enc, err)
			}
		}
		if !bytes.Equal(plaintext, in) {
			t.Fatal("Encrypt modified its input")
		}
		if len(plaintext) > 1<<20 {
			return
		}
		if !bytes.Equal(res.Plaintext(), plaintext) {
			t.Fatal("plaintext differs after a round trip")
		}
		if len(aad) > 0 && !bytes.Equal(res.AAD(), aad) {
			t.Fatal("aad differs after a round trip")
		}
	})
}

// TestJWESeedsDecrypt checks that the fuzz decrypter decrypts every RFC
// seed, so that the targets exercise the success path and not only the
// refusals.
func TestJWESeedsDecrypt(t *testing.T) {
	v := jweFixture(t)
	for i, tok := range v.compact {
		if _, err := v.dec.Decrypt(tok); err != nil {
			t.Errorf("compact seed %d: %v", i, err)
		}
	}
	for i, j := range v.json {
		if _, err := v.dec.DecryptJSON(j); err != nil {
			t.Errorf("JSON seed %d: %v", i, err)
		}
	}
}
