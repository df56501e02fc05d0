package jwk_test

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// rsaKey is generated once per test binary: RSA generation is slow.
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func mustKey(t *testing.T) func(*jwk.Key, error) *jwk.Key {
	return func(k *jwk.Key, err error) *jwk.Key {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
}

// reparse marshals k to JSON and parses it back.
func reparse(t *testing.T, k *jwk.Key) *jwk.Key {
	t.Helper()
	data, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := jwk.ParseKey(data)
	if err != nil {
		t.Fatalf("ParseKey(%s): %v", data, err)
	}
	return back
}

// TestGoKeyRoundTrip converts every Go key type to a JWK, through JSON, and
// back to the Go type, and compares with go-cmp (which uses the keys' Equal
// methods).
func TestGoKeyRoundTrip(t *testing.T) {
	t.Parallel()
	must := mustKey(t)

	t.Run("RSA", func(t *testing.T) {
		priv := rsaKey()
		k := reparse(t, must(jwk.NewRSAPrivateKey(priv)))
		if diff := cmp.Diff(priv, k.RSAPrivateKey()); diff != "" {
			t.Errorf("private key (-want +got):\n%s", diff)
		}
		pub := reparse(t, must(jwk.NewRSAPublicKey(&priv.PublicKey)))
		if diff := cmp.Diff(&priv.PublicKey, pub.RSAPublicKey()); diff != "" {
			t.Errorf("public key (-want +got):\n%s", diff)
		}
		if pub.IsPrivate() || pub.RSAPrivateKey() != nil {
			t.Error("public key reports private material")
		}
	})
	for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		t.Run("ECDSA "+c.Params().Name, func(t *testing.T) {
			priv, err := ecdsa.GenerateKey(c, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k := reparse(t, must(jwk.NewECDSAPrivateKey(priv)))
			if diff := cmp.Diff(priv, k.ECDSAPrivateKey()); diff != "" {
				t.Errorf("private key (-want +got):\n%s", diff)
			}
			pub := reparse(t, must(jwk.NewECDSAPublicKey(&priv.PublicKey)))
			if diff := cmp.Diff(&priv.PublicKey, pub.ECDSAPublicKey()); diff != "" {
				t.Errorf("public key (-want +got):\n%s", diff)
			}
			// The same key serves ECDH-ES.
			want, _ := priv.ECDH()
			if got := k.KeyExchanger(); got == nil || !got.PublicKey().Equal(want.PublicKey()) {
				t.Error("KeyExchanger() does not match the ECDSA key")
			}
		})
	}
	t.Run("Ed25519", func(t *testing.T) {
		pubRaw, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		k := reparse(t, must(jwk.NewEd25519PrivateKey(priv)))
		if diff := cmp.Diff(priv, k.Ed25519PrivateKey()); diff != "" {
			t.Errorf("private key (-want +got):\n%s", diff)
		}
		pub := reparse(t, must(jwk.NewEd25519PublicKey(pubRaw)))
		if diff := cmp.Diff(pubRaw, pub.Ed25519PublicKey()); diff != "" {
			t.Errorf("public key (-want +got):\n%s", diff)
		}
	})
	for _, c := range []ecdh.Curve{ecdh.X25519(), ecdh.P256(), ecdh.P384(), ecdh.P521()} {
		t.Run("ECDH "+curveName(c), func(t *testing.T) {
			priv, err := c.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k := reparse(t, must(jwk.NewECDHPrivateKey(priv)))
			if got := k.KeyExchanger(); got == nil || !got.PublicKey().Equal(priv.PublicKey()) {
				t.Fatal("KeyExchanger() does not match")
			}
			if x, ok := k.KeyExchanger().(*ecdh.PrivateKey); !ok || !x.Equal(priv) {
				t.Error("private ECDH key differs")
			}
			pub := reparse(t, must(jwk.NewECDHPublicKey(priv.PublicKey())))
			if diff := cmp.Diff(priv.PublicKey(), pub.ECDHPublicKey()); diff != "" {
				t.Errorf("public key (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("oct", func(t *testing.T) {
		secret := []byte("0123456789abcdef0123456789abcdef")
		k := reparse(t, must(jwk.NewSymmetricKey(secret)))
		if diff := cmp.Diff(secret, k.SymmetricKey()); diff != "" {
			t.Errorf("secret (-want +got):\n%s", diff)
		}
		// The key keeps its own copy.
		secret[0] = 'X'
		if k.SymmetricKey()[0] == 'X' {
			t.Error("NewSymmetricKey kept the caller's slice")
		}
	})
}

func curveName(c ecdh.Curve) string {
	switch c {
	case ecdh.X25519():
		return "X25519"
	case ecdh.P256():
		return "P-256"
	case ecdh.P384():
		return "P-384"
	}
	return "P-521"
}

// TestRSAPrivateKeyWithoutCRT parses a private JWK that has only n, e and d:
// the primes are recovered and the key marshals with its CRT members.
func TestRSAPrivateKeyWithoutCRT(t *testing.T) {
	t.Parallel()
	priv := rsaKey()
	full, err := jwk.NewRSAPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := full.MarshalJSON()
	var m map[string]any
	if err := jsonUnmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"p", "q", "dp", "dq", "qi"} {
		delete(m, name)
	}
	k, err := jwk.ParseKey(jsonMarshal(t, m))
	if err != nil {
		t.Fatalf("ParseKey without CRT members: %v", err)
	}
	if !k.Equal(full) {
		t.Error("recovered key differs from the original")
	}
}

func TestPublic(t *testing.T) {
	t.Parallel()
	must := mustKey(t)
	priv := must(jwk.GenerateCurve(jwa.P256))
	withOps, err := priv.WithMetadata(jwk.Metadata{KeyID: "k1", Operations: []jwk.Operation{jwk.OpSign, jwk.OpVerify}})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := withOps.Public()
	if err != nil {
		t.Fatal(err)
	}
	if pub.IsPrivate() || pub.ECDSAPrivateKey() != nil || pub.Signer() != nil {
		t.Fatal("Public() kept private material")
	}
	if diff := cmp.Diff([]jwk.Operation{jwk.OpVerify}, pub.Operations()); diff != "" {
		t.Errorf("key_ops (-want +got):\n%s", diff)
	}
	if pub.KeyID() != "k1" {
		t.Errorf("kid = %q, want k1", pub.KeyID())
	}
	data, _ := pub.MarshalJSON()
	var m map[string]any
	if err := jsonUnmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["d"]; ok {
		t.Errorf("public JWK has d: %s", data)
	}
	if _, err := must(jwk.GenerateSymmetric(32)).Public(); err == nil {
		t.Error("a symmetric key has no public half, but Public() succeeded")
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	for _, alg := range jwa.SignatureAlgorithms() {
		if alg.KeyType() == jwa.RSA && alg != jwa.RS256 {
			continue // one RSA generation is enough
		}
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			k, err := jwk.GenerateForSignature(alg)
			if err != nil {
				t.Fatal(err)
			}
			if err := k.PermitsSignature(jwk.OpSign, alg); err != nil {
				t.Errorf("generated key cannot sign with its alg: %v", err)
			}
			if k.Algorithm() != string(alg) || k.Use() != jwk.UseSignature {
				t.Errorf("alg/use = %q/%q", k.Algorithm(), k.Use())
			}
			reparse(t, k)
		})
	}
	for _, alg := range jwa.KeyAlgorithms() {
		if alg.Family() == jwa.FamilyPBES2 || (alg.Family() == jwa.FamilyRSA && alg != jwa.RSA_OAEP_256) {
			continue
		}
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			k, err := jwk.GenerateForEncryption(alg, jwa.A256GCM)
			if err != nil {
				t.Fatal(err)
			}
			if err := k.PermitsKeyManagement(jwk.OpDecrypt, alg); err != nil {
				t.Errorf("generated key cannot decrypt with its alg: %v", err)
			}
			if alg == jwa.Direct && k.Size() != 256 {
				t.Errorf("dir key for A256GCM has %d bits", k.Size())
			}
		})
	}
	if _, err := jwk.GenerateForSignature(jwa.None); err == nil {
		t.Error("generated a key for none")
	}
	if _, err := jwk.GenerateRSA(1024); err == nil {
		t.Error("generated a 1024-bit RSA key")
	}
}
