package jwa

// KeyType is a JWK "kty" value (RFC 7518 §6.1, RFC 8037 §2).
type KeyType string

// Key types.
const (
	EC  KeyType = "EC"  // elliptic curve keys, RFC 7518 §6.2
	RSA KeyType = "RSA" // RSA keys, RFC 7518 §6.3
	Oct KeyType = "oct" // octet sequences (symmetric keys), RFC 7518 §6.4
	OKP KeyType = "OKP" // octet key pairs (Ed25519, X25519), RFC 8037 §2
)

// KeyTypes returns every key type this suite supports, in a fresh slice.
func KeyTypes() []KeyType { return []KeyType{EC, RSA, Oct, OKP} }

// Supported reports whether kt is one of the key types above.
func (kt KeyType) Supported() bool {
	switch kt {
	case EC, RSA, Oct, OKP:
		return true
	}
	return false
}

// String returns the registered name.
func (kt KeyType) String() string { return string(kt) }

// Curve is a JWK "crv" value (RFC 7518 §6.2.1.1, RFC 8037 §2).
type Curve string

// Curves.
const (
	P256    Curve = "P-256"   // NIST P-256, kty EC
	P384    Curve = "P-384"   // NIST P-384, kty EC
	P521    Curve = "P-521"   // NIST P-521, kty EC
	Ed25519 Curve = "Ed25519" // Ed25519 signatures, kty OKP
	X25519  Curve = "X25519"  // X25519 key agreement, kty OKP
)

// Curves returns every curve this suite supports, in a fresh slice.
func Curves() []Curve { return []Curve{P256, P384, P521, Ed25519, X25519} }

// Supported reports whether c is one of the curves above.
func (c Curve) Supported() bool { return c.KeyType() != "" }

// KeyType returns the key type that uses c: EC for the NIST curves, OKP for
// Ed25519 and X25519, and "" for an unknown curve.
func (c Curve) KeyType() KeyType {
	switch c {
	case P256, P384, P521:
		return EC
	case Ed25519, X25519:
		return OKP
	}
	return ""
}

// Size returns the length in bytes of one coordinate (EC) or of the public
// key (OKP) on c, and 0 for an unknown curve. EC private scalars have the
// same length (RFC 7518 §6.2.2.1).
func (c Curve) Size() int {
	switch c {
	case P256:
		return 32
	case P384:
		return 48
	case P521:
		return 66
	case Ed25519, X25519:
		return 32
	}
	return 0
}

// String returns the registered name.
func (c Curve) String() string { return string(c) }

// Compression is a JWE "zip" value (RFC 7516 §4.1.3).
type Compression string

// Compression algorithms.
const (
	// Deflate is "DEF", raw DEFLATE (RFC 1951).
	Deflate Compression = "DEF"
)

// Supported reports whether z is a supported compression algorithm.
func (z Compression) Supported() bool { return z == Deflate }

// String returns the registered name.
func (z Compression) String() string { return string(z) }
