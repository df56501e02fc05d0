package jwe

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// An "epk" that is not an EC or X25519 public key is refused before the
// full JWK parse: an RSA private key without CRT members once made the
// decrypter factor its modulus for every token (CPU denial of service, found
// in review). The error must come from this package's pre-check, with no
// jwk parse error inside.
func TestEPKRefusedBeforeJWKParse(t *testing.T) {
	t.Parallel()
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64url.Encode
	epks := map[string]string{
		"RSA private key":     `{"kty":"RSA","n":"` + b64(priv.N.Bytes()) + `","e":"AQAB","d":"` + b64(priv.D.Bytes()) + `"}`,
		"EC key with d":       `{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","d":"AAAA"}`,
		"EC key with x5c":     `{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","x5c":["AAAA"]}`,
		"oct key":             `{"kty":"oct","k":"AAAA"}`,
		"oversized epk":       `{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","pad":"` + strings.Repeat("A", 2000) + `"}`,
		"kty missing":         `{"crv":"P-256","x":"AAAA","y":"AAAA"}`,
		"kty of another type": `{"kty":5}`,
	}
	rk := testKeys(t).curve[jwa.P256]
	d := mustDecrypter(t, policyFor(jwa.ECDH_ES, jwa.A128GCM, rk))
	for name, epk := range epks {
		t.Run(name, func(t *testing.T) {
			hdr := `{"alg":"ECDH-ES","enc":"A128GCM","epk":` + epk + `}`
			token := b64([]byte(hdr)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA"
			_, err := d.Decrypt(token)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
			if errors.Is(err, jwk.ErrMalformed) || errors.Is(err, jwk.ErrInconsistent) || errors.Is(err, jwk.ErrWeakKey) {
				t.Errorf("the epk reached the full JWK parser: %v", err)
			}
		})
	}
}

// A JSON JWE with many PBES2 recipients costs the PBKDF2 work of at most
// DefaultMaxPBES2Recipients of them (per password), not one per recipient
// (found in review: 16 recipients cost 16 times the p2c bound). Measured
// against a single-recipient message, with a wide margin: before the fix
// the ratio was about 16, now at most 4.
func TestPBES2WorkBoundedPerMessage(t *testing.T) {
	d := mustDecrypter(t, Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.PBES2_HS512_A256KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM},
		Passwords:         []string{"pw"},
	})
	one := `{"header":{"alg":"PBES2-HS512+A256KW","p2c":10000,"p2s":"AAAAAAAAAAA"},"encrypted_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`
	msg := func(n int) []byte {
		r := strings.Repeat(one+",", n)
		return []byte(`{"protected":"eyJlbmMiOiJBMTI4R0NNIn0","recipients":[` + r[:len(r)-1] + `],"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}`)
	}
	fastest := func(m []byte) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			_, err := d.DecryptJSON(m)
			if !errors.Is(err, ErrDecryption) {
				t.Fatalf("err = %v, want ErrDecryption", err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	t1, t16 := fastest(msg(1)), fastest(msg(16))
	if t16 > 9*t1+30*time.Millisecond {
		t.Errorf("16 PBES2 recipients took %v, one took %v: work is not bounded per message", t16, t1)
	}
}

// DecryptJSON never keeps the caller's slice: its header values stay the
// same when the caller later reuses its buffer (as VerifyJSON in jws).
func TestDecryptJSONDoesNotKeepInput(t *testing.T) {
	t.Parallel()
	k := testKeys(t).oct[16]
	e := mustEncrypter(t, EncrypterOptions{
		ContentEncryption: jwa.A128GCM,
		Unprotected:       []Parameter{{Name: "x-ext", Value: []byte(`"aaaa"`)}},
	}, Recipient{Key: k, Algorithm: jwa.A128KW})
	msg, err := e.EncryptJSON([]byte("hi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := mustDecrypter(t, policyFor(jwa.A128KW, jwa.A128GCM, k)).DecryptJSON(msg)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := res.Header().Raw("x-ext")
	copy(msg[bytes.Index(msg, []byte(`"aaaa"`)):], `"bbbb"`)
	after, _ := res.Header().Raw("x-ext")
	if !bytes.Equal(before, after) || string(after) != `"aaaa"` {
		t.Fatalf("header member changed with the caller's buffer: %s -> %s", before, after)
	}
}

// Each password is tried on up to MaxPBES2Recipients PBES2 recipients, so
// a message for several password holders opens with any of the passwords;
// recipients past the bound are not tried unless the policy raises it.
func TestPBES2SeveralPasswordRecipients(t *testing.T) {
	t.Parallel()
	passwords := []string{"alpha password", "bravo password", "charlie password", "delta password", "echo password"}
	var rs []Recipient
	for _, pw := range passwords {
		rs = append(rs, Recipient{Password: pw, Algorithm: jwa.PBES2_HS256_A128KW, PBES2Count: MinPBES2Count})
	}
	e := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, rs...)
	msg, err := e.EncryptJSON([]byte("for five"), nil)
	if err != nil {
		t.Fatal(err)
	}
	pol := func(pw string, maxRecipients int) Policy {
		return Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM},
			Passwords: []string{pw}, MaxPBES2Recipients: maxRecipients}
	}
	for i, pw := range passwords[:DefaultMaxPBES2Recipients] {
		res, err := mustDecrypter(t, pol(pw, 0)).DecryptJSON(msg)
		if err != nil || res.Recipient() != i || string(res.Plaintext()) != "for five" {
			t.Fatalf("password %d: recipient %v, err %v", i, res, err)
		}
	}
	last := passwords[len(passwords)-1]
	if _, err := mustDecrypter(t, pol(last, 0)).DecryptJSON(msg); !errors.Is(err, ErrDecryption) {
		t.Fatalf("fifth PBES2 recipient with the default bound: err = %v, want ErrDecryption", err)
	}
	if res, err := mustDecrypter(t, pol(last, 5)).DecryptJSON(msg); err != nil || res.Recipient() != 4 {
		t.Fatalf("fifth PBES2 recipient with MaxPBES2Recipients 5: %v", err)
	}
}
