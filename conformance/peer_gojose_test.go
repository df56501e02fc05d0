package conformance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"strings"

	gojose "github.com/go-jose/go-jose/v4"
)

const goJoseName = "go-jose"

// goJoseVersion is the go-jose release in go.mod.
const goJoseVersion = "v4.1.9"

func goJosePeer() peer { return &inProcess{id: goJoseName, do: goJoseOp} }

var (
	goJoseJWSAlgs = []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
		"ES256", "ES384", "ES512", "EdDSA"}
	goJoseJWEAlgs = []string{"RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir",
		"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW",
		"PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"}
	goJoseEncs = []string{"A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"}
)

func goJoseCapabilities() capabilities {
	var c capabilities
	c.Name, c.Version = "github.com/go-jose/go-jose/v4", goJoseVersion
	c.JWS = &struct {
		Algs           []string `json:"algs"`
		Serializations []string `json:"serializations"`
	}{Algs: goJoseJWSAlgs, Serializations: []string{"compact", "json", "flattened"}}
	c.JWE = &struct {
		Algs           []string `json:"algs"`
		Encs           []string `json:"encs"`
		Serializations []string `json:"serializations"`
		Zip            bool     `json:"zip"`
	}{Algs: goJoseJWEAlgs, Encs: goJoseEncs, Serializations: []string{"compact", "json", "flattened"}, Zip: true}
	c.Curves = []string{"P-256", "P-384", "P-521", "Ed25519"}
	c.Missing = map[string]string{
		"Ed25519":      "go-jose v4.1.9 has EdDSA but not the fully-specified \"Ed25519\" alg (RFC 9864)",
		"RSA-OAEP-384": "go-jose v4.1.9 implements RSA-OAEP and RSA-OAEP-256 only",
		"RSA-OAEP-512": "go-jose v4.1.9 implements RSA-OAEP and RSA-OAEP-256 only",
		"X25519":       "go-jose v4.1.9 has no X25519 keys (ECDH-ES over OKP)",
	}
	return c
}

func goJoseOp(o op) (result, error) {
	switch o.Op {
	case "capabilities":
		return result{capabilities: goJoseCapabilities()}, nil
	case "keygen":
		k, err := goJoseKeygen(o)
		if err != nil {
			return result{}, err
		}
		b, err := k.MarshalJSON()
		return result{JWK: b}, err
	case "sign":
		return goJoseSign(o)
	case "verify":
		return goJoseVerify(o)
	case "encrypt":
		return goJoseEncrypt(o)
	case "decrypt":
		return goJoseDecrypt(o)
	case "jwk":
		k, err := goJoseParse(o.JWK)
		if err != nil {
			return result{}, err
		}
		b, err := k.MarshalJSON()
		return result{JWK: b}, err
	case "thumbprint":
		k, err := goJoseParse(o.JWK)
		if err != nil {
			return result{}, err
		}
		t, err := k.Thumbprint(crypto.SHA256)
		return result{Thumbprint: b64.EncodeToString(t)}, err
	}
	return result{}, fmt.Errorf("unknown op %q", o.Op)
}

func goJoseParse(data []byte) (*gojose.JSONWebKey, error) {
	var k gojose.JSONWebKey
	if err := k.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &k, nil
}

// goJosePublic returns the public half of an asymmetric key, and a secret
// as it is.
func goJosePublic(data []byte) (*gojose.JSONWebKey, error) {
	k, err := goJoseParse(data)
	if err != nil {
		return nil, err
	}
	if _, ok := k.Key.([]byte); ok || k.IsPublic() {
		return k, nil
	}
	pub := k.Public()
	return &pub, nil
}

// goJoseKeygen makes keys with the standard library (go-jose has no key
// generation) and wraps them in a JSONWebKey; RSA keys come from the fixed
// pool (keys 2 and 3).
func goJoseKeygen(o op) (*gojose.JSONWebKey, error) {
	var key any
	switch alg := o.Alg; {
	case isRSAAlg(alg):
		pool, err := fixedRSAKeys()
		if err != nil {
			return nil, err
		}
		key = pool[2+o.Index%2].RSAPrivateKey()
	case strings.HasPrefix(alg, "HS"), alg == "dir" || strings.HasSuffix(alg, "KW") && !strings.HasPrefix(alg, "ECDH"):
		size := map[string]int{"HS256": 32, "HS384": 48, "HS512": 64, "A128KW": 16, "A192KW": 24, "A256KW": 32,
			"A128GCMKW": 16, "A192GCMKW": 24, "A256GCMKW": 32,
			"A128GCM": 16, "A192GCM": 24, "A256GCM": 32, "A128CBC-HS256": 32, "A192CBC-HS384": 48, "A256CBC-HS512": 64}
		name := alg
		if alg == "dir" {
			name = o.Enc
		}
		n, ok := size[name]
		if !ok {
			return nil, fmt.Errorf("keygen: no key size for %s", name)
		}
		b := make([]byte, n)
		rand.Read(b)
		key = b
	case alg == "EdDSA":
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		key = priv
	default:
		crv := map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[alg]
		if strings.HasPrefix(alg, "ECDH-ES") {
			crv = firstNonEmpty(o.Crv, "P-256")
		}
		c := map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}[crv]
		if c == nil {
			return nil, fmt.Errorf("keygen: %s on %q is not supported", alg, crv)
		}
		priv, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return nil, err
		}
		key = priv
	}
	return &gojose.JSONWebKey{Key: key}, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func goJoseSign(o op) (result, error) {
	payload, err := b64.DecodeString(o.Payload)
	if err != nil {
		return result{}, err
	}
	opts := &gojose.SignerOptions{}
	for k, v := range o.Protected {
		opts.WithHeader(gojose.HeaderKey(k), v)
	}
	var keys []gojose.SigningKey
	for _, s := range o.Signers {
		k, err := goJoseParse(s.JWK)
		if err != nil {
			return result{}, err
		}
		keys = append(keys, gojose.SigningKey{Algorithm: gojose.SignatureAlgorithm(s.Alg), Key: k.Key})
	}
	var sg gojose.Signer
	if len(keys) == 1 {
		sg, err = gojose.NewSigner(keys[0], opts)
	} else {
		sg, err = gojose.NewMultiSigner(keys, opts)
	}
	if err != nil {
		return result{}, err
	}
	obj, err := sg.Sign(payload)
	if err != nil {
		return result{}, err
	}
	if o.Serialization == "compact" {
		t, err := obj.CompactSerialize()
		return result{Token: t}, err
	}
	// FullSerialize writes the flattened form for one signature and the
	// general form for several.
	return result{Token: obj.FullSerialize()}, nil
}

func goJoseVerify(o op) (result, error) {
	k, err := goJosePublic(o.JWK)
	if err != nil {
		return result{}, err
	}
	var algs []gojose.SignatureAlgorithm
	for _, a := range o.Algs {
		algs = append(algs, gojose.SignatureAlgorithm(a))
	}
	obj, err := gojose.ParseSigned(o.Token, algs)
	if err != nil {
		return result{}, err
	}
	// VerifyMulti accepts the JWS when one signature verifies with k; the
	// harness checks each signer's key in its own op.
	_, _, payload, err := obj.VerifyMulti(k.Key)
	if err != nil {
		return result{}, err
	}
	return result{Payload: b64.EncodeToString(payload)}, nil
}

func goJoseEncrypt(o op) (result, error) {
	plaintext, err := b64.DecodeString(o.Plaintext)
	if err != nil {
		return result{}, err
	}
	opts := &gojose.EncrypterOptions{}
	if o.Zip {
		opts.Compression = gojose.DEFLATE
	}
	for k, v := range o.Protected {
		opts.WithHeader(gojose.HeaderKey(k), v)
	}
	var rs []gojose.Recipient
	for _, r := range o.Recipients {
		rec := gojose.Recipient{Algorithm: gojose.KeyAlgorithm(r.Alg), PBES2Count: r.P2C}
		if r.Password != "" {
			rec.Key = []byte(r.Password)
		} else {
			k, err := goJosePublic(r.JWK)
			if err != nil {
				return result{}, err
			}
			rec.Key = k.Key
		}
		rs = append(rs, rec)
	}
	var e gojose.Encrypter
	if len(rs) == 1 {
		e, err = gojose.NewEncrypter(gojose.ContentEncryption(o.Enc), rs[0], opts)
	} else {
		e, err = gojose.NewMultiEncrypter(gojose.ContentEncryption(o.Enc), rs, opts)
	}
	if err != nil {
		return result{}, err
	}
	obj, err := e.Encrypt(plaintext)
	if err != nil {
		return result{}, err
	}
	if o.Serialization == "compact" {
		t, err := obj.CompactSerialize()
		return result{Token: t}, err
	}
	return result{Token: obj.FullSerialize()}, nil
}

func goJoseDecrypt(o op) (result, error) {
	var algs []gojose.KeyAlgorithm
	for _, a := range o.Algs {
		algs = append(algs, gojose.KeyAlgorithm(a))
	}
	var encs []gojose.ContentEncryption
	for _, e := range o.Encs {
		encs = append(encs, gojose.ContentEncryption(e))
	}
	obj, err := gojose.ParseEncrypted(o.Token, algs, encs)
	if err != nil {
		return result{}, err
	}
	var key any
	if o.Password != "" {
		key = []byte(o.Password)
	} else {
		k, err := goJoseParse(o.JWK)
		if err != nil {
			return result{}, err
		}
		key = k.Key
	}
	_, _, plaintext, err := obj.DecryptMulti(key)
	if err != nil {
		return result{}, err
	}
	return result{Plaintext: b64.EncodeToString(plaintext)}, nil
}
