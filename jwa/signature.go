package jwa

import "crypto"

// SignatureAlgorithm is a JWS "alg" value (RFC 7518 §3.1, RFC 8037 §3.1,
// RFC 9864).
type SignatureAlgorithm string

// Signature algorithms.
const (
	HS256 SignatureAlgorithm = "HS256" // HMAC with SHA-256, RFC 7518 §3.2
	HS384 SignatureAlgorithm = "HS384" // HMAC with SHA-384
	HS512 SignatureAlgorithm = "HS512" // HMAC with SHA-512

	RS256 SignatureAlgorithm = "RS256" // RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3
	RS384 SignatureAlgorithm = "RS384" // RSASSA-PKCS1-v1_5 with SHA-384
	RS512 SignatureAlgorithm = "RS512" // RSASSA-PKCS1-v1_5 with SHA-512

	ES256 SignatureAlgorithm = "ES256" // ECDSA P-256 with SHA-256, RFC 7518 §3.4
	ES384 SignatureAlgorithm = "ES384" // ECDSA P-384 with SHA-384
	ES512 SignatureAlgorithm = "ES512" // ECDSA P-521 with SHA-512

	PS256 SignatureAlgorithm = "PS256" // RSASSA-PSS with SHA-256 and MGF1-SHA-256, RFC 7518 §3.5
	PS384 SignatureAlgorithm = "PS384" // RSASSA-PSS with SHA-384 and MGF1-SHA-384
	PS512 SignatureAlgorithm = "PS512" // RSASSA-PSS with SHA-512 and MGF1-SHA-512

	// EdDSA is the polymorphic name of RFC 8037 §3.1; this suite implements
	// it with Ed25519 only.
	EdDSA SignatureAlgorithm = "EdDSA"
	// SigEd25519 is the fully specified name "Ed25519" of RFC 9864. It
	// produces and accepts exactly the signatures of [EdDSA] with an Ed25519
	// key. (The constant is not called Ed25519, which names the curve.)
	SigEd25519 SignatureAlgorithm = "Ed25519"

	// None is "none", the unsecured JWS of RFC 7518 §3.6. It is never
	// listed by [SignatureAlgorithms] and never accepted by a verifier that
	// did not opt in through its dedicated, loudly named option.
	None SignatureAlgorithm = "none"
)

// SignatureAlgorithms returns every supported signature algorithm except
// [None], in a fresh slice.
func SignatureAlgorithms() []SignatureAlgorithm {
	return []SignatureAlgorithm{
		HS256, HS384, HS512,
		RS256, RS384, RS512,
		PS256, PS384, PS512,
		ES256, ES384, ES512,
		EdDSA, SigEd25519,
	}
}

// Supported reports whether alg is a supported signature algorithm. It is
// false for [None] and for unknown names.
func (alg SignatureAlgorithm) Supported() bool { return alg.KeyType() != "" }

// KeyType returns the key type alg needs: Oct for HS*, RSA for RS* and PS*,
// EC for ES*, OKP for EdDSA and Ed25519, and "" for [None] and unknown names.
func (alg SignatureAlgorithm) KeyType() KeyType {
	switch alg {
	case HS256, HS384, HS512:
		return Oct
	case RS256, RS384, RS512, PS256, PS384, PS512:
		return RSA
	case ES256, ES384, ES512:
		return EC
	case EdDSA, SigEd25519:
		return OKP
	}
	return ""
}

// Curve returns the curve alg requires: P-256, P-384 or P-521 for ES256,
// ES384 and ES512 (RFC 7518 §3.4), Ed25519 for EdDSA and Ed25519, and "" for
// algorithms that use no curve.
func (alg SignatureAlgorithm) Curve() Curve {
	switch alg {
	case ES256:
		return P256
	case ES384:
		return P384
	case ES512:
		return P521
	case EdDSA, SigEd25519:
		return Ed25519
	}
	return ""
}

// Hash returns the hash function alg uses, or 0 for EdDSA (which hashes
// internally), [None] and unknown names.
func (alg SignatureAlgorithm) Hash() crypto.Hash {
	switch alg {
	case HS256, RS256, ES256, PS256:
		return crypto.SHA256
	case HS384, RS384, ES384, PS384:
		return crypto.SHA384
	case HS512, RS512, ES512, PS512:
		return crypto.SHA512
	}
	return 0
}

// MinKeyBits returns the smallest key size alg accepts, in bits: the hash
// output size for HMAC (RFC 7518 §3.2), 2048 for RSA (RFC 7518 §3.3, §3.5),
// the curve size for ECDSA and EdDSA, and 0 for [None] and unknown names.
func (alg SignatureAlgorithm) MinKeyBits() int {
	switch alg.KeyType() {
	case Oct:
		return alg.Hash().Size() * 8
	case RSA:
		return 2048
	case EC:
		return ecBits(alg.Curve())
	case OKP:
		return 256
	}
	return 0
}

// IsSymmetric reports whether alg is a MAC (HS256, HS384, HS512).
func (alg SignatureAlgorithm) IsSymmetric() bool { return alg.KeyType() == Oct }

// String returns the registered name.
func (alg SignatureAlgorithm) String() string { return string(alg) }

func ecBits(c Curve) int {
	switch c {
	case P256:
		return 256
	case P384:
		return 384
	case P521:
		return 521
	}
	return 0
}
