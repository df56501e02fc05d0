package jws

import (
	"crypto/elliptic"
	"encoding/asn1"
	"math/big"
	"testing"

	"github.com/jose-suite/jose/jwa"
)

func TestCurveOrders(t *testing.T) {
	t.Parallel()
	for alg, c := range map[jwa.SignatureAlgorithm]elliptic.Curve{jwa.ES256: elliptic.P256(), jwa.ES384: elliptic.P384(), jwa.ES512: elliptic.P521()} {
		size := alg.Curve().Size()
		if want := string(c.Params().N.FillBytes(make([]byte, size))); curveOrder(alg) != want {
			t.Errorf("%s: curve order table is wrong", alg)
		}
	}
	if curveOrder(jwa.HS256) != "" {
		t.Error("HS256 has a curve order")
	}
}

// TestAppendDER checks the R || S to DER conversion against encoding/asn1
// for values with and without leading zeros and high bits.
func TestAppendDER(t *testing.T) {
	t.Parallel()
	for _, size := range []int{32, 48, 66} {
		for _, pattern := range []struct{ r, s byte }{{0x01, 0x7f}, {0x80, 0xff}, {0x00, 0x00}, {0x7f, 0x80}} {
			r := make([]byte, size)
			s := make([]byte, size)
			for i := range r {
				r[i], s[i] = pattern.r^byte(i), pattern.s^byte(3*i)
			}
			r[0], s[0] = pattern.r, pattern.s // leading byte as chosen
			if pattern.r == 0 {
				r[1] = 0 // two leading zero bytes
			}
			want, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(r), new(big.Int).SetBytes(s)})
			if err != nil {
				t.Fatal(err)
			}
			if got := appendDER(nil, r, s); string(got) != string(want) {
				t.Errorf("size %d, pattern %x: appendDER = %x, want %x", size, pattern, got, want)
			}
		}
	}
}

// TestDERToRaw checks the conversion of a crypto.Signer's DER output,
// which refuses anything but a well-formed signature in range.
func TestDERToRaw(t *testing.T) {
	t.Parallel()
	der := func(r, s *big.Int) []byte {
		b, err := asn1.Marshal(struct{ R, S *big.Int }{r, s})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	n := new(big.Int).SetBytes([]byte(p256Order))
	one := big.NewInt(1)
	nMinus1 := new(big.Int).Sub(n, one)
	good := der(big.NewInt(5), nMinus1)
	raw, err := derToRaw(jwa.ES256, good)
	if err != nil || len(raw) != 64 || raw[31] != 5 || string(raw[32:]) != string(nMinus1.FillBytes(make([]byte, 32))) {
		t.Fatalf("derToRaw(good) = %x, %v", raw, err)
	}
	for name, in := range map[string][]byte{
		"trailing data": append(der(one, one), 0),
		"r = 0":         der(big.NewInt(0), one),
		"s negative":    der(one, big.NewInt(-1)),
		"r = n":         der(n, one),
		"s too long":    der(one, new(big.Int).Lsh(one, 300)),
		"not DER":       []byte("nope"),
		"empty":         nil,
	} {
		if _, err := derToRaw(jwa.ES256, in); err == nil {
			t.Errorf("derToRaw(%s) succeeded", name)
		}
	}
}

func TestValidScalar(t *testing.T) {
	t.Parallel()
	n := p256Order
	nb := []byte(n)
	below := []byte(n)
	below[31]--
	above := []byte(n)
	above[31]++
	for _, tt := range []struct {
		x    []byte
		want bool
	}{
		{make([]byte, 32), false},
		{append(make([]byte, 31), 1), true},
		{below, true},
		{nb, false},
		{above, false},
		{[]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"), false},
	} {
		if got := validScalar(tt.x, n); got != tt.want {
			t.Errorf("validScalar(%x) = %v, want %v", tt.x, got, tt.want)
		}
	}
}
