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
