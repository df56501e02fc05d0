package jws

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// allSentinels lists every sentinel for exactness checks.
var allSentinels = []error{ErrMalformed, ErrAlgorithmNotAllowed, ErrUnsecured, ErrNoKey, ErrSignatureInvalid, ErrTooLarge, ErrCritical, ErrInvalidConfig}

// exactSentinel fails unless err matches want and no other sentinel
// (ErrUnsecured also matches ErrAlgorithmNotAllowed, by design).
func exactSentinel(t *testing.T, err, want error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	for _, s := range allSentinels {
		expected := s == want || (want == ErrUnsecured && s == ErrAlgorithmNotAllowed)
		if errors.Is(err, s) != expected {
			t.Errorf("error %q: errors.Is(err, %v) = %v, want %v", err, s, !expected, expected)
		}
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "jws: ") {
		t.Errorf("message %q lacks the jws: prefix", msg)
	}
}

// fixture holds the keys and verifier the attacks target.
type fixture struct {
	hk, rk, ek, edk *jwk.Key // the legitimate private keys
	hs, rs, es, eds *Signer
	attackerEC      *jwk.Key
	ver             *Verifier // HS256, RS256, PS256, ES256, EdDSA with the public keys
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{
		hk:  withKeyID(t, mustKey(t, jwa.HS256), "hmac"),
		rk:  withKeyID(t, rsaKey(t), "rsa"),
		ek:  withKeyID(t, mustKey(t, jwa.ES256), "ec"),
		edk: withKeyID(t, mustKey(t, jwa.EdDSA), "ed"),
	}
	f.attackerEC = mustKey(t, jwa.ES256)
	f.hs = mustSigner(t, f.hk, jwa.HS256, SignerOptions{})
	f.rs = mustSigner(t, f.rk, jwa.RS256, SignerOptions{})
	f.es = mustSigner(t, f.ek, jwa.ES256, SignerOptions{})
	f.eds = mustSigner(t, f.edk, jwa.EdDSA, SignerOptions{})
	f.ver = mustVerifier(t, Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256, jwa.PS256, jwa.ES256, jwa.EdDSA},
		Keys:       jwk.NewSet(f.hk, mustPublic(t, f.rk), mustPublic(t, f.ek), mustPublic(t, f.edk)),
	})
	return f
}

func b64(s string) string { return base64url.Encode([]byte(s)) }

// forge returns a compact JWS with the exact protected header hdr over
// payload, validly signed by s.
func forge(t *testing.T, s *Signer, hdr, payload string) string {
	t.Helper()
	tok, err := s.withProtectedHeader([]byte(hdr), nil).Sign([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// forgeJSON returns a flattened JSON JWS with the exact protected and
// unprotected headers (either may be empty), validly signed by s.
func forgeJSON(t *testing.T, s *Signer, protected, unprotected, payload string) string {
	t.Helper()
	doc, err := s.withProtectedHeader([]byte(protected), []byte(unprotected)).SignFlattened([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	if unprotected == "" {
		return strings.Replace(string(doc), `"header":,`, "", 1)
	}
	return string(doc)
}

// hs256With returns a compact HS256 JWS MACed with secret, whatever it is.
func hs256With(secret []byte, hdr, payload string) string {
	input := b64(hdr) + "." + b64(payload)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return input + "." + base64url.Encode(m.Sum(nil))
}

// parts splits a compact token for the tests.
func parts(tok string) (h, p, s string) {
	h, rest, _ := strings.Cut(tok, ".")
	p, s, _ = strings.Cut(rest, ".")
	return h, p, s
}

func sigBytes(t *testing.T, tok string) []byte {
	t.Helper()
	_, _, s := parts(tok)
	b, err := base64url.Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withSig(tok string, sig []byte) string {
	h, p, _ := parts(tok)
	return h + "." + p + "." + base64url.Encode(sig)
}

type attack struct {
	name string // the attack class, with the RFC 8725 section or advisory
	want error
	run  func(t *testing.T, f *fixture) error
}

// compact returns an attack run that verifies the token mk builds with the
// fixture's verifier.
func compact(mk func(t *testing.T, f *fixture) string) func(*testing.T, *fixture) error {
	return func(t *testing.T, f *fixture) error {
		_, err := f.ver.Verify(mk(t, f))
		return err
	}
}

func jsonDoc(mk func(t *testing.T, f *fixture) string) func(*testing.T, *fixture) error {
	return func(t *testing.T, f *fixture) error {
		_, err := f.ver.VerifyJSON([]byte(mk(t, f)))
		return err
	}
}

// attacks is the table of attack classes. Each case asserts the exact
// sentinel; none may panic.
var attacks = []attack{
	// RFC 8725 §2.1, CVE-2015-9235: "none" and its case variants.
	{"alg none (RFC 8725 §2.1)", ErrUnsecured, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"none"}`) + "." + b64(`{"sub":"admin"}`) + "."
	})},
	{"alg none with a signature", ErrUnsecured, compact(func(t *testing.T, f *fixture) string {
		h, p, s := parts(forge(t, f.hs, `{"alg":"HS256"}`, "x"))
		_ = h
		return b64(`{"alg":"none"}`) + "." + p + "." + s
	})},
	{"alg None", ErrAlgorithmNotAllowed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"None"}`) + "." + b64("x") + "."
	})},
	{"alg NONE", ErrAlgorithmNotAllowed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"NONE"}`) + "." + b64("x") + "."
	})},
	{"alg nOnE", ErrAlgorithmNotAllowed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"nOnE"}`) + "." + b64("x") + "."
	})},

	// RFC 8725 §2.1 algorithm confusion (CVE-2016-10555): HS256 MACed with
	// the RSA public key's bytes, against a verifier that allows HS256 and
	// RS256 and holds the RSA key. An RSA key never serves HMAC.
	{"HS256 with the RSA public key PEM as secret (RFC 8725 §2.1)", ErrNoKey, func(t *testing.T, f *fixture) error {
		pem, err := mustPublic(t, f.rk).MarshalPEM()
		if err != nil {
			t.Fatal(err)
		}
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256}, Keys: jwk.NewSet(mustPublic(t, f.rk))})
		_, err = ver.Verify(hs256With(pem, `{"alg":"HS256"}`, `{"sub":"admin"}`))
		return err
	}},
	{"HS256 with the RSA JWK modulus as secret (RFC 8725 §2.1)", ErrNoKey, func(t *testing.T, f *fixture) error {
		n := f.rk.RSAPublicKey().N.Bytes()
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256}, Keys: jwk.NewSet(mustPublic(t, f.rk))})
		_, err := ver.Verify(hs256With(n, `{"alg":"HS256","kid":"rsa"}`, `{"sub":"admin"}`))
		return err
	}},
	{"HS256 with the RSA public JWK JSON as secret (RFC 8725 §2.1)", ErrNoKey, func(t *testing.T, f *fixture) error {
		j, err := mustPublic(t, f.rk).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256}, Keys: jwk.NewSet(mustPublic(t, f.rk))})
		_, err = ver.Verify(hs256With(j, `{"alg":"HS256"}`, `{"sub":"admin"}`))
		return err
	}},

	// RFC 8725 §3.1: only listed algorithms.
	{"alg not in the allowlist (RFC 8725 §3.1)", ErrAlgorithmNotAllowed, compact(func(t *testing.T, f *fixture) string {
		tok, err := mustSigner(t, f.rk, jwa.RS384, SignerOptions{}).Sign([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	})},
	{"alg unknown", ErrAlgorithmNotAllowed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"HS1"}`) + "." + b64("x") + "." + b64("sig")
	})},
	{"key bound to another alg (RFC 7517 §4.4)", ErrNoKey, func(t *testing.T, f *fixture) error {
		m := mustPublic(t, f.rk).Metadata()
		m.Algorithm = "RS384"
		bound, err := mustPublic(t, f.rk).WithMetadata(m)
		if err != nil {
			t.Fatal(err)
		}
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.RS256, jwa.RS384}, Keys: jwk.NewSet(bound)})
		_, err = ver.Verify(forge(t, f.rs, `{"alg":"RS256"}`, "x"))
		return err
	}},
	{"key with use enc (RFC 7517 §4.2)", ErrNoKey, func(t *testing.T, f *fixture) error {
		m := mustPublic(t, f.ek).Metadata()
		m.Use = jwk.UseEncryption
		k, err := mustPublic(t, f.ek).WithMetadata(m)
		if err != nil {
			t.Fatal(err)
		}
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES256, jwa.HS256}, Keys: jwk.NewSet(k, f.hk)})
		_, err = ver.Verify(forge(t, f.es, `{"alg":"ES256"}`, "x"))
		return err
	}},
	{"kid naming no key, path-like (RFC 8725 §3.10)", ErrNoKey, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","kid":"../../../../dev/null"}`, "x")
	})},

	// RFC 7518 §3.4, CVE-2022-21449 ("psychic signatures").
	{"ECDSA r=s=0 (CVE-2022-21449)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		return withSig(forge(t, f.es, `{"alg":"ES256"}`, "x"), make([]byte, 64))
	})},
	{"ECDSA r=0", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		clear(sig[:32])
		return withSig(tok, sig)
	})},
	{"ECDSA s=0", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		clear(sig[32:])
		return withSig(tok, sig)
	})},
	{"ECDSA r=n", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		copy(sig[:32], p256Order)
		return withSig(tok, sig)
	})},
	{"ECDSA s=n", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		copy(sig[32:], p256Order)
		return withSig(tok, sig)
	})},
	{"ECDSA s replaced by n-s (malleability stays invalid only if s changes)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		s := new(big.Int).SetBytes(sig[32:])
		n := new(big.Int).SetBytes([]byte(p256Order))
		s.Sub(n, s).Add(s, big.NewInt(1)) // n-s+1: in range, but wrong
		s.FillBytes(sig[32:])
		return withSig(tok, sig)
	})},
	{"ECDSA signature one byte short", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		return withSig(tok, sigBytes(t, tok)[:63])
	})},
	{"ECDSA signature one byte long", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		return withSig(tok, append(sigBytes(t, tok), 0))
	})},
	{"ECDSA signature in DER (RFC 7518 §3.4)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.es, `{"alg":"ES256"}`, "x")
		sig := sigBytes(t, tok)
		return withSig(tok, appendDER(nil, sig[:32], sig[32:]))
	})},
	{"ECDSA P-384 signature under ES256", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		k := mustKey(t, jwa.ES384)
		tok := forge(t, mustSigner(t, k, jwa.ES384, SignerOptions{}), `{"alg":"ES384"}`, "x")
		return b64(`{"alg":"ES256"}`) + "." + b64("x") + "." + base64url.Encode(sigBytes(t, tok)[:64])
	})},
	{"Ed25519 non-canonical S (RFC 8032 §5.1.7)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.eds, `{"alg":"EdDSA"}`, "x")
		sig := sigBytes(t, tok)
		// S + L, little-endian: the same point equation, a non-canonical S.
		l, _ := new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
		le := func(b []byte) []byte {
			out := make([]byte, len(b))
			for i := range b {
				out[i] = b[len(b)-1-i]
			}
			return out
		}
		s := new(big.Int).SetBytes(le(sig[32:]))
		s.Add(s, l)
		copy(sig[32:], le(s.FillBytes(make([]byte, 32))))
		return withSig(tok, sig)
	})},
	{"RSASSA-PSS with salt length 0 (RFC 7518 §3.5)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		return pssWithSalt(t, f, 0)
	})},
	{"RSASSA-PSS with the longest salt (PSSSaltLengthAuto)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		return pssWithSalt(t, f, rsa.PSSSaltLengthAuto)
	})},
	{"RSASSA-PSS with salt length 20", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		return pssWithSalt(t, f, 20)
	})},
	{"RS256 signature under PS256", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		_, p, s := parts(forge(t, f.rs, `{"alg":"RS256"}`, "x"))
		return b64(`{"alg":"PS256"}`) + "." + p + "." + s
	})},

	// Signature stripping and splicing.
	{"signature stripped (HS256)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		h, p, _ := parts(forge(t, f.hs, `{"alg":"HS256"}`, `{"sub":"admin"}`))
		return h + "." + p + "."
	})},
	{"signature stripped (RS256)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		h, p, _ := parts(forge(t, f.rs, `{"alg":"RS256"}`, `{"sub":"admin"}`))
		return h + "." + p + "."
	})},
	{"payload swapped between tokens", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		h, _, s := parts(forge(t, f.hs, `{"alg":"HS256"}`, `{"sub":"alice"}`))
		_, p, _ := parts(forge(t, f.hs, `{"alg":"HS256"}`, `{"sub":"admin"}`))
		return h + "." + p + "." + s
	})},
	{"header swapped between tokens", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		_, p, s := parts(forge(t, f.hs, `{"alg":"HS256","typ":"JWT"}`, `{"sub":"alice"}`))
		h, _, _ := parts(forge(t, f.hs, `{"alg":"HS256","typ":"at+jwt"}`, `{"sub":"alice"}`))
		return h + "." + p + "." + s
	})},
	{"signature from another key with the same kid", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		return forge(t, mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{}), `{"alg":"ES256","kid":"ec"}`, "x")
	})},

	// RFC 7515 §4.1.11: crit.
	{"crit unknown extension (RFC 7515 §4.1.11)", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","crit":["exp"],"exp":1}`, "x")
	})},
	{"crit lists a registered parameter", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","crit":["alg"]}`, "x")
	})},
	{"crit empty", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","crit":[]}`, "x")
	})},
	{"crit not an array", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","crit":"b64","b64":true}`, "x")
	})},
	{"crit lists an absent member", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","crit":["b64"]}`, "x")
	})},
	{"crit lists a name twice", ErrCritical, func(t *testing.T, f *fixture) error {
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(f.hk), Critical: []string{"ext"}})
		_, err := ver.Verify(forge(t, f.hs, `{"alg":"HS256","crit":["b64","b64"],"b64":true}`, "x"))
		return err
	}},
	{"crit in the unprotected header", ErrCritical, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, `{"alg":"HS256","b64":true}`, `{"crit":["b64"]}`, b64("x"))
	})},
	{"crit with many names", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		names := make([]string, 2000)
		for i := range names {
			names[i] = strconv.Quote("x" + strconv.Itoa(i))
		}
		return forge(t, f.hs, `{"alg":"HS256","crit":[`+strings.Join(names, ",")+`]}`, "x")
	})},
	{"b64 without crit (RFC 7797 §6)", ErrCritical, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","b64":true}`, "x")
	})},

	// RFC 7515 §7.2.1 and RFC 8725 §3.1: header integrity.
	{"alg only in the unprotected header", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, "", `{"alg":"HS256"}`, b64("x"))
	})},
	{"alg in both headers", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, `{"alg":"HS256"}`, `{"alg":"none"}`, b64("x"))
	})},
	{"member in both protected and unprotected headers (RFC 7515 §7.2.1)", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, `{"alg":"HS256","kid":"hmac"}`, `{"kid":"other"}`, b64("x"))
	})},
	{"b64 in the unprotected header (RFC 7797 §3)", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, `{"alg":"HS256","crit":["b64"]}`, `{"b64":false}`, "x")
	})},
	{"b64 not a boolean", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","b64":"false","crit":["b64"]}`, "x")
	})},
	{"duplicate header members", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","alg":"none"}`, "x")
	})},
	{"duplicate header members after unescaping", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","\u0061lg":"HS256"}`, "x")
	})},
	{"alg not a string", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":["HS256"]}`, "x")
	})},
	{"alg missing", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"typ":"JWT"}`, "x")
	})},
	{"kid not a string", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256","kid":7}`, "x")
	})},
	{"header is a JSON array", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `["alg","HS256"]`, "x")
	})},
	{"header with trailing data", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256"}{}`, "x")
	})},
	{"header with invalid UTF-8", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, "{\"alg\":\"HS256\",\"x\":\"\xff\"}", "x")
	})},
	{"header with a byte order mark", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, "\ufeff{\"alg\":\"HS256\"}", "x")
	})},

	// RFC 7515 §2, §7.1: strict compact form.
	{"base64url with padding", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		h, p, s := parts(forge(t, f.hs, `{"alg":"HS256"}`, "x"))
		return h + "." + p + "." + s + "="
	})},
	{"base64url with non-zero trailing bits", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		h, p, s := parts(forge(t, f.hs, `{"alg":"HS256"}`, "x"))
		last := s[len(s)-1]
		return h + "." + p + "." + s[:len(s)-1] + string(last+1)
	})},
	{"base64 standard alphabet", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return base64.RawStdEncoding.EncodeToString([]byte(`{"alg":"HS256","x":"??>"}`)) + "." + b64("x") + "." + b64("sig")
	})},
	{"payload not base64url", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		h, _, s := parts(forge(t, f.hs, `{"alg":"HS256"}`, "x"))
		return h + ".e30!." + s
	})},
	{"four parts", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256"}`, "x") + ".x"
	})},
	{"two parts", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		h, p, _ := parts(forge(t, f.hs, `{"alg":"HS256"}`, "x"))
		return h + "." + p
	})},
	{"a compact JWE", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"dir","enc":"A128GCM"}`) + "..AAAA.AAAA.AAAA"
	})},
	{"leading space", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return " " + forge(t, f.hs, `{"alg":"HS256"}`, "x")
	})},
	{"trailing newline", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return forge(t, f.hs, `{"alg":"HS256"}`, "x") + "\n"
	})},
	{"line break inside the signature", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		tok := forge(t, f.hs, `{"alg":"HS256"}`, "x")
		return tok[:len(tok)-10] + "\r\n" + tok[len(tok)-10:]
	})},
	{"empty token", ErrMalformed, compact(func(t *testing.T, f *fixture) string { return "" })},
	{"empty header", ErrMalformed, compact(func(t *testing.T, f *fixture) string { return ".e30.AAAA" })},
	{"unencoded payload with a dot in a compact JWS (RFC 7797 §5.2)", ErrMalformed, compact(func(t *testing.T, f *fixture) string {
		return b64(`{"alg":"HS256","b64":false,"crit":["b64"]}`) + ".$.02." + b64("sig")
	})},

	// RFC 8725 §3.10: embedded and referenced keys are not trusted.
	{"embedded jwk header key not trusted (CVE-2018-0114)", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		pub, err := mustPublic(t, f.attackerEC).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		return forge(t, mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{}), `{"alg":"ES256","jwk":`+string(pub)+`}`, `{"sub":"admin"}`)
	})},
	{"embedded jwk with no other key for the alg", ErrNoKey, func(t *testing.T, f *fixture) error {
		pub, err := mustPublic(t, f.attackerEC).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		tok := forge(t, mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{}), `{"alg":"ES256","jwk":`+string(pub)+`}`, "x")
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES256, jwa.HS256}, Keys: jwk.NewSet(f.hk)})
		_, err = ver.Verify(tok)
		return err
	}},
	{"x5c without X509Roots not trusted", ErrSignatureInvalid, compact(func(t *testing.T, f *fixture) string {
		cert := selfSigned(t, f.attackerEC)
		return forge(t, mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{}), `{"alg":"ES256","x5c":["`+base64.StdEncoding.EncodeToString(cert.Raw)+`"]}`, "x")
	})},
	{"jku and x5u never fetched (RFC 8725 §3.10)", ErrNoKey, func(t *testing.T, f *fixture) error {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		defer srv.Close()
		tok := forge(t, mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{}), `{"alg":"ES256","kid":"attacker","jku":"`+srv.URL+`","x5u":"`+srv.URL+`"}`, "x")
		_, err := f.ver.Verify(tok)
		if n := hits.Load(); n != 0 {
			t.Errorf("the verifier made %d requests", n)
		}
		return err
	}},

	// RFC 8725 §3.1 and STYLE: bounded work.
	{"oversized token", ErrTooLarge, compact(func(t *testing.T, f *fixture) string {
		return strings.Repeat("!", DefaultMaxTokenSize+1)
	})},
	{"oversized protected header", ErrTooLarge, compact(func(t *testing.T, f *fixture) string {
		return strings.Repeat("!", base64url.EncodedLen(DefaultMaxHeaderSize)+1) + ".e30.AAAA"
	})},
	{"oversized token under a policy limit", ErrTooLarge, func(t *testing.T, f *fixture) error {
		ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(f.hk), MaxTokenSize: 100})
		_, err := ver.Verify(forge(t, f.hs, `{"alg":"HS256"}`, strings.Repeat("x", 100)))
		return err
	}},
	{"oversized unprotected header", ErrTooLarge, jsonDoc(func(t *testing.T, f *fixture) string {
		return forgeJSON(t, f.hs, `{"alg":"HS256"}`, `{"x":"`+strings.Repeat("a", DefaultMaxHeaderSize)+`"}`, b64("x"))
	})},
	{"too many signatures", ErrTooLarge, jsonDoc(func(t *testing.T, f *fixture) string {
		doc, err := SignJSON([]byte("x"), slicesRepeat(f.hs, DefaultMaxSignatures+1)...)
		if err != nil {
			t.Fatal(err)
		}
		return string(doc)
	})},
	{"deeply nested JSON", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		return `{"payload":"","signatures":[{"header":` + strings.Repeat(`{"a":`, 50) + "1" + strings.Repeat("}", 50) + `,"signature":""}]}`
	})},

	// RFC 7515 §7.2.1 and STYLE: several signatures, all required.
	{"multi-signature JSON with one valid signature", ErrSignatureInvalid, func(t *testing.T, f *fixture) error {
		forger := mustSigner(t, f.attackerEC, jwa.ES256, SignerOptions{KeyID: "ec"})
		doc, err := SignJSON([]byte(`{"sub":"admin"}`), f.hs, forger)
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.ver.VerifyJSON(doc)
		if res != nil {
			t.Error("result not nil on error")
		}
		se, ok := errors.AsType[*SignaturesError](err)
		if !ok {
			t.Fatalf("error %v is not a *SignaturesError", err)
		}
		if se.Valid != 1 || se.Required != 2 || se.Signatures[0].Err != nil || se.Signatures[0].Key == nil || se.Signatures[1].Err == nil || se.Signatures[1].Key != nil {
			t.Errorf("SignaturesError = %+v, want signature 0 valid and 1 invalid", se)
		}
		return err
	}},
	{"b64 differs between signatures (RFC 7797 §3)", ErrMalformed, jsonDoc(func(t *testing.T, f *fixture) string {
		s1 := f.hs.withProtectedHeader([]byte(`{"alg":"HS256"}`), nil)
		s2 := f.hs.withProtectedHeader([]byte(`{"alg":"HS256","b64":false,"crit":["b64"]}`), nil)
		doc, err := SignJSON([]byte("x"), s1, s2)
		if err != nil {
			t.Fatal(err)
		}
		return string(doc)
	})},
}

func slicesRepeat(s *Signer, n int) []*Signer {
	out := make([]*Signer, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// pssWithSalt returns a PS256 JWS signed with the given salt length.
func pssWithSalt(t *testing.T, f *fixture, salt int) string {
	t.Helper()
	input := b64(`{"alg":"PS256"}`) + "." + b64("x")
	d := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPSS(rand.Reader, f.rk.RSAPrivateKey(), crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: salt})
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64url.Encode(sig)
}

// selfSigned returns a self-signed certificate for k.
func selfSigned(t *testing.T, k *jwk.Key) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "attacker"},
		NotBefore:             time.Unix(0, 0),
		NotAfter:              time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
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

// TestAttacks runs the attack table: each case must fail with exactly its
// sentinel, without panicking.
func TestAttacks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Positive control: the fixture accepts honest tokens.
	for _, s := range []*Signer{f.hs, f.rs, f.es, f.eds} {
		tok, err := s.Sign([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ver.Verify(tok); err != nil {
			t.Fatalf("honest %s token: %v", s.Algorithm(), err)
		}
	}
	if _, err := f.ver.Verify(pssControl(t, f)); err != nil {
		t.Fatalf("honest PS256 token: %v", err)
	}
	names := map[string]bool{}
	for _, a := range attacks {
		if names[a.name] {
			t.Fatalf("duplicate case %q", a.name)
		}
		names[a.name] = true
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			exactSentinel(t, a.run(t, f), a.want)
		})
	}
}

// pssControl is a PS256 token with the correct salt length, signed
// outside this package.
func pssControl(t *testing.T, f *fixture) string {
	return pssWithSalt(t, f, rsa.PSSSaltLengthEqualsHash)
}
