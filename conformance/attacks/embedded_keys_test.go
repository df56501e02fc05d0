package attacks

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: trust in keys the token brings along. "jwk" embeds a key, "jku"
// and "x5u" point to keys, "x5c" carries a certificate chain; a verifier
// that uses them verifies the attacker's signature with the attacker's key,
// and one that fetches "jku"/"x5u" is an SSRF relay.
//
// Sources: CVE-2018-0114 (node-jose, embedded "jwk" trusted); the same in
// Cisco's jose and several JWT libraries (PortSwigger's "JWT authentication
// bypass via jwk/jku header injection"); RFC 8725 §3.10 (do not trust
// received claims: "jku"/"x5u" SSRF) and §2.9; RFC 7515 §4.1.3-§4.1.6
// (each key must be validated by the recipient). Package test:
// jws/attack_test.go ("embedded jwk ...", "jku and x5u never fetched",
// "x5c without X509Roots not trusted").
func TestEmbeddedAndReferencedKeysNotTrusted(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Write(marshalSet(t, public(t, k.attack)))
	}))
	t.Cleanup(srv.Close)

	attackerJWK := string(marshal(t, withMeta(t, public(t, k.attack), func(m *jwk.Metadata) { m.KeyID = "attacker" })))
	cert := selfSigned(t, k.attack)
	x5c := `["` + base64.StdEncoding.EncodeToString(cert.Raw) + `"]`
	sign := func(hdr string) string { return forge(t, k.attack, jwa.ES256, hdr, goodClaims) }

	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	// A verifier that trusts x5c chains to its own CA, which the attacker
	// does not control.
	ca := selfSigned(t, k.ec384)
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	vX5C := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES256}, X509Roots: roots, X509KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}, Clock: func() time.Time { return now }})

	cases := []struct {
		name string
		v    *jws.Verifier
		tok  string
		want error
	}{
		// Without "kid", every ES256 key of the policy is tried; none is
		// the attacker's.
		{"jwk embedded (CVE-2018-0114)", v, sign(`{"alg":"ES256","jwk":` + attackerJWK + `}`), jws.ErrSignatureInvalid},
		{"jwk embedded, kid naming it", v, sign(`{"alg":"ES256","kid":"attacker","jwk":` + attackerJWK + `}`), jws.ErrNoKey},
		{"jwk embedded, kid of a victim key", v, sign(`{"alg":"ES256","kid":"ec","jwk":` + attackerJWK + `}`), jws.ErrSignatureInvalid},
		{"jku to the attacker's set (RFC 8725 §3.10)", v, sign(`{"alg":"ES256","kid":"attacker","jku":"` + srv.URL + `/jwks.json"}`), jws.ErrNoKey},
		{"x5u to the attacker's certificate", v, sign(`{"alg":"ES256","kid":"attacker","x5u":"` + srv.URL + `/cert.pem"}`), jws.ErrNoKey},
		{"jku to a file: URL", v, sign(`{"alg":"ES256","kid":"attacker","jku":"file:///etc/passwd"}`), jws.ErrNoKey},
		{"x5c self-signed, no X509Roots", v, sign(`{"alg":"ES256","x5c":` + x5c + `}`), jws.ErrSignatureInvalid},
		{"x5c self-signed, X509Roots of another CA", vX5C, sign(`{"alg":"ES256","x5c":` + x5c + `}`), jws.ErrNoKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, c.v, c.tok), c.want)
			if c.v == v {
				exactly(t, verifyJWT(t, jv, c.tok), jwt.ErrInvalidSignature, c.want)
			}
		})
	}
	t.Cleanup(func() {
		// Runs after the parallel subtests: nothing was fetched.
		if n := hits.Load(); n != 0 {
			t.Errorf("the verifiers made %d requests to jku/x5u", n)
		}
	})
}

// selfSigned returns a self-signed CA certificate for k.
func selfSigned(t testing.TB, k *jwk.Key) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "self-signed"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(time.Hour),
		BasicConstraintsValid: true,
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, k.Signer().Public(), k.Signer())
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// marshalSet returns the JWK Set of the given keys.
func marshalSet(t testing.TB, keys ...*jwk.Key) []byte {
	t.Helper()
	b, err := jwk.NewSet(keys...).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
