package jwk

import (
	"encoding/base64"
	"math/big"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// MarshalJSON returns the JWK form of k: its key material (private members
// too when k is private), then its metadata, then any members it was parsed
// with that this package does not interpret, unchanged. An opaque private
// key marshals its public half only, since its private part cannot be
// exported. Use [Key.Public] to publish a key.
func (k *Key) MarshalJSON() ([]byte, error) {
	return k.appendJSON(make([]byte, 0, 512), true), nil
}

// UnmarshalJSON parses a JWK into k with [ParseKey]'s rules, so that a Key
// can be a field of a struct decoded with encoding/json. Prefer [ParseKey].
func (k *Key) UnmarshalJSON(data []byte) error {
	parsed, err := ParseKey(data)
	if err != nil {
		return err
	}
	*k = *parsed
	return nil
}

type jsonWriter struct {
	b     []byte
	first bool
}

func (w *jsonWriter) name(n string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = ijson.AppendString(w.b, n)
	w.b = append(w.b, ':')
}

func (w *jsonWriter) str(n, v string) {
	w.name(n)
	w.b = ijson.AppendString(w.b, v)
}

func (w *jsonWriter) b64(n string, v []byte) {
	w.name(n)
	w.b = append(w.b, '"')
	w.b = base64url.AppendEncode(w.b, v)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) uint(n string, v *big.Int) { w.b64(n, v.Bytes()) }

func (w *jsonWriter) fixed(n string, v *big.Int, size int) { w.b64(n, v.FillBytes(make([]byte, size))) }

// appendJSON appends the JWK. withPrivate false writes the public members
// only.
func (k *Key) appendJSON(b []byte, withPrivate bool) []byte {
	w := &jsonWriter{b: append(b, '{'), first: true}
	w.str("kty", string(k.kty))
	switch k.kty {
	case jwa.RSA:
		w.uint("n", k.rsaPub.N)
		w.uint("e", big.NewInt(int64(k.rsaPub.E)))
		if p := k.rsaPriv; p != nil && withPrivate {
			w.uint("d", p.D)
			if len(p.Primes) == 2 {
				w.uint("p", p.Primes[0])
				w.uint("q", p.Primes[1])
				w.uint("dp", p.Precomputed.Dp)
				w.uint("dq", p.Precomputed.Dq)
				w.uint("qi", p.Precomputed.Qinv)
			}
		}
	case jwa.EC:
		size := k.crv.Size()
		w.str("crv", string(k.crv))
		w.fixed("x", k.ecPub.X, size)
		w.fixed("y", k.ecPub.Y, size)
		if k.ecPriv != nil && withPrivate {
			w.fixed("d", k.ecPriv.D, size)
		}
	case jwa.OKP:
		w.str("crv", string(k.crv))
		if k.edPub != nil {
			w.b64("x", k.edPub)
			if k.edPriv != nil && withPrivate {
				w.b64("d", k.edPriv.Seed())
			}
		} else {
			w.b64("x", k.xPub.Bytes())
			if k.xPriv != nil && withPrivate {
				w.b64("d", k.xPriv.Bytes())
			}
		}
	case jwa.Oct:
		if withPrivate {
			w.b64("k", k.secret)
		}
	}
	m := &k.meta
	if m.Use != "" {
		w.str("use", string(m.Use))
	}
	if m.Operations != nil {
		w.name("key_ops")
		w.b = append(w.b, '[')
		for i, op := range m.Operations {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = ijson.AppendString(w.b, string(op))
		}
		w.b = append(w.b, ']')
	}
	if m.Algorithm != "" {
		w.str("alg", m.Algorithm)
	}
	if m.KeyID != "" {
		w.str("kid", m.KeyID)
	}
	if m.X509URL != "" {
		w.str("x5u", m.X509URL)
	}
	if len(m.X509Chain) > 0 {
		w.name("x5c")
		w.b = append(w.b, '[')
		for i, c := range m.X509Chain {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, '"')
			w.b = base64.StdEncoding.AppendEncode(w.b, c.Raw)
			w.b = append(w.b, '"')
		}
		w.b = append(w.b, ']')
	}
	if m.X509SHA1Thumbprint != nil {
		w.b64("x5t", m.X509SHA1Thumbprint)
	}
	if m.X509SHA256Thumbprint != nil {
		w.b64("x5t#S256", m.X509SHA256Thumbprint)
	}
	for _, x := range k.extra {
		if !withPrivate && privateMember(x.name) {
			continue
		}
		w.name(x.name)
		w.b = append(w.b, x.raw...)
	}
	return append(w.b, '}')
}
