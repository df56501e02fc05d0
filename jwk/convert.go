package jwk

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"math/big"
	"slices"

	"github.com/jose-suite/jose/jwa"
)

// NewRSAPublicKey returns a Key for pub. It returns an error wrapping
// [ErrWeakKey] for a modulus under 2048 bits or a bad public exponent, and
// [ErrUnsupported] above MaxRSABits.
func NewRSAPublicKey(pub *rsa.PublicKey) (*Key, error) {
	if pub == nil || pub.N == nil {
		return nil, memberErr("n", ErrMalformed, "nil RSA public key")
	}
	if err := checkRSAPublic(pub, MinRSABits); err != nil {
		return nil, err
	}
	cp := &rsa.PublicKey{N: new(big.Int).Set(pub.N), E: pub.E}
	return &Key{kty: jwa.RSA, rsaPub: cp}, nil
}

// NewRSAPrivateKey returns a Key for priv, which must have exactly two
// primes and pass [rsa.PrivateKey.Validate]. The Key keeps its own copy.
func NewRSAPrivateKey(priv *rsa.PrivateKey) (*Key, error) {
	if priv == nil || priv.N == nil || priv.D == nil {
		return nil, memberErr("d", ErrMalformed, "nil RSA private key")
	}
	if len(priv.Primes) != 2 {
		return nil, memberErr("oth", ErrUnsupported, "RSA keys must have exactly two primes")
	}
	if err := checkRSAPublic(&priv.PublicKey, MinRSABits); err != nil {
		return nil, err
	}
	if priv.N.BitLen() > MaxRSAPrivateBits {
		return nil, memberErr("d", ErrUnsupported, "private key of %d bits exceeds %d", priv.N.BitLen(), MaxRSAPrivateBits)
	}
	cp := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(priv.N), E: priv.E},
		D:         new(big.Int).Set(priv.D),
		Primes:    []*big.Int{new(big.Int).Set(priv.Primes[0]), new(big.Int).Set(priv.Primes[1])},
	}
	if err := cp.Validate(); err != nil {
		return nil, memberErr("d", ErrInconsistent, "invalid RSA private key")
	}
	cp.Precompute()
	return &Key{kty: jwa.RSA, rsaPub: &cp.PublicKey, rsaPriv: cp}, nil
}

func checkRSAPublic(pub *rsa.PublicKey, minBits int) error {
	bits := pub.N.BitLen()
	if bits > MaxRSABits {
		return memberErr("n", ErrUnsupported, "modulus of %d bits exceeds %d", bits, MaxRSABits)
	}
	if bits < minBits {
		return memberErr("n", ErrWeakKey, "modulus of %d bits is below %d", bits, minBits)
	}
	if pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1 {
		return memberErr("e", ErrWeakKey, "public exponent must be odd, at least 3 and below 2^31")
	}
	return nil
}

func curveOf(pub *ecdsa.PublicKey) jwa.Curve {
	if pub == nil || pub.Curve == nil {
		return ""
	}
	switch pub.Curve.Params().Name {
	case "P-256":
		return jwa.P256
	case "P-384":
		return jwa.P384
	case "P-521":
		return jwa.P521
	}
	return ""
}

// NewECDSAPublicKey returns a Key for pub on P-256, P-384 or P-521. It
// returns an error wrapping [ErrUnsupported] for other curves and
// [ErrMalformed] for a point that is not on the curve.
func NewECDSAPublicKey(pub *ecdsa.PublicKey) (*Key, error) {
	crv := curveOf(pub)
	if crv == "" {
		return nil, memberErr("crv", ErrUnsupported, "unsupported or missing EC curve")
	}
	raw, err := pub.Bytes()
	if err != nil {
		return nil, memberErr("x", ErrMalformed, "invalid EC public key")
	}
	cp, err := ecdsa.ParseUncompressedPublicKey(pub.Curve, raw)
	if err != nil {
		return nil, memberErr("x", ErrMalformed, "point is not on %s", crv)
	}
	return &Key{kty: jwa.EC, crv: crv, ecPub: cp}, nil
}

// NewECDSAPrivateKey returns a Key for priv on P-256, P-384 or P-521.
func NewECDSAPrivateKey(priv *ecdsa.PrivateKey) (*Key, error) {
	if priv == nil {
		return nil, memberErr("d", ErrMalformed, "nil EC private key")
	}
	crv := curveOf(&priv.PublicKey)
	if crv == "" {
		return nil, memberErr("crv", ErrUnsupported, "unsupported or missing EC curve")
	}
	raw, err := priv.Bytes()
	if err != nil {
		return nil, memberErr("d", ErrMalformed, "invalid EC private key")
	}
	cp, err := ecdsa.ParseRawPrivateKey(priv.Curve, raw)
	if err != nil || !cp.PublicKey.Equal(&priv.PublicKey) {
		return nil, memberErr("d", ErrInconsistent, "invalid EC private key")
	}
	return &Key{kty: jwa.EC, crv: crv, ecPub: &cp.PublicKey, ecPriv: cp}, nil
}

// NewEd25519PublicKey returns a Key for pub, which must be 32 bytes.
func NewEd25519PublicKey(pub ed25519.PublicKey) (*Key, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, memberErr("x", ErrMalformed, "length %d, want %d", len(pub), ed25519.PublicKeySize)
	}
	return &Key{kty: jwa.OKP, crv: jwa.Ed25519, edPub: slices.Clone(pub)}, nil
}

// NewEd25519PrivateKey returns a Key for priv, which must be 64 bytes
// (seed and public key) with a public half that matches the seed.
func NewEd25519PrivateKey(priv ed25519.PrivateKey) (*Key, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, memberErr("d", ErrMalformed, "length %d, want %d", len(priv), ed25519.PrivateKeySize)
	}
	cp := ed25519.NewKeyFromSeed(priv.Seed())
	if !cp.Equal(priv) {
		return nil, memberErr("d", ErrInconsistent, "public half does not match the seed")
	}
	return &Key{kty: jwa.OKP, crv: jwa.Ed25519, edPub: cp.Public().(ed25519.PublicKey), edPriv: cp}, nil
}

// NewECDHPublicKey returns a Key for pub: an OKP key for X25519, an EC key
// for P-256, P-384 and P-521. Other curves return an error wrapping
// [ErrUnsupported].
func NewECDHPublicKey(pub *ecdh.PublicKey) (*Key, error) {
	if pub == nil {
		return nil, memberErr("x", ErrMalformed, "nil ECDH public key")
	}
	if pub.Curve() == ecdh.X25519() {
		cp, _ := ecdh.X25519().NewPublicKey(pub.Bytes())
		return &Key{kty: jwa.OKP, crv: jwa.X25519, xPub: cp}, nil
	}
	crv := ecdhCurveName(pub.Curve())
	if crv == "" {
		return nil, memberErr("crv", ErrUnsupported, "unsupported ECDH curve")
	}
	ec, err := ecdsa.ParseUncompressedPublicKey(ellipticCurve(crv), pub.Bytes())
	if err != nil {
		return nil, memberErr("x", ErrMalformed, "invalid ECDH public key")
	}
	return &Key{kty: jwa.EC, crv: crv, ecPub: ec}, nil
}

// NewECDHPrivateKey returns a Key for priv, as [NewECDHPublicKey] does for
// public keys.
func NewECDHPrivateKey(priv *ecdh.PrivateKey) (*Key, error) {
	if priv == nil {
		return nil, memberErr("d", ErrMalformed, "nil ECDH private key")
	}
	if priv.Curve() == ecdh.X25519() {
		cp, err := ecdh.X25519().NewPrivateKey(priv.Bytes())
		if err != nil {
			return nil, memberErr("d", ErrMalformed, "invalid X25519 private key")
		}
		return &Key{kty: jwa.OKP, crv: jwa.X25519, xPub: cp.PublicKey(), xPriv: cp}, nil
	}
	crv := ecdhCurveName(priv.Curve())
	if crv == "" {
		return nil, memberErr("crv", ErrUnsupported, "unsupported ECDH curve")
	}
	ec, err := ecdsa.ParseRawPrivateKey(ellipticCurve(crv), priv.Bytes())
	if err != nil {
		return nil, memberErr("d", ErrMalformed, "invalid ECDH private key")
	}
	return &Key{kty: jwa.EC, crv: crv, ecPub: &ec.PublicKey, ecPriv: ec}, nil
}

func ecdhCurveName(c ecdh.Curve) jwa.Curve {
	switch c {
	case ecdh.P256():
		return jwa.P256
	case ecdh.P384():
		return jwa.P384
	case ecdh.P521():
		return jwa.P521
	case ecdh.X25519():
		return jwa.X25519
	}
	return ""
}

// NewSymmetricKey returns an "oct" Key holding a copy of secret, which must
// not be empty. Whether it is long enough is checked against each algorithm
// when the key is used (an HMAC key shorter than its hash is refused).
func NewSymmetricKey(secret []byte) (*Key, error) {
	if len(secret) == 0 {
		return nil, memberErr("k", ErrWeakKey, "empty symmetric key")
	}
	return &Key{kty: jwa.Oct, secret: slices.Clone(secret)}, nil
}

// NewSigner returns an opaque private Key that signs through s, for keys
// held in an HSM, a KMS or an agent. s.Public() must return an RSA, ECDSA
// (P-256, P-384, P-521) or Ed25519 public key. If s also implements
// [crypto.Decrypter] (an RSA key), the Key can decrypt too.
func NewSigner(s crypto.Signer) (*Key, error) {
	if s == nil {
		return nil, memberErr("kty", ErrMalformed, "nil signer")
	}
	k, err := publicKeyOf(s.Public())
	if err != nil {
		return nil, err
	}
	k.signer = s
	if d, ok := s.(crypto.Decrypter); ok && k.kty == jwa.RSA {
		k.decrypter = d
	}
	return k, nil
}

// NewDecrypter returns an opaque private RSA Key that decrypts through d
// (RSA1_5 and RSA-OAEP key management). d.Public() must return an RSA
// public key.
func NewDecrypter(d crypto.Decrypter) (*Key, error) {
	if d == nil {
		return nil, memberErr("kty", ErrMalformed, "nil decrypter")
	}
	k, err := publicKeyOf(d.Public())
	if err != nil {
		return nil, err
	}
	if k.kty != jwa.RSA {
		return nil, memberErr("kty", ErrUnsupported, "a crypto.Decrypter must hold an RSA key")
	}
	k.decrypter = d
	if s, ok := d.(crypto.Signer); ok {
		k.signer = s
	}
	return k, nil
}

// NewKeyExchanger returns an opaque private Key that performs ECDH through
// x (ECDH-ES key management), on P-256, P-384, P-521 or X25519.
func NewKeyExchanger(x ecdh.KeyExchanger) (*Key, error) {
	if x == nil {
		return nil, memberErr("kty", ErrMalformed, "nil key exchanger")
	}
	k, err := NewECDHPublicKey(x.PublicKey())
	if err != nil {
		return nil, err
	}
	k.exchanger = x
	return k, nil
}

// publicKeyOf converts a Go public key of a supported type.
func publicKeyOf(pub crypto.PublicKey) (*Key, error) {
	switch p := pub.(type) {
	case *rsa.PublicKey:
		return NewRSAPublicKey(p)
	case *ecdsa.PublicKey:
		return NewECDSAPublicKey(p)
	case ed25519.PublicKey:
		return NewEd25519PublicKey(p)
	case *ecdh.PublicKey:
		return NewECDHPublicKey(p)
	}
	return nil, memberErr("kty", ErrUnsupported, "unsupported public key type %T", pub)
}

// privateKeyOf converts a Go private key of a supported type.
func privateKeyOf(priv crypto.PrivateKey) (*Key, error) {
	switch p := priv.(type) {
	case *rsa.PrivateKey:
		return NewRSAPrivateKey(p)
	case *ecdsa.PrivateKey:
		return NewECDSAPrivateKey(p)
	case ed25519.PrivateKey:
		return NewEd25519PrivateKey(p)
	case *ecdh.PrivateKey:
		return NewECDHPrivateKey(p)
	}
	return nil, memberErr("kty", ErrUnsupported, "unsupported private key type %T", priv)
}
