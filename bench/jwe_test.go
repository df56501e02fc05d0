package bench

import (
	"testing"

	josev4 "github.com/go-jose/go-jose/v4"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	xjwa "github.com/lestrrat-go/jwx/v3/jwa"
	xjwe "github.com/lestrrat-go/jwx/v3/jwe"
)

// jweCase is one JWE key management algorithm with its content encryption
// and fixture key. Every library encrypts the claims payload in the
// compact serialization; golang-jwt has no JWE.
type jweCase struct {
	name string // the <params> part of the benchmark name
	alg  jwa.KeyAlgorithm
	enc  jwa.ContentEncryption
	key  string // the name in testdata/keys.json; "" for PBES2's password
}

var jweCases = []jweCase{
	{"dir+A256GCM", jwa.Direct, jwa.A256GCM, "dir"},
	{"A128KW+A128CBC-HS256", jwa.A128KW, jwa.A128CBC_HS256, "aeskw"},
	{"RSA-OAEP-256+A256GCM", jwa.RSA_OAEP_256, jwa.A256GCM, "rsa-enc"},
	{"ECDH-ES+A128KW+A128GCM-P256", jwa.ECDH_ES_A128KW, jwa.A128GCM, "ec-enc"},
	{"ECDH-ES+A128GCM-X25519", jwa.ECDH_ES, jwa.A128GCM, "x25519-enc"},
	// p2c = pbes2Count for every library, so PBKDF2 does the same
	// 10,000 iterations everywhere.
	{"PBES2-HS256+A128KW+A128CBC-HS256", jwa.PBES2_HS256_A128KW, jwa.A128CBC_HS256, ""},
}

// encryptFunc encrypts a plaintext into a compact JWE.
type encryptFunc func(plaintext []byte) (string, error)

// decryptFunc decrypts a compact JWE and returns its plaintext.
type decryptFunc func(token string) ([]byte, error)

type encryptLib struct {
	name string
	has  func(c jweCase) bool // nil: every case
	new  func(tb testing.TB, c jweCase) encryptFunc
}

type decryptLib struct {
	name string
	has  func(c jweCase) bool
	new  func(tb testing.TB, c jweCase) decryptFunc
}

// goJoseHas: go-jose v4 has no X25519 key agreement.
func goJoseHas(c jweCase) bool { return c.key != "x25519-enc" }

var encryptLibs = []encryptLib{
	{libOurs, nil, oursEncrypt},
	{libGoJose, goJoseHas, goJoseEncrypt},
	{libJWX, nil, jwxEncrypt},
	{libPrimitive, nil, primitiveEncrypt},
}

var decryptLibs = []decryptLib{
	{libOurs, nil, oursDecrypt},
	{libGoJose, goJoseHas, goJoseDecrypt},
	{libJWX, nil, jwxDecrypt},
	{libPrimitive, nil, primitiveDecrypt},
}

// stdRecipientKey returns the key an encrypter needs, as the standard
// library's type: the shared secret, the public key, or the password's
// bytes for PBES2.
func stdRecipientKey(tb testing.TB, c jweCase) any {
	k := keys(tb)
	switch c.key {
	case "dir":
		return k.dir
	case "aeskw":
		return k.aeskw
	case "rsa-enc":
		return &k.rsaEnc.PublicKey
	case "ec-enc":
		return &k.ecEnc.PublicKey
	case "x25519-enc":
		return k.x25519.PublicKey()
	case "":
		return []byte(password)
	}
	tb.Fatalf("no key %q", c.key)
	return nil
}

// stdDecryptionKey returns the key a decrypter needs.
func stdDecryptionKey(tb testing.TB, c jweCase) any {
	k := keys(tb)
	switch c.key {
	case "rsa-enc":
		return k.rsaEnc
	case "ec-enc":
		return k.ecEnc
	case "x25519-enc":
		return k.x25519
	}
	return stdRecipientKey(tb, c)
}

// ---- this project

func oursEncrypt(tb testing.TB, c jweCase) encryptFunc {
	r := jwe.Recipient{Algorithm: c.alg}
	if c.key == "" {
		r.Password, r.PBES2Count = password, pbes2Count
	} else {
		r.Key = oursPublic(tb, c.key)
	}
	e, err := jwe.NewEncrypter(jwe.EncrypterOptions{ContentEncryption: c.enc}, r)
	check(tb, err)
	return e.Encrypt
}

func oursDecrypt(tb testing.TB, c jweCase) decryptFunc {
	p := jwe.Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{c.alg},
		ContentEncryption: []jwa.ContentEncryption{c.enc},
	}
	if c.key == "" {
		p.Passwords = []string{password}
	} else {
		p.Keys = jwk.NewSet(keys(tb).ours[c.key])
	}
	d, err := jwe.NewDecrypter(p)
	check(tb, err)
	return func(token string) ([]byte, error) {
		res, err := d.Decrypt(token)
		if err != nil {
			return nil, err
		}
		return res.Plaintext(), nil
	}
}

// ---- go-jose v4

func goJoseEncrypt(tb testing.TB, c jweCase) encryptFunc {
	r := josev4.Recipient{Algorithm: josev4.KeyAlgorithm(c.alg), Key: stdRecipientKey(tb, c)}
	if c.key == "" {
		r.PBES2Count = pbes2Count
	}
	e, err := josev4.NewEncrypter(josev4.ContentEncryption(c.enc), r, nil)
	check(tb, err)
	return func(plaintext []byte) (string, error) {
		obj, err := e.Encrypt(plaintext)
		if err != nil {
			return "", err
		}
		return obj.CompactSerialize()
	}
}

func goJoseDecrypt(tb testing.TB, c jweCase) decryptFunc {
	algs := []josev4.KeyAlgorithm{josev4.KeyAlgorithm(c.alg)}
	encs := []josev4.ContentEncryption{josev4.ContentEncryption(c.enc)}
	key := stdDecryptionKey(tb, c)
	return func(token string) ([]byte, error) {
		obj, err := josev4.ParseEncryptedCompact(token, algs, encs)
		if err != nil {
			return nil, err
		}
		return obj.Decrypt(key)
	}
}

// ---- jwx v3

func jwxKeyAlg(tb testing.TB, alg jwa.KeyAlgorithm) xjwa.KeyEncryptionAlgorithm {
	a, ok := xjwa.LookupKeyEncryptionAlgorithm(string(alg))
	if !ok {
		tb.Fatalf("jwx has no %s", alg)
	}
	return a
}

func jwxEnc(tb testing.TB, enc jwa.ContentEncryption) xjwa.ContentEncryptionAlgorithm {
	a, ok := xjwa.LookupContentEncryptionAlgorithm(string(enc))
	if !ok {
		tb.Fatalf("jwx has no %s", enc)
	}
	return a
}

func jwxEncrypt(tb testing.TB, c jweCase) encryptFunc {
	opts := []xjwe.EncryptOption{
		xjwe.WithKey(jwxKeyAlg(tb, c.alg), stdRecipientKey(tb, c)),
		xjwe.WithContentEncryption(jwxEnc(tb, c.enc)),
		xjwe.WithCompact(),
	}
	if c.key == "" {
		opts = append(opts, xjwe.WithPBES2Count(pbes2Count))
	}
	return func(plaintext []byte) (string, error) {
		b, err := xjwe.Encrypt(plaintext, opts...)
		return string(b), err
	}
}

func jwxDecrypt(tb testing.TB, c jweCase) decryptFunc {
	opt := xjwe.WithKey(jwxKeyAlg(tb, c.alg), stdDecryptionKey(tb, c))
	return func(token string) ([]byte, error) {
		return xjwe.Decrypt(bytesOf(token), opt)
	}
}

// ---- benchmarks

// jweToken returns the compact JWE every decrypter is given, encrypted by
// this project once per test binary.
func jweToken(tb testing.TB, c jweCase) string {
	tb.Helper()
	tokensMu.Lock()
	defer tokensMu.Unlock()
	if t, ok := tokens["jwe/"+c.name]; ok {
		return t
	}
	t, err := oursEncrypt(tb, c)(claims)
	check(tb, err)
	tokens["jwe/"+c.name] = t
	return t
}

func BenchmarkJWEEncrypt(b *testing.B) {
	for _, c := range jweCases {
		for _, l := range encryptLibs {
			if l.has != nil && !l.has(c) {
				continue
			}
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				encrypt := l.new(b, c)
				loop(b, func() error {
					_, err := encrypt(claims)
					return err
				})
			})
		}
	}
}

func BenchmarkJWEDecrypt(b *testing.B) {
	for _, c := range jweCases {
		for _, l := range decryptLibs {
			if l.has != nil && !l.has(c) {
				continue
			}
			b.Run(c.name+"/lib="+l.name, func(b *testing.B) {
				tok := jweToken(b, c)
				decrypt := l.new(b, c)
				loop(b, func() error {
					_, err := decrypt(tok)
					return err
				})
			})
		}
	}
}
