package jws

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"math/big"

	"github.com/jose-suite/jose/jwa"
)

// ECDSA with P-256, P-384 and P-521 (RFC 7518 §3.4).
//
// A JWS ECDSA signature is R || S, each the curve's fixed size, big-endian
// (RFC 7518 §3.4). A verifier that accepted DER, or variable lengths,
// would let one signature have many encodings; one that did not check
// 0 < r, s < n before the curve math would risk the "psychic signature"
// (r = s = 0, CVE-2022-21449 in Java). Both checks happen here, before any
// curve arithmetic.

// The curve orders n, big-endian, at the curve's coordinate size
// (SEC 2 §2.4.2, §2.5.1, §2.6.1). TestCurveOrders checks them against
// crypto/elliptic.
const (
	p256Order = "\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xbc\xe6\xfa\xad\xa7\x17\x9e\x84\xf3\xb9\xca\xc2\xfc\x63\x25\x51"
	p384Order = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xc7\x63\x4d\x81\xf4\x37\x2d\xdf" +
		"\x58\x1a\x0d\xb2\x48\xb0\xa7\x7a\xec\xec\x19\x6a\xcc\xc5\x29\x73"
	p521Order = "\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
		"\xff\xfa\x51\x86\x87\x83\xbf\x2f\x96\x6b\x7f\xcc\x01\x48\xf7\x09" +
		"\xa5\xd0\x3b\xb5\xc9\xb8\x89\x9c\x47\xae\xbb\x6f\xb7\x1e\x91\x38" +
		"\x64\x09"
)

// curveOrder returns the order of alg's curve at the coordinate size, or
// "" for other algorithms.
func curveOrder(alg jwa.SignatureAlgorithm) string {
	switch alg {
	case jwa.ES256:
		return p256Order
	case jwa.ES384:
		return p384Order
	case jwa.ES512:
		return p521Order
	}
	return ""
}

// validScalar reports whether the big-endian x, of the same length as n,
// satisfies 0 < x < n. Equal lengths make byte order numeric order.
func validScalar(x []byte, n string) bool {
	zero := true
	for _, b := range x {
		if b != 0 {
			zero = false
			break
		}
	}
	return !zero && string(x) < n
}

// verifyECDSA reports whether sig is a valid R || S signature of input.
func verifyECDSA(alg jwa.SignatureAlgorithm, pub *ecdsa.PublicKey, input, sig []byte) bool {
	n := curveOrder(alg)
	size := len(n)
	if size == 0 || len(sig) != 2*size {
		return false
	}
	r, s := sig[:size], sig[size:]
	if !validScalar(r, n) || !validScalar(s, n) {
		return false
	}
	return ecdsa.VerifyASN1(pub, digest(alg.Hash(), input), appendDER(make([]byte, 0, 2*size+12), r, s))
}

// appendDER appends the ASN.1 DER encoding of the ECDSA-Sig-Value
// SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) of the positive
// big-endian r and s.
func appendDER(dst, r, s []byte) []byte {
	r, s = trimZeros(r), trimZeros(s)
	ri, si := intLen(r), intLen(s)
	body := 2 + ri + 2 + si // each INTEGER is at most 67 bytes: short length form
	dst = append(dst, 0x30)
	if body >= 0x80 {
		dst = append(dst, 0x81)
	}
	dst = append(dst, byte(body))
	dst = appendInt(dst, r, ri)
	return appendInt(dst, s, si)
}

func trimZeros(b []byte) []byte {
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// intLen returns the length of the INTEGER content for the minimal
// big-endian magnitude b: one more when its top bit is set.
func intLen(b []byte) int {
	if b[0]&0x80 != 0 {
		return len(b) + 1
	}
	return len(b)
}

func appendInt(dst, b []byte, n int) []byte {
	dst = append(dst, 0x02, byte(n))
	if n > len(b) {
		dst = append(dst, 0)
	}
	return append(dst, b...)
}

// signECDSA signs input with an ECDSA crypto.Signer, whose ASN.1 DER
// output (the crypto.Signer contract) is converted to R || S.
func signECDSA(alg jwa.SignatureAlgorithm, s crypto.Signer, input []byte) ([]byte, error) {
	if priv, ok := s.(*ecdsa.PrivateKey); ok {
		// The standard library's key directly: ecdsa.Sign returns r and s,
		// sparing the reflection-driven encoding/asn1 parse of the DER
		// that a crypto.Signer returns.
		r, sv, err := ecdsa.Sign(rand.Reader, priv, digest(alg.Hash(), input))
		if err != nil {
			return nil, err
		}
		return scalarsToRaw(alg, r, sv)
	}
	der, err := crypto.SignMessage(s, rand.Reader, input, alg.Hash())
	if err != nil {
		return nil, err
	}
	return derToRaw(alg, der)
}

// derToRaw converts an ASN.1 DER ECDSA-Sig-Value to the fixed-size R || S
// of RFC 7518 §3.4, refusing trailing data and r or s outside [1, n-1].
func derToRaw(alg jwa.SignatureAlgorithm, der []byte) ([]byte, error) {
	var v struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &v)
	if err != nil || len(rest) != 0 || v.R == nil || v.S == nil {
		return nil, errors.New("jws: ECDSA signer returned a malformed signature")
	}
	return scalarsToRaw(alg, v.R, v.S)
}

// scalarsToRaw returns the fixed-size R || S of RFC 7518 §3.4, refusing r
// or s outside [1, n-1].
func scalarsToRaw(alg jwa.SignatureAlgorithm, r, s *big.Int) ([]byte, error) {
	n := curveOrder(alg)
	size := len(n)
	if size == 0 || r.Sign() <= 0 || s.Sign() <= 0 || r.BitLen() > 8*size || s.BitLen() > 8*size {
		return nil, errors.New("jws: ECDSA signer returned a signature out of range")
	}
	out := make([]byte, 2*size)
	r.FillBytes(out[:size])
	s.FillBytes(out[size:])
	if !validScalar(out[:size], n) || !validScalar(out[size:], n) {
		return nil, errors.New("jws: ECDSA signer returned a signature out of range")
	}
	return out, nil
}
