package pbes2kw

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jose-suite/jose/internal/aeskw"
	"github.com/jose-suite/jose/internal/cbchmac"
)

// vector is a PBES2 JWE example from testdata/rfc*/. Byte values are
// base64url as in the RFCs' serializations.
type vector struct {
	Source        string          `json:"source"`
	Description   string          `json:"description"`
	Alg           string          `json:"alg"`
	Enc           string          `json:"enc"`
	Password      string          `json:"password"`
	P2S           string          `json:"p2s"`
	P2C           int             `json:"p2c"`
	KEK           string          `json:"kek"` // optional
	CEK           string          `json:"cek"` // optional
	ProtectedB64u string          `json:"protected_b64u"`
	EncryptedKey  string          `json:"encrypted_key"`
	IV            string          `json:"iv"`
	Ciphertext    string          `json:"ciphertext"`
	Tag           string          `json:"tag"`
	Plaintext     *string         `json:"plaintext"`     // UTF-8; compared byte for byte
	PlaintextJWK  json.RawMessage `json:"plaintext_jwk"` // compared by members
	Notes         string          `json:"notes"`
	Expect        string          `json:"expect"`
}

func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no vectors in testdata")
	}
	vs := make(map[string]vector)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var v vector
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if v.Source == "" || v.Expect != "valid" {
			t.Fatalf("%s: missing source or unknown expect %q", f, v.Expect)
		}
		if (v.Plaintext == nil) == (v.PlaintextJWK == nil) {
			t.Fatalf("%s: want exactly one of plaintext and plaintext_jwk", f)
		}
		vs[filepath.Base(filepath.Dir(f))+"/"+strings.TrimSuffix(filepath.Base(f), ".json")] = v
	}
	return vs
}

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("decoding %.20q: %v", s, err)
	}
	return b
}

// TestVectorsEndToEnd derives the key encryption key, unwraps the CEK with
// aeskw and decrypts the content with cbchmac, using the ASCII of the
// base64url protected header as AAD (RFC 7516 §5.2 step 14). Where the RFC
// fixes the CEK, wrapping and encryption are also redone and compared byte
// for byte.
func TestVectorsEndToEnd(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			kek, err := DeriveKEK(v.Alg, []byte(v.Password), b64(t, v.P2S), v.P2C)
			if err != nil {
				t.Fatal(err)
			}
			if v.KEK != "" && !bytes.Equal(kek, b64(t, v.KEK)) {
				t.Errorf("DeriveKEK = %x, want %x (%s)", kek, b64(t, v.KEK), v.Source)
			}
			encryptedKey := b64(t, v.EncryptedKey)
			cek, err := aeskw.Unwrap(kek, encryptedKey)
			if err != nil {
				t.Fatalf("unwrapping the CEK: %v", err)
			}
			if len(cek) != 32 {
				t.Fatalf("CEK is %d bytes, want 32 for %s", len(cek), v.Enc)
			}
			if v.CEK != "" {
				if want := b64(t, v.CEK); !bytes.Equal(cek, want) {
					t.Errorf("CEK = %x, want %x (%s)", cek, want, v.Source)
				}
				// Deterministic: the RFC's CEK wraps to the RFC's encrypted_key.
				if w, err := aeskw.Wrap(kek, cek); err != nil || !bytes.Equal(w, encryptedKey) {
					t.Errorf("Wrap = %x, %v; want %x", w, err, encryptedKey)
				}
			}

			aead, err := cbchmac.New(cek)
			if err != nil {
				t.Fatal(err)
			}
			aad := []byte(v.ProtectedB64u)
			iv, ct, tag := b64(t, v.IV), b64(t, v.Ciphertext), b64(t, v.Tag)
			plaintext, err := aead.Open(iv, ct, tag, aad)
			if err != nil {
				t.Fatalf("decrypting the content: %v", err)
			}
			switch {
			case v.Plaintext != nil:
				if string(plaintext) != *v.Plaintext {
					t.Errorf("plaintext = %q, want %q", plaintext, *v.Plaintext)
				}
				if v.CEK != "" {
					gotCT, gotTag, err := aead.Seal(iv, plaintext, aad)
					if err != nil || !bytes.Equal(gotCT, ct) || !bytes.Equal(gotTag, tag) {
						t.Errorf("re-encryption differs from the RFC (err %v)", err)
					}
				}
			default:
				var got, want map[string]string
				if err := json.Unmarshal(plaintext, &got); err != nil {
					t.Fatalf("plaintext is not a JWK: %v", err)
				}
				if err := json.Unmarshal(v.PlaintextJWK, &want); err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Errorf("plaintext JWK has %d members, want %d", len(got), len(want))
				}
				for k, w := range want {
					if got[k] != w {
						t.Errorf("plaintext JWK member %q = %.20q, want %.20q", k, got[k], w)
					}
				}
			}

			// The wrong password fails at the key unwrap.
			wrong, err := DeriveKEK(v.Alg, []byte(v.Password+"!"), b64(t, v.P2S), v.P2C)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := aeskw.Unwrap(wrong, encryptedKey); !errors.Is(err, aeskw.ErrUnwrap) {
				t.Errorf("wrong password: Unwrap error = %v, want aeskw.ErrUnwrap", err)
			}
		})
	}
}

func TestDeriveKEKAlgorithms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg    string
		keyLen int
	}{
		{"PBES2-HS256+A128KW", 16},
		{"PBES2-HS384+A192KW", 24},
		{"PBES2-HS512+A256KW", 32},
	}
	p2s := []byte("saltsalt")
	for _, tt := range tests {
		t.Run(tt.alg, func(t *testing.T) {
			t.Parallel()
			key, err := DeriveKEK(tt.alg, []byte("password"), p2s, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(key) != tt.keyLen {
				t.Errorf("key is %d bytes, want %d", len(key), tt.keyLen)
			}
			// Binding to alg: the same inputs under another name differ.
			for _, other := range tests {
				if other.alg == tt.alg {
					continue
				}
				k2, err := DeriveKEK(other.alg, []byte("password"), p2s, 10)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(k2[:min(len(k2), len(key))], key[:min(len(k2), len(key))]) {
					t.Errorf("%s and %s share key material", tt.alg, other.alg)
				}
			}
		})
	}
}

// TestDeriveKEKSalt checks the salt layout UTF8(alg) || 0x00 || p2s of RFC
// 7518 §4.8.1.1 against a direct PBKDF2 call, including an empty p2s.
func TestDeriveKEKSalt(t *testing.T) {
	t.Parallel()
	for _, p2s := range [][]byte{nil, {0}, []byte("12345678"), bytes.Repeat([]byte{0xff}, 64)} {
		got, err := DeriveKEK("PBES2-HS256+A128KW", []byte("pw"), p2s, 3)
		if err != nil {
			t.Fatal(err)
		}
		salt := append([]byte("PBES2-HS256+A128KW\x00"), p2s...)
		want, err := pbkdf2.Key(sha256.New, "pw", salt, 3, 16)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("p2s %x: DeriveKEK = %x, want %x", p2s, got, want)
		}
	}
}

func TestDeriveKEKRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		alg  string
		p2c  int
		want error
	}{
		{"empty alg", "", 1000, ErrUnsupportedAlgorithm},
		{"lower case", "pbes2-hs256+a128kw", 1000, ErrUnsupportedAlgorithm},
		{"mismatched sizes", "PBES2-HS256+A256KW", 1000, ErrUnsupportedAlgorithm},
		{"not PBES2", "A128KW", 1000, ErrUnsupportedAlgorithm},
		{"trailing space", "PBES2-HS512+A256KW ", 1000, ErrUnsupportedAlgorithm},
		{"long name", strings.Repeat("PBES2", 1000), 1000, ErrUnsupportedAlgorithm},
		{"zero count", "PBES2-HS256+A128KW", 0, ErrInvalidCount},
		{"negative count", "PBES2-HS512+A256KW", -1, ErrInvalidCount},
		{"most negative count", "PBES2-HS384+A192KW", -int(^uint(0)>>1) - 1, ErrInvalidCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key, err := DeriveKEK(tt.alg, []byte("pw"), []byte("saltsalt"), tt.p2c)
			if !errors.Is(err, tt.want) || key != nil {
				t.Fatalf("DeriveKEK = %x, %v; want nil, %v", key, err, tt.want)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "pbes2kw: ") || len(msg) > 200 {
				t.Errorf("error message %.40q… (%d bytes) lacks the prefix or is too long", msg, len(msg))
			}
		})
	}
}

func TestDeriveKEKDoesNotModifyInputs(t *testing.T) {
	t.Parallel()
	pw, p2s := []byte("password"), []byte("saltsalt")
	p2sCap := p2s[:4] // its spare capacity (the rest of p2s) must not be written
	k1, err := DeriveKEK("PBES2-HS256+A128KW", pw, p2sCap, 2)
	if err != nil {
		t.Fatal(err)
	}
	if string(pw) != "password" || string(p2s) != "saltsalt" {
		t.Error("DeriveKEK modified its inputs")
	}
	k2, _ := DeriveKEK("PBES2-HS256+A128KW", pw, []byte("salt"), 2)
	if !bytes.Equal(k1, k2) {
		t.Error("result depends on spare capacity of p2s")
	}
}

func BenchmarkDeriveKEK(b *testing.B) {
	for _, alg := range []string{"PBES2-HS256+A128KW", "PBES2-HS512+A256KW"} {
		b.Run(alg+"/p2c=1000", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DeriveKEK(alg, []byte("password"), []byte("saltsalt"), 1000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
