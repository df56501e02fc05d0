package aeskw

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vector is one RFC 3394 §4 test vector from testdata/rfc3394.
type vector struct {
	Source      string `json:"source"`
	Description string `json:"description"`
	KEK         string `json:"kek"`
	KeyData     string `json:"key_data"`
	Ciphertext  string `json:"ciphertext"`
	Expect      string `json:"expect"`
}

// loadVectors reads every vector strictly: unknown fields, an unknown
// expect value or an empty directory fail the test.
func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "rfc3394", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no vectors in testdata/rfc3394")
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

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRFC3394Vectors(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			kek, data, want := mustHex(t, v.KEK), mustHex(t, v.KeyData), mustHex(t, v.Ciphertext)

			got, err := Wrap(kek, data)
			if err != nil {
				t.Fatalf("Wrap: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Wrap = %X, want %X (%s)", got, want, v.Source)
			}
			if len(got) != cap(got) {
				t.Errorf("Wrap result has spare capacity %d", cap(got)-len(got))
			}

			back, err := Unwrap(kek, want)
			if err != nil {
				t.Fatalf("Unwrap: %v", err)
			}
			if !bytes.Equal(back, data) {
				t.Errorf("Unwrap = %X, want %X", back, data)
			}
			if len(back) != cap(back) {
				t.Errorf("Unwrap result has spare capacity %d", cap(back)-len(back))
			}

			b, err := aes.NewCipher(kek)
			if err != nil {
				t.Fatal(err)
			}
			got, err = WrapBlock(b, data)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("WrapBlock = %X, %v; want %X", got, err, want)
			}
			back, err = UnwrapBlock(b, want)
			if err != nil || !bytes.Equal(back, data) {
				t.Errorf("UnwrapBlock = %X, %v; want %X", back, err, data)
			}
		})
	}
}

func TestUnwrapRejectsTampering(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			kek, wrapped := mustHex(t, v.KEK), mustHex(t, v.Ciphertext)
			for i := range wrapped {
				for _, mask := range []byte{0x01, 0x80, 0xFF} {
					c := bytes.Clone(wrapped)
					c[i] ^= mask
					got, err := Unwrap(kek, c)
					if !errors.Is(err, ErrUnwrap) || got != nil {
						t.Fatalf("byte %d ^ %#x: Unwrap = %X, %v; want nil, ErrUnwrap", i, mask, got, err)
					}
				}
			}
			// A wrong key encryption key of the right size.
			wrong := bytes.Clone(kek)
			wrong[len(wrong)-1] ^= 1
			if got, err := Unwrap(wrong, wrapped); !errors.Is(err, ErrUnwrap) || got != nil {
				t.Errorf("wrong kek: Unwrap = %X, %v; want nil, ErrUnwrap", got, err)
			}
			// Swapping two 64-bit blocks of R must fail too.
			c := bytes.Clone(wrapped)
			copy(c[8:16], wrapped[16:24])
			copy(c[16:24], wrapped[8:16])
			if _, err := Unwrap(kek, c); !errors.Is(err, ErrUnwrap) {
				t.Errorf("swapped blocks: Unwrap error = %v, want ErrUnwrap", err)
			}
		})
	}
}

func TestRejectsBadLengths(t *testing.T) {
	t.Parallel()
	kek := make([]byte, 16)
	tests := []struct {
		name   string
		kek    []byte
		input  []byte
		unwrap bool
	}{
		{"wrap nil data", kek, nil, false},
		{"wrap 8 bytes", kek, make([]byte, 8), false},
		{"wrap 15 bytes", kek, make([]byte, 15), false},
		{"wrap 17 bytes", kek, make([]byte, 17), false},
		{"wrap 33 bytes", kek, make([]byte, 33), false},
		{"unwrap nil", kek, nil, true},
		{"unwrap 8 bytes", kek, make([]byte, 8), true},
		{"unwrap 16 bytes", kek, make([]byte, 16), true},
		{"unwrap 23 bytes", kek, make([]byte, 23), true},
		{"unwrap 25 bytes", kek, make([]byte, 25), true},
		{"unwrap 41 bytes", kek, make([]byte, 41), true},
		{"wrap nil kek", nil, make([]byte, 16), false},
		{"wrap 15-byte kek", make([]byte, 15), make([]byte, 16), false},
		{"wrap 20-byte kek", make([]byte, 20), make([]byte, 16), false},
		{"wrap 64-byte kek", make([]byte, 64), make([]byte, 16), false},
		{"unwrap nil kek", nil, make([]byte, 24), true},
		{"unwrap 17-byte kek", make([]byte, 17), make([]byte, 24), true},
		{"unwrap 33-byte kek", make([]byte, 33), make([]byte, 24), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []byte
			var err error
			if tt.unwrap {
				got, err = Unwrap(tt.kek, tt.input)
			} else {
				got, err = Wrap(tt.kek, tt.input)
			}
			if !errors.Is(err, ErrInvalidLength) || got != nil {
				t.Errorf("got %X, %v; want nil, ErrInvalidLength", got, err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "aeskw: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// desBlock is a stand-in cipher.Block with a block size other than AES's.
type desBlock struct{}

func (desBlock) BlockSize() int          { return 8 }
func (desBlock) Encrypt(dst, src []byte) { panic("must not be called") }
func (desBlock) Decrypt(dst, src []byte) { panic("must not be called") }

var _ cipher.Block = desBlock{}

func TestBlockRejectsNilAndWrongBlockSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    cipher.Block
	}{
		{"nil", nil},
		{"8-byte block", desBlock{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := WrapBlock(tt.b, make([]byte, 16)); !errors.Is(err, ErrInvalidLength) {
				t.Errorf("WrapBlock error = %v, want ErrInvalidLength", err)
			}
			if _, err := UnwrapBlock(tt.b, make([]byte, 24)); !errors.Is(err, ErrInvalidLength) {
				t.Errorf("UnwrapBlock error = %v, want ErrInvalidLength", err)
			}
		})
	}
}

func TestRoundTripSizes(t *testing.T) {
	t.Parallel()
	for _, kekLen := range []int{16, 24, 32} {
		kek := bytes.Repeat([]byte{byte(kekLen)}, kekLen)
		for n := 16; n <= 72; n += 8 {
			data := make([]byte, n)
			for i := range data {
				data[i] = byte(i * 7)
			}
			orig := bytes.Clone(data)
			w, err := Wrap(kek, data)
			if err != nil {
				t.Fatalf("kek %d, data %d: Wrap: %v", kekLen, n, err)
			}
			if !bytes.Equal(data, orig) {
				t.Fatalf("Wrap modified its input")
			}
			u, err := Unwrap(kek, w)
			if err != nil || !bytes.Equal(u, data) {
				t.Fatalf("kek %d, data %d: Unwrap = %X, %v", kekLen, n, u, err)
			}
		}
	}
}

func TestAllocations(t *testing.T) {
	// Not parallel: AllocsPerRun measures process-wide allocations.
	kek := make([]byte, 16)
	b, err := aes.NewCipher(kek)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{16, 32} {
		data := make([]byte, n)
		wrapped, err := WrapBlock(b, data)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			max  float64
			f    func()
		}{
			{"WrapBlock", 1, func() { _, _ = WrapBlock(b, data) }},
			{"UnwrapBlock", 1, func() { _, _ = UnwrapBlock(b, wrapped) }},
			// Plus the AES key schedule.
			{"Wrap", 3, func() { _, _ = Wrap(kek, data) }},
			{"Unwrap", 3, func() { _, _ = Unwrap(kek, wrapped) }},
		}
		for _, tt := range tests {
			if got := testing.AllocsPerRun(100, tt.f); got > tt.max {
				t.Errorf("%s of %d bytes: %v allocations, want at most %v", tt.name, n, got, tt.max)
			}
		}
	}
}

func BenchmarkWrap(b *testing.B) {
	for _, n := range []int{16, 32} {
		kek := make([]byte, 32)
		data := make([]byte, n)
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Wrap(kek, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnwrap(b *testing.B) {
	for _, n := range []int{16, 32} {
		kek := make([]byte, 32)
		wrapped, err := Wrap(kek, make([]byte, n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Unwrap(kek, wrapped); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnwrapBlock(b *testing.B) {
	blk, err := aes.NewCipher(make([]byte, 32))
	if err != nil {
		b.Fatal(err)
	}
	wrapped, err := WrapBlock(blk, make([]byte, 32))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnwrapBlock(blk, wrapped); err != nil {
			b.Fatal(err)
		}
	}
}
