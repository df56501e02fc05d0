package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	josev4 "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	gjwt "github.com/golang-jwt/jwt/v5"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
	xjwt "github.com/lestrrat-go/jwx/v3/jwt"
)

// JWT verification is the whole job of a relying party: parse, check the
// algorithm against the allowlist, verify the signature, decode the
// claims, check exp, nbf, iat (not in the future), iss and aud, and read
// the custom claim "tenant". Every validator is built once, with the
// fixed clock now.

var jwtCases = []sigCase{
	{"HS256", jwa.HS256, "hmac"},
	{"ES256", jwa.ES256, "ec"},
}

// validateFunc verifies and validates a JWT and returns its "tenant".
type validateFunc func(token string) (string, error)

type validateLib struct {
	name string
	new  func(tb testing.TB, c sigCase) validateFunc
}

var validateLibs = []validateLib{
	{libOurs, oursValidate},
	{libGoJose, goJoseValidate},
	{libJWX, jwxValidate},
	{libGolangJWT, golangJWTValidate},
	{libPrimitive, primitiveValidate},
}

// jwtToken returns the JWT every validator is given, signed by this
// project's jwt.Signer with {"alg":…,"kid":…,"typ":"JWT"}.
func jwtToken(tb testing.TB, c sigCase) string {
	tb.Helper()
	tokensMu.Lock()
	defer tokensMu.Unlock()
	if t, ok := tokens["jwt/"+c.name]; ok {
		return t
	}
	s, err := jwt.NewSigner(keys(tb).ours[c.key], c.alg, jwt.SignerOptions{})
	check(tb, err)
	t, err := s.Sign(json.RawMessage(claims))
	check(tb, err)
	tokens["jwt/"+c.name] = t
	return t
}

// ---- this project

func oursValidate(tb testing.TB, c sigCase) validateFunc {
	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{c.alg},
		Keys:       jwk.NewSet(oursPublic(tb, c.key)),
		Issuers:    []string{issuer},
		Audiences:  []string{audience},
		Now:        clock,
	})
	check(tb, err)
	ctx := context.Background()
	return func(token string) (string, error) {
		tok, err := v.Verify(ctx, token)
		if err != nil {
			return "", err
		}
		tenant, _, err := tok.ClaimString(customClaim)
		return tenant, err
	}
}

// ---- go-jose v4: parse with the allowlist, verify and decode the claims,
// then validate them (a second step in go-jose).

func goJoseValidate(tb testing.TB, c sigCase) validateFunc {
	algs := []josev4.SignatureAlgorithm{josev4.SignatureAlgorithm(c.alg)}
	key := stdPublic(tb, c)
	expected := josejwt.Expected{Issuer: issuer, AnyAudience: josejwt.Audience{audience}, Time: now}
	return func(token string) (string, error) {
		t, err := josejwt.ParseSigned(token, algs)
		if err != nil {
			return "", err
		}
		var std josejwt.Claims
		var custom struct {
			Tenant string `json:"tenant"`
		}
		if err := t.Claims(key, &std, &custom); err != nil {
			return "", err
		}
		if err := std.ValidateWithLeeway(expected, 0); err != nil {
			return "", err
		}
		return custom.Tenant, nil
	}
}

// ---- jwx v3: jwt.Parse verifies and validates (exp, nbf, iat) by
// default; issuer and audience are options.

func jwxValidate(tb testing.TB, c sigCase) validateFunc {
	opts := []xjwt.ParseOption{
		xjwt.WithKey(jwxAlg(tb, c.alg), stdPublic(tb, c)),
		xjwt.WithIssuer(issuer),
		xjwt.WithAudience(audience),
		xjwt.WithClock(xjwt.ClockFunc(clock)),
	}
	return func(token string) (string, error) {
		t, err := xjwt.Parse(bytesOf(token), opts...)
		if err != nil {
			return "", err
		}
		var tenant string
		err = t.Get(customClaim, &tenant)
		return tenant, err
	}
}

// ---- golang-jwt v5

type golangJWTClaims struct {
	gjwt.RegisteredClaims
	Tenant string `json:"tenant"`
}

func golangJWTValidate(tb testing.TB, c sigCase) validateFunc {
	p := gjwt.NewParser(
		gjwt.WithValidMethods([]string{string(c.alg)}),
		gjwt.WithIssuer(issuer),
		gjwt.WithAudience(audience),
		gjwt.WithIssuedAt(),
		gjwt.WithExpirationRequired(),
		gjwt.WithTimeFunc(clock),
	)
	key := stdPublic(tb, c)
	keyFunc := func(*gjwt.Token) (any, error) { return key, nil }
	return func(token string) (string, error) {
		var cl golangJWTClaims
		if _, err := p.ParseWithClaims(token, &cl, keyFunc); err != nil {
			return "", err
		}
		return cl.Tenant, nil
	}
}

// ---- primitive: the JWS primitive, then a minimal encoding/json decode of
// the claims the checks need and the checks themselves.

type primitiveClaims struct {
	Iss    string          `json:"iss"`
	Aud    json.RawMessage `json:"aud"`
	Exp    *float64        `json:"exp"`
	Nbf    *float64        `json:"nbf"`
	Iat    *float64        `json:"iat"`
	Tenant string          `json:"tenant"`
}

func primitiveValidate(tb testing.TB, c sigCase) validateFunc {
	verify := primitiveVerify(tb, c)
	quotedAud := []byte(`"` + audience + `"`)
	return func(token string) (string, error) {
		payload, err := verify(token)
		if err != nil {
			return "", err
		}
		var cl primitiveClaims
		if err := json.Unmarshal(payload, &cl); err != nil {
			return "", err
		}
		t := float64(now.Unix())
		switch {
		case cl.Exp == nil || t >= *cl.Exp,
			cl.Nbf != nil && t < *cl.Nbf,
			cl.Iat != nil && t < *cl.Iat,
			cl.Iss != issuer,
			!primitiveAudience(cl.Aud, quotedAud):
			return "", errPrimitive
		}
		return cl.Tenant, nil
	}
}

// primitiveAudience reports whether aud, a string or an array of strings,
// names audience. The common case, a plain string, is a byte comparison.
func primitiveAudience(aud, quoted []byte) bool {
	if bytes.Equal(aud, quoted) {
		return true
	}
	var list []string
	if json.Unmarshal(aud, &list) != nil {
		var s string
		return json.Unmarshal(aud, &s) == nil && s == audience
	}
	for _, a := range list {
		if a == audience {
			return true
		}
	}
	return false
}

func BenchmarkJWTVerify(b *testing.B) {
	for _, c := range jwtCases {
		for _, l := range validateLibs {
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				tok := jwtToken(b, c)
				validate := l.new(b, c)
				loop(b, func() error {
					_, err := validate(tok)
					return err
				})
			})
		}
	}
}
