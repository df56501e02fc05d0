package jwe

import (
	"crypto/ecdh"
	"crypto/rand"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwk"
)

// TestBareEPKAgreesWithParseKey checks that the fast "epk" path accepts
// only what jwk.ParseKey accepts, with the same key, and leaves every
// other object to jwk.ParseKey.
func TestBareEPKAgreesWithParseKey(t *testing.T) {
	t.Parallel()
	p256, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pt := p256.PublicKey().Bytes()
	x, y := base64url.Encode(pt[1:33]), base64url.Encode(pt[33:])
	offY := append([]byte(nil), pt[33:]...)
	offY[31] ^= 1
	u := base64url.Encode(x25519.PublicKey().Bytes())
	// The last character changed: a non-canonical or different x.
	nonCanonical := x[:len(x)-1] + string(x[len(x)-1]^1)
	cases := map[string]struct {
		json string
		fast bool // bareEPK returns a key
	}{
		"P-256":                       {`{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + y + `"}`, true},
		"X25519":                      {`{"kty":"OKP","crv":"X25519","x":"` + u + `"}`, true},
		"off the curve":               {`{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + base64url.Encode(offY) + `"}`, false},
		"short x":                     {`{"kty":"EC","crv":"P-256","x":"` + x[:40] + `","y":"` + y + `"}`, false},
		"altered last character of x": {`{"kty":"EC","crv":"P-256","x":"` + nonCanonical + `","y":"` + y + `"}`, false},
		"wrong curve size":            {`{"kty":"EC","crv":"P-384","x":"` + x + `","y":"` + y + `"}`, false},
		"with kid":                    {`{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + y + `","kid":"a"}`, false},
		"missing y":                   {`{"kty":"EC","crv":"P-256","x":"` + x + `","z":"` + y + `"}`, false},
		"Ed25519":                     {`{"kty":"OKP","crv":"Ed25519","x":"` + u + `"}`, false},
		"X25519 with y":               {`{"kty":"OKP","crv":"X25519","x":"` + u + `","y":"` + u + `"}`, false},
		"crv not a string":            {`{"kty":"EC","crv":1,"x":"` + x + `","y":"` + y + `"}`, false},
		"x not a string":              {`{"kty":"EC","crv":"P-256","x":1,"y":"` + y + `"}`, false},
		"X25519 identity-0":           {`{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`, true},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			obj, err := ijson.ParseObject([]byte(c.json), ijson.Limits{MaxSize: 4096, MaxDepth: 4})
			if err != nil {
				t.Fatal(err)
			}
			kty, _, _ := obj.String("kty")
			got, crv := bareEPK(obj, kty)
			if (got != nil) != c.fast {
				t.Fatalf("bareEPK returned %v, want a key: %v", got, c.fast)
			}
			if got == nil {
				return
			}
			k, err := jwk.ParseKey([]byte(c.json))
			if err != nil {
				t.Fatalf("bareEPK accepted what jwk.ParseKey refuses: %v", err)
			}
			if want := k.ECDHPublicKey(); want == nil || !want.Equal(got) || k.Curve() != crv {
				t.Errorf("bareEPK = %x %s, jwk.ParseKey = %x %s", got.Bytes(), crv, want.Bytes(), k.Curve())
			}
		})
	}
}
