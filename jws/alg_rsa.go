package jws

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"

	"github.com/jose-suite/jose/jwa"
)

// RSASSA-PKCS1-v1_5 (RFC 7518 §3.3) and RSASSA-PSS (RFC 7518 §3.5).
//
// RFC 7518 §3.5 fixes the PSS salt length to the hash output size. Go's
// rsa.PSSSaltLengthAuto would accept any salt length on verification, so
// both directions use rsa.PSSSaltLengthEqualsHash, which Go enforces
// exactly.

// signRSA signs input with an RSA crypto.Signer. size is the modulus size
// in bytes; a signer returning anything else is refused.
func signRSA(alg jwa.SignatureAlgorithm, s crypto.Signer, size int, input []byte) ([]byte, error) {
	var sig []byte
	var err error
	if priv, ok := s.(*rsa.PrivateKey); ok {
		// The standard library's key is called directly, as a caller of
		// crypto/rsa would: crypto.SignMessage would hash through a
		// hash.Hash and reach the same function through the interface.
		h := alg.Hash()
		if isPSS(alg) {
			sig, err = rsa.SignPSS(rand.Reader, priv, h, digest(h, input), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		} else {
			sig, err = rsa.SignPKCS1v15(nil, priv, h, digest(h, input))
		}
	} else {
		var opts crypto.SignerOpts = alg.Hash()
		if isPSS(alg) {
			opts = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: alg.Hash()}
		}
		sig, err = crypto.SignMessage(s, rand.Reader, input, opts)
	}
	if err != nil {
		return nil, err
	}
	if len(sig) != size {
		return nil, errors.New("jws: RSA signer returned a signature of the wrong length")
	}
	return sig, nil
}

// verifyRSA reports whether sig is a valid RS* or PS* signature of input.
func verifyRSA(alg jwa.SignatureAlgorithm, pub *rsa.PublicKey, input, sig []byte) bool {
	if len(sig) != pub.Size() {
		return false
	}
	h := alg.Hash()
	d := digest(h, input)
	if isPSS(alg) {
		return rsa.VerifyPSS(pub, h, d, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
	}
	return rsa.VerifyPKCS1v15(pub, h, d, sig) == nil
}
