package jwk

import (
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// ThumbprintInput returns the canonical JSON that RFC 7638 §3 hashes: the
// required members of the key's type in lexicographic order, with no
// whitespace. Private members and metadata never appear in it.
func (k *Key) ThumbprintInput() []byte {
	return k.appendThumbprintInput(make([]byte, 0, 600))
}

// appendThumbprintInput appends the RFC 7638 §3 input to b. It writes
// through plain appends rather than a jsonWriter, whose pointer would make
// the compiler move a caller's buffer to the heap: with a stack buffer,
// [Key.Thumbprint] allocates only its result for keys of up to
// [MaxRSABits].
func (k *Key) appendThumbprintInput(b []byte) []byte {
	switch k.kty {
	case jwa.RSA:
		// Base64urlUInt (RFC 7518 §6.3.1): big-endian, no leading zeros.
		var eb [8]byte
		binary.BigEndian.PutUint64(eb[:], uint64(k.rsaPub.E))
		e := eb[:]
		for len(e) > 1 && e[0] == 0 {
			e = e[1:]
		}
		b = append(b, `{"e":"`...)
		b = base64url.AppendEncode(b, e)
		b = append(b, `","kty":"RSA","n":"`...)
		n := k.rsaPub.N
		var nb [MaxRSABits / 8]byte
		if size := (n.BitLen() + 7) / 8; size <= len(nb) {
			b = base64url.AppendEncode(b, n.FillBytes(nb[:size]))
		} else {
			b = base64url.AppendEncode(b, n.Bytes())
		}
		return append(b, `"}`...)
	case jwa.EC:
		size := k.crv.Size()
		b = append(b, `{"crv":`...)
		b = ijson.AppendString(b, string(k.crv))
		b = append(b, `,"kty":"EC","x":"`...)
		var xy [2 * 66]byte // P-521 coordinates are the largest
		if 2*size <= len(xy) {
			b = base64url.AppendEncode(b, k.ecPub.X.FillBytes(xy[:size]))
			b = append(b, `","y":"`...)
			b = base64url.AppendEncode(b, k.ecPub.Y.FillBytes(xy[size:2*size]))
		} else {
			b = base64url.AppendEncode(b, k.ecPub.X.FillBytes(make([]byte, size)))
			b = append(b, `","y":"`...)
			b = base64url.AppendEncode(b, k.ecPub.Y.FillBytes(make([]byte, size)))
		}
		return append(b, `"}`...)
	case jwa.OKP:
		b = append(b, `{"crv":`...)
		b = ijson.AppendString(b, string(k.crv))
		b = append(b, `,"kty":"OKP","x":"`...)
		if k.edPub != nil {
			b = base64url.AppendEncode(b, k.edPub)
		} else {
			b = base64url.AppendEncode(b, k.xPub.Bytes())
		}
		return append(b, `"}`...)
	case jwa.Oct:
		b = append(b, `{"k":"`...)
		b = base64url.AppendEncode(b, k.secret)
		return append(b, `","kty":"oct"}`...)
	}
	return append(b, `{}`...)
}

// Thumbprint returns the RFC 7638 thumbprint of k computed with h (SHA-256
// in RFC 7638's examples). A private key and its public half have the same
// thumbprint. It returns an error wrapping [ErrUnsupported] when h is not
// available.
func (k *Key) Thumbprint(h crypto.Hash) ([]byte, error) {
	// The SHA-2 hashes, the only ones RFC 9278 names, hash the input from
	// a stack buffer; other hashes go through hash.Hash, where it escapes.
	var buf [1024]byte
	switch h {
	case crypto.SHA256:
		sum := sha256.Sum256(k.appendThumbprintInput(buf[:0]))
		return sum[:], nil
	case crypto.SHA384:
		sum := sha512.Sum384(k.appendThumbprintInput(buf[:0]))
		return sum[:], nil
	case crypto.SHA512:
		sum := sha512.Sum512(k.appendThumbprintInput(buf[:0]))
		return sum[:], nil
	}
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
