package jwe

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// TestNewEncrypterRejects checks that NewEncrypter refuses misuse with an
// error naming the field.
func TestNewEncrypterRejects(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	gcm := EncrypterOptions{ContentEncryption: jwa.A128GCM}
	kw := Recipient{Key: f.oct[16], Algorithm: jwa.A128KW}
	rsaPub := mustKey(t)(f.rsa.Public())
	m := rsaPub.Metadata()
	m.Use = jwk.UseSignature
	rsaSig := mustKey(t)(rsaPub.WithMetadata(m))
	m = f.oct[16].Metadata()
	m.Algorithm = string(jwa.A128GCM)
	dirFor128GCM := mustKey(t)(f.oct[16].WithMetadata(m))
	tests := []struct {
		name  string
		opts  EncrypterOptions
		rs    []Recipient
		field string
	}{
		{"no enc", EncrypterOptions{}, []Recipient{kw}, "EncrypterOptions.ContentEncryption"},
		{"unsupported enc", EncrypterOptions{ContentEncryption: "A128CTR"}, []Recipient{kw}, "EncrypterOptions.ContentEncryption"},
		{"no recipients", gcm, nil, "recipients"},
		{"unsupported alg", gcm, []Recipient{{Key: f.oct[16], Algorithm: "none"}}, "Recipient[0].Algorithm"},
		{"no key", gcm, []Recipient{{Algorithm: jwa.A128KW}}, "Recipient[0].Key"},
		{"key of the wrong size", gcm, []Recipient{{Key: f.oct[32], Algorithm: jwa.A128KW}}, "Recipient[0].Key"},
		{"RSA key for AES-KW", gcm, []Recipient{{Key: rsaPub, Algorithm: jwa.A128KW}}, "Recipient[0].Key"},
		{"signature key", gcm, []Recipient{{Key: rsaSig, Algorithm: jwa.RSA_OAEP_256}}, "Recipient[0].Key"},
		{"Ed25519 key for ECDH-ES", gcm, []Recipient{{Key: mustKey(t)(jwk.GenerateCurve(jwa.Ed25519)), Algorithm: jwa.ECDH_ES}}, "Recipient[0].Key"},
		{"low-order X25519 key", gcm, []Recipient{{Key: mustKey(t)(jwk.ParseKey([]byte(`{"kty":"OKP","crv":"X25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`))), Algorithm: jwa.ECDH_ES}}, "Recipient[0].Key"},
		{"dir key of the wrong size", gcm, []Recipient{{Key: f.oct[32], Algorithm: jwa.Direct}}, "Recipient[0].Key"},
		{"dir key for another enc", EncrypterOptions{ContentEncryption: jwa.A128CBC_HS256}, []Recipient{{Key: dirFor128GCM, Algorithm: jwa.Direct}}, "Recipient[0].Key"},
		{"dir with two recipients", gcm, []Recipient{{Key: f.oct[16], Algorithm: jwa.Direct}, kw}, "Recipient[0].Algorithm"},
		{"ECDH-ES with two recipients", gcm, []Recipient{kw, {Key: f.curve[jwa.P256], Algorithm: jwa.ECDH_ES}}, "Recipient[1].Algorithm"},
		{"PBES2 without password", gcm, []Recipient{{Algorithm: jwa.PBES2_HS256_A128KW}}, "Recipient[0].Password"},
		{"PBES2 with a key", gcm, []Recipient{{Key: f.oct[16], Password: "pw", Algorithm: jwa.PBES2_HS256_A128KW}}, "Recipient[0].Key"},
		{"PBES2 count below the minimum", gcm, []Recipient{{Password: "pw", Algorithm: jwa.PBES2_HS256_A128KW, PBES2Count: 999}}, "Recipient[0].PBES2Count"},
		{"password for AES-KW", gcm, []Recipient{{Key: f.oct[16], Password: "pw", Algorithm: jwa.A128KW}}, "Recipient[0].Password"},
		{"apu for AES-KW", gcm, []Recipient{{Key: f.oct[16], Algorithm: jwa.A128KW, PartyUInfo: []byte("a")}}, "Recipient[0].PartyUInfo"},
		{"count for AES-KW", gcm, []Recipient{{Key: f.oct[16], Algorithm: jwa.A128KW, PBES2Count: 5000}}, "Recipient[0].PBES2Count"},
		{"parameter the encrypter writes", EncrypterOptions{ContentEncryption: jwa.A128GCM, Protected: []Parameter{{Name: "alg", Value: []byte(`"dir"`)}}}, []Recipient{kw}, "EncrypterOptions.Protected[0]"},
		{"parameter without a name", EncrypterOptions{ContentEncryption: jwa.A128GCM, Unprotected: []Parameter{{Value: []byte(`1`)}}}, []Recipient{kw}, "EncrypterOptions.Unprotected[0]"},
		{"parameter that is not JSON", EncrypterOptions{ContentEncryption: jwa.A128GCM, Protected: []Parameter{{Name: "x", Value: []byte(`{`)}}}, []Recipient{kw}, "EncrypterOptions.Protected[0]"},
		{"parameter given twice", EncrypterOptions{ContentEncryption: jwa.A128GCM, Protected: []Parameter{{Name: "x", Value: []byte(`1`)}, {Name: "x", Value: []byte(`2`)}}}, []Recipient{kw}, "EncrypterOptions.Protected[1]"},
		{"parameter in two headers", EncrypterOptions{ContentEncryption: jwa.A128GCM, Protected: []Parameter{{Name: "x", Value: []byte(`1`)}}}, []Recipient{{Key: f.oct[16], Algorithm: jwa.A128KW, Header: []Parameter{{Name: "x", Value: []byte(`2`)}}}}, "Recipient[0].Header"},
		{"typ twice", EncrypterOptions{ContentEncryption: jwa.A128GCM, Type: "JWT", Unprotected: []Parameter{{Name: "typ", Value: []byte(`"JWT"`)}}}, []Recipient{kw}, "Recipient[0].Header"},
		{"crit lists a registered name", EncrypterOptions{ContentEncryption: jwa.A128GCM, Critical: []string{"cty"}}, []Recipient{kw}, "EncrypterOptions.Critical[0]"},
		{"crit lists an absent member", EncrypterOptions{ContentEncryption: jwa.A128GCM, Critical: []string{"exp"}}, []Recipient{kw}, "EncrypterOptions.Critical[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := NewEncrypter(tt.opts, tt.rs...)
			if e != nil || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("NewEncrypter = %v, %v; want ErrInvalidConfig", e, err)
			}
			ce, ok := errors.AsType[*ConfigError](err)
			if !ok || ce.Field != tt.field {
				t.Errorf("error %v names %q, want %q", err, ce.Field, tt.field)
			}
		})
	}
	// A key that may not serve the algorithm carries the jwk reason.
	_, err := NewEncrypter(gcm, Recipient{Key: rsaSig, Algorithm: jwa.RSA_OAEP_256})
	wantErr(t, err, jwk.ErrKeyUsage)
}

// TestEncryptSerializationNeeds checks the serializations an Encrypter
// cannot produce.
func TestEncryptSerializationNeeds(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	kw := Recipient{Key: f.oct[16], Algorithm: jwa.A128KW}
	withHeader := kw
	withHeader.Header = []Parameter{{Name: "x", Value: []byte(`1`)}}
	for name, e := range map[string]*Encrypter{
		"shared unprotected header": mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM, Unprotected: []Parameter{{Name: "x", Value: []byte(`1`)}}}, kw),
		"recipient header":          mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, withHeader),
	} {
		_, err := e.Encrypt([]byte("x"))
		if !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: compact: %v, want ErrInvalidConfig", name, err)
		}
		if _, err := e.EncryptFlattenedJSON([]byte("x"), nil); err != nil {
			t.Errorf("%s: flattened: %v", name, err)
		}
	}
}

// TestEncryptHeaders checks where each member goes: with one recipient
// everything is protected; with several, each recipient's "alg", "kid" and
// parameters go in its own header; extensions and "crit" reach the
// decrypter.
func TestEncryptHeaders(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	ecKey := withKeyID(t, mustKey(t)(f.curve[jwa.P384].Public()), "ec-1")
	opts := EncrypterOptions{
		ContentEncryption: jwa.A256GCM,
		Compress:          true,
		Type:              "JWT",
		ContentType:       "JWT",
		Protected:         []Parameter{{Name: "exp", Value: []byte(`1700000000`)}},
		Critical:          []string{"exp"},
		Unprotected:       []Parameter{{Name: "jku", Value: []byte(`"https://example.com/keys"`)}},
	}
	ecdhR := Recipient{Key: ecKey, Algorithm: jwa.ECDH_ES_A256KW, PartyUInfo: []byte("u"), Header: []Parameter{{Name: "note", Value: []byte(`{"a":[1,2]}`)}}}
	gcmkw := Recipient{Key: withKeyID(t, f.oct[24], "gcm-1"), Algorithm: jwa.A192GCMKW}
	pbes2 := Recipient{Password: testPassword, Algorithm: jwa.PBES2_HS512_A256KW, PBES2Count: 1200}

	decode := func(s string) map[string]any {
		b, err := base64url.Decode(s)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	// One recipient: everything protected, in the RFC 7520 order.
	one := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A256GCM, ContentType: "JWT", Compress: true}, Recipient{Key: f.oct[32], Algorithm: jwa.A256GCMKW})
	tok, err := one.Encrypt([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	prot, _, _ := strings.Cut(tok, ".")
	b, _ := base64url.Decode(prot)
	if !strings.HasPrefix(string(b), `{"alg":"A256GCMKW","tag":"`) || !strings.HasSuffix(string(b), `,"cty":"JWT","enc":"A256GCM","zip":"DEF"}`) {
		t.Errorf("protected header %s", b)
	}

	// Three recipients.
	e := mustEncrypter(t, opts, ecdhR, gcmkw, pbes2)
	msg, err := e.EncryptJSON([]byte("hello"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Protected   string         `json:"protected"`
		Unprotected map[string]any `json:"unprotected"`
		Recipients  []struct {
			Header       map[string]any `json:"header"`
			EncryptedKey string         `json:"encrypted_key"`
		} `json:"recipients"`
	}
	if err := json.Unmarshal(msg, &doc); err != nil {
		t.Fatal(err)
	}
	wantProt := map[string]any{"typ": "JWT", "cty": "JWT", "crit": []any{"exp"}, "exp": 1700000000.0, "enc": "A256GCM", "zip": "DEF"}
	if diff := cmp.Diff(wantProt, decode(doc.Protected)); diff != "" {
		t.Errorf("protected (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"jku": "https://example.com/keys"}, doc.Unprotected); diff != "" {
		t.Errorf("unprotected (-want +got):\n%s", diff)
	}
	names := func(m map[string]any) []string {
		var out []string
		for _, n := range []string{"alg", "kid", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "note"} {
			if _, ok := m[n]; ok {
				out = append(out, n)
			}
		}
		return out
	}
	for i, want := range [][]string{{"alg", "kid", "epk", "apu", "note"}, {"alg", "kid", "iv", "tag"}, {"alg", "p2s", "p2c"}} {
		if diff := cmp.Diff(want, names(doc.Recipients[i].Header)); diff != "" {
			t.Errorf("recipient %d header (-want +got):\n%s", i, diff)
		}
	}

	// The decrypter sees the members and where they came from.
	p := policyFor(jwa.A192GCMKW, jwa.A256GCM, f.oct[24])
	p.Critical = []string{"exp"}
	res, err := mustDecrypter(t, p).DecryptJSON(msg)
	if err != nil {
		t.Fatal(err)
	}
	h := res.Header()
	if res.Recipient() != 1 || h.KeyID() != "gcm-1" || h.Type() != "JWT" || h.ContentType() != "JWT" || h.Compression() != jwa.Deflate {
		t.Errorf("header: recipient %d, kid %q, typ %q, cty %q, zip %q", res.Recipient(), h.KeyID(), h.Type(), h.ContentType(), h.Compression())
	}
	if !h.IsProtected("exp") || h.IsProtected("jku") || h.IsProtected("alg") || h.IsProtected("missing") {
		t.Error("IsProtected is wrong")
	}
	if raw, ok := h.Raw("jku"); !ok || string(raw) != `"https://example.com/keys"` {
		t.Errorf("Raw(jku) = %s, %v", raw, ok)
	}
	if _, ok := h.Raw("note"); ok {
		t.Error("another recipient's member is visible")
	}
	wantNames := []string{"typ", "cty", "crit", "exp", "enc", "zip", "jku", "alg", "kid", "tag", "iv"}
	if diff := cmp.Diff(wantNames, h.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	// The kid comes from the key.
	res, err = mustDecrypter(t, func() Policy {
		p := policyFor(jwa.ECDH_ES_A256KW, jwa.A256GCM, withKeyID(t, f.curve[jwa.P384], "ec-1"))
		p.Critical = []string{"exp"}
		return p
	}()).DecryptJSON(msg)
	if err != nil || res.Header().KeyID() != "ec-1" || res.Recipient() != 0 {
		t.Errorf("ECDH-ES recipient: %v", err)
	}
}

// TestEncryptFresh checks that each call draws a fresh CEK and IV and that
// the caller's plaintext is neither kept nor modified.
func TestEncryptFresh(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	e := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128CBC_HS256}, Recipient{Key: f.oct[16], Algorithm: jwa.A128KW})
	pt := []byte("same plaintext")
	a, _ := e.Encrypt(pt)
	b, _ := e.Encrypt(pt)
	if a == b {
		t.Error("two encryptions are equal")
	}
	if string(pt) != "same plaintext" {
		t.Error("plaintext modified")
	}
	d := mustDecrypter(t, policyFor(jwa.A128KW, jwa.A128CBC_HS256, f.oct[16]))
	r1, _ := d.Decrypt(a)
	r2, _ := d.Decrypt(a)
	r1.Plaintext()[0] = 'X'
	if string(r2.Plaintext()) != "same plaintext" {
		t.Error("results share their plaintext")
	}
}

// TestEncrypterConcurrent encrypts from many goroutines with one
// Encrypter per algorithm, whose dir content cipher is shared; run with
// -race. Every token decrypts, and no two share an IV.
func TestEncrypterConcurrent(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	for _, alg := range []jwa.KeyAlgorithm{jwa.Direct, jwa.A128KW} {
		for _, enc := range []jwa.ContentEncryption{jwa.A128GCM, jwa.A128CBC_HS256} {
			t.Run(string(alg)+"+"+string(enc), func(t *testing.T) {
				t.Parallel()
				r, key := f.pair(t, alg, enc, "")
				e := mustEncrypter(t, EncrypterOptions{ContentEncryption: enc}, r)
				d := mustDecrypter(t, policyFor(alg, enc, key))
				const goroutines, each = 8, 20
				toks := make([]string, goroutines*each)
				var wg sync.WaitGroup
				for g := range goroutines {
					wg.Go(func() {
						for i := range each {
							tok, err := e.Encrypt([]byte("concurrent"))
							if err != nil {
								t.Errorf("goroutine %d: %v", g, err)
								return
							}
							toks[g*each+i] = tok
						}
					})
				}
				wg.Wait()
				ivs := map[string]bool{}
				for _, tok := range toks {
					res, err := d.Decrypt(tok)
					if err != nil || string(res.Plaintext()) != "concurrent" {
						t.Fatalf("Decrypt: %v", err)
					}
					iv := strings.Split(tok, ".")[2]
					if ivs[iv] {
						t.Fatalf("IV %s used twice", iv)
					}
					ivs[iv] = true
				}
			})
		}
	}
}
