package cbchmac

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// vector is one RFC 7518 Appendix B test case from testdata/rfc7518, with
// every value in hex as the RFC prints it.
type vector struct {
	Source      string `json:"source"`
	Description string `json:"description"`
	Enc         string `json:"enc"`
	K           string `json:"k"`
	P           string `json:"p"`
	IV          string `json:"iv"`
	A           string `json:"a"`
	AL          string `json:"al"`
	E           string `json:"e"`
	T           string `json:"t"`
	Expect      string `json:"expect"`
}

// decoded holds a vector's values as bytes.
type decoded struct {
	k, p, iv, a, al, e, t []byte
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

func (v vector) decode(t *testing.T) decoded {
	t.Helper()
	h := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatalf("%s: %v", v.Source, err)
		}
		return b
	}
	return decoded{h(v.K), h(v.P), h(v.IV), h(v.A), h(v.AL), h(v.E), h(v.T)}
}

func TestRFC7518AppendixB(t *testing.T) {
	t.Parallel()
	tagSizes := map[string]int{"A128CBC-HS256": 16, "A192CBC-HS384": 24, "A256CBC-HS512": 32}
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := v.decode(t)
			a, err := New(d.k)
			if err != nil {
				t.Fatal(err)
			}
			if a.KeySize() != len(d.k) || a.TagSize() != tagSizes[v.Enc] {
				t.Errorf("KeySize, TagSize = %d, %d; want %d, %d", a.KeySize(), a.TagSize(), len(d.k), tagSizes[v.Enc])
			}
			if al := binary.BigEndian.AppendUint64(nil, uint64(len(d.a))*8); !bytes.Equal(al, d.al) {
				t.Errorf("AL = %x, want %x", al, d.al)
			}

			e, tag, err := a.Seal(d.iv, d.p, d.a)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(e, d.e) {
				t.Errorf("E = %x\nwant %x (%s)", e, d.e, v.Source)
			}
			if !bytes.Equal(tag, d.t) {
				t.Errorf("T = %x, want %x (%s)", tag, d.t, v.Source)
			}

			p, err := a.Open(d.iv, d.e, d.t, d.a)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p, d.p) {
				t.Errorf("Open = %q, want %q", p, d.p)
			}

			// The path for hashes that cannot be cloned gives the same tag.
			buf := bytes.Clone(d.e)
			p, err = a.OpenInPlace(d.iv, buf, d.t, d.a)
			if err != nil || !bytes.Equal(p, d.p) {
				t.Errorf("OpenInPlace = %q, %v; want %q", p, err, d.p)
			}
			if len(p) > 0 && &p[0] != &buf[0] {
				t.Error("OpenInPlace did not decrypt in place")
			}
		})
	}
}

func TestOpenRejectsTampering(t *testing.T) {
	t.Parallel()
	for name, v := range loadVectors(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := v.decode(t)
			a, err := New(d.k)
			if err != nil {
				t.Fatal(err)
			}
			parts := []struct {
				name string
				b    []byte
			}{{"iv", d.iv}, {"ciphertext", d.e}, {"tag", d.t}, {"aad", d.a}}
			for pi, part := range parts {
				for i := range part.b {
					args := [][]byte{d.iv, d.e, d.t, d.a}
					args[pi] = bytes.Clone(part.b)
					args[pi][i] ^= 0x01
					got, err := a.Open(args[0], args[1], args[2], args[3])
					if !errors.Is(err, ErrDecrypt) || got != nil {
						t.Fatalf("%s byte %d flipped: Open = %q, %v; want nil, ErrDecrypt", part.name, i, got, err)
					}
				}
			}
			// A key whose MAC half or encryption half differs.
			for _, i := range []int{0, len(d.k) - 1} {
				k := bytes.Clone(d.k)
				k[i] ^= 0x80
				other, err := New(k)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := other.Open(d.iv, d.e, d.t, d.a); !errors.Is(err, ErrDecrypt) || got != nil {
					t.Errorf("key byte %d flipped: Open = %q, %v; want nil, ErrDecrypt", i, got, err)
				}
			}
		})
	}
}

func TestOpenRejectsMalformedInput(t *testing.T) {
	t.Parallel()
	v := loadVectors(t)["B.1"]
	d := v.decode(t)
	a, err := New(d.k)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		iv, ct, tag, aad []byte
	}{
		{"nil iv", nil, d.e, d.t, d.a},
		{"short iv", d.iv[:15], d.e, d.t, d.a},
		{"long iv", append(bytes.Clone(d.iv), 0), d.e, d.t, d.a},
		{"nil ciphertext", d.iv, nil, d.t, d.a},
		{"empty ciphertext", d.iv, []byte{}, d.t, d.a},
		{"ciphertext one byte short", d.iv, d.e[:len(d.e)-1], d.t, d.a},
		{"ciphertext one byte long", d.iv, append(bytes.Clone(d.e), 0), d.t, d.a},
		{"ciphertext one block short", d.iv, d.e[:len(d.e)-16], d.t, d.a},
		{"ciphertext 15 bytes", d.iv, d.e[:15], d.t, d.a},
		{"nil tag", d.iv, d.e, nil, d.a},
		{"empty tag", d.iv, d.e, []byte{}, d.a},
		{"tag truncated to 1 byte", d.iv, d.e, d.t[:1], d.a},
		{"tag truncated to 8 bytes", d.iv, d.e, d.t[:8], d.a},
		{"tag truncated by 1 byte", d.iv, d.e, d.t[:len(d.t)-1], d.a},
		{"tag extended by 1 byte", d.iv, d.e, append(bytes.Clone(d.t), 0), d.a},
		{"full HMAC as tag", d.iv, d.e, fullMAC(d.k[:16], d.a, d.iv, d.e), d.a},
		{"aad missing", d.iv, d.e, d.t, nil},
		{"aad one byte short", d.iv, d.e, d.t, d.a[:len(d.a)-1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := a.Open(tt.iv, tt.ct, tt.tag, tt.aad)
			if !errors.Is(err, ErrDecrypt) || got != nil {
				t.Errorf("Open = %q, %v; want nil, ErrDecrypt", got, err)
			}
		})
	}
}

// fullMAC computes the untruncated HMAC-SHA-256 of RFC 7518 §5.2.2.1 for an
// A128CBC-HS256 MAC key.
func fullMAC(macKey, aad, iv, ct []byte) []byte {
	m := hmac.New(sha256.New, macKey)
	m.Write(aad)
	m.Write(iv)
	m.Write(ct)
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(len(aad))*8))
	return m.Sum(nil)
}

// TestOpenRejectsBadPaddingUnderValidTag crafts ciphertexts whose tags are
// correct (computed with the MAC key) but whose decryptions carry invalid
// PKCS #7 padding. Open must still return only ErrDecrypt: the padding
// check is the last step and tells nothing apart.
func TestOpenRejectsBadPaddingUnderValidTag(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	macKey, encKey := key[:16], key[16:]
	iv := bytes.Repeat([]byte{0x42}, 16)
	aad := []byte("protected header")
	a, err := New(key)
	if err != nil {
		t.Fatal(err)
	}

	// seal encrypts plaintext as is (already a whole number of blocks, with
	// whatever "padding" the case chose) and tags it correctly.
	seal := func(plaintext []byte) (ct, tag []byte) {
		block, err := aes.NewCipher(encKey)
		if err != nil {
			t.Fatal(err)
		}
		ct = make([]byte, len(plaintext))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, plaintext)
		return ct, fullMAC(macKey, aad, iv, ct)[:16]
	}
	block := func(prefix []byte, tail ...byte) []byte {
		b := bytes.Repeat([]byte{'x'}, 16-len(tail))
		copy(b, prefix)
		return append(b, tail...)
	}
	tests := []struct {
		name      string
		plaintext []byte
		want      []byte // nil: must fail with ErrDecrypt
	}{
		{"padding byte 0", block(nil, 0), nil},
		{"padding byte 17", block(nil, 17), nil},
		{"padding byte 0xff", block(nil, 0xff), nil},
		{"padding 2 over 1,2", block(nil, 1, 2), nil},
		{"padding 3 over 3,2,3", block(nil, 3, 2, 3), nil},
		{"padding 16 with one wrong byte", append([]byte{15}, bytes.Repeat([]byte{16}, 15)...), nil},
		{"padding 16 over two blocks, first 15", append(bytes.Repeat([]byte{'y'}, 16), append([]byte{15}, bytes.Repeat([]byte{16}, 15)...)...), nil},
		// Controls: the same construction with valid padding opens.
		{"valid padding 1", block([]byte("abc"), 1), block([]byte("abc"))[:15]},
		{"valid padding 3", block(nil, 3, 3, 3), bytes.Repeat([]byte{'x'}, 13)},
		{"valid padding 16", bytes.Repeat([]byte{16}, 16), []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ct, tag := seal(tt.plaintext)
			got, err := a.Open(iv, ct, tag, aad)
			if tt.want == nil {
				if !errors.Is(err, ErrDecrypt) || got != nil {
					t.Errorf("Open = %q, %v; want nil, ErrDecrypt", got, err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Errorf("Open = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestPaddingLen(t *testing.T) {
	t.Parallel()
	// Every value of the last byte, over a block that is otherwise all
	// that value, and over a block with the byte before it changed.
	for p := range 256 {
		b := bytes.Repeat([]byte{byte(p)}, 16)
		n, ok := paddingLen(b)
		if want := p >= 1 && p <= 16; (ok == 1) != want || (want && n != p) {
			t.Errorf("uniform block of %d: got %d, %d", p, n, ok)
		}
		if p >= 2 && p <= 16 {
			b[16-p] ^= 0x80
			if _, ok := paddingLen(b); ok != 0 {
				t.Errorf("block of %d with byte %d changed: accepted", p, 16-p)
			}
		}
	}
}

func TestNewRejectsKeySizes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 16, 24, 31, 33, 47, 49, 63, 65, 96, 128} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			a, err := New(make([]byte, n))
			if !errors.Is(err, ErrKeySize) || a != nil {
				t.Errorf("New(%d bytes) = %v, %v; want nil, ErrKeySize", n, a, err)
			}
			if errors.Is(err, ErrDecrypt) {
				t.Error("New returned ErrDecrypt")
			}
		})
	}
}

func TestSealRejectsIVSizes(t *testing.T) {
	t.Parallel()
	a, err := New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 8, 12, 15, 17, 32} {
		ct, tag, err := a.Seal(make([]byte, n), []byte("x"), nil)
		if !errors.Is(err, ErrIVSize) || ct != nil || tag != nil {
			t.Errorf("iv of %d bytes: Seal = %x, %x, %v; want ErrIVSize", n, ct, tag, err)
		}
	}
}

func TestNilAEADDoesNotPanic(t *testing.T) {
	t.Parallel()
	var a *AEAD
	if a.KeySize() != 0 || a.TagSize() != 0 {
		t.Error("nil AEAD reports sizes")
	}
	if _, _, err := a.Seal(make([]byte, 16), nil, nil); !errors.Is(err, ErrKeySize) {
		t.Errorf("Seal error = %v, want ErrKeySize", err)
	}
	if _, err := a.Open(make([]byte, 16), make([]byte, 16), make([]byte, 16), nil); !errors.Is(err, ErrDecrypt) {
		t.Errorf("Open error = %v, want ErrDecrypt", err)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, keyLen := range []int{32, 48, 64} {
		key := bytes.Repeat([]byte{byte(keyLen)}, keyLen)
		a, err := New(key)
		if err != nil {
			t.Fatal(err)
		}
		key[0] ^= 0xff // New must have copied the key
		iv := bytes.Repeat([]byte{7}, 16)
		for n := range 50 {
			plaintext := bytes.Repeat([]byte{'p'}, n)
			aad := bytes.Repeat([]byte{'a'}, n/3)
			ct, tag, err := a.Seal(iv, plaintext, aad)
			if err != nil {
				t.Fatal(err)
			}
			if want := (n/16 + 1) * 16; len(ct) != want || cap(ct) != want {
				t.Fatalf("key %d, plaintext %d: ciphertext len %d cap %d, want %d", keyLen, n, len(ct), cap(ct), want)
			}
			if len(tag) != a.TagSize() {
				t.Fatalf("tag is %d bytes, want %d", len(tag), a.TagSize())
			}
			wantTag := bytes.Clone(tag)
			_ = append(ct, 0xEE) // must not reach the tag
			if !bytes.Equal(tag, wantTag) {
				t.Fatal("appending to the ciphertext changed the tag")
			}
			got, err := a.Open(iv, ct, tag, aad)
			if err != nil || !bytes.Equal(got, plaintext) {
				t.Fatalf("key %d, plaintext %d: Open = %q, %v", keyLen, n, got, err)
			}
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	v := loadVectors(t)["B.3"]
	d := v.decode(t)
	a, err := New(d.k)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				e, tag, err := a.Seal(d.iv, d.p, d.a)
				if err != nil || !bytes.Equal(e, d.e) || !bytes.Equal(tag, d.t) {
					t.Error("concurrent Seal differs from the vector")
					return
				}
				if p, err := a.Open(d.iv, d.e, d.t, d.a); err != nil || !bytes.Equal(p, d.p) {
					t.Error("concurrent Open failed")
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkSeal(b *testing.B) {
	for _, keyLen := range []int{32, 64} {
		for _, n := range []int{64, 1024} {
			a, err := New(make([]byte, keyLen))
			if err != nil {
				b.Fatal(err)
			}
			iv, plaintext, aad := make([]byte, 16), make([]byte, n), make([]byte, 100)
			b.Run(fmt.Sprintf("key%d/%dB", keyLen, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					if _, _, err := a.Seal(iv, plaintext, aad); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, keyLen := range []int{32, 64} {
		for _, n := range []int{64, 1024} {
			a, err := New(make([]byte, keyLen))
			if err != nil {
				b.Fatal(err)
			}
			iv, aad := make([]byte, 16), make([]byte, 100)
			ct, tag, err := a.Seal(iv, make([]byte, n), aad)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("key%d/%dB", keyLen, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					if _, err := a.Open(iv, ct, tag, aad); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestMACMatchesCryptoHMAC checks the HMAC computed from the saved hash
// states against crypto/hmac, for every key size and for AAD and
// ciphertext lengths around the hash block sizes.
func TestMACMatchesCryptoHMAC(t *testing.T) {
	t.Parallel()
	hashes := map[int]func() hash.Hash{32: sha256.New, 48: sha512.New384, 64: sha512.New}
	for keyLen, newHash := range hashes {
		t.Run(fmt.Sprint(keyLen), func(t *testing.T) {
			t.Parallel()
			key := make([]byte, keyLen)
			for i := range key {
				key[i] = byte(i*7 + keyLen)
			}
			a, err := New(key)
			if err != nil {
				t.Fatal(err)
			}
			iv := bytes.Repeat([]byte{0x55}, IVSize)
			for _, aadLen := range []int{0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 300} {
				for _, ctLen := range []int{16, 48, 64, 112, 128, 1024} {
					aad := bytes.Repeat([]byte{'a'}, aadLen)
					ct := bytes.Repeat([]byte{'c'}, ctLen)
					var sum [sha512.Size]byte
					if !a.mac(&sum, aad, iv, ct) {
						t.Fatal("mac failed")
					}
					m := hmac.New(newHash, key[:keyLen/2])
					m.Write(aad)
					m.Write(iv)
					m.Write(ct)
					m.Write(binary.BigEndian.AppendUint64(nil, uint64(aadLen)*8))
					want := m.Sum(nil)
					if !bytes.Equal(sum[:len(want)], want) {
						t.Fatalf("aad %d, ciphertext %d: HMAC = %x, crypto/hmac says %x", aadLen, ctLen, sum[:len(want)], want)
					}
				}
			}
		})
	}
}

func TestOpenInPlaceFailures(t *testing.T) {
	t.Parallel()
	d := loadVectors(t)["B.1"].decode(t)
	a, err := New(d.k)
	if err != nil {
		t.Fatal(err)
	}
	// A bad tag leaves the ciphertext as it was, so another key may be
	// tried on it.
	buf := bytes.Clone(d.e)
	badTag := bytes.Clone(d.t)
	badTag[0] ^= 1
	if p, err := a.OpenInPlace(d.iv, buf, badTag, d.a); !errors.Is(err, ErrDecrypt) || p != nil {
		t.Errorf("bad tag: OpenInPlace = %q, %v; want nil, ErrDecrypt", p, err)
	}
	if !bytes.Equal(buf, d.e) {
		t.Error("bad tag: OpenInPlace changed the ciphertext")
	}
	// Bad padding under a valid tag leaves zeros, not the decryption.
	key := make([]byte, 32)
	a, err = New(key)
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]byte, IVSize)
	block, err := aes.NewCipher(key[16:])
	if err != nil {
		t.Fatal(err)
	}
	ct := make([]byte, 32)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, bytes.Repeat([]byte{0}, 32))
	tag := fullMAC(key[:16], nil, iv, ct)[:16]
	if p, err := a.OpenInPlace(iv, ct, tag, nil); !errors.Is(err, ErrDecrypt) || p != nil {
		t.Errorf("bad padding: OpenInPlace = %q, %v; want nil, ErrDecrypt", p, err)
	}
	if !bytes.Equal(ct, make([]byte, 32)) {
		t.Errorf("bad padding: buffer = %x, want zeros", ct)
	}
}

func TestAllocations(t *testing.T) {
	// Not parallel: AllocsPerRun measures process-wide allocations.
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	for _, keyLen := range []int{32, 48, 64} {
		key := make([]byte, keyLen)
		a, err := New(key)
		if err != nil {
			t.Fatal(err)
		}
		iv, pt, aad := make([]byte, IVSize), make([]byte, 100), make([]byte, 80)
		ct, tag, err := a.Seal(iv, pt, aad)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, len(ct))
		tests := []struct {
			name string
			max  float64
			f    func()
		}{
			// The AEAD and the AES key schedule.
			{"New", 2, func() { _, _ = New(key) }},
			// The output and the CBC mode.
			{"Seal", 2, func() { _, _, _ = a.Seal(iv, pt, aad) }},
			{"Open", 2, func() { _, _ = a.Open(iv, ct, tag, aad) }},
			// The CBC mode.
			{"OpenInPlace", 1, func() {
				copy(buf, ct)
				_, _ = a.OpenInPlace(iv, buf, tag, aad)
			}},
		}
		for _, tt := range tests {
			if got := testing.AllocsPerRun(100, tt.f); got > tt.max {
				t.Errorf("key %d: %s: %v allocations, want at most %v", keyLen, tt.name, got, tt.max)
			}
		}
	}
}
