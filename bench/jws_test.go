package bench

import (
	"crypto"
	"encoding/json"
	"sync"
	"testing"
	"unsafe"

	josev4 "github.com/go-jose/go-jose/v4"
	gjwt "github.com/golang-jwt/jwt/v5"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	xjwa "github.com/lestrrat-go/jwx/v3/jwa"
	xjwk "github.com/lestrrat-go/jwx/v3/jwk"
	xjws "github.com/lestrrat-go/jwx/v3/jws"
)

// sigCase is one JWS algorithm with its fixture key.
type sigCase struct {
	name string // the <params> part of the benchmark name
	alg  jwa.SignatureAlgorithm
	key  string // the name in testdata/keys.json
}

var sigCases = []sigCase{
	{"HS256", jwa.HS256, "hmac"},
	{"RS256-2048", jwa.RS256, "rsa"},
	{"PS256-2048", jwa.PS256, "rsa"},
	{"ES256", jwa.ES256, "ec"},
	{"EdDSA", jwa.EdDSA, "ed25519"},
}

// Every signer writes the protected header {"alg":…,"kid":…,"typ":"JWT"}
// over the claims payload, so that the deterministic algorithms (HS256,
// RS256, EdDSA) give byte-identical tokens whichever library signs.

// signFunc signs a payload into a compact JWS.
type signFunc func(payload []byte) (string, error)

// verifyFunc verifies a compact JWS and returns its payload.
type verifyFunc func(token string) ([]byte, error)

type signLib struct {
	name string
	new  func(tb testing.TB, c sigCase) signFunc
}

type verifyLib struct {
	name string
	new  func(tb testing.TB, c sigCase) verifyFunc
}

var signLibs = []signLib{
	{libOurs, oursSign},
	{libGoJose, goJoseSign},
	{libJWX, jwxSign},
	{libGolangJWT, golangJWTSign},
	{libPrimitive, primitiveSign},
}

var verifyLibs = []verifyLib{
	{libOurs, oursVerify},
	{libGoJose, goJoseVerify},
	{libJWX, jwxVerify},
	{libJWXFast, jwxFastVerify},
	{libGolangJWT, golangJWTVerify},
	{libPrimitive, primitiveVerify},
}

// stdPrivate returns the fixture's private key as the standard library's
// type: []byte, *rsa.PrivateKey, *ecdsa.PrivateKey or ed25519.PrivateKey.
func stdPrivate(tb testing.TB, c sigCase) crypto.PrivateKey {
	k := keys(tb)
	switch c.key {
	case "hmac":
		return k.hmac
	case "rsa":
		return k.rsa
	case "ec":
		return k.ec
	case "ed25519":
		return k.ed25519
	}
	tb.Fatalf("no key %q", c.key)
	return nil
}

// stdPublic returns the verification key as the standard library's type.
func stdPublic(tb testing.TB, c sigCase) crypto.PublicKey {
	switch k := stdPrivate(tb, c).(type) {
	case []byte:
		return k
	case crypto.Signer:
		return k.Public()
	}
	tb.Fatalf("no public key for %q", c.key)
	return nil
}

func kidOf(tb testing.TB, c sigCase) string { return keys(tb).ours[c.key].KeyID() }

// ---- this project

func oursSign(tb testing.TB, c sigCase) signFunc {
	s, err := jws.NewSigner(keys(tb).ours[c.key], c.alg, jws.SignerOptions{Type: "JWT"})
	check(tb, err)
	return s.Sign
}

func oursVerify(tb testing.TB, c sigCase) verifyFunc {
	v, err := jws.NewVerifier(jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{c.alg},
		Keys:       jwk.NewSet(oursPublic(tb, c.key)),
	})
	check(tb, err)
	return func(token string) ([]byte, error) {
		res, err := v.Verify(token)
		if err != nil {
			return nil, err
		}
		return res.Payload(), nil
	}
}

// ---- go-jose v4

func goJoseSign(tb testing.TB, c sigCase) signFunc {
	opts := (&josev4.SignerOptions{}).WithType("JWT")
	if c.alg == jwa.HS256 {
		// go-jose takes "kid" from the public half of a JWK; an HMAC
		// key has none, so it goes in as an extra header.
		opts = opts.WithHeader(josev4.HeaderKey("kid"), kidOf(tb, c))
	}
	s, err := josev4.NewSigner(josev4.SigningKey{
		Algorithm: josev4.SignatureAlgorithm(c.alg),
		Key:       josev4.JSONWebKey{Key: stdPrivate(tb, c), KeyID: kidOf(tb, c)},
	}, opts)
	check(tb, err)
	return func(payload []byte) (string, error) {
		obj, err := s.Sign(payload)
		if err != nil {
			return "", err
		}
		return obj.CompactSerialize()
	}
}

func goJoseVerify(tb testing.TB, c sigCase) verifyFunc {
	algs := []josev4.SignatureAlgorithm{josev4.SignatureAlgorithm(c.alg)}
	key := stdPublic(tb, c)
	return func(token string) ([]byte, error) {
		obj, err := josev4.ParseSigned(token, algs)
		if err != nil {
			return nil, err
		}
		return obj.Verify(key)
	}
}

// ---- jwx v3

func jwxAlg(tb testing.TB, alg jwa.SignatureAlgorithm) xjwa.SignatureAlgorithm {
	a, ok := xjwa.LookupSignatureAlgorithm(string(alg))
	if !ok {
		tb.Fatalf("jwx has no %s", alg)
	}
	return a
}

// jwxKey imports a standard library key into a jwx jwk.Key with a "kid",
// which jwx then writes into the header of what it signs.
func jwxKey(tb testing.TB, raw any, kid string) xjwk.Key {
	k, err := xjwk.Import(raw)
	check(tb, err)
	if kid != "" {
		check(tb, k.Set(xjwk.KeyIDKey, kid))
	}
	return k
}

func jwxSign(tb testing.TB, c sigCase) signFunc {
	hdr := xjws.NewHeaders()
	check(tb, hdr.Set(xjws.TypeKey, "JWT"))
	opt := xjws.WithKey(jwxAlg(tb, c.alg), jwxKey(tb, stdPrivate(tb, c), kidOf(tb, c)), xjws.WithProtectedHeaders(hdr))
	return func(payload []byte) (string, error) {
		b, err := xjws.Sign(payload, opt)
		return string(b), err
	}
}

// jwx takes the token as []byte, which bytesOf gives it without a copy,
// and the key as the standard library's type (a jwk.Key costs it a few
// more allocations).
func jwxVerify(tb testing.TB, c sigCase) verifyFunc {
	opt := xjws.WithKey(jwxAlg(tb, c.alg), stdPublic(tb, c))
	return func(token string) ([]byte, error) {
		return xjws.Verify(bytesOf(token), opt)
	}
}

func jwxFastVerify(tb testing.TB, c sigCase) verifyFunc {
	alg := jwxAlg(tb, c.alg)
	key := stdPublic(tb, c)
	return func(token string) ([]byte, error) {
		return xjws.VerifyCompactFast(key, bytesOf(token), alg)
	}
}

// ---- golang-jwt v5: a JWT library; its JWS is a JWT whose claims it
// decodes. payloadClaims keeps the claims set as bytes, the nearest thing
// to returning the payload, and claim validation is off.

type payloadClaims struct{ raw []byte }

func (c *payloadClaims) UnmarshalJSON(b []byte) error {
	c.raw = append(c.raw[:0], b...)
	return nil
}
func (*payloadClaims) GetExpirationTime() (*gjwt.NumericDate, error) { return nil, nil }
func (*payloadClaims) GetIssuedAt() (*gjwt.NumericDate, error)       { return nil, nil }
func (*payloadClaims) GetNotBefore() (*gjwt.NumericDate, error)      { return nil, nil }
func (*payloadClaims) GetIssuer() (string, error)                    { return "", nil }
func (*payloadClaims) GetSubject() (string, error)                   { return "", nil }
func (*payloadClaims) GetAudience() (gjwt.ClaimStrings, error)       { return nil, nil }

func golangJWTMethod(tb testing.TB, alg jwa.SignatureAlgorithm) gjwt.SigningMethod {
	m := gjwt.GetSigningMethod(string(alg))
	if m == nil {
		tb.Fatalf("golang-jwt has no %s", alg)
	}
	return m
}

func golangJWTSign(tb testing.TB, c sigCase) signFunc {
	m := golangJWTMethod(tb, c.alg)
	key := stdPrivate(tb, c)
	kid := kidOf(tb, c)
	// golang-jwt signs claims, not bytes, and marshals them on every
	// call: the map is decoded from the claims payload once, and since
	// that payload is in encoding/json's order and form, the map
	// marshals back to the same bytes. The payload argument is ignored.
	var mc gjwt.MapClaims
	check(tb, json.Unmarshal(claims, &mc))
	return func([]byte) (string, error) {
		t := gjwt.NewWithClaims(m, mc)
		t.Header["kid"] = kid
		return t.SignedString(key)
	}
}

func golangJWTVerify(tb testing.TB, c sigCase) verifyFunc {
	p := gjwt.NewParser(gjwt.WithValidMethods([]string{string(c.alg)}), gjwt.WithoutClaimsValidation())
	key := stdPublic(tb, c)
	keyFunc := func(*gjwt.Token) (any, error) { return key, nil }
	return func(token string) ([]byte, error) {
		var pc payloadClaims
		if _, err := p.ParseWithClaims(token, &pc, keyFunc); err != nil {
			return nil, err
		}
		return pc.raw, nil
	}
}

// bytesOf returns the bytes of s without copying, for the libraries that
// take a token as []byte: a service holding the token as a string (from
// an Authorization header) would pay for a copy, which the benchmark spares
// them. None of them modifies its input.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// tokens caches the tokens fed to the verifying and decrypting benchmarks,
// so that every library, and every run of a benchmark, gets the same
// bytes.
var (
	tokensMu sync.Mutex
	tokens   = map[string]string{}
)

// ---- benchmarks

func BenchmarkJWSSign(b *testing.B) {
	for _, c := range sigCases {
		for _, l := range signLibs {
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				sign := l.new(b, c)
				loop(b, func() error {
					_, err := sign(claims)
					return err
				})
			})
		}
	}
}

// jwsToken returns the compact JWS every verifier is given: signed by this
// project (for ECDSA and PSS, whose signatures are randomized, once per
// test binary).
func jwsToken(tb testing.TB, c sigCase) string {
	tb.Helper()
	tokensMu.Lock()
	defer tokensMu.Unlock()
	if t, ok := tokens["jws/"+c.name]; ok {
		return t
	}
	t, err := oursSign(tb, c)(claims)
	check(tb, err)
	tokens["jws/"+c.name] = t
	return t
}

func BenchmarkJWSVerify(b *testing.B) {
	for _, c := range sigCases {
		for _, l := range verifyLibs {
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				tok := jwsToken(b, c)
				verify := l.new(b, c)
				loop(b, func() error {
					_, err := verify(tok)
					return err
				})
			})
		}
	}
}
