package attacks

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// workBound is how long any single attack may take to be refused. The
// attacks that would cost real work (a p2c of 2^31, a zip bomb, a 100 MB key
// set, a 32768-bit modulus) take seconds to hours when unbounded; a refusal
// takes microseconds. The bound is generous so that a loaded CI machine
// never makes it flaky; where the work can be counted (bytes read, requests
// made) the tests count it instead.
const workBound = 2 * time.Second

// sentinels lists every sentinel of every package, so that a test can check
// that an error matches exactly the sentinels it expects and no other.
var sentinels = []error{
	jws.ErrMalformed, jws.ErrAlgorithmNotAllowed, jws.ErrUnsecured, jws.ErrNoKey, jws.ErrSignatureInvalid, jws.ErrTooLarge, jws.ErrCritical, jws.ErrInvalidConfig,
	jwe.ErrMalformed, jwe.ErrAlgorithmNotAllowed, jwe.ErrNoKey, jwe.ErrDecryption, jwe.ErrTooLarge, jwe.ErrCritical, jwe.ErrInvalidConfig,
	jwk.ErrMalformed, jwk.ErrUnsupported, jwk.ErrWeakKey, jwk.ErrInconsistent, jwk.ErrKeyUsage, jwk.ErrTooLarge, jwk.ErrNotFound,
	jwt.ErrMalformed, jwt.ErrTooLarge, jwt.ErrPolicy, jwt.ErrInvalidSignature, jwt.ErrKeySource,
	jwt.ErrExpired, jwt.ErrNotYetValid, jwt.ErrTooOld, jwt.ErrIssuer, jwt.ErrAudience, jwt.ErrSubject, jwt.ErrMissingClaim,
	jwt.ErrKeySetFetch, jwt.ErrKeySetTooLarge,
}

// implied lists sentinels that always come with another one, by design:
// jws.ErrUnsecured is a jws.ErrAlgorithmNotAllowed.
var implied = map[error]error{jws.ErrUnsecured: jws.ErrAlgorithmNotAllowed}

// exactly fails unless err matches every sentinel of want and no other
// sentinel of any package (jwk errors wrapped by a jws error, say, must be
// listed too). The attack tests call it with the exact outcome the class
// requires.
func exactly(t testing.TB, err error, want ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("attack succeeded: no error, want %v", want)
	}
	t.Logf("refused: %v", err) // with -v, shows why each attack failed
	expected := map[error]bool{}
	for _, w := range want {
		expected[w] = true
		if i, ok := implied[w]; ok {
			expected[i] = true
		}
	}
	for _, s := range sentinels {
		if got := errors.Is(err, s); got != expected[s] {
			t.Errorf("error %q: errors.Is(err, %q) = %v, want %v", err, s, got, expected[s])
		}
	}
	// Tokens are bearer credentials and keys are secrets: an error message
	// is short and never repeats its input (STYLE, Errors).
	if n := len(err.Error()); n > 1000 {
		t.Errorf("error message of %d bytes", n)
	}
}

// attempt runs an attack, failing the test when it panics or takes longer
// than workBound. A hung attack is reported at the bound, not at the test
// binary's timeout.
func attempt(t testing.TB, f func() error) error {
	t.Helper()
	type outcome struct {
		err   error
		panic any
		stack []byte
	}
	done := make(chan outcome, 1)
	start := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{panic: p, stack: debug.Stack()}
			}
		}()
		done <- outcome{err: f()}
	}()
	timer := time.NewTimer(workBound)
	defer timer.Stop()
	select {
	case o := <-done:
		if o.panic != nil {
			t.Fatalf("attack panicked: %v\n%s", o.panic, o.stack)
		}
		if el := time.Since(start); el > workBound {
			t.Errorf("refusing the attack took %v, more than %v", el, workBound)
		}
		return o.err
	case <-timer.C:
		t.Fatalf("attack not refused within %v (unbounded work)", workBound)
		return nil
	}
}

// keys are the victim's keys, built once per test binary: the RSA key is
// RFC 7520 §5.1's (read from jwe/testdata, never generated per test), the
// others are generated once.
type keys struct {
	hmac    *jwk.Key // 32-byte HS256 secret, kid "hmac"
	rsa     *jwk.Key // 2048-bit RSA private key, kid "rsa"
	ec      *jwk.Key // P-256 private key, kid "ec"
	ec384   *jwk.Key // P-384 private key, kid "ec384"
	ed      *jwk.Key // Ed25519 private key, kid "ed"
	x25519  *jwk.Key // X25519 private key, kid "x25519"
	aes128  *jwk.Key // A128KW / A128GCM dir key, kid "aes"
	cbc256  *jwk.Key // 32-byte dir key for A128CBC-HS256, kid "cbc"
	rsaEnc  *jwk.Key // the RSA key for JWE, kid "rsa-enc"
	ecEnc   *jwk.Key // a P-256 key for ECDH-ES, kid "ec-enc"
	attack  *jwk.Key // the attacker's own P-256 key
	attackE *jwk.Key // the attacker's own Ed25519 key
}

var loadKeys = sync.OnceValues(func() (*keys, error) {
	data, err := os.ReadFile("../../jwe/testdata/rfc7520/5.1.json")
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
	rsaKey, err := jwk.ParseKey(v.Input.Key)
	if err != nil {
		return nil, err
	}
	k := &keys{}
	with := func(k *jwk.Key, kid string) (*jwk.Key, error) { return k.WithMetadata(jwk.Metadata{KeyID: kid}) }
	gen := func(crv jwa.Curve, kid string) (*jwk.Key, error) {
		key, err := jwk.GenerateCurve(crv)
		if err != nil {
			return nil, err
		}
		return with(key, kid)
	}
	sym := func(n int, kid string) (*jwk.Key, error) {
		key, err := jwk.GenerateSymmetric(n)
		if err != nil {
			return nil, err
		}
		return with(key, kid)
	}
	for _, step := range []func() error{
		func() (err error) { k.hmac, err = sym(32, "hmac"); return },
		func() (err error) { k.rsa, err = with(rsaKey, "rsa"); return },
		func() (err error) { k.rsaEnc, err = with(rsaKey, "rsa-enc"); return },
		func() (err error) { k.ec, err = gen(jwa.P256, "ec"); return },
		func() (err error) { k.ec384, err = gen(jwa.P384, "ec384"); return },
		func() (err error) { k.ed, err = gen(jwa.Ed25519, "ed"); return },
		func() (err error) { k.x25519, err = gen(jwa.X25519, "x25519"); return },
		func() (err error) { k.ecEnc, err = gen(jwa.P256, "ec-enc"); return },
		func() (err error) { k.attack, err = gen(jwa.P256, "ec"); return }, // same kid as the victim's
		func() (err error) { k.attackE, err = gen(jwa.Ed25519, "ed"); return },
		func() (err error) { k.aes128, err = sym(16, "aes"); return },
		func() (err error) { k.cbc256, err = sym(32, "cbc"); return },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return k, nil
})

func fixture(t testing.TB) *keys {
	t.Helper()
	k, err := loadKeys()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// public returns the public half of k.
func public(t testing.TB, k *jwk.Key) *jwk.Key {
	t.Helper()
	p, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withMeta returns k with its metadata edited.
func withMeta(t testing.TB, k *jwk.Key, edit func(*jwk.Metadata)) *jwk.Key {
	t.Helper()
	m := k.Metadata()
	edit(&m)
	out, err := k.WithMetadata(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verifier(t testing.TB, p jws.Policy) *jws.Verifier {
	t.Helper()
	v, err := jws.NewVerifier(p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func decrypter(t testing.TB, p jwe.Policy) *jwe.Decrypter {
	t.Helper()
	d, err := jwe.NewDecrypter(p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func encrypter(t testing.TB, opts jwe.EncrypterOptions, r ...jwe.Recipient) *jwe.Encrypter {
	t.Helper()
	e, err := jwe.NewEncrypter(opts, r...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func signer(t testing.TB, k *jwk.Key, alg jwa.SignatureAlgorithm, opts jws.SignerOptions) *jws.Signer {
	t.Helper()
	s, err := jws.NewSigner(k, alg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// victimVerifier is the relying party most JWS attacks target: it accepts
// HS256, RS256, PS256, ES256 and EdDSA, and holds the HMAC secret and the
// public keys.
func victimVerifier(t testing.TB) *jws.Verifier {
	t.Helper()
	k := fixture(t)
	return verifier(t, jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256, jwa.PS256, jwa.ES256, jwa.EdDSA},
		Keys:       jwk.NewSet(k.hmac, public(t, k.rsa), public(t, k.ec), public(t, k.ed)),
	})
}

// The JWT tests run at a fixed instant.
var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	issuer   = "https://idp.example"
	audience = "orders-api"
)

// goodClaims is a claims set the victim's validator accepts.
var goodClaims = fmt.Sprintf(`{"iss":%q,"aud":%q,"sub":"alice","exp":%d,"iat":%d}`, issuer, audience, now.Add(time.Hour).Unix(), now.Unix())

// claimsWith returns goodClaims with members replaced or added: each pair
// is a name and a JSON value; an empty value removes the member.
func claimsWith(members ...string) string {
	base := map[string]string{
		"iss": fmt.Sprintf("%q", issuer),
		"aud": fmt.Sprintf("%q", audience),
		"sub": `"alice"`,
		"exp": fmt.Sprint(now.Add(time.Hour).Unix()),
		"iat": fmt.Sprint(now.Unix()),
	}
	order := []string{"iss", "aud", "sub", "exp", "iat"}
	for i := 0; i+1 < len(members); i += 2 {
		name, val := members[i], members[i+1]
		if _, ok := base[name]; !ok {
			order = append(order, name)
		}
		base[name] = val
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, name := range order {
		v := base[name]
		if v == "" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		fmt.Fprintf(&b, "%q:%s", name, v)
	}
	b.WriteByte('}')
	return b.String()
}

// victimPolicy is the JWT relying party's policy: every algorithm the JWS
// victim accepts, its keys, one issuer and one audience, a fixed clock.
func victimPolicy(t testing.TB) jwt.Policy {
	t.Helper()
	k := fixture(t)
	return jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.RS256, jwa.PS256, jwa.ES256, jwa.EdDSA},
		Keys:       jwk.NewSet(k.hmac, public(t, k.rsa), public(t, k.ec), public(t, k.ed)),
		Issuers:    []string{issuer},
		Audiences:  []string{audience},
		Now:        func() time.Time { return now },
	}
}

func validator(t testing.TB, p jwt.Policy) *jwt.Validator {
	t.Helper()
	v, err := jwt.NewValidator(p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// verifyJWT runs v.Verify as an attack and checks that a failure returns
// no token.
func verifyJWT(t testing.TB, v *jwt.Validator, token string) error {
	t.Helper()
	recordToken(token)
	return attempt(t, func() error {
		tok, err := v.Verify(t.Context(), token)
		if err != nil && tok != nil {
			return errors.New("a token returned with an error")
		}
		return err
	})
}

// verifyJWS runs v.Verify as an attack and checks that a failure returns
// no result.
func verifyJWS(t testing.TB, v *jws.Verifier, token string) error {
	t.Helper()
	recordCompactJWS(token)
	return attempt(t, func() error {
		res, err := v.Verify(token)
		if err != nil && res != nil {
			return errors.New("a result returned with an error")
		}
		return err
	})
}

func decryptJWE(t testing.TB, d *jwe.Decrypter, token string) error {
	t.Helper()
	recordCompactJWE(token)
	return attempt(t, func() error {
		res, err := d.Decrypt(token)
		if err != nil && res != nil {
			return errors.New("a result returned with an error")
		}
		return err
	})
}

// The attacker's tooling: it builds compact JWSs and JWEs byte by byte with
// the standard library, so that headers can say anything (duplicates,
// unusual spellings) and signatures can be anything.

var b64url = base64.RawURLEncoding

func b64(s string) string   { return b64b([]byte(s)) }
func b64b(b []byte) string  { return b64url.EncodeToString(b) }
func unb64(s string) []byte { b, _ := b64url.DecodeString(s); return b }
func cutToken(tok string) []string {
	// The tests' own tokens, not untrusted input.
	return strings.Split(tok, ".")
}

// forge returns the compact JWS with exactly the protected header hdr over
// payload, signed with k under alg's primitive: what the holder of k (or an
// attacker holding the secret it names) would produce.
func forge(t testing.TB, k *jwk.Key, alg jwa.SignatureAlgorithm, hdr, payload string) string {
	t.Helper()
	input := b64(hdr) + "." + b64(payload)
	return input + "." + b64b(rawSign(t, k, alg, []byte(input)))
}

// rawSign signs input with the primitive alg names, whatever the key's own
// metadata says.
func rawSign(t testing.TB, k *jwk.Key, alg jwa.SignatureAlgorithm, input []byte) []byte {
	t.Helper()
	digest := func(h crypto.Hash) []byte {
		w := h.New()
		w.Write(input)
		return w.Sum(nil)
	}
	switch {
	case alg.IsSymmetric():
		return macWith(alg, k.SymmetricKey(), input)
	case strings.HasPrefix(string(alg), "RS"):
		sig, err := rsa.SignPKCS1v15(nil, k.RSAPrivateKey(), alg.Hash(), digest(alg.Hash()))
		if err != nil {
			t.Fatal(err)
		}
		return sig
	case strings.HasPrefix(string(alg), "PS"):
		return pssSign(t, k, alg.Hash(), input, rsa.PSSSaltLengthEqualsHash)
	case strings.HasPrefix(string(alg), "ES"):
		priv := k.ECDSAPrivateKey()
		r, s, err := ecdsa.Sign(rand.Reader, priv, digest(alg.Hash()))
		if err != nil {
			t.Fatal(err)
		}
		size := (priv.Curve.Params().BitSize + 7) / 8
		out := make([]byte, 2*size)
		r.FillBytes(out[:size])
		s.FillBytes(out[size:])
		return out
	case alg == jwa.EdDSA || alg == jwa.SigEd25519:
		return ed25519.Sign(k.Ed25519PrivateKey(), input)
	}
	t.Fatalf("rawSign: no primitive for %q", alg)
	return nil
}

// pssSign signs input with RSASSA-PSS under h with the given salt length.
func pssSign(t testing.TB, k *jwk.Key, h crypto.Hash, input []byte, salt int) []byte {
	t.Helper()
	w := h.New()
	w.Write(input)
	sig, err := rsa.SignPSS(rand.Reader, k.RSAPrivateKey(), h, w.Sum(nil), &rsa.PSSOptions{SaltLength: salt})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// macWith returns the HMAC of input under secret with alg's hash.
func macWith(alg jwa.SignatureAlgorithm, secret, input []byte) []byte {
	var h func() hash.Hash
	switch alg {
	case jwa.HS384:
		h = sha512.New384
	case jwa.HS512:
		h = sha512.New
	default:
		h = sha256.New
	}
	m := hmac.New(h, secret)
	m.Write(input)
	return m.Sum(nil)
}

// macToken returns a compact JWS whose MAC uses secret, whatever it is: the
// key-confusion attacker's token.
func macToken(alg jwa.SignatureAlgorithm, secret []byte, hdr, payload string) string {
	input := b64(hdr) + "." + b64(payload)
	return input + "." + b64b(macWith(alg, secret, []byte(input)))
}

// sealJWE returns a compact JWE with exactly the protected header hdr and
// encrypted key ek, whose content is plaintext encrypted under cek with enc
// (RFC 7516 §5.1 steps 11-17): AES-GCM, or AES-CBC with HMAC-SHA2 (RFC 7518
// §5.2.2.1). The IV is random.
func sealJWE(t testing.TB, hdr string, ek []byte, enc jwa.ContentEncryption, cek, plaintext []byte) string {
	t.Helper()
	prot := b64(hdr)
	aad := []byte(prot)
	iv := make([]byte, enc.IVSize())
	rand.Read(iv)
	var ct, tag []byte
	if enc.IsGCM() {
		block, err := aes.NewCipher(cek)
		if err != nil {
			t.Fatal(err)
		}
		g, err := cipher.NewGCM(block)
		if err != nil {
			t.Fatal(err)
		}
		sealed := g.Seal(nil, iv, plaintext, aad)
		ct, tag = sealed[:len(sealed)-16], sealed[len(sealed)-16:]
	} else {
		ct, tag = cbcHMACSeal(t, enc, cek, iv, plaintext, aad)
	}
	return strings.Join([]string{prot, b64b(ek), b64b(iv), b64b(ct), b64b(tag)}, ".")
}

// cbcHMACSeal is AES_CBC_HMAC_SHA2 encryption (RFC 7518 §5.2.2.1).
func cbcHMACSeal(t testing.TB, enc jwa.ContentEncryption, cek, iv, plaintext, aad []byte) (ct, tag []byte) {
	t.Helper()
	half := len(cek) / 2
	macKey, encKey := cek[:half], cek[half:]
	block, err := aes.NewCipher(encKey)
	if err != nil {
		t.Fatal(err)
	}
	pad := 16 - len(plaintext)%16
	padded := append(bytes.Clone(plaintext), bytes.Repeat([]byte{byte(pad)}, pad)...)
	ct = make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	return ct, cbcHMACTag(enc, macKey, iv, ct, aad)
}

// cbcHMACTag is the authentication tag of RFC 7518 §5.2.2.1 steps 4-6: the
// HMAC output truncated to enc's tag size.
func cbcHMACTag(enc jwa.ContentEncryption, macKey, iv, ct, aad []byte) []byte {
	return cbcHMACTagFull(enc, macKey, iv, ct, aad)[:enc.TagSize()]
}

// cbcHMACTagFull is the HMAC output that the tag truncates.
func cbcHMACTagFull(enc jwa.ContentEncryption, macKey, iv, ct, aad []byte) []byte {
	h := sha256.New
	switch enc {
	case jwa.A192CBC_HS384:
		h = sha512.New384
	case jwa.A256CBC_HS512:
		h = sha512.New
	}
	m := hmac.New(h, macKey)
	m.Write(aad)
	m.Write(iv)
	m.Write(ct)
	binary.Write(m, binary.BigEndian, uint64(len(aad))*8)
	return m.Sum(nil)
}

// replacePart returns the compact token with part i replaced.
func replacePart(tok string, i int, s string) string {
	p := cutToken(tok)
	p[i] = s
	return strings.Join(p, ".")
}

// jwkSet is jwk.NewSet, short.
func jwkSet(keys ...*jwk.Key) *jwk.Set { return jwk.NewSet(keys...) }

// genSym returns a new symmetric key of n bytes.
func genSym(t testing.TB, n int) *jwk.Key {
	t.Helper()
	k, err := jwk.GenerateSymmetric(n)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// flattened returns a flattened JSON JWS (RFC 7515 §7.2.2) with exactly the
// protected header prot and unprotected header unprot (raw JSON, or ""
// for none), signed with k under alg.
func flattened(t testing.TB, k *jwk.Key, alg jwa.SignatureAlgorithm, prot, unprot, payload string) []byte {
	t.Helper()
	input := b64(prot) + "." + b64(payload)
	var b strings.Builder
	b.WriteString(`{"payload":"` + b64(payload) + `"`)
	if prot != "" {
		b.WriteString(`,"protected":"` + b64(prot) + `"`)
	}
	if unprot != "" {
		b.WriteString(`,"header":` + unprot)
	}
	b.WriteString(`,"signature":"` + b64b(rawSign(t, k, alg, []byte(input))) + `"}`)
	return []byte(b.String())
}

func verifyJSON(t testing.TB, v *jws.Verifier, doc []byte) error {
	t.Helper()
	recordJWSJSON(doc)
	return attempt(t, func() error {
		res, err := v.VerifyJSON(doc)
		if err != nil && res != nil {
			return errors.New("a result returned with an error")
		}
		return err
	})
}

func decryptJSON(t testing.TB, d *jwe.Decrypter, doc []byte) error {
	t.Helper()
	recordJWEJSON(doc)
	return attempt(t, func() error {
		res, err := d.DecryptJSON(doc)
		if err != nil && res != nil {
			return errors.New("a result returned with an error")
		}
		return err
	})
}

// jweFlattened turns a compact JWE into the flattened JSON serialization
// (RFC 7516 §7.2.2), adding the shared unprotected header and the
// per-recipient header given as raw JSON ("" for none).
func jweFlattened(compact, unprotected, header string) []byte {
	p := cutToken(compact)
	var b strings.Builder
	b.WriteString(`{"protected":"` + p[0] + `"`)
	if unprotected != "" {
		b.WriteString(`,"unprotected":` + unprotected)
	}
	if header != "" {
		b.WriteString(`,"header":` + header)
	}
	if p[1] != "" {
		b.WriteString(`,"encrypted_key":"` + p[1] + `"`)
	}
	b.WriteString(`,"iv":"` + p[2] + `","ciphertext":"` + p[3] + `","tag":"` + p[4] + `"}`)
	return []byte(b.String())
}

// b64std is standard base64 with padding, as "x5c" uses (RFC 7517 §4.7).
func b64std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
