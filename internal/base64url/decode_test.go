package base64url

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// specChoices records where RFC 7515 §2 and RFC 4648 leave the decoder a
// choice, or where encoding/base64 is laxer than JOSE allows, and what this
// package decides. Tests read this table; change the decision here.
var specChoices = []struct {
	name   string
	rfc    string
	input  string
	accept bool
}{
	{"padding", "RFC 7515 §2: padding characters are omitted", "QQ==", false},
	{"non-zero trailing bits, 2-char group", "RFC 4648 §3.5: decoders MAY reject", "QR", false},
	{"non-zero trailing bits, 3-char group", "RFC 4648 §3.5: decoders MAY reject", "QUF", false},
	{"line break", "RFC 7515 §2: no line breaks, whitespace, or other characters", "QUFB\nQUFB", false},
	{"carriage return", "RFC 7515 §2: no line breaks, whitespace, or other characters", "QUFB\rQUFB", false},
	{"standard alphabet", "RFC 4648 §5: base64url replaces '+' and '/' with '-' and '_'", "-_+/", false},
	{"empty input", "RFC 4648 §10: BASE64(\"\") = \"\"", "", true},
}

func TestSpecChoices(t *testing.T) {
	t.Parallel()
	for _, c := range specChoices {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(c.input)
			if c.accept && err != nil {
				t.Errorf("Decode(%q) = %v, want success (%s)", c.input, err, c.rfc)
			}
			if !c.accept && !errors.Is(err, ErrInvalid) {
				t.Errorf("Decode(%q) error = %v, want ErrInvalid (%s)", c.input, err, c.rfc)
			}
		})
	}
}

func TestDecodeValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []byte
	}{
		{"empty", "", []byte{}},
		{"RFC 7515 Appendix C", "A-z_4ME", []byte{3, 236, 255, 224, 193}},
		{"one byte", "QQ", []byte("A")},
		{"two bytes", "QUE", []byte("AA")},
		{"three bytes", "QUFB", []byte("AAA")},
		{"url alphabet", "-_-_", []byte{0xfb, 0xff, 0xbf}},
		{"all zero", "AAAA", []byte{0, 0, 0}},
		{"all ones", "____", []byte{0xff, 0xff, 0xff}},
		{"RFC 4648 §10 foobar", "Zm9vYmFy", []byte("foobar")},
		{"RFC 4648 §10 fooba", "Zm9vYmE", []byte("fooba")},
		{"RFC 4648 §10 foob", "Zm9vYg", []byte("foob")},
		{"JWS header", "eyJhbGciOiJIUzI1NiJ9", []byte(`{"alg":"HS256"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Decode(tt.in)
			if err != nil || got == nil || !bytes.Equal(got, tt.want) {
				t.Errorf("Decode(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
			}
			got, err = DecodeBytes([]byte(tt.in))
			if err != nil || got == nil || !bytes.Equal(got, tt.want) {
				t.Errorf("DecodeBytes(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
			}
			got, err = AppendDecode([]byte("p"), []byte(tt.in))
			if err != nil || !bytes.Equal(got, append([]byte("p"), tt.want...)) {
				t.Errorf("AppendDecode(%q, %q) = %q, %v; want %q, nil", "p", tt.in, got, err, append([]byte("p"), tt.want...))
			}
		})
	}
}

func TestDecodeInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		offset int
		reason string
	}{
		{"single character", "Q", 0, reasonLength},
		{"five characters", "QUFBQ", 4, reasonLength},
		{"padding, one byte", "QQ==", 2, reasonPadding},
		{"padding, two bytes", "QUE=", 3, reasonPadding},
		{"padding only", "====", 0, reasonPadding},
		{"padding in the middle", "QQ==QUFB", 2, reasonPadding},
		{"space", "QUFB QUFB", 4, reasonWhitespace},
		{"tab", "\tQUFB", 0, reasonWhitespace},
		{"line feed", "QUFB\nQUF", 4, reasonWhitespace},
		{"carriage return", "QUFB\r\nQU", 4, reasonWhitespace},
		{"trailing line feed", "QUFB\n", 4, reasonWhitespace},
		{"trailing CRLF", "QUFB\r\n", 4, reasonWhitespace},
		{"plus", "QUF+", 3, reasonStdAlphabet},
		{"slash", "/UFB", 0, reasonStdAlphabet},
		{"dot", "QU.B", 2, reasonCharacter},
		{"dot deep in a long input", "QUFBQUFBQUFBQ.FBQUFBQUFB", 13, reasonCharacter},
		{"line feed deep in a long input", "QUFBQUFBQUFBQUFBQUFB\nUFB", 20, reasonWhitespace},
		{"NUL", "QUF\x00", 3, reasonCharacter},
		{"high byte", "QUFB\xffQUF", 4, reasonCharacter},
		{"UTF-8 letter", "QUFBé", 4, reasonCharacter},
		{"bad character beats bad length", "Q.FBQ", 1, reasonCharacter},
		{"bad final character beats bad length", "QUFB.", 4, reasonCharacter},
		{"trailing bits, 2-char group", "QR", 1, reasonTrailingBits},
		{"trailing bits, 2-char group after a full group", "QUFBQR", 5, reasonTrailingBits},
		{"trailing bits, 3-char group", "QUF", 2, reasonTrailingBits},
		{"trailing bits, lowest bit", "QUH", 2, reasonTrailingBits},
		{"trailing bits, RFC 7515 Appendix C altered", "A-z_4MF", 6, reasonTrailingBits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			check := func(fn string, got []byte, err error) {
				t.Helper()
				if got != nil {
					t.Errorf("%s(%q) returned %v, want nil", fn, tt.in, got)
				}
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("%s(%q) error = %v, want ErrInvalid", fn, tt.in, err)
				}
				cie, ok := errors.AsType[*CorruptInputError](err)
				if !ok {
					t.Fatalf("%s(%q) error %T is not a *CorruptInputError", fn, tt.in, err)
				}
				if cie.Offset != tt.offset || cie.Reason != tt.reason {
					t.Errorf("%s(%q) error = {%d, %q}, want {%d, %q}", fn, tt.in, cie.Offset, cie.Reason, tt.offset, tt.reason)
				}
				if msg := err.Error(); !strings.HasPrefix(msg, "base64url: ") || !strings.Contains(msg, tt.reason) {
					t.Errorf("%s(%q) message %q lacks prefix or reason", fn, tt.in, msg)
				}
			}
			got, err := Decode(tt.in)
			check("Decode", got, err)
			got, err = DecodeBytes([]byte(tt.in))
			check("DecodeBytes", got, err)
			dst := append(make([]byte, 0, 64), "keep"...)
			got, err = AppendDecode(dst, []byte(tt.in))
			if string(got) != "keep" {
				t.Errorf("AppendDecode(%q) on error returned %q, want the original dst %q", tt.in, got, "keep")
			}
			check("AppendDecode", nil, err)
		})
	}
}

func TestDecodedLen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		want int
		ok   bool
	}{
		{-4, 0, false}, {0, 0, true}, {1, 0, false}, {2, 1, true}, {3, 2, true},
		{4, 3, true}, {5, 0, false}, {6, 4, true}, {7, 5, true}, {8, 6, true}, {43, 32, true},
	}
	for _, tt := range tests {
		if got, ok := DecodedLen(tt.n); got != tt.want || ok != tt.ok {
			t.Errorf("DecodedLen(%d) = %d, %v; want %d, %v", tt.n, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRoundTripRandomLengths(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	for n := range 101 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		enc := Encode(src)
		got, err := Decode(enc)
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("Decode(Encode(%x)) = %x, %v", src, got, err)
		}
		if m, ok := DecodedLen(len(enc)); !ok || m != n {
			t.Errorf("DecodedLen(%d) = %d, %v; want %d, true", len(enc), m, ok, n)
		}
	}
}

func TestDecodeDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	src := []byte("QUFBQUFB")
	// dst shares memory only with src's tail capacity, not its contents.
	buf := make([]byte, 0, 64)
	if _, err := AppendDecode(buf, src); err != nil {
		t.Fatal(err)
	}
	if string(src) != "QUFBQUFB" {
		t.Errorf("input modified to %q", src)
	}
}

func TestAppendDecodeAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	src := []byte(Encode(bytes.Repeat([]byte{9, 8, 7}, 100)))
	dst := make([]byte, 0, 512)
	n := testing.AllocsPerRun(100, func() {
		if _, err := AppendDecode(dst, src); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("AppendDecode into a large enough buffer allocates %v times, want 0", n)
	}
}

func BenchmarkDecode(b *testing.B) {
	// A 256-byte signature-sized input, encoded.
	src := Encode(bytes.Repeat([]byte{0x5a, 0xa5, 0x3c}, 86)[:256])
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Decode(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendDecode(b *testing.B) {
	src := []byte(Encode(bytes.Repeat([]byte{0x5a, 0xa5, 0x3c}, 86)[:256]))
	dst := make([]byte, 0, 256)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := AppendDecode(dst, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStdlibAppendDecode(b *testing.B) {
	src := []byte(Encode(bytes.Repeat([]byte{0x5a, 0xa5, 0x3c}, 86)[:256]))
	dst := make([]byte, 0, 256)
	enc := base64.RawURLEncoding.Strict()
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := enc.AppendDecode(dst, src); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, c := range specChoices {
		f.Add(c.input)
	}
	for _, s := range []string{"", "A-z_4ME", "QQ", "QR", "QUE", "QUF", "QUFB", "Q", "QUFB\n", "eyJhbGciOiJIUzI1NiJ9", "_-_-", "QQ=="} {
		f.Add(s)
	}
	strict := base64.RawURLEncoding.Strict()
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Decode(s)
		got2, err2 := DecodeBytes([]byte(s))
		got3, err3 := AppendDecode([]byte("x"), []byte(s))
		if (err == nil) != (err2 == nil) || (err == nil) != (err3 == nil) {
			t.Fatalf("Decode, DecodeBytes and AppendDecode disagree on %q: %v, %v, %v", s, err, err2, err3)
		}
		// encoding/base64 in strict mode agrees, except that it skips \r
		// and \n, which RFC 7515 §2 forbids.
		want, stdErr := strict.DecodeString(s)
		if strings.ContainsAny(s, "\r\n") {
			if err == nil {
				t.Fatalf("Decode(%q) accepted a line break", s)
			}
		} else if (err == nil) != (stdErr == nil) {
			t.Fatalf("Decode(%q) error = %v, encoding/base64 error = %v", s, err, stdErr)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Decode(%q) error %v does not match ErrInvalid", s, err)
			}
			cie, ok := errors.AsType[*CorruptInputError](err)
			if !ok || cie.Offset < 0 || cie.Offset >= len(s) {
				t.Fatalf("Decode(%q) error %#v has no offset within the input", s, err)
			}
			return
		}
		if !bytes.Equal(got, want) || !bytes.Equal(got2, want) || string(got3) != "x"+string(want) {
			t.Fatalf("Decode(%q) = %x, want %x", s, got, want)
		}
		// Strictness means one spelling per byte string.
		if enc := Encode(got); enc != s {
			t.Fatalf("Encode(Decode(%q)) = %q", s, enc)
		}
	})
}
