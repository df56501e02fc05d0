package attacks

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

// Class: JWE parts of the wrong size. An empty or odd-length
// "encrypted_key" for AES key wrap has crashed unwrap routines (a slice
// index below one block) or been unwrapped to a short CEK; a non-empty
// "encrypted_key" next to "dir" or "ECDH-ES" has been ignored, making two
// different tokens for one message, or used as the CEK.
//
// Sources: RFC 7516 §5.2 step 10 and RFC 7518 §4.5, §4.6 (the JWE
// Encrypted Key MUST be empty for dir and ECDH-ES); RFC 3394 §2.2.2 (key
// data is at least two 64-bit blocks, wrapped in n+1 blocks); RFC 7518
// §4.4 (the CEK is wrapped whole: its size follows "enc"); CVE-2026-34986
// (go-jose: panic on a crafted JWE); cjose's "heap buffer overflow in AES
// key unwrap" fix. Package test: jwe/attack_test.go ("AES-KW ...", "dir
// with an encrypted key", "ECDH-ES with an encrypted key").
func TestJWEPartSizesChecked(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	gcm := []jwa.ContentEncryption{jwa.A128GCM}
	for _, c := range []struct {
		name   string
		policy jwe.Policy
		alg    jwa.KeyAlgorithm
		hdr    string // extra header members
		ek     []byte
		want   error
	}{
		{"A128KW empty encrypted_key", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", nil, jwe.ErrMalformed},
		{"A128KW encrypted_key of 1 byte", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 1), jwe.ErrMalformed},
		{"A128KW encrypted_key of 8 bytes (one block)", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 8), jwe.ErrMalformed},
		{"A128KW encrypted_key of 16 bytes (no CEK block)", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 16), jwe.ErrMalformed},
		{"A128KW encrypted_key of 23 bytes (odd)", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 23), jwe.ErrMalformed},
		{"A128KW encrypted_key of 25 bytes", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 25), jwe.ErrMalformed},
		{"A128KW encrypted_key for a 256-bit CEK under A128GCM", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 40), jwe.ErrMalformed},
		{"A128KW right size, bad integrity", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128KW, "", make([]byte, 24), jwe.ErrDecryption},
		{"ECDH-ES+A128KW empty encrypted_key", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.ECDH_ES_A128KW}, ContentEncryption: gcm, Keys: jwkSet(k.ecEnc)}, jwa.ECDH_ES_A128KW, `,"epk":` + string(marshal(t, public(t, k.ec))), nil, jwe.ErrMalformed},
		{"PBES2 encrypted_key of 7 bytes", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW}, ContentEncryption: gcm, Passwords: []string{"pw"}}, jwa.PBES2_HS256_A128KW, `,"p2s":"` + b64b(make([]byte, 16)) + `","p2c":1000`, make([]byte, 7), jwe.ErrMalformed},
		{"dir with a non-empty encrypted_key (RFC 7518 §4.5)", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.Direct, "", make([]byte, 16), jwe.ErrMalformed},
		{"dir with the CEK itself as encrypted_key", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.Direct, "", k.aes128.SymmetricKey(), jwe.ErrMalformed},
		{"ECDH-ES with a non-empty encrypted_key (RFC 7518 §4.6)", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.ECDH_ES}, ContentEncryption: gcm, Keys: jwkSet(k.ecEnc)}, jwa.ECDH_ES, `,"epk":` + string(marshal(t, public(t, k.ec))), make([]byte, 16), jwe.ErrMalformed},
		{"RSA-OAEP empty encrypted_key", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP}, ContentEncryption: gcm, Keys: jwkSet(k.rsaEnc)}, jwa.RSA_OAEP, "", nil, jwe.ErrMalformed},
		{"RSA-OAEP encrypted_key one byte short", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP}, ContentEncryption: gcm, Keys: jwkSet(k.rsaEnc)}, jwa.RSA_OAEP, "", make([]byte, 255), jwe.ErrDecryption},
		{"A128GCMKW encrypted_key of 15 bytes", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128GCMKW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128GCMKW, `,"iv":"` + b64b(make([]byte, 12)) + `","tag":"` + b64b(make([]byte, 16)) + `"`, make([]byte, 15), jwe.ErrMalformed},
		{"A128GCMKW empty encrypted_key", jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128GCMKW}, ContentEncryption: gcm, Keys: jwkSet(k.aes128)}, jwa.A128GCMKW, `,"iv":"` + b64b(make([]byte, 12)) + `","tag":"` + b64b(make([]byte, 16)) + `"`, nil, jwe.ErrMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			hdr := `{"alg":"` + string(c.alg) + `","enc":"A128GCM"` + c.hdr + `}`
			tok := sealJWE(t, hdr, c.ek, jwa.A128GCM, make([]byte, 16), []byte(goodClaims))
			d := decrypter(t, c.policy)
			exactly(t, decryptJWE(t, d, tok), c.want)
			// The same in the flattened JSON serialization.
			exactly(t, decryptJSON(t, d, jweFlattened(tok, "", "")), c.want)
		})
	}
}
