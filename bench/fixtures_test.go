package bench

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// The keys were generated once with this project's jwk.Generate* functions
// and are kept as data, so that every run signs and encrypts with the same
// keys (and RSA keys are not generated per benchmark).
//
//go:embed testdata/keys.json
var keysJSON []byte

// jwksJSON is a JWK Set of ten public keys, five RSA 2048 and five EC P-256,
// with "kid" values 2026-01 to 2026-10.
//
//go:embed testdata/jwks.json
var jwksJSON []byte

// lookupKID is the key looked up in jwksJSON: the last one, so that a
// linear search walks the whole set.
const lookupKID = "2026-10"

// Claims expectations shared by every JWT validator.
const (
	issuer      = "https://idp.example"
	audience    = "orders-api"
	customClaim = "tenant"
	customValue = "acme-eu"
)

// now is the fixed clock of every JWT validator: five minutes after "iat"
// and "nbf", 55 minutes before "exp".
var now = time.Unix(1700000300, 0)

func clock() time.Time { return now }

// claims is the payload of every JWS, JWT and JWE: ten claims, in name
// order and formatted as encoding/json writes them, so that golang-jwt's
// MapClaims marshals them to the same bytes and every library signs the
// same octets.
var claims = []byte(`{"aud":"orders-api","client_id":"web-frontend","exp":1700003600,"iat":1700000000,"iss":"https://idp.example","jti":"b7d3c6a2-6f1e-4b8e-9a52-0c1d2e3f4a5b","nbf":1700000000,"scope":"orders:read orders:write","sub":"248289761001","tenant":"acme-eu"}`)

// PBES2 parameters: the same password and iteration count for every
// library. 10,000 is this project's default maximum on decryption (and
// jwx's), so every decrypter accepts it.
const (
	password   = "correct horse battery staple"
	pbes2Count = 10_000
)

// keyring holds each fixture key as this project's jwk.Key and as the
// standard library's key type.
type keyring struct {
	ours map[string]*jwk.Key

	hmac    []byte
	rsa     *rsa.PrivateKey
	ec      *ecdsa.PrivateKey
	ed25519 ed25519.PrivateKey

	dir      []byte // 32 bytes, the CEK of dir+A256GCM
	aeskw    []byte // 16 bytes, the A128KW key-encryption key
	rsaEnc   *rsa.PrivateKey
	ecEnc    *ecdsa.PrivateKey
	ecEncDH  *ecdh.PrivateKey
	x25519   *ecdh.PrivateKey
	jwksKeys *jwk.Set
}

var loadKeys = sync.OnceValues(func() (*keyring, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(keysJSON, &raw); err != nil {
		return nil, err
	}
	r := &keyring{ours: make(map[string]*jwk.Key)}
	for name, data := range raw {
		k, err := jwk.ParseKey(data)
		if err != nil {
			return nil, fmt.Errorf("keys.json %q: %w", name, err)
		}
		r.ours[name] = k
	}
	get := func(name string) *jwk.Key {
		k := r.ours[name]
		if k == nil {
			panic("keys.json lacks " + name) // a broken fixture file
		}
		return k
	}
	r.hmac = get("hmac").SymmetricKey()
	r.rsa = get("rsa").RSAPrivateKey()
	r.ec = get("ec").ECDSAPrivateKey()
	r.ed25519 = get("ed25519").Ed25519PrivateKey()
	r.dir = get("dir").SymmetricKey()
	r.aeskw = get("aeskw").SymmetricKey()
	r.rsaEnc = get("rsa-enc").RSAPrivateKey()
	r.ecEnc = get("ec-enc").ECDSAPrivateKey()
	var err error
	if r.ecEncDH, err = r.ecEnc.ECDH(); err != nil {
		return nil, err
	}
	x, ok := get("x25519-enc").KeyExchanger().(*ecdh.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("keys.json: x25519-enc is not an *ecdh.PrivateKey")
	}
	r.x25519 = x
	if r.jwksKeys, err = jwk.ParseSet(jwksJSON); err != nil {
		return nil, err
	}
	if r.rsa == nil || r.ec == nil || r.ed25519 == nil || r.rsaEnc == nil || r.ecEnc == nil {
		return nil, fmt.Errorf("keys.json: a private key is missing")
	}
	return r, nil
})

func keys(tb testing.TB) *keyring {
	tb.Helper()
	r, err := loadKeys()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// oursPublic returns the public half of a fixture key (symmetric keys are
// returned as they are).
func oursPublic(tb testing.TB, name string) *jwk.Key {
	tb.Helper()
	k := keys(tb).ours[name]
	if k.Type() == jwa.Oct {
		return k
	}
	p, err := k.Public()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// loop runs op under b.Loop, reports allocations and, besides the wall
// time (ns/op), the CPU time the process spent per iteration (cpu-ns/op):
// user and system time of every thread, so the garbage collector's work
// counts, but not the time other processes on a shared machine take from
// the benchmark, which can swing the wall time two or three times over.
func loop(b *testing.B, op func() error) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	if end := cpuTime(); start >= 0 && end >= start {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func check(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// Library names, the last element of every benchmark name.
const (
	libOurs      = "ours"
	libGoJose    = "go-jose"
	libJWX       = "jwx"
	libJWXFast   = "jwx-fast" // jws.VerifyCompactFast, jwx's compact fast path
	libGolangJWT = "golang-jwt"
	libPrimitive = "primitive"
)
