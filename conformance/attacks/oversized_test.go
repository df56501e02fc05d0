package attacks

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: oversized inputs (token, header, JWKS, RSA modulus or exponent),
// which must be refused in bounded time and memory. A verifier that
// decodes a 100 MB token before checking its size, parses a JWKS of a
// million keys, or verifies with a 64 kbit modulus or a 30 kbit public
// exponent does the attacker's bidding before any signature is checked.
//
// Sources: RFC 8725 §3.4 (validate cryptographic inputs); RFC 8259 §9
// (parsers may limit sizes); CVE-2023-29409 (Go crypto/tls: huge RSA keys
// made verification slow); STYLE "Bounded input" (check the size before any work). Package tests:
// jws/attack_test.go ("oversized ..."), jwe/attack_test.go ("JSON: too
// large", "too many recipients"), jwk/malformed_test.go.
func TestOversizedInputsBounded(t *testing.T) {
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})

	// Tokens far beyond every limit are refused before any decoding:
	// the memory allocated to refuse them is a tiny fraction of their size.
	huge := strings.Repeat("A", 64<<20) + "." + b64(goodClaims) + ".AAAA"
	hugeJWE := strings.Repeat("A", 64<<20) + "....AAAA"
	hugeBytes, hugeJWEBytes := []byte(huge), []byte(hugeJWE) // converted before measuring
	for _, c := range []struct {
		name string
		run  func() error
		want []error
	}{
		{"JWS compact of 64 MiB", func() error { _, err := v.Verify(huge); return err }, []error{jws.ErrTooLarge}},
		{"JWS JSON of 64 MiB", func() error { _, err := v.VerifyJSON(hugeBytes); return err }, []error{jws.ErrTooLarge}},
		{"JWT of 64 MiB", func() error { _, err := jv.Verify(t.Context(), huge); return err }, []error{jwt.ErrTooLarge}},
		{"JWT claims read insecurely, 64 MiB", func() error { _, err := jwt.InsecureParseClaims(huge); return err }, []error{jwt.ErrTooLarge}},
		{"JWE compact of 64 MiB", func() error { _, err := d.Decrypt(hugeJWE); return err }, []error{jwe.ErrTooLarge}},
		{"JWE JSON of 64 MiB", func() error { _, err := d.DecryptJSON(hugeJWEBytes); return err }, []error{jwe.ErrTooLarge}},
		{"JWK of 64 MiB", func() error { _, err := parseKey(hugeBytes); return err }, []error{jwk.ErrTooLarge}},
		{"JWK Set of 64 MiB", func() error { _, err := parseSet(hugeBytes); return err }, []error{jwk.ErrTooLarge}},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := attempt(t, c.run)
		runtime.ReadMemStats(&after)
		exactly(t, err, c.want...)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%s: refusing allocated %d bytes", c.name, alloc)
		}
	}
}

func TestOversizedPartsBounded(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	hs := func(hdr, payload string) string { return forge(t, k.hmac, jwa.HS256, hdr, payload) }
	members := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(`,"m` + strconv.Itoa(i) + `":0`)
		}
		return b.String()
	}
	for _, c := range []struct {
		name string
		run  func() error
		want []error
	}{
		{"JWS header over 16 KiB", func() error {
			_, err := v.Verify(hs(`{"alg":"HS256","x":"`+strings.Repeat("a", jws.DefaultMaxHeaderSize)+`"}`, "x"))
			return err
		}, []error{jws.ErrTooLarge}},
		{"JWS header of 1500 members (linear duplicate check)", func() error {
			_, err := v.Verify(hs(`{"alg":"HS256","kid":"nobody"`+members(1500)+`}`, "x"))
			return err
		}, []error{jws.ErrNoKey}},
		{"JWS payload just over 1 MiB", func() error {
			_, err := v.Verify(hs(`{"alg":"HS256"}`, strings.Repeat("x", jws.DefaultMaxTokenSize)))
			return err
		}, []error{jws.ErrTooLarge}},
		{"JWT over 64 KiB", func() error {
			_, err := jv.Verify(t.Context(), hs(`{"alg":"HS256"}`, claimsWith("x", jsonString(strings.Repeat("x", jwt.DefaultMaxTokenSize)))))
			return err
		}, []error{jwt.ErrTooLarge}},
		{"JWS JSON with 17 signatures", func() error {
			s := signer(t, k.hmac, jwa.HS256, jws.SignerOptions{})
			ss := make([]*jws.Signer, jws.DefaultMaxSignatures+1)
			for i := range ss {
				ss[i] = s
			}
			_, err := v.VerifyJSON(signJSON(t, "x", ss...))
			return err
		}, []error{jws.ErrTooLarge}},
		{"JWE JSON with 17 recipients", func() error {
			rs := make([]jwe.Recipient, jwe.DefaultMaxRecipients+1)
			for i := range rs {
				rs[i] = jwe.Recipient{Key: k.aes128, Algorithm: jwa.A128KW}
			}
			doc, err := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM}, rs...).EncryptJSON([]byte("x"), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)}).DecryptJSON(doc)
			return err
		}, []error{jwe.ErrTooLarge}},
		{"JWE header over 16 KiB", func() error {
			tok := sealJWE(t, `{"alg":"dir","enc":"A128GCM","x":"`+strings.Repeat("a", jwe.DefaultMaxHeaderSize)+`"}`, nil, jwa.A128GCM, k.aes128.SymmetricKey(), []byte("x"))
			_, err := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)}).Decrypt(tok)
			return err
		}, []error{jwe.ErrTooLarge}},
		{"JWK Set over 1 MiB", func() error {
			_, err := parseSet([]byte(`{"keys":[],"x":"` + strings.Repeat("a", jwk.DefaultMaxSetSize) + `"}`))
			return err
		}, []error{jwk.ErrTooLarge}},
		{"JWK Set of 1001 keys", func() error {
			one := `{"kty":"oct","k":"` + b64b(make([]byte, 16)) + `"}`
			_, err := parseSet([]byte(`{"keys":[` + strings.Repeat(one+",", jwk.DefaultMaxSetKeys) + one + `]}`))
			return err
		}, []error{jwk.ErrTooLarge}},
		{"JWK Set of 1001 unknown-type keys (skipped keys count too)", func() error {
			one := `{"kty":"PQC"}`
			_, err := parseSet([]byte(`{"keys":[` + strings.Repeat(one+",", jwk.DefaultMaxSetKeys) + one + `]}`))
			return err
		}, []error{jwk.ErrTooLarge}},
		{"RSA JWK with a 16392-bit modulus", func() error {
			_, err := parseKey([]byte(`{"kty":"RSA","n":"` + b64b(oddModulus(16392)) + `","e":"AQAB"}`))
			return err
		}, []error{jwk.ErrUnsupported}},
		{"RSA JWK with a 65536-bit modulus", func() error {
			_, err := parseKey([]byte(`{"kty":"RSA","n":"` + b64b(oddModulus(65536)) + `","e":"AQAB"}`))
			return err
		}, []error{jwk.ErrUnsupported}},
		{"RSA JWK with a 30000-bit public exponent", func() error {
			e := oddModulus(30000)
			_, err := parseKey([]byte(`{"kty":"RSA","n":"` + b64b(k.rsa.RSAPublicKey().N.Bytes()) + `","e":"` + b64b(e) + `"}`))
			return err
		}, []error{jwk.ErrWeakKey}},
		{"RSA JWK with exponent 2^31+1", func() error {
			_, err := parseKey([]byte(`{"kty":"RSA","n":"` + b64b(k.rsa.RSAPublicKey().N.Bytes()) + `","e":"` + b64b(big.NewInt(1<<31+1).Bytes()) + `"}`))
			return err
		}, []error{jwk.ErrWeakKey}},
		{"RSA PEM with a 16392-bit modulus", func() error {
			der, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: new(big.Int).SetBytes(oddModulus(16392)), E: 65537})
			if err != nil {
				t.Fatal(err)
			}
			_, err = jwk.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
			return err
		}, []error{jwk.ErrUnsupported}},
		{"JWK with an x5c chain of 11 certificates", func() error {
			cert := selfSigned(t, k.ec)
			chain := strings.Repeat(`"`+b64std(cert.Raw)+`",`, jwk.MaxX509Chain) + `"` + b64std(cert.Raw) + `"`
			pub := strings.TrimSuffix(string(marshal(t, public(t, k.ec))), "}") + `,"x5c":[` + chain + `]}`
			_, err := parseKey([]byte(pub))
			return err
		}, []error{jwk.ErrTooLarge}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, attempt(t, c.run), c.want...)
		})
	}
}

// oddModulus returns a random number of exactly bits bits, odd: the shape of an RSA modulus, without its cost.
func oddModulus(bits int) []byte {
	b := make([]byte, (bits+7)/8)
	rand.Read(b)
	b[0] |= 0x80
	b[len(b)-1] |= 1
	return b
}
