package jwe

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"slices"

	"github.com/jose-suite/jose/internal/cbchmac"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// decryptKey is a recipient key prepared for the algorithms a policy lists:
// the checks of [jwk.Key.PermitsKeyManagement] are done once, and the Go
// key and the AES, GCM and CBC-HMAC instances are built once. Every field is
// read-only after prepareKey, so a decryptKey is safe for concurrent use.
type decryptKey struct {
	key  *jwk.Key
	kid  string
	algs []jwa.KeyAlgorithm // the policy's algorithms this key may serve

	// RSA: the decrypter (possibly opaque) and the modulus size in bytes.
	decrypter crypto.Decrypter
	rsaSize   int

	// ECDH-ES: the key exchanger (possibly opaque) and its curve.
	exchanger ecdh.KeyExchanger
	curve     jwa.Curve

	// oct: the secret, and ciphers under it where its size fits.
	secret []byte
	dirEnc jwa.ContentEncryption // the "enc" a dir key names as its "alg", or ""
	block  cipher.Block          // AES, for A*KW and A*GCMKW (and dir + A*GCM)
	gcm    cipher.AEAD           // AES-GCM, for A*GCMKW and dir + A*GCM
	cbc    *cbchmac.AEAD         // AES-CBC-HMAC, for dir + A*CBC-HS*
}

// permits reports whether k may serve alg.
func (k *decryptKey) permits(alg jwa.KeyAlgorithm) bool { return slices.Contains(k.algs, alg) }

// servesEnc reports whether k, as a dir key, may be the CEK of enc: it
// has enc's key size, and names enc if its "alg" names a content
// encryption algorithm.
func (k *decryptKey) servesEnc(enc jwa.ContentEncryption) bool {
	return k.key.Type() == jwa.Oct && k.key.Size() == 8*enc.KeySize() && (k.dirEnc == "" || k.dirEnc == enc)
}

// recipientOp is the key operation a recipient performs with alg: decrypt
// for dir (the key decrypts the content), unwrapKey for the others.
// [jwk.Key.PermitsKeyManagement] also accepts a key whose "key_ops" lists
// decrypt, deriveKey or deriveBits for unwrapKey.
func recipientOp(alg jwa.KeyAlgorithm) jwk.Operation {
	if alg == jwa.Direct {
		return jwk.OpDecrypt
	}
	return jwk.OpUnwrapKey
}

// prepareKeys prepares the keys of set that may serve at least one of algs
// (PBES2 aside: passwords serve it), in the set's order.
func prepareKeys(set *jwk.Set, algs []jwa.KeyAlgorithm, encs []jwa.ContentEncryption) []*decryptKey {
	if set == nil {
		return nil
	}
	var out []*decryptKey
	for _, k := range set.All() {
		if dk := prepareKey(k, algs, encs); dk != nil {
			out = append(out, dk)
		}
	}
	return out
}

// prepareKey returns k prepared for the algorithms of algs it may serve, or
// nil when it serves none.
func prepareKey(k *jwk.Key, algs []jwa.KeyAlgorithm, encs []jwa.ContentEncryption) *decryptKey {
	dk := &decryptKey{key: k, kid: k.KeyID()}
	if enc := jwa.ContentEncryption(k.Algorithm()); enc.Supported() {
		dk.dirEnc = enc
	}
	for _, alg := range algs {
		if alg.Family() == jwa.FamilyPBES2 || k.PermitsKeyManagement(recipientOp(alg), alg) != nil {
			continue
		}
		if alg == jwa.Direct && !slices.ContainsFunc(encs, dk.servesEnc) {
			continue // a dir key must fit an allowed enc
		}
		dk.algs = append(dk.algs, alg)
	}
	if len(dk.algs) == 0 {
		return nil
	}
	switch k.Type() {
	case jwa.RSA:
		dk.decrypter = k.Decrypter()
		dk.rsaSize = k.RSAPublicKey().Size()
	case jwa.EC, jwa.OKP:
		dk.exchanger = k.KeyExchanger()
		dk.curve = k.Curve()
	case jwa.Oct:
		dk.secret = k.SymmetricKey()
		switch len(dk.secret) {
		case 16, 24, 32:
			if b, err := aes.NewCipher(dk.secret); err == nil {
				dk.block = b
				dk.gcm, _ = cipher.NewGCM(b)
			}
		}
		if dk.permits(jwa.Direct) {
			// Only a dir key is ever a CBC-HMAC key; nil when the size
			// is not 32, 48 or 64.
			dk.cbc, _ = cbchmac.New(dk.secret)
		}
	}
	if (dk.decrypter == nil && k.Type() == jwa.RSA) || (dk.exchanger == nil && k.Type() != jwa.RSA && k.Type() != jwa.Oct) {
		return nil // PermitsKeyManagement has checked this; keep no half-prepared key
	}
	return dk
}
