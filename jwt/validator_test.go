package jwt_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

var (
	now   = time.Unix(1_700_000_000, 0)
	clock = func() time.Time { return now }
)

type fixture struct {
	es, es2, ed, hs, kek, x *jwk.Key
}

var keys = sync.OnceValue(func() fixture {
	gen := func(k *jwk.Key, err error) *jwk.Key {
		if err != nil {
			panic(err)
		}
		return k
	}
	meta := func(k *jwk.Key, kid string) *jwk.Key {
		nk, err := k.WithMetadata(jwk.Metadata{KeyID: kid})
		if err != nil {
			panic(err)
		}
		return nk
	}
	return fixture{
		es:  meta(gen(jwk.GenerateCurve(jwa.P256)), "es-1"),
		es2: meta(gen(jwk.GenerateCurve(jwa.P256)), "es-2"),
		ed:  meta(gen(jwk.GenerateCurve(jwa.Ed25519)), "ed-1"),
		hs:  meta(gen(jwk.GenerateSymmetric(32)), "hs-1"),
		kek: meta(gen(jwk.GenerateSymmetric(32)), "kek-1"),
		x:   meta(gen(jwk.GenerateCurve(jwa.X25519)), "x-1"),
	}
})

func pub(t testing.TB, k *jwk.Key) *jwk.Key {
	t.Helper()
	p, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sign(t testing.TB, key *jwk.Key, alg jwa.SignatureAlgorithm, opts jwt.SignerOptions, claims any) string {
	t.Helper()
	s, err := jwt.NewSigner(key, alg, opts)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func basePolicy(t testing.TB) jwt.Policy {
	k := keys()
	return jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.ES256, jwa.EdDSA},
		Keys:       jwk.NewSet(pub(t, k.es), pub(t, k.ed)),
		Issuers:    []string{"https://idp.example"},
		Audiences:  []string{"orders-api"},
		Leeway:     30 * time.Second,
		Now:        clock,
	}
}

type claimsMap = map[string]any

func good() claimsMap {
	return claimsMap{"iss": "https://idp.example", "aud": "orders-api", "sub": "alice", "exp": now.Unix() + 300, "iat": now.Unix() - 10}
}

func with(c claimsMap, kv ...any) claimsMap {
	out := claimsMap{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// flipSignature changes one bit of a compact JWS's signature.
func flipSignature(token string) string {
	i := strings.LastIndexByte(token, '.')
	sig, _ := base64url.Decode(token[i+1:])
	sig[0] ^= 1
	return token[:i+1] + base64url.Encode(sig)
}

func TestValidatorTable(t *testing.T) {
	t.Parallel()
	k := keys()
	es := func(c claimsMap) string { return sign(t, k.es, jwa.ES256, jwt.SignerOptions{}, c) }
	tests := []struct {
		name   string
		token  string
		policy func(*jwt.Policy)
		want   []error // empty: valid
	}{
		{"valid ES256", es(good()), nil, nil},
		{"valid EdDSA", sign(t, k.ed, jwa.EdDSA, jwt.SignerOptions{}, good()), nil, nil},
		{"expired", es(with(good(), "exp", now.Unix()-31)), nil, []error{jwt.ErrExpired}},
		{"expired within leeway", es(with(good(), "exp", now.Unix()-29)), nil, nil},
		{"exp exactly at now minus leeway", es(with(good(), "exp", now.Unix()-30)), nil, []error{jwt.ErrExpired}},
		{"not yet valid", es(with(good(), "nbf", now.Unix()+31)), nil, []error{jwt.ErrNotYetValid}},
		{"nbf within leeway", es(with(good(), "nbf", now.Unix()+30)), nil, nil},
		{"missing exp", es(with(good(), "exp", nil)), nil, []error{jwt.ErrMissingClaim}},
		{"wrong issuer", es(with(good(), "iss", "https://evil.example")), nil, []error{jwt.ErrIssuer}},
		{"missing issuer", es(with(good(), "iss", nil)), nil, []error{jwt.ErrIssuer}},
		{"aud array", es(with(good(), "aud", []string{"billing", "orders-api"})), nil, nil},
		{"wrong aud string", es(with(good(), "aud", "billing")), nil, []error{jwt.ErrAudience}},
		{"wrong aud array", es(with(good(), "aud", []string{"billing"})), nil, []error{jwt.ErrAudience}},
		{"aud prefix is not a match", es(with(good(), "aud", "orders-api-v2")), nil, []error{jwt.ErrAudience}},
		{"wrong typ", sign(t, k.es, jwa.ES256, jwt.SignerOptions{Type: "at+jwt"}, good()), nil, []error{jwt.ErrPolicy}},
		{"required typ matches", sign(t, k.es, jwa.ES256, jwt.SignerOptions{Type: "at+jwt"}, good()), func(p *jwt.Policy) { p.Type = "application/at+JWT" }, nil},
		{"JWT where at+jwt is required", es(good()), func(p *jwt.Policy) { p.Type = "at+jwt" }, []error{jwt.ErrPolicy}},
		{"alg not allowed", sign(t, k.hs, jwa.HS256, jwt.SignerOptions{}, good()), nil, []error{jwt.ErrPolicy, jws.ErrAlgorithmNotAllowed}},
		{"key not in the set", sign(t, k.es2, jwa.ES256, jwt.SignerOptions{}, good()), nil, []error{jwt.ErrInvalidSignature}},
		{"bad signature", flipSignature(es(good())), nil, []error{jwt.ErrInvalidSignature, jws.ErrSignatureInvalid}},
		{"expired with bad signature reports only the signature", flipSignature(es(with(good(), "exp", 1))), nil, []error{jwt.ErrInvalidSignature}},
		{"too old", es(with(good(), "iat", now.Unix()-7200)), func(p *jwt.Policy) { p.MaxAge = time.Hour }, []error{jwt.ErrTooOld}},
		{"wrong subject", es(good()), func(p *jwt.Policy) { p.Subject = "bob" }, []error{jwt.ErrSubject}},
		{"required claim", es(good()), func(p *jwt.Policy) { p.RequiredClaims = []string{"nonce"} }, []error{jwt.ErrMissingClaim}},
		{"JWE to a signature-only validator", nestedToken(t, good()), nil, []error{jwt.ErrPolicy}},
		{"garbage", "not.a.token.at.all.really", nil, []error{jwt.ErrMalformed}},
		{"too large", strings.Repeat("a", jwt.DefaultMaxTokenSize+1), nil, []error{jwt.ErrTooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := basePolicy(t)
			if tt.policy != nil {
				tt.policy(&p)
			}
			v, err := jwt.NewValidator(p)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := v.Verify(context.Background(), tt.token)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if tok.Claims().Subject != "alice" {
					t.Errorf("sub = %q", tok.Claims().Subject)
				}
				return
			}
			if tok != nil {
				t.Error("a token was returned with an error")
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
			if errors.Is(tt.want[0], jwt.ErrInvalidSignature) && (errors.Is(err, jwt.ErrExpired) || errors.Is(err, jwt.ErrIssuer)) {
				t.Errorf("a signature failure also reported claim errors: %v", err)
			}
		})
	}
}

func nestedSigner(t testing.TB, signKey *jwk.Key, alg jwa.SignatureAlgorithm) *jwt.Signer {
	t.Helper()
	s, err := jwt.NewSigner(signKey, alg, jwt.SignerOptions{Encryption: &jwt.Encryption{
		Recipient:         jwe.Recipient{Key: pub(t, keys().x), Algorithm: jwa.ECDH_ES_A128KW},
		ContentEncryption: jwa.A128GCM,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func nestedToken(t testing.TB, c claimsMap) string {
	t.Helper()
	tok, err := nestedSigner(t, keys().es, jwa.ES256).Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func nestedPolicy(t testing.TB) jwt.Policy {
	p := basePolicy(t)
	p.Decryption = &jwt.DecryptionPolicy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.ECDH_ES_A128KW, jwa.A256KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM},
		Keys:              jwk.NewSet(keys().x, keys().kek),
	}
	return p
}

// encryptRaw encrypts plaintext as a JWE with the given content type, to
// build hostile nested tokens.
func encryptRaw(t testing.TB, plaintext, cty string) string {
	t.Helper()
	enc, err := jwe.NewEncrypter(jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM, ContentType: cty},
		jwe.Recipient{Key: keys().kek, Algorithm: jwa.A256KW})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := enc.Encrypt([]byte(plaintext))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestNestedTokens(t *testing.T) {
	t.Parallel()
	k := keys()
	v, err := jwt.NewValidator(nestedPolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	tok, err := v.Verify(ctx, nestedToken(t, good()))
	if err != nil {
		t.Fatalf("nested token refused: %v", err)
	}
	if tok.EncryptionHeader().ContentType() != "JWT" || tok.Algorithm() != jwa.ES256 || tok.Claims().Subject != "alice" {
		t.Errorf("nested token: cty %q alg %s", tok.EncryptionHeader().ContentType(), tok.Algorithm())
	}

	innerBad := flipSignature(sign(t, k.es, jwa.ES256, jwt.SignerOptions{}, good()))
	innerOther := sign(t, k.es2, jwa.ES256, jwt.SignerOptions{}, good())
	unsecured := base64url.Encode([]byte(`{"alg":"none"}`)) + "." + base64url.Encode([]byte(`{"iss":"https://idp.example","aud":"orders-api","exp":9999999999}`)) + "."
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"inner signature bad", encryptRaw(t, innerBad, "JWT"), jwt.ErrInvalidSignature},
		{"inner signed with a key not in the set", encryptRaw(t, innerOther, "JWT"), jwt.ErrInvalidSignature},
		{"inner alg none", encryptRaw(t, unsecured, "JWT"), jwt.ErrPolicy},
		{"inner is plain claims (unsigned) without AllowUnsigned", encryptRaw(t, `{"iss":"https://idp.example","aud":"orders-api","exp":9999999999}`, ""), jwt.ErrPolicy},
		{"cty JWT but plaintext is claims", encryptRaw(t, `{"iss":"https://idp.example"}`, "JWT"), jwt.ErrPolicy},
		{"other cty", encryptRaw(t, innerOther, "text/plain"), jwt.ErrPolicy},
		{"signed token where encryption is required", sign(t, k.es, jwa.ES256, jwt.SignerOptions{}, good()), jwt.ErrPolicy},
		{"inner expired", nestedToken(t, with(good(), "exp", now.Unix()-100)), jwt.ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := v.Verify(ctx, tt.token)
			if !errors.Is(err, tt.want) || tok != nil {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewValidatorRefuses(t *testing.T) {
	t.Parallel()
	k := keys()
	tests := map[string]func(*jwt.Policy){
		"no algorithms":      func(p *jwt.Policy) { p.Algorithms = nil },
		"none listed":        func(p *jwt.Policy) { p.Algorithms = []jwa.SignatureAlgorithm{jwa.None} },
		"no keys":            func(p *jwt.Policy) { p.Keys = nil },
		"keys and source":    func(p *jwt.Policy) { p.KeySource = jwt.StaticKeys(p.Keys) },
		"no issuers":         func(p *jwt.Policy) { p.Issuers = nil },
		"leeway too large":   func(p *jwt.Policy) { p.Leeway = time.Hour },
		"HS256 with EC keys": func(p *jwt.Policy) { p.Algorithms = []jwa.SignatureAlgorithm{jwa.HS256} },
		"decryption without enc": func(p *jwt.Policy) {
			p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A256KW}, Keys: jwk.NewSet(k.kek)}
		},
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := basePolicy(t)
			mutate(&p)
			v, err := jwt.NewValidator(p)
			if err == nil || v != nil {
				t.Fatal("policy accepted")
			}
			if _, ok := errors.AsType[*jwt.PolicyError](err); !ok {
				t.Errorf("err %v is not a *PolicyError", err)
			}
		})
	}
}

func TestSignerRefusesBadClaims(t *testing.T) {
	t.Parallel()
	s, err := jwt.NewSigner(keys().es, jwa.ES256, jwt.SignerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]any{
		"exp as string":        claimsMap{"exp": "tomorrow"},
		"aud as number":        claimsMap{"aud": 5},
		"names differ in case": claimsMap{"admin": true, "Admin": false},
		"not an object":        []string{"iss"},
	} {
		if _, err := s.Sign(c); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
	if _, err := jwt.NewSigner(pub(t, keys().es), jwa.ES256, jwt.SignerOptions{}); err == nil {
		t.Error("NewSigner accepted a public key")
	}
}

// TestCustomClaimsRoundTrip signs a struct embedding Claims and reads it
// back into the caller's struct and into a map.
func TestCustomClaimsRoundTrip(t *testing.T) {
	t.Parallel()
	type orderClaims struct {
		jwt.Claims
		Scope  string         `json:"scope"`
		Roles  []string       `json:"roles"`
		Extra  map[string]int `json:"extra"`
		Tenant string         `json:"https://example.com/tenant"`
	}
	in := orderClaims{
		Claims: jwt.Claims{Issuer: "https://idp.example", Audience: jwt.NewAudience("orders-api"), Subject: "alice",
			Expiry: jwt.NewNumericDate(now.Add(time.Minute))},
		Scope: "orders:read", Roles: []string{"admin"}, Extra: map[string]int{"n": 1}, Tenant: "<t-9>", // encoding/json escapes < and >
	}
	tokStr := sign(t, keys().es, jwa.ES256, jwt.SignerOptions{}, in)
	v, err := jwt.NewValidator(basePolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := v.Verify(context.Background(), tokStr)
	if err != nil {
		t.Fatal(err)
	}
	var out orderClaims
	if err := tok.DecodeClaims(&out); err != nil {
		t.Fatal(err)
	}
	if out.Scope != in.Scope || out.Tenant != "<t-9>" || out.Roles[0] != "admin" || out.Extra["n"] != 1 ||
		out.Subject != "alice" || !out.Expiry.Time().Equal(in.Expiry.Time()) || out.Audience.IsArray() {
		t.Errorf("decoded %+v", out)
	}
	var m map[string]any
	if err := tok.DecodeClaims(&m); err != nil || m["https://example.com/tenant"] != "<t-9>" {
		t.Errorf("map decode: %v %v", m, err)
	}
	if raw, ok := tok.Claim("scope"); !ok || string(raw) != `"orders:read"` {
		t.Errorf("Claim(scope) = %s %v", raw, ok)
	}
	if raw, _ := tok.Claim("https://example.com/tenant"); string(raw) != `"\u003ct-9\u003e"` {
		t.Fatalf("the tenant claim was signed as %s, want it escaped", raw)
	}
	for name, want := range map[string]string{"scope": "orders:read", "https://example.com/tenant": "<t-9>", "sub": "alice"} {
		if got, ok, err := tok.ClaimString(name); got != want || !ok || err != nil {
			t.Errorf("ClaimString(%q) = %q, %v, %v; want %q, true, nil", name, got, ok, err, want)
		}
	}
	if got, ok, err := tok.ClaimString("absent"); got != "" || ok || err != nil {
		t.Errorf("ClaimString(absent) = %q, %v, %v; want \"\", false, nil", got, ok, err)
	}
	if roles, ok, err := tok.ClaimStrings("roles"); !ok || err != nil || !slices.Equal(roles, []string{"admin"}) {
		t.Errorf("ClaimStrings(roles) = %q, %v, %v", roles, ok, err)
	}
	for _, c := range []struct {
		name    string
		strings bool
	}{{"roles", false}, {"extra", false}, {"exp", false}, {"scope", true}, {"extra", true}} {
		var err error
		if c.strings {
			_, _, err = tok.ClaimStrings(c.name)
		} else {
			_, _, err = tok.ClaimString(c.name)
		}
		var ce *jwt.ClaimError
		if !errors.Is(err, jwt.ErrMalformed) || !errors.As(err, &ce) || ce.Claim != c.name {
			t.Errorf("reading %q as the wrong type (strings %v): err = %v, want a *ClaimError for it wrapping ErrMalformed", c.name, c.strings, err)
		}
	}
}

// TestValidatorConcurrent runs one Validator from many goroutines (run
// under -race in CI).
func TestValidatorConcurrent(t *testing.T) {
	t.Parallel()
	v, err := jwt.NewValidator(nestedPolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := jwt.NewValidator(basePolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	nested := nestedToken(t, good())
	signed := sign(t, keys().es, jwa.ES256, jwt.SignerOptions{}, good())
	expired := sign(t, keys().es, jwa.ES256, jwt.SignerOptions{}, with(good(), "exp", 1))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 16; g++ {
		wg.Go(func() {
			for i := 0; i < 20; i++ {
				if _, err := v.Verify(context.Background(), nested); err != nil {
					errs <- err
				}
				if _, err := plain.Verify(context.Background(), signed); err != nil {
					errs <- err
				}
				if _, err := plain.Verify(context.Background(), expired); !errors.Is(err, jwt.ErrExpired) {
					errs <- errors.New("expired token not refused")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestKeySourceByKid: with a KeySource the validator asks for keys by the
// token's kid.
func TestKeySourceByKid(t *testing.T) {
	t.Parallel()
	k := keys()
	src := &recordingSource{set: jwk.NewSet(pub(t, k.es), pub(t, k.es2))}
	p := basePolicy(t)
	p.Keys = nil
	p.KeySource = src
	v, err := jwt.NewValidator(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), sign(t, k.es2, jwa.ES256, jwt.SignerOptions{}, good())); err != nil {
		t.Fatal(err)
	}
	if got := src.kids(); len(got) != 1 || got[0] != "es-2" {
		t.Errorf("KeySource asked for %v, want [es-2]", got)
	}
	src.fail = true
	if _, err := v.Verify(context.Background(), sign(t, k.es2, jwa.ES256, jwt.SignerOptions{}, good())); !errors.Is(err, jwt.ErrKeySource) {
		t.Errorf("failing source: err = %v, want ErrKeySource", err)
	}
}

type recordingSource struct {
	mu    sync.Mutex
	set   *jwk.Set
	asked []string
	fail  bool
}

func (r *recordingSource) KeySet(ctx context.Context, kid string) (*jwk.Set, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = append(r.asked, kid)
	if r.fail {
		return nil, errors.New("provider unreachable")
	}
	return r.set, nil
}

func (r *recordingSource) kids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.asked...)
}

// A registered claim name in another case ("SUB") is refused: the
// validator would not check it, but DecodeClaims into a struct embedding
// Claims would fill the field through encoding/json's case-insensitive
// match (found in review).
func TestRegisteredClaimInWrongCaseRefused(t *testing.T) {
	t.Parallel()
	k := keys()
	p := basePolicy(t)
	v, err := jwt.NewValidator(p)
	if err != nil {
		t.Fatal(err)
	}
	// Sign raw claims through jws, since jwt.Signer refuses them too.
	for _, name := range []string{"SUB", "Aud", "EXP"} {
		claims := with(good(), name, "admin")
		js, err := jws.NewSigner(k.es, jwa.ES256, jws.SignerOptions{Type: "JWT"})
		if err != nil {
			t.Fatal(err)
		}
		payload := mustJSON(t, claims)
		token, err := js.Sign(payload)
		if err != nil {
			t.Fatal(err)
		}
		if tok, err := v.Verify(context.Background(), token); !errors.Is(err, jwt.ErrMalformed) || tok != nil {
			t.Errorf("claim %q: err = %v, want ErrMalformed", name, err)
		}
		s, _ := jwt.NewSigner(k.es, jwa.ES256, jwt.SignerOptions{})
		if _, err := s.Sign(claims); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("Signer accepted claim %q: %v", name, err)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
