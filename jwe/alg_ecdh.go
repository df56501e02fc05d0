package jwe

import (
	"crypto/ecdh"
	"crypto/rand"
	"crypto/subtle"

	"github.com/jose-suite/jose/internal/aeskw"
	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/concatkdf"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// ECDH-ES and ECDH-ES+A*KW (RFC 7518 §4.6, RFC 8037 §3.2): the sender
// agrees a key with the recipient's EC (P-256, P-384, P-521) or X25519 key
// through an ephemeral key "epk", and derives with the Concat KDF either the
// CEK itself (ECDH-ES) or a key that wraps it (ECDH-ES+A*KW).

// x25519LowOrder lists the X25519 u-coordinates, with the top bit cleared
// (RFC 7748 §5 ignores it), of the points of small order. X25519 with any
// private key maps them to the all-zero shared secret, which RFC 7748 §6.1
// and §7 let a party check for and refuse; this package refuses them in the
// "epk" check, with [ErrMalformed]. The list is the one libsodium uses: 0
// and 1, the two points of order 8, and p-1, p and p+1 (p = 2^255-19); with
// the top bit cleared, every other u-coordinate gives a non-zero secret.
// Tests read this table.
var x25519LowOrder = [...][32]byte{
	{},
	{0: 1},
	{0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00},
	{0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
}

// isX25519LowOrder reports whether the X25519 public key u is in
// x25519LowOrder, ignoring its top bit.
func isX25519LowOrder(u []byte) bool {
	if len(u) != 32 {
		return false
	}
	var masked [32]byte
	copy(masked[:], u)
	masked[31] &= 0x7f
	for _, p := range x25519LowOrder {
		if subtle.ConstantTimeCompare(masked[:], p[:]) == 1 {
			return true
		}
	}
	return false
}

// maxEPKSize bounds the "epk" member: a P-521 public JWK is under 300
// bytes.
const maxEPKSize = 1024

// ecdhParams are the header parameters of ECDH-ES.
type ecdhParams struct {
	epk      *ecdh.PublicKey
	curve    jwa.Curve
	apu, apv []byte
}

// parseECDHParams reads "epk", "apu" and "apv". The "epk" is parsed by
// [jwk.ParseKey], which validates it (an EC point must lie on its curve, so
// an invalid-curve point is refused); it must be a public EC or X25519 key,
// and an X25519 key must not be of small order.
func parseECDHParams(h *Header) (ecdhParams, error) {
	var p ecdhParams
	v, _, ok := h.h.Get("epk")
	if !ok {
		return p, malformed("epk", "missing")
	}
	if v.Kind() != ijson.KindObject {
		return p, malformed("epk", "not a JSON object")
	}
	// Refuse what cannot be an ephemeral public key before the full JWK
	// parse, whose validation of other key types (an RSA private key, an
	// x5c chain) costs far more than an EC point check.
	if len(v.Raw()) > maxEPKSize {
		return p, malformed("epk", "too large for an ephemeral public key")
	}
	obj, _ := v.Object()
	kty, _, _ := obj.String("kty")
	if kty != string(jwa.EC) && kty != string(jwa.OKP) {
		return p, malformed("epk", "must be an EC or X25519 key, is "+quote(kty))
	}
	for _, name := range []string{"d", "x5c", "p", "q", "dp", "dq", "qi", "k"} {
		if obj.Has(name) {
			return p, malformed("epk", "has member "+quote(name)+", which an ephemeral public key never has")
		}
	}
	var err error
	if p.epk, p.curve = bareEPK(obj, kty); p.epk == nil {
		k, err := jwk.ParseKey(v.Raw())
		if err != nil {
			return p, malformedCause("epk", "invalid ephemeral public key", err)
		}
		if k.IsPrivate() {
			return p, malformed("epk", "holds private key material")
		}
		switch {
		case k.Type() == jwa.EC, k.Type() == jwa.OKP && k.Curve() == jwa.X25519:
		default:
			return p, malformed("epk", "must be an EC or X25519 key, is "+quote(string(k.Type()))+" "+quote(string(k.Curve())))
		}
		p.epk, p.curve = k.ECDHPublicKey(), k.Curve()
		if p.epk == nil {
			return p, malformed("epk", "invalid ephemeral public key")
		}
	}
	if p.curve == jwa.X25519 && isX25519LowOrder(p.epk.Bytes()) {
		return p, malformed("epk", "is an X25519 point of small order, which gives an all-zero shared secret (RFC 7748 §6.1)")
	}
	if p.apu, err = h.bytesMember("apu", false); err != nil {
		return p, err
	}
	if p.apv, err = h.bytesMember("apv", false); err != nil {
		return p, err
	}
	return p, nil
}

// bareEPK returns the ephemeral public key of an "epk" that has only the
// members an ephemeral key needs, "kty", "crv", "x" and (for EC) "y", when
// they are all valid, and nil otherwise. It accepts exactly what
// [jwk.ParseKey] accepts for such an object: strict base64url coordinates
// of the curve's size and a point the curve validates (on the curve, not
// the identity), as crypto/ecdh's NewPublicKey checks; anything else,
// including any other member, goes through jwk.ParseKey, which gives the
// error. It spares the usual case the second JSON parse, the big.Int
// coordinates of a crypto/ecdsa key and their conversion back to
// crypto/ecdh.
func bareEPK(obj ijson.Object, kty string) (*ecdh.PublicKey, jwa.Curve) {
	crvName, ok, err := obj.String("crv")
	if !ok || err != nil {
		return nil, ""
	}
	crv := jwa.Curve(crvName)
	var curve ecdh.Curve
	switch {
	case kty == string(jwa.EC) && obj.Len() == 4 && obj.Has("y"):
		switch crv {
		case jwa.P256:
			curve = ecdh.P256()
		case jwa.P384:
			curve = ecdh.P384()
		case jwa.P521:
			curve = ecdh.P521()
		}
	case kty == string(jwa.OKP) && obj.Len() == 3 && crv == jwa.X25519:
		curve = ecdh.X25519()
	}
	if curve == nil || !obj.Has("x") {
		return nil, ""
	}
	size := crv.Size()
	point := make([]byte, 0, 1+2*size)
	if kty == string(jwa.EC) {
		point = append(point, 4)
	}
	for _, name := range []string{"x", "y"} {
		if name == "y" && kty != string(jwa.EC) {
			break
		}
		s, ok, err := obj.String(name)
		if !ok || err != nil || base64url.EncodedLen(size) != len(s) {
			return nil, ""
		}
		n := len(point)
		if point, err = base64url.AppendDecodeString(point, s); err != nil || len(point)-n != size {
			return nil, ""
		}
	}
	pub, err := curve.NewPublicKey(point)
	if err != nil {
		return nil, ""
	}
	return pub, crv
}

// ecdhUnwrap agrees the shared secret Z with the recipient key, derives
// the key with the Concat KDF (RFC 7518 §4.6.2) and returns it as the CEK
// (ECDH-ES) or unwraps the CEK with it.
func ecdhUnwrap(k *decryptKey, alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, p *ecdhParams, ek []byte) ([]byte, error) {
	z, err := k.exchanger.ECDH(p.epk)
	if err != nil {
		return nil, ErrDecryption
	}
	defer clear(z)
	derived, err := ecdhDerive(z, alg, enc, p.apu, p.apv)
	if err != nil {
		return nil, ErrDecryption
	}
	if alg == jwa.ECDH_ES {
		return derived, nil
	}
	defer clear(derived)
	return aeskwUnwrapKey(derived, ek)
}

// ecdhDerive runs the Concat KDF on Z. The AlgorithmID is "enc" and the key
// length enc's CEK size for ECDH-ES (direct key agreement), and "alg" and
// its wrapping key size for ECDH-ES+A*KW (RFC 7518 §4.6.2). An all-zero Z
// is refused (RFC 7748 §6.1): the "epk" check already refuses the points
// that give it, so this guards against key exchangers that do not.
func ecdhDerive(z []byte, alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, apu, apv []byte) ([]byte, error) {
	var acc byte
	for _, b := range z {
		acc |= b
	}
	if acc == 0 {
		return nil, ErrDecryption
	}
	if alg == jwa.ECDH_ES {
		return concatkdf.Derive(z, string(enc), apu, apv, enc.KeySize())
	}
	return concatkdf.Derive(z, string(alg), apu, apv, alg.KeySize())
}

// ecdhWrap runs the sender's side: with the ephemeral key eph (generated
// on the recipient's curve when nil) it agrees Z with pub, derives the key,
// and returns the ephemeral public key and either the derived CEK
// (ECDH-ES, cek is ignored) or the wrapped cek.
func ecdhWrap(alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, pub *ecdh.PublicKey, eph *ecdh.PrivateKey, apu, apv, cek []byte) (epk *ecdh.PublicKey, ek, derivedCEK []byte, err error) {
	if eph == nil {
		if eph, err = pub.Curve().GenerateKey(rand.Reader); err != nil {
			return nil, nil, nil, err
		}
	}
	z, err := eph.ECDH(pub)
	if err != nil {
		return nil, nil, nil, err
	}
	defer clear(z)
	derived, err := ecdhDerive(z, alg, enc, apu, apv)
	if err != nil {
		return nil, nil, nil, err
	}
	if alg == jwa.ECDH_ES {
		return eph.PublicKey(), nil, derived, nil
	}
	defer clear(derived)
	ek, err = aeskw.Wrap(derived, cek)
	return eph.PublicKey(), ek, nil, err
}

// appendEPK appends the JWK of an ephemeral public key: kty, crv, x (and y
// for EC keys), the members RFC 7518 §4.6.1.1 and RFC 8037 §2 require.
func appendEPK(b []byte, pub *ecdh.PublicKey, crv jwa.Curve) []byte {
	raw := pub.Bytes()
	if crv == jwa.X25519 {
		b = append(b, `{"kty":"OKP","crv":"X25519","x":"`...)
		b = base64url.AppendEncode(b, raw)
		return append(b, `"}`...)
	}
	// Uncompressed point: 0x04 || X || Y.
	size := (len(raw) - 1) / 2
	b = append(b, `{"kty":"EC","crv":"`...)
	b = append(b, crv...)
	b = append(b, `","x":"`...)
	b = base64url.AppendEncode(b, raw[1:1+size])
	b = append(b, `","y":"`...)
	b = base64url.AppendEncode(b, raw[1+size:])
	return append(b, `"}`...)
}
