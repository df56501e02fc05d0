package bench

// Equivalence tests: every library does the same work on the same bytes.
// The verifying and decrypting benchmarks feed each library the same
// token; these tests check that each accepts it and returns the same
// payload, and that each refuses it once tampered with (so that no
// benchmark measures a check that does not happen). The signing and
// encrypting benchmarks' outputs must be accepted by every verifier and
// decrypter, and the deterministic signatures must be byte-identical.

import (
	"bytes"
	"crypto"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwt"
)

// tamper returns token with the character at i changed to another valid
// base64url character.
func tamper(token string, i int) string {
	b := []byte(token)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// deterministic reports whether alg's signatures depend only on the key
// and the input.
func deterministic(alg jwa.SignatureAlgorithm) bool {
	switch alg {
	case jwa.HS256, jwa.RS256, jwa.EdDSA:
		return true
	}
	return false
}

func TestJWSVerifyEquivalence(t *testing.T) {
	for _, c := range sigCases {
		tok := jwsToken(t, c)
		for _, l := range verifyLibs {
			t.Run(c.name+"/lib="+l.name, func(t *testing.T) {
				verify := l.new(t, c)
				got, err := verify(tok)
				if err != nil {
					t.Fatalf("refuses the benchmark token: %v", err)
				}
				if !bytes.Equal(got, claims) {
					t.Fatalf("payload = %s, want %s", got, claims)
				}
				// The middle of the signature, which changes its value
				// whatever the encoding's trailing bits.
				sigStart := bytes.LastIndexByte([]byte(tok), '.') + 1
				if _, err := verify(tamper(tok, sigStart+(len(tok)-sigStart)/2)); err == nil {
					t.Fatal("accepts a token with a changed signature")
				}
				if _, err := verify(tamper(tok, len(tok)/2)); err == nil {
					t.Fatal("accepts a token with a changed payload")
				}
			})
		}
	}
}

func TestJWSSignEquivalence(t *testing.T) {
	for _, c := range sigCases {
		outputs := map[string]string{}
		for _, s := range signLibs {
			tok, err := s.new(t, c)(claims)
			if err != nil {
				t.Fatalf("%s/lib=%s: %v", c.name, s.name, err)
			}
			outputs[s.name] = tok
			for _, v := range verifyLibs {
				got, err := v.new(t, c)(tok)
				if err != nil {
					t.Errorf("%s: the token of %s is refused by %s: %v", c.name, s.name, v.name, err)
					continue
				}
				if !bytes.Equal(got, claims) {
					t.Errorf("%s: the token of %s verifies with %s to %s", c.name, s.name, v.name, got)
				}
			}
		}
		if deterministic(c.alg) {
			want := outputs[libPrimitive]
			for name, got := range outputs {
				if got != want {
					t.Errorf("%s: lib=%s signs\n%s\nprimitive signs\n%s", c.name, name, got, want)
				}
			}
		}
	}
}

func TestJWTVerifyEquivalence(t *testing.T) {
	for _, c := range jwtCases {
		tok := jwtToken(t, c)
		for _, l := range validateLibs {
			t.Run(c.name+"/lib="+l.name, func(t *testing.T) {
				validate := l.new(t, c)
				got, err := validate(tok)
				if err != nil {
					t.Fatalf("refuses the benchmark token: %v", err)
				}
				if got != customValue {
					t.Fatalf("%s = %q, want %q", customClaim, got, customValue)
				}
				sigStart := strings.LastIndexByte(tok, '.') + 1
				if _, err := validate(tamper(tok, sigStart+(len(tok)-sigStart)/2)); err == nil {
					t.Fatal("accepts a token with a changed signature")
				}
			})
		}
	}
}

// TestJWTClaimChecks checks that every validator refuses a token that is
// expired, not yet valid, issued in the future, from another issuer or for
// another audience: the benchmark measures these checks.
func TestJWTClaimChecks(t *testing.T) {
	c := jwtCases[0]
	s, err := jwt.NewSigner(keys(t).ours[c.key], c.alg, jwt.SignerOptions{})
	check(t, err)
	bad := map[string]string{
		"expired":    `{"aud":"orders-api","exp":1700000200,"iat":1700000000,"iss":"https://idp.example","tenant":"acme-eu"}`,
		"not-before": `{"aud":"orders-api","exp":1700003600,"iat":1700000000,"iss":"https://idp.example","nbf":1700001000,"tenant":"acme-eu"}`,
		"iat-future": `{"aud":"orders-api","exp":1700003600,"iat":1700001000,"iss":"https://idp.example","tenant":"acme-eu"}`,
		"issuer":     `{"aud":"orders-api","exp":1700003600,"iat":1700000000,"iss":"https://evil.example","tenant":"acme-eu"}`,
		"audience":   `{"aud":"billing-api","exp":1700003600,"iat":1700000000,"iss":"https://idp.example","tenant":"acme-eu"}`,
	}
	for name, cl := range bad {
		tok, err := s.Sign(json.RawMessage(cl))
		check(t, err)
		for _, l := range validateLibs {
			t.Run(name+"/lib="+l.name, func(t *testing.T) {
				if _, err := l.new(t, c)(tok); err == nil {
					t.Fatal("accepts it")
				}
			})
		}
	}
}

func TestJWEDecryptEquivalence(t *testing.T) {
	for _, c := range jweCases {
		tok := jweToken(t, c)
		for _, l := range decryptLibs {
			if l.has != nil && !l.has(c) {
				continue
			}
			t.Run(c.name+"/lib="+l.name, func(t *testing.T) {
				decrypt := l.new(t, c)
				got, err := decrypt(tok)
				if err != nil {
					t.Fatalf("refuses the benchmark token: %v", err)
				}
				if !bytes.Equal(got, claims) {
					t.Fatalf("plaintext = %s, want %s", got, claims)
				}
				// The first character of the tag, and of the
				// ciphertext.
				tagStart := strings.LastIndexByte(tok, '.') + 1
				if _, err := decrypt(tamper(tok, tagStart)); err == nil {
					t.Fatal("accepts a token with a changed tag")
				}
				ctStart := strings.LastIndexByte(tok[:tagStart-1], '.') + 1
				if _, err := decrypt(tamper(tok, ctStart)); err == nil {
					t.Fatal("accepts a token with a changed ciphertext")
				}
			})
		}
	}
}

func TestJWEEncryptEquivalence(t *testing.T) {
	for _, c := range jweCases {
		for _, e := range encryptLibs {
			if e.has != nil && !e.has(c) {
				continue
			}
			tok, err := e.new(t, c)(claims)
			if err != nil {
				t.Fatalf("%s/lib=%s: %v", c.name, e.name, err)
			}
			checkJWEHeader(t, c, e.name, tok)
			for _, d := range decryptLibs {
				if d.has != nil && !d.has(c) {
					continue
				}
				got, err := d.new(t, c)(tok)
				if err != nil {
					t.Errorf("%s: the token of %s is refused by %s: %v", c.name, e.name, d.name, err)
					continue
				}
				if !bytes.Equal(got, claims) {
					t.Errorf("%s: the token of %s decrypts with %s to %s", c.name, e.name, d.name, got)
				}
			}
		}
	}
}

// checkJWEHeader checks that an encrypter wrote the case's "alg" and "enc",
// and for PBES2 the same iteration count as every other library.
func checkJWEHeader(t *testing.T, c jweCase, lib, tok string) {
	t.Helper()
	raw, _, _ := strings.Cut(tok, ".")
	b, err := b64.DecodeString(raw)
	check(t, err)
	var h struct {
		Alg string `json:"alg"`
		Enc string `json:"enc"`
		P2C int    `json:"p2c"`
	}
	check(t, json.Unmarshal(b, &h))
	if h.Alg != string(c.alg) || h.Enc != string(c.enc) {
		t.Errorf("%s/lib=%s: header %s", c.name, lib, b)
	}
	if c.alg == jwa.PBES2_HS256_A128KW && h.P2C != pbes2Count {
		t.Errorf("%s/lib=%s: p2c = %d, want %d", c.name, lib, h.P2C, pbes2Count)
	}
}

// equalPublic reports whether two standard library public keys are equal.
func equalPublic(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}

func TestJWKEquivalence(t *testing.T) {
	for _, c := range jwkCases {
		data := jwkDoc(t, c)
		want, err := keys(t).jwksKeys.Keys()[c.index].Public()
		check(t, err)
		var wantPub crypto.PublicKey = want.RSAPublicKey()
		if want.RSAPublicKey() == nil {
			wantPub = want.ECDSAPublicKey()
		}
		wantThumb, err := want.Thumbprint(crypto.SHA256)
		check(t, err)
		for _, l := range jwkLibs {
			t.Run(c.name+"/lib="+l.name, func(t *testing.T) {
				k, err := l.parse(data)
				check(t, err)
				pub, err := l.public(k)
				check(t, err)
				if !equalPublic(pub, wantPub) {
					t.Fatalf("parses to %T %v", pub, pub)
				}
				thumb, err := l.thumbprint(k)
				check(t, err)
				if !bytes.Equal(thumb, wantThumb) {
					t.Fatalf("thumbprint %x, want %x", thumb, wantThumb)
				}
			})
		}
	}
}

func TestJWKSEquivalence(t *testing.T) {
	want := keys(t).jwksKeys.LookupKeyID(lookupKID)
	if len(want) != 1 {
		t.Fatalf("jwks.json has %d keys %q", len(want), lookupKID)
	}
	wantPub := want[0].ECDSAPublicKey()
	for _, l := range jwkLibs {
		t.Run("10-keys/lib="+l.name, func(t *testing.T) {
			k, err := l.parseSet(jwksJSON, lookupKID)
			check(t, err)
			pub, err := l.public(k)
			check(t, err)
			if !equalPublic(pub, wantPub) {
				t.Fatalf("finds %T %v", pub, pub)
			}
			if _, err := l.parseSet(jwksJSON, "2026-99"); err == nil {
				t.Fatal("finds a key that is not in the set")
			}
		})
	}
}
