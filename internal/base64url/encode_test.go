package base64url

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

func TestEncodeRFC7515AppendixC(t *testing.T) {
	t.Parallel()
	// RFC 7515 Appendix C: the octets {3, 236, 255, 224, 193} encode to
	// "A-z_4ME".
	src := []byte{3, 236, 255, 224, 193}
	const want = "A-z_4ME"
	if got := Encode(src); got != want {
		t.Errorf("Encode(%v) = %q, want %q", src, got, want)
	}
	if got := AppendEncode([]byte("x."), src); string(got) != "x."+want {
		t.Errorf("AppendEncode(%q, %v) = %q, want %q", "x.", src, got, "x."+want)
	}
}

func TestEncodeMatchesStdlib(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 101 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		want := base64.RawURLEncoding.EncodeToString(src)
		if got := Encode(src); got != want {
			t.Errorf("Encode(%x) = %q, want %q", src, got, want)
		}
		if got := EncodedLen(n); got != len(want) {
			t.Errorf("EncodedLen(%d) = %d, want %d", n, got, len(want))
		}
	}
}

func TestEncodeLongInput(t *testing.T) {
	t.Parallel()
	// Longer than Encode's stack buffer, so it is encoded in several chunks.
	src := bytes.Repeat([]byte{0xfb, 0xef, 0xbe, 0x01}, 1000)
	want := base64.RawURLEncoding.EncodeToString(src)
	if got := Encode(src); got != want {
		t.Errorf("Encode of %d bytes differs from encoding/base64", len(src))
	}
}

func TestEncodedLen(t *testing.T) {
	t.Parallel()
	tests := []struct{ n, want int }{
		{-1, 0}, {0, 0}, {1, 2}, {2, 3}, {3, 4}, {4, 6}, {5, 7}, {6, 8}, {32, 43}, {64, 86},
	}
	for _, tt := range tests {
		if got := EncodedLen(tt.n); got != tt.want {
			t.Errorf("EncodedLen(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestAppendEncodeKeepsPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		dst  []byte
	}{
		{"nil", nil},
		{"no capacity", []byte("head.")},
		{"enough capacity", append(make([]byte, 0, 64), "head."...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prefix := string(tt.dst)
			got := AppendEncode(tt.dst, []byte("hello"))
			if want := prefix + "aGVsbG8"; string(got) != want {
				t.Errorf("AppendEncode = %q, want %q", got, want)
			}
		})
	}
}

func TestEncodeAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	src := bytes.Repeat([]byte{1, 2, 3}, 100)
	if n := testing.AllocsPerRun(100, func() { _ = Encode(src) }); n != 1 {
		t.Errorf("Encode allocates %v times, want 1", n)
	}
	dst := make([]byte, 0, EncodedLen(len(src)))
	if n := testing.AllocsPerRun(100, func() { _ = AppendEncode(dst, src) }); n != 0 {
		t.Errorf("AppendEncode into a large enough buffer allocates %v times, want 0", n)
	}
}

func BenchmarkEncode(b *testing.B) {
	src := bytes.Repeat([]byte{0xa5}, 256)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		_ = Encode(src)
	}
}
