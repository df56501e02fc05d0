package jwk_test

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// hsmSigner stands in for a key held by an HSM or KMS: it signs, but its
// private key cannot be read.
type hsmSigner struct{ inner crypto.Signer }

func (s hsmSigner) Public() crypto.PublicKey { return s.inner.Public() }
func (s hsmSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return s.inner.Sign(r, digest, opts)
}

func TestOpaqueSigner(t *testing.T) {
	t.Parallel()
	real, err := jwk.GenerateCurve(jwa.P256)
	if err != nil {
		t.Fatal(err)
	}
	k, err := jwk.NewSigner(hsmSigner{real.Signer()})
	if err != nil {
		t.Fatal(err)
	}
	if !k.IsPrivate() || !k.IsOpaque() || k.ECDSAPrivateKey() != nil {
		t.Fatal("opaque key should be private, opaque and not exportable")
	}
	if err := k.PermitsSignature(jwk.OpSign, jwa.ES256); err != nil {
		t.Fatalf("opaque EC key cannot sign ES256: %v", err)
	}
	digest := sha256.Sum256([]byte("payload"))
	sig, err := k.Signer().Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !ecdsaVerifyASN1(real, digest[:], sig) {
		t.Error("signature from the opaque signer does not verify")
	}
	// It marshals its public half only.
	data, _ := k.MarshalJSON()
	back, err := jwk.ParseKey(data)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := real.Public()
	if back.IsPrivate() || !back.Equal(pub) {
		t.Errorf("opaque key marshaled as %s", data)
	}
	if _, err := k.MarshalPEM(); !errors.Is(err, jwk.ErrUnsupported) {
		t.Errorf("MarshalPEM of an opaque key: err = %v", err)
	}
}

func TestOpaqueDecrypterAndExchanger(t *testing.T) {
	t.Parallel()
	d, err := jwk.NewDecrypter(rsaKey())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.PermitsKeyManagement(jwk.OpDecrypt, jwa.RSA_OAEP_256); err != nil {
		t.Errorf("decrypter cannot decrypt: %v", err)
	}
	ecKey, err := jwk.GenerateCurve(jwa.X25519)
	if err != nil {
		t.Fatal(err)
	}
	x, err := jwk.NewKeyExchanger(ecKey.KeyExchanger())
	if err != nil {
		t.Fatal(err)
	}
	if x.Curve() != jwa.X25519 || !x.IsOpaque() {
		t.Errorf("exchanger key: curve %s opaque %v", x.Curve(), x.IsOpaque())
	}
	if err := x.PermitsKeyManagement(jwk.OpDecrypt, jwa.ECDH_ES); err != nil {
		t.Errorf("exchanger cannot do ECDH-ES: %v", err)
	}
	if _, err := jwk.NewSigner(nil); !errors.Is(err, jwk.ErrMalformed) {
		t.Errorf("NewSigner(nil): err = %v", err)
	}
}

// Equal on opaque keys whose handles have uncomparable types (an
// ed25519.PrivateKey is a slice) must not panic (found in review).
func TestEqualOpaqueUncomparableHandles(t *testing.T) {
	t.Parallel()
	k, err := jwk.GenerateCurve(jwa.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	a, err := jwk.NewSigner(k.Ed25519PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	b, err := jwk.NewSigner(k.Ed25519PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := jwk.GenerateCurve(jwa.Ed25519)
	c, _ := jwk.NewSigner(other.Ed25519PrivateKey())
	if !a.Equal(b) {
		t.Error("two opaque wrappers of the same Ed25519 key differ")
	}
	if a.Equal(c) {
		t.Error("opaque wrappers of different keys are equal")
	}
}
