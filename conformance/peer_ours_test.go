package conformance

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// oursName is this library's name in the matrix.
const oursName = "ours"

var b64 = base64.RawURLEncoding

// fixedRSAKeys are four 2048-bit RSA keys made once with crypto/rsa
// (testdata/interop/rsa-keys.json): keys 0 and 1 serve this library,
// 2 and 3 go-jose, so that no test generates RSA keys in Go.
var fixedRSAKeys = sync.OnceValues(func() ([]*jwk.Key, error) {
	data, err := os.ReadFile("testdata/interop/rsa-keys.json")
	if err != nil {
		return nil, err
	}
	set, err := jwk.ParseSet(data)
	if err != nil {
		return nil, err
	}
	if set.Len() != 4 {
		return nil, fmt.Errorf("rsa-keys.json: %d keys, want 4", set.Len())
	}
	return set.Keys(), nil
})

func oursPeer() peer { return &inProcess{id: oursName, do: oursOp} }

func oursCapabilities() capabilities {
	var c capabilities
	c.Name = "github.com/jose-suite/jose"
	c.Version = "this commit"
	c.JWS = &struct {
		Algs           []string `json:"algs"`
		Serializations []string `json:"serializations"`
	}{Algs: names(jwa.SignatureAlgorithms()), Serializations: []string{"compact", "json", "flattened"}}
	c.JWE = &struct {
		Algs           []string `json:"algs"`
		Encs           []string `json:"encs"`
		Serializations []string `json:"serializations"`
		Zip            bool     `json:"zip"`
	}{Algs: names(jwa.KeyAlgorithms()), Encs: names(jwa.ContentEncryptions()), Serializations: []string{"compact", "json", "flattened"}, Zip: true}
	c.Curves = names(jwa.Curves())
	return c
}

func names[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func oursOp(o op) (result, error) {
	switch o.Op {
	case "capabilities":
		return result{capabilities: oursCapabilities()}, nil
	case "keygen":
		k, err := oursKeygen(o)
		if err != nil {
			return result{}, err
		}
		b, err := k.MarshalJSON()
		return result{JWK: b}, err
	case "sign":
		return oursSign(o)
	case "verify":
		return oursVerify(o)
	case "encrypt":
		return oursEncrypt(o)
	case "decrypt":
		return oursDecrypt(o)
	case "jwk":
		k, err := jwk.ParseKey(o.JWK)
		if err != nil {
			return result{}, err
		}
		b, err := k.MarshalJSON()
		return result{JWK: b}, err
	case "thumbprint":
		k, err := jwk.ParseKey(o.JWK)
		if err != nil {
			return result{}, err
		}
		t, err := k.Thumbprint(crypto.SHA256)
		return result{Thumbprint: b64.EncodeToString(t)}, err
	}
	return result{}, fmt.Errorf("unknown op %q", o.Op)
}

// oursKeygen makes a key with the jwk package's Generate functions, except
// RSA keys, which come from the fixed pool (o.Index picks key 0 or 1) with
// "use" but no "alg", since one RSA key serves every RSA algorithm of its
// use in the matrix.
func oursKeygen(o op) (*jwk.Key, error) {
	if isRSAAlg(o.Alg) {
		pool, err := fixedRSAKeys()
		if err != nil {
			return nil, err
		}
		k := pool[o.Index%2]
		m := k.Metadata()
		m.Use = jwk.UseEncryption
		if jwa.SignatureAlgorithm(o.Alg).Supported() {
			m.Use = jwk.UseSignature
		}
		return k.WithMetadata(m)
	}
	if alg := jwa.SignatureAlgorithm(o.Alg); alg.Supported() {
		return jwk.GenerateForSignature(alg)
	}
	alg := jwa.KeyAlgorithm(o.Alg)
	if o.Crv != "" && o.Crv != string(jwa.P256) {
		k, err := jwk.GenerateCurve(jwa.Curve(o.Crv))
		if err != nil {
			return nil, err
		}
		m := k.Metadata()
		m.Algorithm, m.Use = o.Alg, jwk.UseEncryption
		return k.WithMetadata(m)
	}
	return jwk.GenerateForEncryption(alg, jwa.ContentEncryption(o.Enc))
}

func isRSAAlg(alg string) bool {
	return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
}

func oursSign(o op) (result, error) {
	payload, err := b64.DecodeString(o.Payload)
	if err != nil {
		return result{}, err
	}
	opts := jws.SignerOptions{OmitKeyID: true}
	if len(o.Protected) > 0 {
		opts.Protected = map[string]json.RawMessage{}
		for k, v := range o.Protected {
			b, _ := json.Marshal(v)
			opts.Protected[k] = b
		}
		if cty, ok := o.Protected["cty"]; ok {
			opts.ContentType = cty
			delete(opts.Protected, "cty")
		}
		if typ, ok := o.Protected["typ"]; ok {
			opts.Type = typ
			delete(opts.Protected, "typ")
		}
	}
	var signers []*jws.Signer
	for _, s := range o.Signers {
		k, err := jwk.ParseKey(s.JWK)
		if err != nil {
			return result{}, err
		}
		sg, err := jws.NewSigner(k, jwa.SignatureAlgorithm(s.Alg), opts)
		if err != nil {
			return result{}, err
		}
		signers = append(signers, sg)
	}
	switch o.Serialization {
	case "compact":
		t, err := signers[0].Sign(payload)
		return result{Token: t}, err
	case "flattened":
		t, err := signers[0].SignFlattened(payload)
		return result{Token: string(t)}, err
	case "json":
		t, err := jws.SignJSON(payload, signers...)
		return result{Token: string(t)}, err
	}
	return result{}, fmt.Errorf("unknown serialization %q", o.Serialization)
}

func oursVerify(o op) (result, error) {
	k, err := oursPublic(o.JWK)
	if err != nil {
		return result{}, err
	}
	var algs []jwa.SignatureAlgorithm
	for _, a := range o.Algs {
		algs = append(algs, jwa.SignatureAlgorithm(a))
	}
	// One key per verify op (the contract): a general JWS with two
	// signatures is verified once per signer's key, so each op needs one
	// valid signature; the other signature has no key here.
	v, err := jws.NewVerifier(jws.Policy{Algorithms: algs, Keys: jwk.NewSet(k), MinValidSignatures: 1})
	if err != nil {
		return result{}, err
	}
	if strings.HasPrefix(o.Token, "{") {
		r, err := v.VerifyJSON([]byte(o.Token))
		if err != nil {
			return result{}, err
		}
		return result{Payload: b64.EncodeToString(r.Payload())}, nil
	}
	r, err := v.Verify(o.Token)
	if err != nil {
		return result{}, err
	}
	return result{Payload: b64.EncodeToString(r.Payload())}, nil
}

// oursPublic parses a JWK and returns its public half (a secret stays as
// it is), as a verifier or encrypter is given it.
func oursPublic(data []byte) (*jwk.Key, error) {
	k, err := jwk.ParseKey(data)
	if err != nil || k.Type() == jwa.Oct {
		return k, err
	}
	return k.Public()
}

func oursEncrypt(o op) (result, error) {
	plaintext, err := b64.DecodeString(o.Plaintext)
	if err != nil {
		return result{}, err
	}
	opts := jwe.EncrypterOptions{ContentEncryption: jwa.ContentEncryption(o.Enc), Compress: o.Zip}
	if cty, ok := o.Protected["cty"]; ok {
		opts.ContentType = cty
	}
	var rs []jwe.Recipient
	for _, r := range o.Recipients {
		rec := jwe.Recipient{Algorithm: jwa.KeyAlgorithm(r.Alg), Password: r.Password, PBES2Count: r.P2C}
		if r.Password == "" {
			if rec.Key, err = oursPublic(r.JWK); err != nil {
				return result{}, err
			}
		}
		rs = append(rs, rec)
	}
	e, err := jwe.NewEncrypter(opts, rs...)
	if err != nil {
		return result{}, err
	}
	switch o.Serialization {
	case "compact":
		t, err := e.Encrypt(plaintext)
		return result{Token: t}, err
	case "flattened":
		t, err := e.EncryptFlattenedJSON(plaintext, nil)
		return result{Token: string(t)}, err
	case "json":
		t, err := e.EncryptJSON(plaintext, nil)
		return result{Token: string(t)}, err
	}
	return result{}, fmt.Errorf("unknown serialization %q", o.Serialization)
}

func oursDecrypt(o op) (result, error) {
	p := jwe.Policy{MaxPBES2Count: o.MaxP2C}
	for _, a := range o.Algs {
		p.KeyAlgorithms = append(p.KeyAlgorithms, jwa.KeyAlgorithm(a))
	}
	for _, e := range o.Encs {
		p.ContentEncryption = append(p.ContentEncryption, jwa.ContentEncryption(e))
	}
	if o.Password != "" {
		p.Passwords = []string{o.Password}
	} else {
		k, err := jwk.ParseKey(o.JWK)
		if err != nil {
			return result{}, err
		}
		p.Keys = jwk.NewSet(k)
	}
	d, err := jwe.NewDecrypter(p)
	if err != nil {
		return result{}, err
	}
	var r *jwe.Decrypted
	if strings.HasPrefix(o.Token, "{") {
		r, err = d.DecryptJSON([]byte(o.Token))
	} else {
		r, err = d.Decrypt(o.Token)
	}
	if err != nil {
		return result{}, err
	}
	return result{Plaintext: b64.EncodeToString(r.Plaintext())}, nil
}
