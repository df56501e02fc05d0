package jws

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"errors"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// numAlgs is the number of supported signature algorithms; algIndex maps
// each to a distinct index below it.
const numAlgs = 14

// algIndex returns a dense index for a supported signature algorithm, or
// -1 for [jwa.None] and unknown names.
func algIndex(alg jwa.SignatureAlgorithm) int {
	switch alg {
	case jwa.HS256:
		return 0
	case jwa.HS384:
		return 1
	case jwa.HS512:
		return 2
	case jwa.RS256:
		return 3
	case jwa.RS384:
		return 4
	case jwa.RS512:
		return 5
	case jwa.PS256:
		return 6
	case jwa.PS384:
		return 7
	case jwa.PS512:
		return 8
	case jwa.ES256:
		return 9
	case jwa.ES384:
		return 10
	case jwa.ES512:
		return 11
	case jwa.EdDSA:
		return 12
	case jwa.SigEd25519:
		return 13
	}
	return -1
}

// isPSS reports whether alg is RSASSA-PSS.
func isPSS(alg jwa.SignatureAlgorithm) bool {
	return alg == jwa.PS256 || alg == jwa.PS384 || alg == jwa.PS512
}

// digest returns the hash of msg with h (SHA-256, SHA-384 or SHA-512).
func digest(h crypto.Hash, msg []byte) []byte {
	switch h {
	case crypto.SHA256:
		d := sha256.Sum256(msg)
		return d[:]
	case crypto.SHA384:
		d := sha512.Sum384(msg)
		return d[:]
	case crypto.SHA512:
		d := sha512.Sum512(msg)
		return d[:]
	}
	return nil
}

// verifyKey is a key prepared to verify one algorithm: its type, size,
// "use", "key_ops" and "alg" have been checked against that algorithm, and
// its material has been extracted once.
type verifyKey struct {
	key   *jwk.Key
	alg   jwa.SignatureAlgorithm
	mac   *macKey
	rsa   *rsa.PublicKey
	ec    *ecdsa.PublicKey
	ed    ed25519.PublicKey
	label string // the kid reported in a SignatureError
}

// newVerifyKey prepares k to verify alg. It returns the [jwk.UsageError]
// when k may not.
func newVerifyKey(k *jwk.Key, alg jwa.SignatureAlgorithm) (*verifyKey, error) {
	if err := k.PermitsSignature(jwk.OpVerify, alg); err != nil {
		return nil, err
	}
	vk := &verifyKey{key: k, alg: alg, label: k.KeyID()}
	ok := false
	switch alg.KeyType() {
	case jwa.Oct:
		secret := k.SymmetricKey()
		vk.mac, ok = newMACKey(alg.Hash(), secret), len(secret) > 0
	case jwa.RSA:
		vk.rsa = k.RSAPublicKey()
		ok = vk.rsa != nil
	case jwa.EC:
		vk.ec = k.ECDSAPublicKey()
		ok = vk.ec != nil
	case jwa.OKP:
		vk.ed = k.Ed25519PublicKey()
		ok = len(vk.ed) == ed25519.PublicKeySize
	}
	if !ok {
		// Unreachable for keys that PermitsSignature accepts.
		return nil, errors.New("jws: key has no material for " + string(alg))
	}
	return vk, nil
}

// verify reports whether sig is a valid signature of input. buf is scratch
// space for a MAC.
func (k *verifyKey) verify(input, sig, buf []byte) bool {
	switch k.alg.KeyType() {
	case jwa.Oct:
		return k.mac.verify(input, sig, buf)
	case jwa.RSA:
		return verifyRSA(k.alg, k.rsa, input, sig)
	case jwa.EC:
		return verifyECDSA(k.alg, k.ec, input, sig)
	case jwa.OKP:
		return verifyEd25519(k.ed, input, sig)
	}
	return false
}

// signKey is a key prepared to sign with one algorithm.
type signKey struct {
	alg    jwa.SignatureAlgorithm
	mac    *macKey
	signer crypto.Signer
	size   int // RSA modulus size in bytes
}

// newSignKey prepares k to sign with alg. The caller has checked
// k.PermitsSignature(jwk.OpSign, alg).
func newSignKey(k *jwk.Key, alg jwa.SignatureAlgorithm) (*signKey, error) {
	sk := &signKey{alg: alg}
	if alg.KeyType() == jwa.Oct {
		secret := k.SymmetricKey()
		if len(secret) == 0 {
			return nil, errors.New("no symmetric key")
		}
		sk.mac = newMACKey(alg.Hash(), secret)
		return sk, nil
	}
	sk.signer = k.Signer()
	if sk.signer == nil {
		return nil, errors.New("no private key")
	}
	if alg.KeyType() == jwa.RSA {
		pub := k.RSAPublicKey()
		if pub == nil {
			return nil, errors.New("no RSA public key")
		}
		sk.size = pub.Size()
	}
	return sk, nil
}

// sigLen returns the length of the signatures k makes, to size buffers.
func (k *signKey) sigLen() int {
	switch k.alg.KeyType() {
	case jwa.Oct:
		return k.alg.Hash().Size()
	case jwa.RSA:
		return k.size
	case jwa.EC:
		return 2 * len(curveOrder(k.alg))
	case jwa.OKP:
		return ed25519.SignatureSize
	}
	return 0
}

// sign returns the JWS Signature of input (RFC 7515 §5.1 step 5).
func (k *signKey) sign(input []byte) ([]byte, error) {
	switch k.alg.KeyType() {
	case jwa.Oct:
		return k.mac.sum(nil, input), nil
	case jwa.RSA:
		return signRSA(k.alg, k.signer, k.size, input)
	case jwa.EC:
		return signECDSA(k.alg, k.signer, input)
	case jwa.OKP:
		return signEd25519(k.signer, input)
	}
	return nil, errors.New("jws: unsupported algorithm")
}
