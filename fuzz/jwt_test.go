package fuzz_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// jwtNow is the fuzz validators' clock: the RFC 7519 examples' "exp"
// (1300819380) is in its past, and the round-trip tokens' in its future.
var jwtNow = time.Unix(1_700_000_000, 0)

// jwtStageSentinels are the sentinels a Validator error matches, at least
// one of them.
var jwtStageSentinels = []error{
	jwt.ErrMalformed, jwt.ErrTooLarge, jwt.ErrPolicy, jwt.ErrInvalidSignature, jwt.ErrKeySource,
	jwt.ErrExpired, jwt.ErrNotYetValid, jwt.ErrTooOld, jwt.ErrIssuer, jwt.ErrAudience, jwt.ErrSubject, jwt.ErrMissingClaim,
}

// jwtFixture holds the keys and validators of the JWT targets, built once.
type jwtFixture struct {
	hmac, dirKey *jwk.Key
	lenient      *jwt.Validator // any issuer and audience, exp optional
	nested       *jwt.Validator // the same, for nested tokens
}

var loadJWTFixture = sync.OnceValues(func() (*jwtFixture, error) {
	fx := &jwtFixture{}
	var err error
	if fx.hmac, err = jwk.ParseKey([]byte(fuzzHMACJWK)); err != nil {
		return nil, err
	}
	if fx.dirKey, err = jwk.NewSymmetricKey(bytes.Repeat([]byte{0x5a}, 16)); err != nil {
		return nil, err
	}
	p := jwt.Policy{
		Algorithms:         []jwa.SignatureAlgorithm{jwa.HS256},
		Keys:               jwk.NewSet(fx.hmac),
		IgnoreIssuer:       true,
		IgnoreAudience:     true,
		AllowMissingExpiry: true,
		Now:                func() time.Time { return jwtNow },
	}
	if fx.lenient, err = jwt.NewValidator(p); err != nil {
		return nil, err
	}
	p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwk.NewSet(fx.dirKey)}
	if fx.nested, err = jwt.NewValidator(p); err != nil {
		return nil, err
	}
	return fx, nil
})

func mustJWTFixture(tb testing.TB) *jwtFixture {
	tb.Helper()
	fx, err := loadJWTFixture()
	if err != nil {
		tb.Fatal(err)
	}
	return fx
}

// hs256 returns a compact JWS of payload under the fixed header, MACed with
// the fixture's HMAC key: whatever the payload, the signature is valid, so
// the fuzzer explores the claims parser and the claim checks.
func hs256(fx *jwtFixture, payload []byte) string {
	input := base64url.Encode([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + base64url.Encode(payload)
	return input + "." + base64url.Encode(hmacSHA256(fx.hmac.SymmetricKey(), []byte(input)))
}

// jwtClaimsSeeds returns the claims sets of the RFC 7519 vectors and of the
// attack classes (conformance/attacks: JSON differentials, time claims,
// audience tricks). It fails when it finds no vectors.
func jwtClaimsSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	files, err := filepath.Glob("../jwt/testdata/*/*.json")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no JWT seed vectors found: %v", err)
	}
	var seeds [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		// Every compact token in the vector: its payload part is a claims
		// set (or, for nested tokens, a token, which is a seed too).
		for _, tok := range findTokens(data) {
			parts := strings.Split(tok, ".") // a vector's own token
			if len(parts) == 3 {
				if p, err := base64url.Decode(parts[1]); err == nil {
					seeds = append(seeds, p)
				}
			}
		}
	}
	if len(seeds) == 0 {
		tb.Fatal("the JWT vectors hold no compact tokens")
	}
	seeds = append(seeds,
		[]byte(`{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}`),
		[]byte(`{"sub":"alice","sub":"admin"}`),
		[]byte(`{"role":"user","Role":"admin"}`),
		[]byte(`{"k":"user","`+"\u212a"+`":"admin"}`),
		[]byte("\ufeff{}"),
		[]byte("{\"sub\":\"\xff\"}"),
		[]byte(`{"sub":"\ud800"}`),
		[]byte(`{"exp":"1700000001"}`),
		[]byte(`{"exp":1e400}`),
		[]byte(`{"exp":9223372036854775808}`),
		[]byte(`{"exp":-1}`),
		[]byte(`{"exp":1700000000.5,"nbf":1699999999.999999}`),
		[]byte(`{"exp":253402300799,"iat":0}`),
		[]byte(`{"aud":[]}`),
		[]byte(`{"aud":[["a"]]}`),
		[]byte(`{"aud":["a",null]}`),
		[]byte(`{"aud":"a","exp":null}`),
		[]byte(`{"x":`+strings.Repeat(`{"a":`, 20)+`1`+strings.Repeat(`}`, 20)+`}`),
		[]byte(`{}{"sub":"admin"}`),
		[]byte(`[]`),
	)
	return seeds
}

// findTokens returns the JSON strings in data that look like compact
// JOSE serializations (three or five dot-separated parts).
func findTokens(data []byte) []string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case string:
			if n := strings.Count(x, "."); (n == 2 || n == 4) && !strings.ContainsAny(x, " \n{") {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// checkJWTError fails unless err matches at least one jwt sentinel and
// its message has the package prefix.
func checkJWTError(t *testing.T, err error) {
	t.Helper()
	for _, s := range jwtStageSentinels {
		if errors.Is(err, s) {
			if !strings.HasPrefix(err.Error(), "jwt: ") {
				t.Fatalf("error %q lacks the jwt: prefix", err)
			}
			return
		}
	}
	t.Fatalf("error %q matches no jwt sentinel", err)
}

// FuzzJWTClaims: whatever the claims set under a valid signature,
// jwt.InsecureParseClaims and Validator.Verify never panic; they agree
// that a claims set is malformed (the validator never accepts one that
// the strict parser refuses); a verified token has the claims
// InsecureParseClaims reads, verifies again the same, decodes into a map,
// and its registered claims survive marshal → sign → parse unchanged.
func FuzzJWTClaims(f *testing.F) {
	for _, s := range jwtClaimsSeeds(f) {
		f.Add(s)
	}
	fx := mustJWTFixture(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		tok := hs256(fx, payload)
		uc, perr := jwt.InsecureParseClaims(tok)
		if perr != nil {
			if uc != nil {
				t.Fatal("claims returned with an error")
			}
			if !errors.Is(perr, jwt.ErrMalformed) && !errors.Is(perr, jwt.ErrTooLarge) {
				t.Fatalf("InsecureParseClaims error %q is neither ErrMalformed nor ErrTooLarge", perr)
			}
		} else if !bytes.Equal(uc.Payload, payload) {
			t.Fatal("UnverifiedClaims.Payload differs from the payload")
		}
		res, err := fx.lenient.Verify(t.Context(), tok)
		if err != nil {
			if res != nil {
				t.Fatal("token returned with an error")
			}
			checkJWTError(t, err)
			if errors.Is(err, jwt.ErrInvalidSignature) || errors.Is(err, jwt.ErrPolicy) {
				t.Fatalf("a validly signed token failed before the claims: %v", err)
			}
			return
		}
		if perr != nil {
			t.Fatalf("the validator accepted claims InsecureParseClaims refuses: %v", perr)
		}
		if !reflect.DeepEqual(res.Claims(), uc.Claims) {
			t.Fatalf("claims differ:\n%+v\n%+v", res.Claims(), uc.Claims)
		}
		again, err := fx.lenient.Verify(t.Context(), tok)
		if err != nil || !reflect.DeepEqual(again.Claims(), res.Claims()) || !bytes.Equal(again.Payload(), res.Payload()) {
			t.Fatalf("a verified token did not verify again the same: %v", err)
		}
		// Every member decodes, as the JSON text Token.Claim returns.
		var m map[string]json.RawMessage
		if err := res.DecodeClaims(&m); err != nil {
			t.Fatalf("DecodeClaims of a verified token: %v", err)
		}
		for name, raw := range m {
			if got, ok := res.Claim(name); !ok || !jsonEqual(got, raw) {
				t.Fatalf("Claim(%q) = %s, %v; DecodeClaims gave %s", name, got, ok, raw)
			}
		}
		// Registered claims: marshal → sign → parse is stable.
		out, err := json.Marshal(res.Claims())
		if err != nil {
			t.Fatalf("marshaling Claims: %v", err)
		}
		back, err := jwt.InsecureParseClaims(hs256(fx, out))
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if !reflect.DeepEqual(back.Claims, res.Claims()) {
			t.Fatalf("registered claims changed through marshal → parse:\n%+v\n%+v\n%s", res.Claims(), back.Claims, out)
		}
	})
}

// FuzzJWTRoundTrip: whatever the claim values, what jwt.Signer signs (or
// signs and encrypts) verifies under a Validator expecting exactly those
// values, with the same claims, and verifies again; what the Signer
// refuses is refused as malformed claims.
func FuzzJWTRoundTrip(f *testing.F) {
	f.Add("https://idp.example", "alice", "orders-api", uint64(3600), uint32(0), "scope", `"read write"`, false)
	f.Add("", "", "", uint64(0), uint32(500000), "", ``, true)
	f.Add("joe", "\xff\xfe", "a\u0000b", uint64(1<<40), uint32(999999), "exp", `"soon"`, false)
	f.Add("iss", "sub", "aud", uint64(1), uint32(1), "aud", `["x","y"]`, true)
	f.Add("i", "s", "a", uint64(7), uint32(0), "Sub", `"admin"`, false)
	f.Add("i", "s", "a", uint64(7), uint32(0), "nested", `{"a":[1,2,{"b":null}],"c":1e400}`, true)
	fx := mustJWTFixture(f)
	plain, err := jwt.NewSigner(fx.hmac, jwa.HS256, jwt.SignerOptions{})
	if err != nil {
		f.Fatal(err)
	}
	nested, err := jwt.NewSigner(fx.hmac, jwa.HS256, jwt.SignerOptions{Encryption: &jwt.Encryption{
		Recipient:         jwe.Recipient{Key: fx.dirKey, Algorithm: jwa.Direct},
		ContentEncryption: jwa.A128GCM,
	}})
	if err != nil {
		f.Fatal(err)
	}
	const maxDate = 253402300799
	f.Fuzz(func(t *testing.T, iss, sub, aud string, ttl uint64, micros uint32, extraName, extraJSON string, encrypt bool) {
		exp := jwtNow.Unix() + 1 + int64(ttl%uint64(maxDate-jwtNow.Unix()-1))
		claims := map[string]any{"exp": json.Number(formatDate(exp, micros%1_000_000))}
		if iss != "" {
			claims["iss"] = iss
		}
		if sub != "" {
			claims["sub"] = sub
		}
		if aud != "" {
			claims["aud"] = aud
		}
		if extraName != "" && json.Valid([]byte(extraJSON)) {
			claims[extraName] = json.RawMessage(extraJSON)
		}
		s, v := plain, fx.lenient
		if encrypt {
			s, v = nested, fx.nested
		}
		tok, err := s.Sign(claims)
		if err != nil {
			if !errors.Is(err, jwt.ErrMalformed) && !errors.Is(err, jwt.ErrTooLarge) {
				t.Fatalf("Sign refused claims with %v, want ErrMalformed or ErrTooLarge", err)
			}
			return
		}
		// An extra claim may replace a registered one: then its own value
		// rules, and an "nbf" or "iat" in the future (or an "exp" in the
		// past) is refused as the claim check says.
		// encoding/json writes invalid UTF-8 in a name as U+FFFD.
		name := jsonRoundTrip(extraName)
		replaced := map[string]bool{name: json.Valid([]byte(extraJSON))}
		res, err := v.Verify(t.Context(), tok)
		if err != nil {
			timeClaim := replaced["exp"] || replaced["nbf"] || replaced["iat"]
			if timeClaim && (errors.Is(err, jwt.ErrExpired) || errors.Is(err, jwt.ErrNotYetValid)) {
				return
			}
			t.Fatalf("a token the Signer made does not verify: %v", err)
		}
		// What encoding/json made of the strings (invalid UTF-8 becomes
		// U+FFFD) is what the token must say.
		c := res.Claims()
		if iss != "" && !replaced["iss"] && c.Issuer != jsonRoundTrip(iss) || sub != "" && !replaced["sub"] && c.Subject != jsonRoundTrip(sub) {
			t.Fatalf("iss/sub %q/%q became %q/%q", iss, sub, c.Issuer, c.Subject)
		}
		if aud != "" && !replaced["aud"] && !c.Audience.Contains(jsonRoundTrip(aud)) {
			t.Fatalf("aud %q became %q", aud, c.Audience.Values())
		}
		if !replaced["exp"] && c.Expiry.Time().Unix() != exp {
			t.Fatalf("exp %d became %v", exp, c.Expiry.Time())
		}
		if extraName != "" && json.Valid([]byte(extraJSON)) {
			raw, ok := res.Claim(name)
			if !ok || !jsonEqual(raw, []byte(extraJSON)) {
				t.Fatalf("claim %q = %s, want %s", name, raw, extraJSON)
			}
		}
		again, err := v.Verify(t.Context(), tok)
		if err != nil || !bytes.Equal(again.Payload(), res.Payload()) {
			t.Fatalf("verified once, then: %v", err)
		}
		if encrypt != (res.EncryptionHeader() != nil) {
			t.Fatal("EncryptionHeader does not say whether the token was encrypted")
		}
	})
}

// formatDate writes seconds and microseconds as a JSON number.
func formatDate(secs int64, micros uint32) string {
	s := jsonInt(secs)
	if micros == 0 {
		return s
	}
	frac := []byte("000000")
	for i := 5; i >= 0; i-- {
		frac[i] = byte('0' + micros%10)
		micros /= 10
	}
	return s + "." + strings.TrimRight(string(frac), "0")
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// jsonRoundTrip returns s as encoding/json marshals and reads it back.
func jsonRoundTrip(s string) string {
	b, _ := json.Marshal(s)
	var out string
	json.Unmarshal(b, &out)
	return out
}

// jsonEqual reports whether a and b are the same JSON value, as
// encoding/json reads them (numbers compared by their text).
func jsonEqual(a, b []byte) bool {
	dec := func(x []byte) (any, bool) {
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		var v any
		return v, d.Decode(&v) == nil
	}
	va, oka := dec(a)
	vb, okb := dec(b)
	return oka && okb && reflect.DeepEqual(va, vb)
}

// hmacSHA256 returns HMAC-SHA-256 of data under key.
func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}
