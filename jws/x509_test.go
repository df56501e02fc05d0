package jws

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// pki is a root, an intermediate and a leaf, with EC keys.
type pki struct {
	root, inter, leaf *x509.Certificate
	leafKey           *jwk.Key // private, with the chain leaf, intermediate as x5c
}

var testEpoch = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func newPKI(t *testing.T, leafUsage []x509.ExtKeyUsage) *pki {
	t.Helper()
	issue := func(serial int64, cn string, subj *jwk.Key, parent *x509.Certificate, parentKey *jwk.Key, ca bool) *x509.Certificate {
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(serial),
			Subject:               pkix.Name{CommonName: cn},
			NotBefore:             testEpoch.Add(-time.Hour),
			NotAfter:              testEpoch.Add(24 * time.Hour),
			BasicConstraintsValid: true,
			IsCA:                  ca,
			KeyUsage:              x509.KeyUsageDigitalSignature,
		}
		if ca {
			tmpl.KeyUsage |= x509.KeyUsageCertSign
		} else {
			tmpl.ExtKeyUsage = leafUsage
		}
		if parent == nil {
			parent, parentKey = tmpl, subj
		}
		der, err := x509.CreateCertificate(nil, tmpl, parent, subj.Signer().Public(), parentKey.Signer())
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	rootKey, interKey, leafKey := mustKey(t, jwa.ES256), mustKey(t, jwa.ES256), mustKey(t, jwa.ES256)
	p := &pki{}
	p.root = issue(1, "root", rootKey, nil, nil, true)
	p.inter = issue(2, "intermediate", interKey, p.root, rootKey, true)
	p.leaf = issue(3, "signer.example", leafKey, p.inter, interKey, false)
	m := leafKey.Metadata()
	m.X509Chain = []*x509.Certificate{p.leaf, p.inter}
	var err error
	if p.leafKey, err = leafKey.WithMetadata(m); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *pki) roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.root)
	return pool
}

// TestX509Chain checks the x5c opt-in: a chain that verifies to the
// policy's roots supplies the key, and nothing else does.
func TestX509Chain(t *testing.T) {
	t.Parallel()
	p := newPKI(t, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth})
	tok, err := mustSigner(t, p.leafKey, jwa.ES256, SignerOptions{X509Chain: true}).Sign([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return testEpoch }
	base := Policy{
		Algorithms:    []jwa.SignatureAlgorithm{jwa.ES256},
		X509Roots:     p.roots(),
		X509KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		Clock:         clock,
	}
	res, err := mustVerifier(t, base).Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	chain := res.Key().Metadata().X509Chain
	if len(chain) != 2 || !chain[0].Equal(p.leaf) || chain[0].Subject.CommonName != "signer.example" {
		t.Errorf("verified key's chain: %v", chain)
	}

	other := newPKI(t, nil)
	expired := base
	expired.Clock = func() time.Time { return testEpoch.Add(48 * time.Hour) }
	untrusted := base
	untrusted.X509Roots = other.roots()
	wrongUsage := base
	wrongUsage.X509KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning}
	onlyES384 := base
	onlyES384.Algorithms = []jwa.SignatureAlgorithm{jwa.ES384}
	for _, tt := range []struct {
		name   string
		p      Policy
		token  string
		want   error
		x509Is any
	}{
		{"expired", expired, tok, ErrNoKey, x509.CertificateInvalidError{}},
		{"untrusted root", untrusted, tok, ErrNoKey, x509.UnknownAuthorityError{}},
		{"wrong key usage", wrongUsage, tok, ErrNoKey, x509.CertificateInvalidError{}},
		{"alg not allowed", onlyES384, tok, ErrAlgorithmNotAllowed, nil},
		{"signed by another key", base, forgeX5C(t, p), ErrSignatureInvalid, nil},
		{"x5c not base64", base, forge(t, mustSigner(t, p.leafKey, jwa.ES256, SignerOptions{}), `{"alg":"ES256","x5c":["-_-_"]}`, "x"), ErrNoKey, nil},
		{"x5c empty", base, forge(t, mustSigner(t, p.leafKey, jwa.ES256, SignerOptions{}), `{"alg":"ES256","x5c":[]}`, "x"), ErrNoKey, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mustVerifier(t, tt.p).Verify(tt.token)
			exactSentinel(t, err, tt.want)
			switch tt.x509Is.(type) {
			case x509.CertificateInvalidError:
				if _, ok := errors.AsType[x509.CertificateInvalidError](err); !ok {
					t.Errorf("%v: no x509.CertificateInvalidError", err)
				}
			case x509.UnknownAuthorityError:
				if _, ok := errors.AsType[x509.UnknownAuthorityError](err); !ok {
					t.Errorf("%v: no x509.UnknownAuthorityError", err)
				}
			}
		})
	}

	// Without X509Roots the chain is ignored: the policy needs keys, and
	// the leaf is not one of them.
	_, err = mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES256}, Keys: jwk.NewSet(mustKey(t, jwa.HS256), mustPublic(t, mustKey(t, jwa.ES256)))}).Verify(tok)
	exactSentinel(t, err, ErrSignatureInvalid)
}

// forgeX5C returns a token carrying p's valid chain but signed by another
// key.
func forgeX5C(t *testing.T, p *pki) string {
	t.Helper()
	k := mustKey(t, jwa.ES256)
	// The jwk package refuses a chain for another key, so splice the
	// header by hand.
	valid, err := mustSigner(t, p.leafKey, jwa.ES256, SignerOptions{X509Chain: true}).Sign([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := parts(valid)
	hdr, err := decodeB64(h)
	if err != nil {
		t.Fatal(err)
	}
	return forge(t, mustSigner(t, k, jwa.ES256, SignerOptions{}), string(hdr), "x")
}
