package jwe

import (
	"bytes"
	"testing"

	"github.com/jose-suite/jose/jwa"
)

// benchCase is one compact decryption measured by the benchmarks and
// pinned by TestDecryptAllocs.
type benchCase struct {
	name string
	alg  jwa.KeyAlgorithm
	enc  jwa.ContentEncryption
	crv  jwa.Curve
}

var benchCases = []benchCase{
	{"dir+A256GCM", jwa.Direct, jwa.A256GCM, ""},
	{"A128KW+A128CBC-HS256", jwa.A128KW, jwa.A128CBC_HS256, ""},
	{"RSA-OAEP-256+A256GCM", jwa.RSA_OAEP_256, jwa.A256GCM, ""},
	{"ECDH-ES/P-256+A256GCM", jwa.ECDH_ES, jwa.A256GCM, jwa.P256},
	{"ECDH-ES/X25519+A256GCM", jwa.ECDH_ES, jwa.A256GCM, jwa.X25519},
	{"PBES2-HS256+A128KW/p2c=10000+A128GCM", jwa.PBES2_HS256_A128KW, jwa.A128GCM, ""},
}

// benchToken returns a compact JWE of a 1 KiB plaintext and a decrypter for
// it.
func benchToken(tb testing.TB, c benchCase) (string, *Decrypter) {
	tb.Helper()
	f := testKeys(tb)
	r, key := f.pair(tb, c.alg, c.enc, c.crv)
	if c.alg.Family() == jwa.FamilyPBES2 {
		r.PBES2Count = DefaultPBES2Count
	}
	tok, err := mustEncrypter(tb, EncrypterOptions{ContentEncryption: c.enc}, r).Encrypt(bytes.Repeat([]byte("x"), 1024))
	if err != nil {
		tb.Fatal(err)
	}
	return tok, mustDecrypter(tb, policyFor(c.alg, c.enc, key))
}

func BenchmarkDecrypt(b *testing.B) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			tok, d := benchToken(b, c)
			b.SetBytes(1024)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Decrypt(tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncrypt(b *testing.B) {
	for _, c := range benchCases[:2] {
		b.Run(c.name, func(b *testing.B) {
			r, _ := testKeys(b).pair(b, c.alg, c.enc, c.crv)
			e := mustEncrypter(b, EncrypterOptions{ContentEncryption: c.enc}, r)
			pt := bytes.Repeat([]byte("x"), 1024)
			b.SetBytes(1024)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Encrypt(pt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// decryptAllocs pins the allocations of a compact dir+A256GCM decryption
// (1 KiB plaintext): the decryption state with the result (1), the
// protected header's base64url decoding (1) and strict JSON parse (3, in
// internal/json), and one buffer for ciphertext, tag and AAD that AES-GCM
// opens in place, so that it also holds the plaintext (1). The AES-GCM
// instance of a dir key is built with the Decrypter. Raise it only with a
// reason.
const decryptAllocs = 6

// TestDecryptAllocs pins the allocations of the hot path.
func TestDecryptAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are measured without -short")
	}
	tok, d := benchToken(t, benchCases[0])
	got := testing.AllocsPerRun(100, func() {
		if _, err := d.Decrypt(tok); err != nil {
			t.Fatal(err)
		}
	})
	if got > decryptAllocs {
		t.Errorf("compact dir+A256GCM decryption: %v allocations, want at most %d", got, decryptAllocs)
	}
}

// decryptCBCAllocs pins the allocations of a compact A128KW+A128CBC-HS256
// decryption (1 KiB plaintext): those of dir+A256GCM but the AES-GCM
// instance (6), the unwrapped CEK (1), the CBC-HMAC instance under it with
// its AES key schedule (2) and the CBC mode (1). The encrypted key is
// decoded into the decryption state, the HMAC allocates nothing, and the
// plaintext is decrypted in the body buffer. Raise it only with a reason.
const decryptCBCAllocs = 10

// Encryption allocations, 1 KiB plaintext. dir+A256GCM: the sealed message
// (1), the protected header's JSON and its base64url form, which is also
// the AAD (2), the ciphertext and tag (1), and the compact serialization
// as bytes and as a string (2); the AES-GCM instance of a dir key is built
// with the Encrypter. A128KW+A128CBC-HS256 adds the random CEK and its
// wrapped form (2), and the CBC-HMAC instance under the CEK, its AES key
// schedule and the CBC mode (3). Raise them only with a reason.
const (
	encryptAllocs    = 6
	encryptCBCAllocs = 11
)

// TestHotPathAllocs pins the allocations of the other compact paths the
// benchmarks measure.
func TestHotPathAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are measured without -short")
	}
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	pt := bytes.Repeat([]byte("x"), 1024)
	tests := []struct {
		name string
		c    benchCase
		max  int
		f    func(t *testing.T, c benchCase) func()
	}{
		{"decrypt", benchCases[1], decryptCBCAllocs, func(t *testing.T, c benchCase) func() {
			tok, d := benchToken(t, c)
			return func() {
				if _, err := d.Decrypt(tok); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"encrypt", benchCases[0], encryptAllocs, nil},
		{"encrypt", benchCases[1], encryptCBCAllocs, nil},
	}
	for _, tt := range tests {
		f := tt.f
		if f == nil {
			f = func(t *testing.T, c benchCase) func() {
				r, _ := testKeys(t).pair(t, c.alg, c.enc, c.crv)
				e := mustEncrypter(t, EncrypterOptions{ContentEncryption: c.enc}, r)
				return func() {
					if _, err := e.Encrypt(pt); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if got := testing.AllocsPerRun(100, f(t, tt.c)); got > float64(tt.max) {
			t.Errorf("compact %s %s: %v allocations, want at most %d", tt.c.name, tt.name, got, tt.max)
		}
	}
}
