package jwk

import (
	"crypto/x509"
	"encoding/pem"
)

// PEM block types read by [ParsePEM] and written by [Key.MarshalPEM].
const (
	pemPublicKey     = "PUBLIC KEY"      // SPKI (RFC 5280)
	pemPrivateKey    = "PRIVATE KEY"     // PKCS #8 (RFC 5208)
	pemRSAPrivateKey = "RSA PRIVATE KEY" // PKCS #1 (RFC 8017)
	pemRSAPublicKey  = "RSA PUBLIC KEY"  // PKCS #1
	pemECPrivateKey  = "EC PRIVATE KEY"  // SEC 1 (RFC 5915)
	pemCertificate   = "CERTIFICATE"     // X.509
)

// ParsePEM parses the first PEM block of data: a "PUBLIC KEY" (SPKI),
// "PRIVATE KEY" (PKCS #8), "RSA PRIVATE KEY" or "RSA PUBLIC KEY" (PKCS #1),
// "EC PRIVATE KEY" (SEC 1), or "CERTIFICATE". For certificates, every
// following CERTIFICATE block is read too and the key gets the chain as its
// "x5c" member; the chain is not verified (the jws package does that against
// the caller's roots when a policy asks for it). Encrypted PEM is not
// supported. The key is checked as [ParseKey] checks a JWK (RSA moduli of at
// least 2048 bits, supported curves).
func ParsePEM(data []byte) (*Key, error) {
	if len(data) > DefaultMaxKeySize {
		return nil, tooLarge(len(data), DefaultMaxKeySize)
	}
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, memberErr("", ErrMalformed, "no PEM block found")
	}
	if _, encrypted := block.Headers["Proc-Type"]; encrypted {
		return nil, memberErr("", ErrUnsupported, "encrypted PEM is not supported")
	}
	switch block.Type {
	case pemCertificate:
		chain := [][]byte{block.Bytes}
		for len(chain) < MaxX509Chain {
			var next *pem.Block
			next, rest = pem.Decode(rest)
			if next == nil || next.Type != pemCertificate {
				break
			}
			chain = append(chain, next.Bytes)
		}
		return parseCertificates(chain)
	case pemPublicKey:
		return ParsePKIXPublicKey(block.Bytes)
	case pemPrivateKey:
		return ParsePKCS8PrivateKey(block.Bytes)
	case pemRSAPrivateKey:
		priv, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, memberErrWrap("", ErrMalformed, err, "bad PKCS #1 private key")
		}
		return NewRSAPrivateKey(priv)
	case pemRSAPublicKey:
		pub, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, memberErrWrap("", ErrMalformed, err, "bad PKCS #1 public key")
		}
		return NewRSAPublicKey(pub)
	case pemECPrivateKey:
		priv, err := x509.ParseECPrivateKey(block.Bytes)
		if err != nil {
			return nil, memberErrWrap("", ErrMalformed, err, "bad SEC 1 private key")
		}
		return NewECDSAPrivateKey(priv)
	}
	return nil, memberErr("", ErrUnsupported, "unsupported PEM block type %q", truncate(block.Type, 32))
}

// ParsePKIXPublicKey parses a DER SubjectPublicKeyInfo (RFC 5280): an RSA,
// ECDSA, Ed25519 or X25519 public key.
func ParsePKIXPublicKey(der []byte) (*Key, error) {
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, memberErrWrap("", ErrMalformed, err, "bad SPKI public key")
	}
	return publicKeyOf(pub)
}

// ParsePKCS8PrivateKey parses a DER PKCS #8 private key (RFC 5208): RSA,
// ECDSA, Ed25519 or X25519.
func ParsePKCS8PrivateKey(der []byte) (*Key, error) {
	priv, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, memberErrWrap("", ErrMalformed, err, "bad PKCS #8 private key")
	}
	return privateKeyOf(priv)
}

// ParseCertificate parses DER X.509 certificates, leaf first, and returns
// the leaf's public key with the certificates as its "x5c" chain. The chain
// is not verified.
func ParseCertificate(der ...[]byte) (*Key, error) {
	if len(der) == 0 || len(der) > MaxX509Chain {
		return nil, memberErr("x5c", ErrMalformed, "need between 1 and %d certificates", MaxX509Chain)
	}
	return parseCertificates(der)
}

func parseCertificates(ders [][]byte) (*Key, error) {
	chain := make([]*x509.Certificate, 0, len(ders))
	for i, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, memberErrWrap("x5c["+itoa(i)+"]", ErrMalformed, err, "bad certificate")
		}
		chain = append(chain, c)
	}
	k, err := publicKeyOf(chain[0].PublicKey)
	if err != nil {
		return nil, err
	}
	k.meta.X509Chain = chain
	return k, nil
}

// MarshalPKIXPublicKey returns the DER SubjectPublicKeyInfo of k's public
// half. Symmetric keys return an error wrapping [ErrUnsupported].
func (k *Key) MarshalPKIXPublicKey() ([]byte, error) {
	var pub any
	switch {
	case k.rsaPub != nil:
		pub = k.rsaPub
	case k.ecPub != nil:
		pub = k.ecPub
	case k.edPub != nil:
		pub = k.edPub
	case k.xPub != nil:
		pub = k.xPub
	default:
		return nil, memberErr("kty", ErrUnsupported, "a symmetric key has no SPKI form")
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, memberErrWrap("kty", ErrUnsupported, err, "cannot marshal public key")
	}
	return der, nil
}

// MarshalPKCS8PrivateKey returns the DER PKCS #8 form of k's private key.
// Public, symmetric and opaque keys return an error wrapping
// [ErrUnsupported].
func (k *Key) MarshalPKCS8PrivateKey() ([]byte, error) {
	var priv any
	switch {
	case k.rsaPriv != nil:
		priv = k.rsaPriv
	case k.ecPriv != nil:
		priv = k.ecPriv
	case k.edPriv != nil:
		priv = k.edPriv
	case k.xPriv != nil:
		priv = k.xPriv
	default:
		return nil, memberErr("d", ErrUnsupported, "no exportable private key")
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, memberErrWrap("d", ErrUnsupported, err, "cannot marshal private key")
	}
	return der, nil
}

// MarshalPEM returns k as PEM: a "PRIVATE KEY" (PKCS #8) block for an
// exportable private key, a "PUBLIC KEY" (SPKI) block for a public key.
// Symmetric and opaque keys return an error wrapping [ErrUnsupported]
// (an opaque key can marshal its public half: call [Key.Public] first).
func (k *Key) MarshalPEM() ([]byte, error) {
	if k.IsPrivate() {
		der, err := k.MarshalPKCS8PrivateKey()
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: pemPrivateKey, Bytes: der}), nil
	}
	der, err := k.MarshalPKIXPublicKey()
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPublicKey, Bytes: der}), nil
}
