package jwk

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"

	"github.com/jose-suite/jose/jwa"
)

// GenerateRSA returns a new RSA private key of the given modulus size, which
// must be between MinRSABits (2048) and MaxRSAPrivateBits (8192) and a
// multiple of 8.
// Randomness comes from crypto/rand.
func GenerateRSA(bits int) (*Key, error) {
	if bits < MinRSABits || bits > MaxRSAPrivateBits || bits%8 != 0 {
		return nil, memberErr("n", ErrWeakKey, "RSA size %d must be a multiple of 8 between %d and %d", bits, MinRSABits, MaxRSAPrivateBits)
	}
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, err
	}
	return NewRSAPrivateKey(priv)
}

// GenerateCurve returns a new private key on crv: an EC key for P-256,
// P-384 and P-521, an OKP key for Ed25519 and X25519.
func GenerateCurve(crv jwa.Curve) (*Key, error) {
	switch crv {
	case jwa.P256, jwa.P384, jwa.P521:
		priv, err := ecdsa.GenerateKey(ellipticCurve(crv), rand.Reader)
		if err != nil {
			return nil, err
		}
		return NewECDSAPrivateKey(priv)
	case jwa.Ed25519:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return NewEd25519PrivateKey(priv)
	case jwa.X25519:
		priv, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return NewECDHPrivateKey(priv)
	}
	return nil, memberErr("crv", ErrUnsupported, "unsupported curve %q", truncate(string(crv), 32))
}

// GenerateSymmetric returns a new "oct" key of size random bytes; size must
// be between 16 and 1024.
func GenerateSymmetric(size int) (*Key, error) {
	if size < 16 || size > 1024 {
		return nil, memberErr("k", ErrWeakKey, "symmetric key size %d must be between 16 and 1024 bytes", size)
	}
	secret := make([]byte, size)
	rand.Read(secret) // never fails (crypto/rand, Go 1.24+)
	return &Key{kty: jwa.Oct, secret: secret}, nil
}

// GenerateForSignature returns a new private key for alg with "alg" set to
// alg and "use" set to "sig": a secret of the hash size for HS*, a 2048-bit
// RSA key for RS* and PS*, a key on the algorithm's curve for ES*, an
// Ed25519 key for EdDSA and Ed25519. [jwa.None] and unknown names return an
// error wrapping [ErrUnsupported].
func GenerateForSignature(alg jwa.SignatureAlgorithm) (*Key, error) {
	var k *Key
	var err error
	switch alg.KeyType() {
	case jwa.Oct:
		k, err = GenerateSymmetric(alg.Hash().Size())
	case jwa.RSA:
		k, err = GenerateRSA(MinRSABits)
	case jwa.EC, jwa.OKP:
		k, err = GenerateCurve(alg.Curve())
	default:
		return nil, memberErr("alg", ErrUnsupported, "cannot generate a key for %q", truncate(string(alg), 32))
	}
	if err != nil {
		return nil, err
	}
	k.meta = Metadata{Algorithm: string(alg), Use: UseSignature}
	return k, nil
}

// GenerateForEncryption returns a new recipient key for the JWE key
// management algorithm alg with "alg" set to alg and "use" set to "enc": a
// 2048-bit RSA key for RSA*, a P-256 key for ECDH-ES* (use [GenerateCurve]
// for P-384, P-521 or X25519), a wrapping key of the algorithm's size for
// A*KW and A*GCMKW, and a key of enc's CEK size for dir. PBES2 takes a
// password, not a generated key, and returns an error wrapping
// [ErrUnsupported], as do unknown names.
func GenerateForEncryption(alg jwa.KeyAlgorithm, enc jwa.ContentEncryption) (*Key, error) {
	var k *Key
	var err error
	switch alg.Family() {
	case jwa.FamilyRSA:
		k, err = GenerateRSA(MinRSABits)
	case jwa.FamilyECDH:
		k, err = GenerateCurve(jwa.P256)
	case jwa.FamilyAESKW, jwa.FamilyAESGCMKW:
		k, err = GenerateSymmetric(alg.KeySize())
	case jwa.FamilyDirect:
		if !enc.Supported() {
			return nil, memberErr("alg", ErrUnsupported, "dir needs a supported enc, have %q", truncate(string(enc), 32))
		}
		k, err = GenerateSymmetric(enc.KeySize())
	default:
		return nil, memberErr("alg", ErrUnsupported, "cannot generate a key for %q", truncate(string(alg), 32))
	}
	if err != nil {
		return nil, err
	}
	k.meta = Metadata{Algorithm: string(alg), Use: UseEncryption}
	return k, nil
}
