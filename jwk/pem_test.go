package jwk_test

import (
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

func TestPEMRoundTrip(t *testing.T) {
	t.Parallel()
	must := mustKey(t)
	keys := map[string]*jwk.Key{
		"RSA":     must(jwk.NewRSAPrivateKey(rsaKey())),
		"P-256":   must(jwk.GenerateCurve(jwa.P256)),
		"P-521":   must(jwk.GenerateCurve(jwa.P521)),
		"Ed25519": must(jwk.GenerateCurve(jwa.Ed25519)),
		"X25519":  must(jwk.GenerateCurve(jwa.X25519)),
	}
	for name, k := range keys {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			privPEM, err := k.MarshalPEM()
			if err != nil {
				t.Fatal(err)
			}
			back, err := jwk.ParsePEM(privPEM)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(k) {
				t.Error("private key changed through PKCS #8 PEM")
			}
			pub := must(k.Public())
			pubPEM, err := pub.MarshalPEM()
			if err != nil {
				t.Fatal(err)
			}
			if block, _ := pem.Decode(pubPEM); block == nil || block.Type != "PUBLIC KEY" {
				t.Fatalf("public PEM type wrong: %s", pubPEM)
			}
			backPub, err := jwk.ParsePEM(pubPEM)
			if err != nil {
				t.Fatal(err)
			}
			if !backPub.Equal(pub) {
				t.Error("public key changed through SPKI PEM")
			}
		})
	}
	t.Run("PKCS1 and SEC1", func(t *testing.T) {
		t.Parallel()
		rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey())})
		k, err := jwk.ParsePEM(rsaPEM)
		if err != nil || !k.Equal(keys["RSA"]) {
			t.Fatalf("PKCS #1 private key: %v", err)
		}
		rsaPubPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rsaKey().PublicKey)})
		if k, err := jwk.ParsePEM(rsaPubPEM); err != nil || k.IsPrivate() || k.Type() != jwa.RSA {
			t.Fatalf("PKCS #1 public key: %v", err)
		}
		der, err := x509.MarshalECPrivateKey(keys["P-256"].ECDSAPrivateKey())
		if err != nil {
			t.Fatal(err)
		}
		ecPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
		if k, err := jwk.ParsePEM(ecPEM); err != nil || !k.Equal(keys["P-256"]) {
			t.Fatalf("SEC 1 key: %v", err)
		}
	})
	t.Run("rejects", func(t *testing.T) {
		t.Parallel()
		if _, err := jwk.ParsePEM([]byte("not pem")); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("no PEM: err = %v", err)
		}
		junk := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}})
		if _, err := jwk.ParsePEM(junk); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("bad DER: err = %v", err)
		}
		other := pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: []byte{1}})
		if _, err := jwk.ParsePEM(other); !errors.Is(err, jwk.ErrUnsupported) {
			t.Errorf("unknown block: err = %v", err)
		}
		if _, err := keys["RSA"].Public(); err != nil {
			t.Fatal(err)
		}
		sym := must(jwk.GenerateSymmetric(32))
		if _, err := sym.MarshalPEM(); !errors.Is(err, jwk.ErrUnsupported) {
			t.Errorf("symmetric MarshalPEM: err = %v", err)
		}
	})
}

// rfc7517B returns the JWK of RFC 7517 Appendix B as a map.
func rfc7517B(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("testdata/rfc7517/B.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Input struct {
			Key map[string]any `json:"key"`
		} `json:"input"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v.Input.Key
}

// TestX509Members checks x5c, x5t and x5t#S256 against the key, using the
// certificate of RFC 7517 Appendix B.
func TestX509Members(t *testing.T) {
	t.Parallel()
	m := rfc7517B(t)
	k, err := jwk.ParseKey(jsonMarshal(t, m))
	if err != nil {
		t.Fatal(err)
	}
	chain := k.Metadata().X509Chain
	if len(chain) != 1 {
		t.Fatalf("x5c has %d certificates", len(chain))
	}
	sha1Sum := sha1.Sum(chain[0].Raw)
	sha256Sum := sha256.Sum256(chain[0].Raw)

	good := clone(m)
	good["x5t"] = base64url.Encode(sha1Sum[:])
	good["x5t#S256"] = base64url.Encode(sha256Sum[:])
	if _, err := jwk.ParseKey(jsonMarshal(t, good)); err != nil {
		t.Errorf("matching x5t and x5t#S256 refused: %v", err)
	}
	badT := clone(m)
	badT["x5t#S256"] = base64url.Encode(make([]byte, 32))
	if _, err := jwk.ParseKey(jsonMarshal(t, badT)); !errors.Is(err, jwk.ErrInconsistent) {
		t.Errorf("wrong x5t#S256: err = %v, want ErrInconsistent", err)
	}
	other := clone(m)
	other["n"] = rsaN // RFC 7517 A.1's modulus, not the certificate's
	if _, err := jwk.ParseKey(jsonMarshal(t, other)); !errors.Is(err, jwk.ErrInconsistent) {
		t.Errorf("x5c of another key: err = %v, want ErrInconsistent", err)
	}

	// The certificate also parses as PEM, giving the same key.
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: chain[0].Raw})
	fromPEM, err := jwk.ParsePEM(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	if !fromPEM.Equal(k) || len(fromPEM.Metadata().X509Chain) != 1 {
		t.Error("certificate PEM gives another key")
	}
	tp1, _ := fromPEM.Thumbprint(crypto.SHA256)
	tp2, _ := k.Thumbprint(crypto.SHA256)
	if string(tp1) != string(tp2) {
		t.Error("thumbprints differ")
	}
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
