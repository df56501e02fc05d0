package bench

// The primitive reference for JWS: only the work no JWS library can avoid,
// with the standard library. Signing encodes the payload and the signature
// around a protected header fixed in advance; verifying finds the two dots,
// decodes the signature, checks it over the signing input and decodes the
// payload. The algorithm and key are known, so the header is not parsed.

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
)

// b64 is strict unpadded base64url, as JOSE requires.
var b64 = base64.RawURLEncoding.Strict()

var errPrimitive = errors.New("primitive: invalid")

var pssOptions = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}

func primitiveSign(tb testing.TB, c sigCase) signFunc {
	header := b64.EncodeToString([]byte(`{"alg":"` + string(c.alg) + `","kid":"` + kidOf(tb, c) + `","typ":"JWT"}`))
	key := stdPrivate(tb, c)
	return func(payload []byte) (string, error) {
		n := len(header) + 1 + b64.EncodedLen(len(payload))
		buf := make([]byte, n, n+1+b64.EncodedLen(512))
		copy(buf, header)
		buf[len(header)] = '.'
		b64.Encode(buf[len(header)+1:], payload)
		var sig []byte
		var err error
		switch c.alg {
		case jwa.HS256:
			m := hmac.New(sha256.New, key.([]byte))
			m.Write(buf)
			sig = m.Sum(nil)
		case jwa.RS256:
			d := sha256.Sum256(buf)
			sig, err = rsa.SignPKCS1v15(nil, key.(*rsa.PrivateKey), crypto.SHA256, d[:])
		case jwa.PS256:
			d := sha256.Sum256(buf)
			sig, err = rsa.SignPSS(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, d[:], pssOptions)
		case jwa.ES256:
			d := sha256.Sum256(buf)
			var r, s *big.Int
			r, s, err = ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), d[:])
			if err == nil {
				sig = make([]byte, 64)
				r.FillBytes(sig[:32])
				s.FillBytes(sig[32:])
			}
		case jwa.EdDSA:
			sig = ed25519.Sign(key.(ed25519.PrivateKey), buf)
		default:
			return "", errPrimitive
		}
		if err != nil {
			return "", err
		}
		buf = append(buf, '.')
		buf = b64.AppendEncode(buf, sig)
		return string(buf), nil
	}
}

func primitiveVerify(tb testing.TB, c sigCase) verifyFunc {
	key := stdPublic(tb, c)
	return func(token string) ([]byte, error) {
		dot1 := strings.IndexByte(token, '.')
		dot2 := strings.LastIndexByte(token, '.')
		if dot1 < 0 || dot1 == dot2 {
			return nil, errPrimitive
		}
		sig, err := b64.DecodeString(token[dot2+1:])
		if err != nil {
			return nil, err
		}
		input := []byte(token[:dot2])
		ok := false
		switch c.alg {
		case jwa.HS256:
			m := hmac.New(sha256.New, key.([]byte))
			m.Write(input)
			ok = hmac.Equal(m.Sum(nil), sig)
		case jwa.RS256:
			d := sha256.Sum256(input)
			ok = rsa.VerifyPKCS1v15(key.(*rsa.PublicKey), crypto.SHA256, d[:], sig) == nil
		case jwa.PS256:
			d := sha256.Sum256(input)
			ok = rsa.VerifyPSS(key.(*rsa.PublicKey), crypto.SHA256, d[:], sig, pssOptions) == nil
		case jwa.ES256:
			if len(sig) != 64 {
				return nil, errPrimitive
			}
			d := sha256.Sum256(input)
			r := new(big.Int).SetBytes(sig[:32])
			s := new(big.Int).SetBytes(sig[32:])
			ok = ecdsa.Verify(key.(*ecdsa.PublicKey), d[:], r, s)
		case jwa.EdDSA:
			ok = ed25519.Verify(key.(ed25519.PublicKey), input, sig)
		}
		if !ok {
			return nil, errPrimitive
		}
		return b64.DecodeString(token[dot1+1 : dot2])
	}
}
