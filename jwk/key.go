package jwk

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"reflect"
	"slices"

	"github.com/jose-suite/jose/jwa"
)

// Use is a JWK "use" value (RFC 7517 §4.2).
type Use string

// Public key uses.
const (
	UseSignature  Use = "sig"
	UseEncryption Use = "enc"
)

// Operation is a JWK "key_ops" value (RFC 7517 §4.3).
type Operation string

// Key operations.
const (
	OpSign       Operation = "sign"
	OpVerify     Operation = "verify"
	OpEncrypt    Operation = "encrypt"
	OpDecrypt    Operation = "decrypt"
	OpWrapKey    Operation = "wrapKey"
	OpUnwrapKey  Operation = "unwrapKey"
	OpDeriveKey  Operation = "deriveKey"
	OpDeriveBits Operation = "deriveBits"
)

func (op Operation) known() bool {
	switch op {
	case OpSign, OpVerify, OpEncrypt, OpDecrypt, OpWrapKey, OpUnwrapKey, OpDeriveKey, OpDeriveBits:
		return true
	}
	return false
}

// use returns the "use" value an operation belongs to.
func (op Operation) use() Use {
	switch op {
	case OpSign, OpVerify:
		return UseSignature
	case OpEncrypt, OpDecrypt, OpWrapKey, OpUnwrapKey, OpDeriveKey, OpDeriveBits:
		return UseEncryption
	}
	return ""
}

// Key is a JSON Web Key: key material of one type plus its metadata.
//
// A Key is immutable once built and safe for concurrent use. Build one with
// [ParseKey], [ParsePEM], a Generate function, or a New function from a Go
// key; change metadata with [Key.WithMetadata], which returns a new Key.
// Accessors that return Go keys return the Key's own values: callers must
// not modify them.
type Key struct {
	kty jwa.KeyType
	crv jwa.Curve

	// Material: exactly one of these groups is set.
	rsaPub    *rsa.PublicKey
	rsaPriv   *rsa.PrivateKey
	ecPub     *ecdsa.PublicKey
	ecPriv    *ecdsa.PrivateKey
	edPub     ed25519.PublicKey
	edPriv    ed25519.PrivateKey
	xPub      *ecdh.PublicKey
	xPriv     *ecdh.PrivateKey
	secret    []byte
	signer    crypto.Signer     // opaque signing key
	decrypter crypto.Decrypter  // opaque RSA decryption key
	exchanger ecdh.KeyExchanger // opaque ECDH key

	meta Metadata

	// extra holds members this package does not interpret, in document
	// order, as raw JSON; they round-trip unchanged.
	extra []rawMember
}

type rawMember struct {
	name string
	raw  []byte
}

// Metadata holds a key's optional members (RFC 7517 §4).
type Metadata struct {
	KeyID      string      // "kid"
	Use        Use         // "use"
	Operations []Operation // "key_ops"
	// Algorithm is "alg": a JWS or JWE algorithm name the key is meant for.
	// When set, the key serves that algorithm only.
	Algorithm string
	X509URL   string              // "x5u"
	X509Chain []*x509.Certificate // "x5c"; the first certificate holds this key
	// X509SHA1Thumbprint is "x5t", the SHA-1 digest of the DER of X509Chain[0].
	X509SHA1Thumbprint []byte
	// X509SHA256Thumbprint is "x5t#S256", the SHA-256 digest of the DER of X509Chain[0].
	X509SHA256Thumbprint []byte
}

func (m Metadata) clone() Metadata {
	m.Operations = slices.Clone(m.Operations)
	m.X509Chain = slices.Clone(m.X509Chain)
	m.X509SHA1Thumbprint = slices.Clone(m.X509SHA1Thumbprint)
	m.X509SHA256Thumbprint = slices.Clone(m.X509SHA256Thumbprint)
	return m
}

// Type returns the key type ("kty").
func (k *Key) Type() jwa.KeyType { return k.kty }

// Curve returns the curve ("crv") of an EC or OKP key, or "".
func (k *Key) Curve() jwa.Curve { return k.crv }

// KeyID returns the "kid" member, or "".
func (k *Key) KeyID() string { return k.meta.KeyID }

// Use returns the "use" member, or "".
func (k *Key) Use() Use { return k.meta.Use }

// Operations returns a copy of the "key_ops" member, or nil.
func (k *Key) Operations() []Operation { return slices.Clone(k.meta.Operations) }

// Algorithm returns the "alg" member, or "".
func (k *Key) Algorithm() string { return k.meta.Algorithm }

// Metadata returns a copy of the key's optional members.
func (k *Key) Metadata() Metadata { return k.meta.clone() }

// WithMetadata returns a copy of k with its optional members replaced by m.
// It returns an error wrapping [ErrInconsistent] or [ErrMalformed] when m does
// not fit the key: an "alg" of another key type, a "use" that contradicts
// "key_ops", an x5c chain for another key, or thumbprints that do not match
// the chain.
func (k *Key) WithMetadata(m Metadata) (*Key, error) {
	nk := *k
	nk.meta = m.clone()
	nk.extra = slices.Clone(k.extra)
	if err := nk.checkMetadata(); err != nil {
		return nil, err
	}
	return &nk, nil
}

// IsPrivate reports whether k holds private or secret material (including
// an opaque signer, decrypter or key exchanger, and symmetric keys).
func (k *Key) IsPrivate() bool {
	return k.rsaPriv != nil || k.ecPriv != nil || k.edPriv != nil || k.xPriv != nil ||
		k.secret != nil || k.signer != nil || k.decrypter != nil || k.exchanger != nil
}

// IsOpaque reports whether k's private part is held by a [crypto.Signer],
// [crypto.Decrypter] or [ecdh.KeyExchanger] that cannot be exported.
func (k *Key) IsOpaque() bool {
	return k.signer != nil || k.decrypter != nil || k.exchanger != nil
}

// Size returns the key size in bits: the modulus length for RSA, the curve
// size for EC and OKP keys, and 8 times the length of a symmetric key.
func (k *Key) Size() int {
	switch k.kty {
	case jwa.RSA:
		return k.rsaPub.N.BitLen()
	case jwa.EC:
		return k.ecPub.Curve.Params().BitSize
	case jwa.OKP:
		return 256
	case jwa.Oct:
		return 8 * len(k.secret)
	}
	return 0
}

// Public returns the public half of k, with the same metadata ("key_ops"
// restricted to the public operations verify, encrypt and wrapKey, and
// dropped when none remain). A public key returns itself. It returns an
// error wrapping [ErrUnsupported] for symmetric keys, which have no public
// half.
func (k *Key) Public() (*Key, error) {
	if k.kty == jwa.Oct {
		return nil, memberErr("kty", ErrUnsupported, "a symmetric key has no public half")
	}
	if !k.IsPrivate() {
		return k, nil
	}
	pub := &Key{kty: k.kty, crv: k.crv, meta: k.meta.clone(), extra: slices.Clone(k.extra)}
	pub.rsaPub, pub.ecPub, pub.edPub, pub.xPub = k.rsaPub, k.ecPub, k.edPub, k.xPub
	if k.meta.Operations != nil {
		var ops []Operation
		for _, op := range k.meta.Operations {
			if op == OpVerify || op == OpEncrypt || op == OpWrapKey {
				ops = append(ops, op)
			}
		}
		pub.meta.Operations = ops
	}
	// Private members kept in extra would be a leak; there are none, since
	// every private member of a known key type is interpreted, but drop any
	// that a future RFC might add under a known private name.
	pub.extra = slices.DeleteFunc(pub.extra, func(m rawMember) bool { return privateMember(m.name) })
	return pub, nil
}

func privateMember(name string) bool {
	switch name {
	case "d", "p", "q", "dp", "dq", "qi", "oth", "k":
		return true
	}
	return false
}

// RSAPublicKey returns the RSA public key, or nil if k is not an RSA key.
func (k *Key) RSAPublicKey() *rsa.PublicKey { return k.rsaPub }

// RSAPrivateKey returns the RSA private key, or nil if k is not an
// exportable RSA private key.
func (k *Key) RSAPrivateKey() *rsa.PrivateKey { return k.rsaPriv }

// ECDSAPublicKey returns the public key of an EC key, or nil.
func (k *Key) ECDSAPublicKey() *ecdsa.PublicKey { return k.ecPub }

// ECDSAPrivateKey returns the private key of an exportable EC private key,
// or nil.
func (k *Key) ECDSAPrivateKey() *ecdsa.PrivateKey { return k.ecPriv }

// Ed25519PublicKey returns the public key of an Ed25519 key, or nil.
func (k *Key) Ed25519PublicKey() ed25519.PublicKey { return k.edPub }

// Ed25519PrivateKey returns the private key of an exportable Ed25519 private
// key, or nil.
func (k *Key) Ed25519PrivateKey() ed25519.PrivateKey { return k.edPriv }

// ECDHPublicKey returns the key-agreement form of an EC key (P-256, P-384,
// P-521) or of an X25519 key, or nil for other keys.
func (k *Key) ECDHPublicKey() *ecdh.PublicKey {
	if k.xPub != nil {
		return k.xPub
	}
	if k.ecPub != nil {
		pub, err := k.ecPub.ECDH()
		if err == nil {
			return pub
		}
	}
	return nil
}

// KeyExchanger returns the private key-agreement key of an EC or X25519
// private key, including an opaque one, or nil.
func (k *Key) KeyExchanger() ecdh.KeyExchanger {
	switch {
	case k.exchanger != nil:
		return k.exchanger
	case k.xPriv != nil:
		return k.xPriv
	case k.ecPriv != nil:
		priv, err := k.ecPriv.ECDH()
		if err == nil {
			return priv
		}
	}
	return nil
}

// SymmetricKey returns a copy of the secret of an "oct" key, or nil.
func (k *Key) SymmetricKey() []byte { return slices.Clone(k.secret) }

// Signer returns a [crypto.Signer] for an RSA, EC or Ed25519 private key,
// including an opaque one, or nil. ECDSA signers return ASN.1 DER
// signatures, as the crypto.Signer contract says; the jws package converts
// them.
func (k *Key) Signer() crypto.Signer {
	switch {
	case k.signer != nil:
		return k.signer
	case k.rsaPriv != nil:
		return k.rsaPriv
	case k.ecPriv != nil:
		return k.ecPriv
	case k.edPriv != nil:
		return k.edPriv
	}
	return nil
}

// Decrypter returns a [crypto.Decrypter] for an RSA private key, including
// an opaque one, or nil.
func (k *Key) Decrypter() crypto.Decrypter {
	switch {
	case k.decrypter != nil:
		return k.decrypter
	case k.rsaPriv != nil:
		return k.rsaPriv
	}
	return nil
}

// Equal reports whether k and other hold the same key material (public
// keys compare their public parts; a private key never equals a public
// one). Metadata is not compared.
func (k *Key) Equal(other *Key) bool {
	if k == nil || other == nil {
		return k == other
	}
	if k.kty != other.kty || k.crv != other.crv || k.IsPrivate() != other.IsPrivate() {
		return false
	}
	switch k.kty {
	case jwa.Oct:
		return subtle.ConstantTimeCompare(k.secret, other.secret) == 1
	case jwa.RSA:
		if !k.rsaPub.Equal(other.rsaPub) {
			return false
		}
		if k.rsaPriv != nil || other.rsaPriv != nil {
			// The private exponent identifies the key; the primes may
			// come in either order.
			return k.rsaPriv != nil && other.rsaPriv != nil &&
				subtle.ConstantTimeCompare(k.rsaPriv.D.Bytes(), other.rsaPriv.D.Bytes()) == 1
		}
	case jwa.EC:
		if !k.ecPub.Equal(other.ecPub) {
			return false
		}
		if k.ecPriv != nil || other.ecPriv != nil {
			return k.ecPriv != nil && k.ecPriv.Equal(other.ecPriv)
		}
	case jwa.OKP:
		if k.edPub != nil {
			if !k.edPub.Equal(other.edPub) {
				return false
			}
			if k.edPriv != nil || other.edPriv != nil {
				return k.edPriv != nil && k.edPriv.Equal(other.edPriv)
			}
		} else {
			if other.xPub == nil || !k.xPub.Equal(other.xPub) {
				return false
			}
			if k.xPriv != nil || other.xPriv != nil {
				return k.xPriv != nil && k.xPriv.Equal(other.xPriv)
			}
		}
	}
	// Opaque keys are equal when their public parts are and they wrap the
	// same object. Interface values of uncomparable types (an
	// ed25519.PrivateKey, a struct holding a slice) would panic under ==.
	return sameHandle(k.signer, other.signer) && sameHandle(k.decrypter, other.decrypter) && sameHandle(k.exchanger, other.exchanger)
}

// sameHandle compares two opaque key handles without panicking: nil equals
// nil, values of comparable types compare with ==, and others are equal
// only when they are the same value of the same type by reflection.
func sameHandle(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	if ta.Comparable() {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}
