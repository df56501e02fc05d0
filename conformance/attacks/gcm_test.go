package attacks

import (
	"bytes"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

// Class: AES-GCM short tags and wrong IV sizes. A GCM implementation that
// accepts a tag shorter than 128 bits lets an attacker forge with about
// 2^(8·len) tries (and truncated GCM tags leak the authentication key,
// Ferguson 2005); IVs other than 96 bits go through GHASH and change the
// security bounds, and an empty IV breaks GCM outright.
//
// Sources: RFC 7518 §5.3 ("... 96 bits IV ... 128 bits Authentication
// Tag"), §4.7 (A*GCMKW "iv" and "tag"); NIST SP 800-38D §5.2.1.2 and
// Appendix C; N. Ferguson, "Authentication weaknesses in GCM" (2005);
// cjose's "fixed authentication tag length of 16 octets in AES GCM
// decryption" fix. Package test: jwe/attack_test.go ("truncated GCM tag",
// "GCM iv of 16 bytes", "GCMKW ...").
func TestGCMTagAndIVSizes(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	for _, enc := range []jwa.ContentEncryption{jwa.A128GCM, jwa.A192GCM, jwa.A256GCM} {
		key := genSym(t, enc.KeySize())
		hdr := `{"alg":"dir","enc":"` + string(enc) + `"}`
		d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{enc}, Keys: jwkSet(key)})
		good := sealJWE(t, hdr, nil, enc, key.SymmetricKey(), []byte(goodClaims))
		if _, err := d.Decrypt(good); err != nil {
			t.Fatalf("%s control: %v", enc, err)
		}
		p := cutToken(good)
		tag, iv := unb64(p[4]), unb64(p[2])
		for _, c := range []struct {
			name string
			tok  string
			want error
		}{
			{"tag of 12 bytes (96-bit GCM tag)", replacePart(good, 4, b64b(tag[:12])), jwe.ErrMalformed},
			{"tag of 8 bytes", replacePart(good, 4, b64b(tag[:8])), jwe.ErrMalformed},
			{"tag of 4 bytes", replacePart(good, 4, b64b(tag[:4])), jwe.ErrMalformed},
			{"tag of 1 byte", replacePart(good, 4, b64b(tag[:1])), jwe.ErrMalformed},
			{"tag empty", replacePart(good, 4, ""), jwe.ErrMalformed},
			{"tag of 17 bytes", replacePart(good, 4, b64b(append(bytes.Clone(tag), 0))), jwe.ErrMalformed},
			{"IV of 16 bytes", replacePart(good, 2, b64b(append(bytes.Clone(iv), 0, 0, 0, 0))), jwe.ErrMalformed},
			{"IV of 8 bytes", replacePart(good, 2, b64b(iv[:8])), jwe.ErrMalformed},
			{"IV of 1 byte", replacePart(good, 2, b64b(iv[:1])), jwe.ErrMalformed},
			{"IV empty", replacePart(good, 2, ""), jwe.ErrMalformed},
			{"IV of 1 KiB", replacePart(good, 2, b64b(make([]byte, 1024))), jwe.ErrMalformed},
			{"tag flipped", replacePart(good, 4, b64b(append([]byte{tag[0] ^ 1}, tag[1:]...))), jwe.ErrDecryption},
		} {
			t.Run(string(enc)+" "+c.name, func(t *testing.T) {
				t.Parallel()
				exactly(t, decryptJWE(t, d, c.tok), c.want)
			})
		}
	}

	// A*GCMKW carries its own "iv" and "tag" in the header (RFC 7518
	// §4.7.1): the same sizes apply.
	e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM}, jwe.Recipient{Key: k.aes128, Algorithm: jwa.A128GCMKW})
	tok, err := e.Encrypt([]byte(goodClaims))
	if err != nil {
		t.Fatal(err)
	}
	d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128GCMKW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})
	if _, err := d.Decrypt(tok); err != nil {
		t.Fatalf("A128GCMKW control: %v", err)
	}
	kw := func(iv, tag []byte) string {
		hdr := `{"alg":"A128GCMKW","enc":"A128GCM","kid":"aes","iv":"` + b64b(iv) + `","tag":"` + b64b(tag) + `"}`
		return sealJWE(t, hdr, make([]byte, 16), jwa.A128GCM, make([]byte, 16), []byte(goodClaims))
	}
	for _, c := range []struct {
		name    string
		iv, tag []byte
		want    error
	}{
		{"A128GCMKW tag of 12 bytes", make([]byte, 12), make([]byte, 12), jwe.ErrMalformed},
		{"A128GCMKW tag of 1 byte", make([]byte, 12), make([]byte, 1), jwe.ErrMalformed},
		{"A128GCMKW tag empty", make([]byte, 12), nil, jwe.ErrMalformed},
		{"A128GCMKW IV of 16 bytes", make([]byte, 16), make([]byte, 16), jwe.ErrMalformed},
		{"A128GCMKW IV empty", nil, make([]byte, 16), jwe.ErrMalformed},
		{"A128GCMKW wrong tag", make([]byte, 12), make([]byte, 16), jwe.ErrDecryption},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, decryptJWE(t, d, kw(c.iv, c.tag)), c.want)
		})
	}
}
