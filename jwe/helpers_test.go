package jwe

import (
	"crypto/ecdh"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// fixtures holds the keys the tests share. RSA keys come from the RFC
// vectors in testdata, so no test generates one; the others are generated
// once per test binary.
type fixtures struct {
	rsa, rsa2 *jwk.Key               // RFC 7520 §5.1 ("frodo") and RFC 7516 A.1 private keys
	curve     map[jwa.Curve]*jwk.Key // private keys on P-256, P-384, P-521, X25519
	curve2    map[jwa.Curve]*jwk.Key // a second key on each curve
	oct       map[int]*jwk.Key       // symmetric keys by size in bytes
	exchanger map[jwa.Curve]*ecdh.PrivateKey
}

const testPassword = "correct horse battery staple"

var testFixtures = sync.OnceValues(func() (*fixtures, error) {
	f := &fixtures{
		curve:     map[jwa.Curve]*jwk.Key{},
		curve2:    map[jwa.Curve]*jwk.Key{},
		oct:       map[int]*jwk.Key{},
		exchanger: map[jwa.Curve]*ecdh.PrivateKey{},
	}
	var err error
	if f.rsa, err = keyFromVector("testdata/rfc7520/5.1.json"); err != nil {
		return nil, err
	}
	if f.rsa2, err = keyFromVector("testdata/rfc7516/A.1.json"); err != nil {
		return nil, err
	}
	for _, crv := range []jwa.Curve{jwa.P256, jwa.P384, jwa.P521, jwa.X25519} {
		if f.curve[crv], err = jwk.GenerateCurve(crv); err != nil {
			return nil, err
		}
		if f.curve2[crv], err = jwk.GenerateCurve(crv); err != nil {
			return nil, err
		}
		f.exchanger[crv] = f.curve[crv].KeyExchanger().(*ecdh.PrivateKey)
	}
	for _, n := range []int{16, 24, 32, 48, 64} {
		if f.oct[n], err = jwk.GenerateSymmetric(n); err != nil {
			return nil, err
		}
	}
	return f, nil
})

func keyFromVector(path string) (*jwk.Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v struct {
		Input struct {
			Key json.RawMessage `json:"key"`
		} `json:"input"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return jwk.ParseKey(v.Input.Key)
}

func testKeys(t testing.TB) *fixtures {
	t.Helper()
	f, err := testFixtures()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// pair returns the sender's recipient and the decrypter's key for alg and
// enc (a password for PBES2, with the fast minimum count), on curve crv
// for ECDH-ES.
func (f *fixtures) pair(t testing.TB, alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, crv jwa.Curve) (Recipient, *jwk.Key) {
	t.Helper()
	pub := func(k *jwk.Key) *jwk.Key {
		p, err := k.Public()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	switch alg.Family() {
	case jwa.FamilyRSA:
		return Recipient{Key: pub(f.rsa), Algorithm: alg}, f.rsa
	case jwa.FamilyAESKW, jwa.FamilyAESGCMKW:
		k := f.oct[alg.KeySize()]
		return Recipient{Key: k, Algorithm: alg}, k
	case jwa.FamilyDirect:
		k := f.oct[enc.KeySize()]
		return Recipient{Key: k, Algorithm: alg}, k
	case jwa.FamilyECDH:
		if crv == "" {
			crv = jwa.P256
		}
		k := f.curve[crv]
		return Recipient{Key: pub(k), Algorithm: alg, PartyUInfo: []byte("Alice"), PartyVInfo: []byte("Bob")}, k
	case jwa.FamilyPBES2:
		return Recipient{Password: testPassword, Algorithm: alg, PBES2Count: MinPBES2Count}, nil
	}
	t.Fatalf("no key for %s", alg)
	return Recipient{}, nil
}

// policyFor returns a policy that allows exactly alg and enc with key (or
// the test password when key is nil).
func policyFor(alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, key *jwk.Key) Policy {
	p := Policy{KeyAlgorithms: []jwa.KeyAlgorithm{alg}, ContentEncryption: []jwa.ContentEncryption{enc}}
	if key == nil {
		p.Passwords = []string{testPassword}
	} else {
		p.Keys = jwk.NewSet(key)
	}
	return p
}

func mustDecrypter(t testing.TB, p Policy) *Decrypter {
	t.Helper()
	d, err := NewDecrypter(p)
	if err != nil {
		t.Fatalf("NewDecrypter: %v", err)
	}
	return d
}

func mustEncrypter(t testing.TB, opts EncrypterOptions, rs ...Recipient) *Encrypter {
	t.Helper()
	e, err := NewEncrypter(opts, rs...)
	if err != nil {
		t.Fatalf("NewEncrypter: %v", err)
	}
	return e
}

// craft returns a compact JWE made of a protected header given as JSON and
// raw parts, sealing plaintext under cek with the header's "enc" and a
// fresh IV (nil cek: random parts).
func craft(t testing.TB, header string, ek, cek, plaintext []byte) string {
	t.Helper()
	var h struct {
		Enc jwa.ContentEncryption `json:"enc"`
	}
	if err := json.Unmarshal([]byte(header), &h); err != nil {
		t.Fatalf("header %s: %v", header, err)
	}
	prot := base64url.Encode([]byte(header))
	iv := make([]byte, h.Enc.IVSize())
	if cek == nil {
		ct := make([]byte, 32)
		tag := make([]byte, h.Enc.TagSize())
		return string(appendCompact(nil, []byte(prot), ek, iv, ct, tag))
	}
	cc, err := newContentCipher(h.Enc, cek)
	if err != nil {
		t.Fatal(err)
	}
	ct, tag, err := cc.seal(iv, plaintext, []byte(prot))
	if err != nil {
		t.Fatal(err)
	}
	return string(appendCompact(nil, []byte(prot), ek, iv, ct, tag))
}

// wantErr fails unless err matches sentinel.
func wantErr(t testing.TB, err, sentinel error) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error = %v, want %v", err, sentinel)
	}
}
