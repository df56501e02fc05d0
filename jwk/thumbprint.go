package jwk

import (
	"crypto"
	"math/big"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
)

// ThumbprintInput returns the canonical JSON that RFC 7638 §3 hashes: the
// required members of the key's type in lexicographic order, with no
// whitespace. Private members and metadata never appear in it.
func (k *Key) ThumbprintInput() []byte {
	w := &jsonWriter{b: make([]byte, 0, 600), first: true}
	w.b = append(w.b, '{')
	switch k.kty {
	case jwa.RSA:
		w.uint("e", big.NewInt(int64(k.rsaPub.E)))
		w.str("kty", string(k.kty))
		w.uint("n", k.rsaPub.N)
	case jwa.EC:
		size := k.crv.Size()
		w.str("crv", string(k.crv))
		w.str("kty", string(k.kty))
		w.fixed("x", k.ecPub.X, size)
		w.fixed("y", k.ecPub.Y, size)
	case jwa.OKP:
		w.str("crv", string(k.crv))
		w.str("kty", string(k.kty))
		if k.edPub != nil {
			w.b64("x", k.edPub)
		} else {
			w.b64("x", k.xPub.Bytes())
		}
	case jwa.Oct:
		w.b64("k", k.secret)
		w.str("kty", string(k.kty))
	}
	return append(w.b, '}')
}

// Thumbprint returns the RFC 7638 thumbprint of k computed with h (SHA-256
// in RFC 7638's examples). A private key and its public half have the same
// thumbprint. It returns an error wrapping [ErrUnsupported] when h is not
// available.
func (k *Key) Thumbprint(h crypto.Hash) ([]byte, error) {
	if !h.Available() {
		return nil, memberErr("", ErrUnsupported, "hash %v is not available", h)
	}
	hh := h.New()
	hh.Write(k.ThumbprintInput())
	return hh.Sum(nil), nil
}

// thumbprintURIPrefix is the URN prefix of RFC 9278 §3.
const thumbprintURIPrefix = "urn:ietf:params:oauth:jwk-thumbprint:"

// ThumbprintURI returns the RFC 9278 JWK Thumbprint URI of k, such as
// "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8...". h must be
// SHA-256, SHA-384 or SHA-512, the hashes with names in the IANA "Named
// Information Hash Algorithm" registry; others return an error wrapping
// [ErrUnsupported].
func (k *Key) ThumbprintURI(h crypto.Hash) (string, error) {
	var name string
	switch h {
	case crypto.SHA256:
		name = "sha-256"
	case crypto.SHA384:
		name = "sha-384"
	case crypto.SHA512:
		name = "sha-512"
	default:
		return "", memberErr("", ErrUnsupported, "hash %v has no registered thumbprint URI name", h)
	}
	sum, err := k.Thumbprint(h)
	if err != nil {
		return "", err
	}
	return thumbprintURIPrefix + name + ":" + base64url.Encode(sum), nil
}
