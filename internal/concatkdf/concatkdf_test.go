package concatkdf

import (
	"bytes"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ecJWK holds the members of a P-256 JWK the tests need.
type ecJWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	D   string `json:"d"`
}

// vector is an ECDH-ES key agreement example from testdata/rfc7518.
type vector struct {
	Source      string `json:"source"`
	Description string `json:"description"`
	Alg         string `json:"alg"`
	Enc         string `json:"enc"`
	APU         string `json:"apu"`
	APV         string `json:"apv"`
	Key         ecJWK  `json:"key"`
	EPK         ecJWK  `json:"epk"`
	Z           []int  `json:"z"`
	KeyDataLen  int    `json:"keydatalen"`
	DerivedKey  string `json:"derived_key"`
	Notes       string `json:"notes"`
	Expect      string `json:"expect"`
}

func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "rfc7518", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no vectors in testdata/rfc7518")
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
		vs[strings.TrimSuffix(filepath.Base(f), ".json")] = v
	}
	return vs
}

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return b
}

// keys returns the private key and the uncompressed public key of k.
func keys(t *testing.T, k ecJWK) (*ecdh.PrivateKey, *ecdh.PublicKey) {
	t.Helper()
	if k.Kty != "EC" || k.Crv != "P-256" {
		t.Fatalf("unsupported key %s/%s", k.Kty, k.Crv)
	}
	priv, err := ecdh.P256().NewPrivateKey(b64(t, k.D))
	if err != nil {
		t.Fatal(err)
	}
	point := append([]byte{4}, b64(t, k.X)...)
	point = append(point, b64(t, k.Y)...)
	pub, err := ecdh.P256().NewPublicKey(point)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.PublicKey()) {
		t.Fatal("x, y do not match d")
	}
	return priv, pub
}

func TestRFC7518AppendixC(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bobPriv, bobPub := keys(t, v.Key)
			alicePriv, alicePub := keys(t, v.EPK)

			want := make([]byte, len(v.Z))
			for i, b := range v.Z {
				want[i] = byte(b)
			}
			// Both parties compute the same Z, and it is the RFC's.
			zAlice, err := alicePriv.ECDH(bobPub)
			if err != nil {
				t.Fatal(err)
			}
			zBob, err := bobPriv.ECDH(alicePub)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(zAlice, want) || !bytes.Equal(zBob, want) {
				t.Fatalf("Z: Alice %v, Bob %v; want %v", zAlice, zBob, want)
			}

			// RFC 7518 §4.6.2: AlgorithmID is "enc" for direct ECDH-ES.
			algID := v.Alg
			if v.Alg == "ECDH-ES" {
				algID = v.Enc
			}
			if v.KeyDataLen%8 != 0 {
				t.Fatalf("keydatalen %d is not whole bytes", v.KeyDataLen)
			}
			got, err := Derive(zAlice, algID, b64(t, v.APU), b64(t, v.APV), v.KeyDataLen/8)
			if err != nil {
				t.Fatal(err)
			}
			if wantKey := b64(t, v.DerivedKey); !bytes.Equal(got, wantKey) {
				t.Errorf("Derive = %s, want %s (%s)", base64.RawURLEncoding.EncodeToString(got), v.DerivedKey, v.Source)
			}
		})
	}
}

// reference computes the KDF from the RFC's description, building OtherInfo
// as one byte string; Derive must agree with it.
func reference(z []byte, algID string, apu, apv []byte, keyLen int) []byte {
	prefixed := func(b []byte) []byte {
		return append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...)
	}
	var other []byte
	other = append(other, prefixed([]byte(algID))...)
	other = append(other, prefixed(apu)...)
	other = append(other, prefixed(apv)...)
	other = binary.BigEndian.AppendUint32(other, uint32(keyLen*8))
	var out []byte
	for i := uint32(1); len(out) < keyLen; i++ {
		in := binary.BigEndian.AppendUint32(nil, i)
		in = append(in, z...)
		in = append(in, other...)
		sum := sha256.Sum256(in)
		out = append(out, sum[:]...)
	}
	return out[:keyLen]
}

func TestDeriveLengths(t *testing.T) {
	t.Parallel()
	z := bytes.Repeat([]byte{0x5a}, 32)
	tests := []struct {
		name   string
		algID  string
		keyLen int
	}{
		{"1 byte", "A128GCM", 1},
		{"A128KW", "ECDH-ES+A128KW", 16},
		{"A192KW", "ECDH-ES+A192KW", 24},
		{"one full round", "ECDH-ES+A256KW", 32},
		{"one byte into round two", "A128CBC-HS256", 33},
		{"A192CBC-HS384", "A192CBC-HS384", 48},
		{"A256CBC-HS512", "A256CBC-HS512", 64},
		{"three rounds", "x", 65},
		{"maximum", "x", MaxKeyLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			apu, apv := []byte("Alice"), []byte("Bob")
			got, err := Derive(z, tt.algID, apu, apv, tt.keyLen)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.keyLen || cap(got) != tt.keyLen {
				t.Fatalf("len %d cap %d, want %d", len(got), cap(got), tt.keyLen)
			}
			if want := reference(z, tt.algID, apu, apv, tt.keyLen); !bytes.Equal(got, want) {
				t.Errorf("Derive = %x, want %x", got, want)
			}
			// SuppPubInfo carries the length, so a shorter output is not a
			// prefix of a longer one.
			if tt.keyLen > 1 {
				shorter, err := Derive(z, tt.algID, apu, apv, tt.keyLen-1)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(shorter, got[:tt.keyLen-1]) {
					t.Error("output for keyLen-1 is a prefix of the output for keyLen")
				}
			}
		})
	}
}

func TestDeriveSeparatesFields(t *testing.T) {
	t.Parallel()
	z := []byte{1, 2, 3, 4}
	base, err := Derive(z, "A128GCM", []byte("Alice"), []byte("Bob"), 16)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		algID    string
		apu, apv []byte
	}{
		{"other algorithm", "A192GCM", []byte("Alice"), []byte("Bob")},
		{"byte moved from apu to apv", "A128GCM", []byte("Alic"), []byte("eBob")},
		{"apu and apv swapped", "A128GCM", []byte("Bob"), []byte("Alice")},
		{"empty apu", "A128GCM", nil, []byte("Bob")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Derive(z, tt.algID, tt.apu, tt.apv, 16)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(got, base) {
				t.Error("different OtherInfo gave the same key")
			}
		})
	}
}

func TestDeriveRejectsInvalidInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		z      []byte
		keyLen int
	}{
		{"zero length", []byte{1}, 0},
		{"negative length", []byte{1}, -1},
		{"too long", []byte{1}, MaxKeyLen + 1},
		{"huge", []byte{1}, int(^uint(0) >> 1)},
		{"nil z", nil, 16},
		{"empty z", []byte{}, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Derive(tt.z, "A128GCM", nil, nil, tt.keyLen)
			if !errors.Is(err, ErrInvalidInput) || got != nil {
				t.Errorf("Derive = %x, %v; want nil, ErrInvalidInput", got, err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "concatkdf: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func BenchmarkDerive(b *testing.B) {
	z := make([]byte, 32)
	for _, n := range []int{16, 64} {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Derive(z, "ECDH-ES+A128KW", []byte("Alice"), []byte("Bob"), n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDeriveAllocations pins Derive to one allocation, its result: the
// hash stays on the stack.
func TestDeriveAllocations(t *testing.T) {
	// Not parallel: AllocsPerRun measures process-wide allocations.
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	z := make([]byte, 32)
	for _, keyLen := range []int{16, 32, 64} {
		got := testing.AllocsPerRun(100, func() {
			_, _ = Derive(z, "ECDH-ES+A256KW", []byte("Alice"), []byte("Bob"), keyLen)
		})
		if got > 1 {
			t.Errorf("key length %d: %v allocations, want at most 1", keyLen, got)
		}
	}
}
