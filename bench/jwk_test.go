package bench

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"

	josev4 "github.com/go-jose/go-jose/v4"
	"github.com/jose-suite/jose/jwk"
	xjwk "github.com/lestrrat-go/jwx/v3/jwk"
)

// jwkCase is one public JWK of testdata/jwks.json, as a service receives
// it: kty, the key members and kid. golang-jwt has no JWK support.
type jwkCase struct {
	name  string
	index int // in jwks.json's "keys"
}

var jwkCases = []jwkCase{
	{"RSA-2048", 0},
	{"EC-P256", 1},
}

// jwkDoc returns the case's JWK as its own document.
func jwkDoc(tb testing.TB, c jwkCase) []byte {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	check(tb, json.Unmarshal(jwksJSON, &set))
	return set.Keys[c.index]
}

// jwkLib gives, for one library: parse (one JWK into the library's key
// type), thumbprint (of a key parse returned), parseSet (a JWK Set, then
// the key with the given "kid"), and public, which converts what parse
// returns to a standard library key for the equivalence test.
type jwkLib struct {
	name       string
	parse      func(data []byte) (any, error)
	thumbprint func(key any) ([]byte, error)
	parseSet   func(data []byte, kid string) (any, error)
	public     func(key any) (crypto.PublicKey, error)
}

var jwkLibs = []jwkLib{
	{
		name:       libOurs,
		parse:      func(data []byte) (any, error) { return jwk.ParseKey(data) },
		thumbprint: func(k any) ([]byte, error) { return k.(*jwk.Key).Thumbprint(crypto.SHA256) },
		parseSet: func(data []byte, kid string) (any, error) {
			set, err := jwk.ParseSet(data)
			if err != nil {
				return nil, err
			}
			ks := set.LookupKeyID(kid)
			if len(ks) == 0 {
				return nil, fmt.Errorf("no key %q", kid)
			}
			return ks[0], nil
		},
		public: func(k any) (crypto.PublicKey, error) {
			key := k.(*jwk.Key)
			if p := key.RSAPublicKey(); p != nil {
				return p, nil
			}
			return key.ECDSAPublicKey(), nil
		},
	},
	{
		name: libGoJose,
		parse: func(data []byte) (any, error) {
			var k josev4.JSONWebKey
			err := k.UnmarshalJSON(data)
			return &k, err
		},
		thumbprint: func(k any) ([]byte, error) { return k.(*josev4.JSONWebKey).Thumbprint(crypto.SHA256) },
		parseSet: func(data []byte, kid string) (any, error) {
			var set josev4.JSONWebKeySet
			if err := json.Unmarshal(data, &set); err != nil {
				return nil, err
			}
			ks := set.Key(kid)
			if len(ks) == 0 {
				return nil, fmt.Errorf("no key %q", kid)
			}
			return &ks[0], nil
		},
		public: func(k any) (crypto.PublicKey, error) { return k.(*josev4.JSONWebKey).Key, nil },
	},
	{
		name:       libJWX,
		parse:      func(data []byte) (any, error) { return xjwk.ParseKey(data) },
		thumbprint: func(k any) ([]byte, error) { return k.(xjwk.Key).Thumbprint(crypto.SHA256) },
		parseSet: func(data []byte, kid string) (any, error) {
			set, err := xjwk.Parse(data)
			if err != nil {
				return nil, err
			}
			k, ok := set.LookupKeyID(kid)
			if !ok {
				return nil, fmt.Errorf("no key %q", kid)
			}
			return k, nil
		},
		public: func(k any) (crypto.PublicKey, error) {
			var raw any
			err := xjwk.Export(k.(xjwk.Key), &raw)
			return raw, err
		},
	},
	{
		name:       libPrimitive,
		parse:      primitiveParseJWK,
		thumbprint: primitiveThumbprint,
		parseSet:   primitiveParseSet,
		public:     func(k any) (crypto.PublicKey, error) { return k.(*primitiveKey).pub, nil },
	},
}

// ---- primitive: encoding/json into the members, base64url, and the
// standard library's key constructors with their minimal checks (an EC
// point on the curve, an RSA modulus of at least 2048 bits and a sane
// exponent).

type primitiveJWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	N   string `json:"n"`
	E   string `json:"e"`
}

type primitiveKey struct {
	kid string
	pub crypto.PublicKey
}

func primitiveParseJWK(data []byte) (any, error) {
	var j primitiveJWK
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	return j.key()
}

func (j *primitiveJWK) key() (*primitiveKey, error) {
	switch j.Kty {
	case "RSA":
		n, err := b64.DecodeString(j.N)
		if err != nil {
			return nil, err
		}
		e, err := b64.DecodeString(j.E)
		if err != nil || len(e) == 0 || len(e) > 4 {
			return nil, errPrimitive
		}
		var ev int
		for _, b := range e {
			ev = ev<<8 | int(b)
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ev}
		if pub.N.BitLen() < 2048 || ev < 3 || ev&1 == 0 {
			return nil, errPrimitive
		}
		return &primitiveKey{j.Kid, pub}, nil
	case "EC":
		x, err := b64.DecodeString(j.X)
		if err != nil {
			return nil, err
		}
		y, err := b64.DecodeString(j.Y)
		if err != nil || j.Crv != "P-256" || len(x) != 32 || len(y) != 32 {
			return nil, errPrimitive
		}
		point := make([]byte, 0, 65)
		point = append(append(append(point, 4), x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
		if err != nil {
			return nil, err
		}
		return &primitiveKey{j.Kid, pub}, nil
	}
	return nil, errPrimitive
}

// primitiveThumbprint writes RFC 7638's canonical JSON of the required
// members, in name order, and hashes it.
func primitiveThumbprint(k any) ([]byte, error) {
	buf := make([]byte, 0, 512)
	switch pub := k.(*primitiveKey).pub.(type) {
	case *rsa.PublicKey:
		e := big.NewInt(int64(pub.E)).Bytes()
		buf = append(buf, `{"e":"`...)
		buf = b64.AppendEncode(buf, e)
		buf = append(buf, `","kty":"RSA","n":"`...)
		buf = b64.AppendEncode(buf, pub.N.Bytes())
		buf = append(buf, `"}`...)
	case *ecdsa.PublicKey:
		point, err := pub.Bytes()
		if err != nil {
			return nil, err
		}
		buf = append(buf, `{"crv":"P-256","kty":"EC","x":"`...)
		buf = b64.AppendEncode(buf, point[1:33])
		buf = append(buf, `","y":"`...)
		buf = b64.AppendEncode(buf, point[33:])
		buf = append(buf, `"}`...)
	default:
		return nil, errPrimitive
	}
	sum := sha256.Sum256(buf)
	return sum[:], nil
}

func primitiveParseSet(data []byte, kid string) (any, error) {
	var set struct {
		Keys []primitiveJWK `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, err
	}
	keys := make([]*primitiveKey, len(set.Keys))
	for i := range set.Keys {
		k, err := set.Keys[i].key()
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	for _, k := range keys {
		if k.kid == kid {
			return k, nil
		}
	}
	return nil, fmt.Errorf("no key %q", kid)
}

// ---- benchmarks

func BenchmarkJWKParse(b *testing.B) {
	for _, c := range jwkCases {
		for _, l := range jwkLibs {
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				data := jwkDoc(b, c)
				loop(b, func() error {
					_, err := l.parse(data)
					return err
				})
			})
		}
	}
}

func BenchmarkJWKThumbprint(b *testing.B) {
	for _, c := range jwkCases {
		for _, l := range jwkLibs {
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				key, err := l.parse(jwkDoc(b, c))
				check(b, err)
				loop(b, func() error {
					_, err := l.thumbprint(key)
					return err
				})
			})
		}
	}
}

// BenchmarkJWKSParse parses a set of ten keys (five RSA 2048, five EC
// P-256) and looks up the last key by "kid".
func BenchmarkJWKSParse(b *testing.B) {
	for _, l := range jwkLibs {
		b.Run("10-keys/lib="+l.name, func(b *testing.B) {
			loop(b, func() error {
				_, err := l.parseSet(jwksJSON, lookupKID)
				return err
			})
		})
	}
}
