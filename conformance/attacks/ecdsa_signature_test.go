package attacks

import (
	"bytes"
	"crypto/elliptic"
	"math/big"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: ECDSA psychic signatures and malformed lengths. Java 15-18 accepted
// r = s = 0 for any message and key; other verifiers accepted r or s equal
// to or above the group order, DER instead of R || S, or R || S of another
// curve's size.
//
// Sources: CVE-2022-21449 ("psychic signatures", Java ECDSA); RFC 7518 §3.4
// (the signature is R || S, each exactly the curve's byte size); SEC 1
// v2 §4.1.4 step 1 (r and s in [1, n-1]); RFC 8725 §3.3 (validate all
// cryptographic operations). Package tests: jws/attack_test.go ("ECDSA
// ...") and jws/alg_ecdsa_test.go.
func TestECDSAPsychicAndMalformedSignaturesRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	p521, err := jwk.GenerateCurve(jwa.P521)
	if err != nil {
		t.Fatal(err)
	}
	curves := []struct {
		alg   jwa.SignatureAlgorithm
		key   *jwk.Key
		curve elliptic.Curve
	}{
		{jwa.ES256, k.ec, elliptic.P256()},
		{jwa.ES384, k.ec384, elliptic.P384()},
		{jwa.ES512, p521, elliptic.P521()},
	}
	for _, c := range curves {
		pub := public(t, c.key)
		v := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{c.alg}, Keys: jwkSet(pub)})
		p := victimPolicy(t)
		p.Algorithms, p.Keys = []jwa.SignatureAlgorithm{c.alg}, jwkSet(pub)
		jv := validator(t, p)
		hdr := `{"alg":"` + string(c.alg) + `"}`
		good := forge(t, c.key, c.alg, hdr, goodClaims)
		if _, err := v.Verify(good); err != nil {
			t.Fatalf("%s control: %v", c.alg, err)
		}
		sig := unb64(cutToken(good)[2])
		size := len(sig) / 2
		n := c.curve.Params().N
		scalar := func(x *big.Int) []byte { return x.FillBytes(make([]byte, size)) }
		r, s := sig[:size], sig[size:]
		join := func(a, b []byte) []byte { return append(append([]byte{}, a...), b...) }
		nPlus := func(d int64) []byte { return scalar(new(big.Int).Add(n, big.NewInt(d))) }

		cases := []struct {
			name string
			sig  []byte
		}{
			{"r = s = 0 (CVE-2022-21449)", make([]byte, 2*size)},
			{"r = 0", join(make([]byte, size), s)},
			{"s = 0", join(r, make([]byte, size))},
			{"r = n (SEC 1 §4.1.4)", join(scalar(n), s)},
			{"s = n", join(r, scalar(n))},
			{"r = s = n", join(scalar(n), scalar(n))},
			{"r = n + 1", join(nPlus(1), s)},
			{"s = all ones", join(r, bytes.Repeat([]byte{0xff}, size))},
			{"r = 1, s = 1", join(scalar(big.NewInt(1)), scalar(big.NewInt(1)))},
			{"empty signature", nil},
			{"one byte short (RFC 7518 §3.4)", sig[:len(sig)-1]},
			{"one byte long", join(sig, []byte{0})},
			{"leading zero byte added", join([]byte{0}, sig)},
			{"r and s swapped", join(s, r)},
			{"DER encoding instead of R || S", derSig(r, s)},
			{"R || S of the next curve's size", join(join(make([]byte, 16), r), join(make([]byte, 16), s))},
			{"only r", r},
		}
		for _, bad := range cases {
			t.Run(string(c.alg)+" "+bad.name, func(t *testing.T) {
				t.Parallel()
				tok := replacePart(good, 2, b64b(bad.sig))
				exactly(t, verifyJWS(t, v, tok), jws.ErrSignatureInvalid)
				exactly(t, verifyJWT(t, jv, tok), jwt.ErrInvalidSignature, jws.ErrSignatureInvalid)
			})
		}
	}
}

// derSig returns the ASN.1 DER SEQUENCE of two INTEGERs r and s.
func derSig(r, s []byte) []byte {
	integer := func(b []byte) []byte {
		b = bytes.TrimLeft(b, "\x00")
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return append([]byte{0x02, byte(len(b))}, b...)
	}
	body := append(integer(r), integer(s)...)
	if len(body) < 128 {
		return append([]byte{0x30, byte(len(body))}, body...)
	}
	return append([]byte{0x30, 0x81, byte(len(body))}, body...)
}
