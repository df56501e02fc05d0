package jwe

import (
	"crypto/rand"
	"crypto/rsa"

	"github.com/jose-suite/jose/jwa"
)

// RSA1_5 and RSA-OAEP* (RFC 7518 §4.2, §4.3): the CEK is encrypted to the
// recipient's RSA public key.

// rsaWrap encrypts cek to pub with alg.
func rsaWrap(alg jwa.KeyAlgorithm, pub *rsa.PublicKey, cek []byte) ([]byte, error) {
	if alg == jwa.RSA1_5 {
		return rsa.EncryptPKCS1v15(rand.Reader, pub, cek)
	}
	// RSA-OAEP uses the same hash for OAEP and MGF1 (SHA-1 for "RSA-OAEP").
	return rsa.EncryptOAEP(alg.Hash().New(), rand.Reader, pub, cek, nil)
}

// rsaUnwrap decrypts the CEK through the key's crypto.Decrypter, which may
// be an opaque HSM or KMS key, so only the options of the crypto.Decrypter
// interface are used; an *rsa.PrivateKey is called directly for RSA-OAEP.
//
// RSA1_5 never fails here (RFC 7516 §11.5, RFC 3218 §2.3.2): on a
// malformed block, a wrong length or any other failure it returns a random
// CEK of the right length, so that the failure shows only as the
// authentication tag mismatch that follows, with the same error and along
// the same path. With an *rsa.PrivateKey the padding check and the choice
// between the decrypted and the random key run in constant time
// (rsa.DecryptPKCS1v15SessionKey).
func rsaUnwrap(k *decryptKey, alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, ek []byte) ([]byte, error) {
	n := enc.KeySize()
	if alg == jwa.RSA1_5 {
		if len(ek) == k.rsaSize {
			cek, err := k.decrypter.Decrypt(rand.Reader, ek, &rsa.PKCS1v15DecryptOptions{SessionKeyLen: n})
			if err == nil && len(cek) == n {
				return cek, nil
			}
		}
		cek := make([]byte, n)
		rand.Read(cek) // never fails (crypto/rand, Go 1.24+)
		return cek, nil
	}
	if len(ek) != k.rsaSize {
		return nil, ErrDecryption
	}
	var cek []byte
	var err error
	if priv, ok := k.decrypter.(*rsa.PrivateKey); ok {
		// The standard library's key directly, as a caller of crypto/rsa
		// would: rsa.PrivateKey.Decrypt reaches the same function after
		// checking the options it is given through the interface.
		cek, err = rsa.DecryptOAEP(alg.Hash().New(), nil, priv, ek, nil)
	} else {
		cek, err = k.decrypter.Decrypt(rand.Reader, ek, &rsa.OAEPOptions{Hash: alg.Hash(), MGFHash: alg.Hash()})
	}
	if err != nil || len(cek) != n {
		return nil, ErrDecryption
	}
	return cek, nil
}
