package attacks

import (
	"crypto/ecdh"
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// Class: invalid-curve ECDH-ES. The attacker sends an "epk" that is not a
// point of the recipient's group (another curve, off the curve, the point
// at infinity, a coordinate not reduced mod p) or, on X25519, a point of
// small order; each decryption then leaks the recipient's private scalar
// modulo a small number, or forces a known all-zero shared secret.
//
// Sources: RFC 8725 §3.4 ("validate cryptographic inputs"); RFC 7518 §4.6
// and its errata on epk validation; CVE-2016-9121 (go-jose, oss-security
// 2016/11/03); GHSA-rvj9-8cvx-3vq9 (node-jose); A. Sanso, "Critical
// Vulnerability Uncovered in JSON Encryption" (2017: jose4j, Nimbus,
// jose2go v1.3); RFC 7748 §6.1 (X25519 all-zero output). Package tests:
// jwe/attack_test.go ("invalid curve: ...") and
// jwe/attack_test.go TestX25519LowOrderPoints.
func TestInvalidCurveEphemeralKeysRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	p256, x25519 := k.ecEnc, k.x25519
	other384 := public(t, k.ec384)
	otherX := genCurve(t, jwa.X25519)
	ed := genCurve(t, jwa.Ed25519)

	// A P-256 public point, as coordinates, to tamper with.
	honest := genCurve(t, jwa.P256)
	hp := honest.ECDSAPublicKey()
	coord := func(x *big.Int) string { return b64b(x.FillBytes(make([]byte, 32))) }
	ecEPK := func(x, y string) string { return `{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + y + `"}` }
	offCurveY := new(big.Int).Add(hp.Y, big.NewInt(1))
	p := hp.Curve.Params().P
	xPlusP := new(big.Int).Add(hp.X, p) // does not fit 32 bytes: a 33-byte coordinate
	xPlusPBytes := xPlusP.Bytes()

	epkJSON := func(key *jwk.Key) string { return string(marshal(t, public(t, key))) }

	cases := []struct {
		name string
		key  *jwk.Key // the recipient
		alg  jwa.KeyAlgorithm
		epk  string
		want error
		// lower is the jwk error the epk parse wraps, if any.
		lower error
	}{
		{"P-256 epk off the curve (y+1)", p256, jwa.ECDH_ES, ecEPK(coord(hp.X), coord(offCurveY)), jwe.ErrMalformed, jwk.ErrMalformed},
		{"P-256 epk at infinity (0,0)", p256, jwa.ECDH_ES, ecEPK(coord(big.NewInt(0)), coord(big.NewInt(0))), jwe.ErrMalformed, jwk.ErrMalformed},
		{"P-256 epk with x = p (not reduced)", p256, jwa.ECDH_ES, ecEPK(coord(p), coord(hp.Y)), jwe.ErrMalformed, jwk.ErrMalformed},
		{"P-256 epk with x + p as a 33-byte coordinate", p256, jwa.ECDH_ES, ecEPK(b64b(xPlusPBytes), coord(hp.Y)), jwe.ErrMalformed, jwk.ErrMalformed},
		{"P-256 epk with a 31-byte coordinate", p256, jwa.ECDH_ES, ecEPK(b64b(hp.X.FillBytes(make([]byte, 32))[1:]), coord(hp.Y)), jwe.ErrMalformed, jwk.ErrMalformed},
		{"P-256 epk off the curve, with key wrap", p256, jwa.ECDH_ES_A128KW, ecEPK(coord(hp.X), coord(offCurveY)), jwe.ErrMalformed, jwk.ErrMalformed},
		{"epk on P-384 for a P-256 key (another curve)", p256, jwa.ECDH_ES, epkJSON(other384), jwe.ErrNoKey, nil},
		{"epk on X25519 for a P-256 key", p256, jwa.ECDH_ES, epkJSON(otherX), jwe.ErrNoKey, nil},
		{"epk on P-256 for an X25519 key", x25519, jwa.ECDH_ES, epkJSON(honest), jwe.ErrNoKey, nil},
		{"epk is an Ed25519 key", x25519, jwa.ECDH_ES, epkJSON(ed), jwe.ErrMalformed, nil},
		{"epk holds a private key", p256, jwa.ECDH_ES, string(marshal(t, honest)), jwe.ErrMalformed, nil},
	}
	// X25519 points of small order (RFC 7748 §6.1; the list libsodium and
	// Go's crypto/ecdh refuse): each gives the all-zero shared secret.
	for i, h := range x25519LowOrder {
		u, _ := hex.DecodeString(h)
		for _, top := range []byte{0, 0x80} {
			pt := append([]byte{}, u...)
			pt[31] |= top
			if _, err := x25519.KeyExchanger().ECDH(must[*ecdh.PublicKey](t)(ecdh.X25519().NewPublicKey(pt))); err == nil {
				t.Fatalf("low-order point %d (top %#x): crypto/ecdh agreed; the table is wrong", i, top)
			}
			cases = append(cases, struct {
				name  string
				key   *jwk.Key
				alg   jwa.KeyAlgorithm
				epk   string
				want  error
				lower error
			}{"X25519 small-order epk " + h[:8] + map[byte]string{0: "", 0x80: " (top bit set)"}[top], x25519, jwa.ECDH_ES_A128KW, `{"kty":"OKP","crv":"X25519","x":"` + b64b(pt) + `"}`, jwe.ErrMalformed, nil})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			hdr := `{"alg":"` + string(c.alg) + `","enc":"A128GCM","epk":` + c.epk + `}`
			var ek []byte
			if c.alg.WrapsKey() {
				ek = make([]byte, 24)
			}
			tok := sealJWE(t, hdr, ek, jwa.A128GCM, make([]byte, 16), []byte(goodClaims))
			d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{c.alg}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(c.key)})
			want := []error{c.want}
			if c.lower != nil {
				want = append(want, c.lower)
			}
			exactly(t, decryptJWE(t, d, tok), want...)

			p := victimPolicy(t)
			p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{c.alg}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(c.key), AllowUnsigned: true}
			exactly(t, verifyJWT(t, validator(t, p), tok), append(want, jwtStageJWE(c.want))...)
		})
	}
}

// x25519LowOrder holds the little-endian u-coordinates of the X25519
// points of small order and their non-canonical encodings: 0, 1, the two
// points of order 8, p-1, p and p+1.
var x25519LowOrder = []string{
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
}

// jwtStageJWE returns the jwt stage sentinel a jwe sentinel maps to.
func jwtStageJWE(jweErr error) error {
	switch jweErr {
	case jwe.ErrMalformed:
		return jwt.ErrMalformed
	case jwe.ErrTooLarge:
		return jwt.ErrTooLarge
	case jwe.ErrAlgorithmNotAllowed, jwe.ErrCritical:
		return jwt.ErrPolicy
	}
	return jwt.ErrInvalidSignature
}

// genCurve returns a new private key on crv.
func genCurve(t testing.TB, crv jwa.Curve) *jwk.Key {
	t.Helper()
	k, err := jwk.GenerateCurve(crv)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// marshal returns the JWK of k.
func marshal(t testing.TB, k *jwk.Key) []byte {
	t.Helper()
	b, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// must returns a function that fails t on an error and returns the value.
func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
