package attacks

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

// Class: AES-CBC-HMAC-SHA2 tag truncation and padding oracle. A decrypter
// that compares only as many tag bytes as it received accepts a one-byte
// tag after 256 tries; one that decrypts and checks the padding before the
// tag, or reports padding errors differently, is a CBC padding oracle
// (Vaudenay) that decrypts any ciphertext.
//
// Sources: RFC 7518 §5.2.2.2 (check the full T first, then decrypt, with
// one error for both); CVE-2016-9123 (go-jose AES-CBC-HMAC), the cjose and
// jose4j tag-length fixes; S. Vaudenay (EUROCRYPT 2002). Package tests:
// jwe/attack_test.go ("flipped tag bit", "truncated ... tag") and
// internal/cbchmac.
func TestCBCHMACTagAndPadding(t *testing.T) {
	t.Parallel()
	for _, enc := range []jwa.ContentEncryption{jwa.A128CBC_HS256, jwa.A192CBC_HS384, jwa.A256CBC_HS512} {
		key := genSym(t, enc.KeySize())
		cek := key.SymmetricKey()
		hdr := `{"alg":"dir","enc":"` + string(enc) + `"}`
		d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{enc}, Keys: jwkSet(key)})
		good := sealJWE(t, hdr, nil, enc, cek, []byte(goodClaims))
		if _, err := d.Decrypt(good); err != nil {
			t.Fatalf("%s control: %v", enc, err)
		}
		p := cutToken(good)
		tag, iv, ct := unb64(p[4]), unb64(p[2]), unb64(p[3])
		flipped := func(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 1; return c }
		full := cbcHMACTagFull(enc, cek[:len(cek)/2], iv, ct, []byte(p[0]))

		cases := []struct {
			name string
			tok  string
			want error
		}{
			// Truncation: only the exact tag length is accepted.
			{"tag truncated to half", replacePart(good, 4, b64b(tag[:len(tag)/2])), jwe.ErrMalformed},
			{"tag truncated to one byte", replacePart(good, 4, b64b(tag[:1])), jwe.ErrMalformed},
			{"tag empty", replacePart(good, 4, ""), jwe.ErrMalformed},
			{"tag one byte short", replacePart(good, 4, b64b(tag[:len(tag)-1])), jwe.ErrMalformed},
			{"tag as the untruncated HMAC output", replacePart(good, 4, b64b(full)), jwe.ErrMalformed},
			{"tag with a byte appended", replacePart(good, 4, b64b(append(bytes.Clone(tag), 0))), jwe.ErrMalformed},
			// Integrity: any change fails, with the one error.
			{"last tag byte flipped", replacePart(good, 4, b64b(flipped(tag, len(tag)-1))), jwe.ErrDecryption},
			{"first ciphertext byte flipped", replacePart(good, 3, b64b(flipped(ct, 0))), jwe.ErrDecryption},
			{"IV flipped", replacePart(good, 2, b64b(flipped(iv, 0))), jwe.ErrDecryption},
			{"protected header changed (AAD)", replacePart(good, 0, b64(`{"enc":"`+string(enc)+`","alg":"dir"}`)), jwe.ErrDecryption},
			// Padding oracle: the last block changed so that the padding
			// breaks, with the tag unchanged: the same error as any other
			// tag failure, because the tag is checked first.
			{"padding broken, tag stale (padding oracle)", replacePart(good, 3, b64b(flipped(ct, len(ct)-17))), jwe.ErrDecryption},
			// Padding broken under a valid tag (only the key holder can
			// make one): still the one error.
			{"padding broken under a valid tag", badPaddingToken(t, enc, cek, hdr), jwe.ErrDecryption},
			// Structure: lengths are public, so refusing them early tells
			// an attacker nothing about the plaintext.
			{"IV of 12 bytes (GCM size) for CBC", replacePart(good, 2, b64b(iv[:12])), jwe.ErrMalformed},
			{"IV empty", replacePart(good, 2, ""), jwe.ErrMalformed},
			{"ciphertext not a multiple of the block size", replacePart(good, 3, b64b(ct[:len(ct)-1])), jwe.ErrMalformed},
			{"ciphertext empty", replacePart(good, 3, ""), jwe.ErrMalformed},
		}
		var first error
		for _, c := range cases {
			t.Run(string(enc)+" "+c.name, func(t *testing.T) {
				err := decryptJWE(t, d, c.tok)
				exactly(t, err, c.want)
				if c.want == jwe.ErrDecryption {
					// Every cryptographic failure is the same value with
					// the same message (RFC 7516 §11.4, §11.5).
					if err != jwe.ErrDecryption {
						t.Errorf("error %v is not jwe.ErrDecryption itself", err)
					}
					if first != nil && err.Error() != first.Error() {
						t.Errorf("message %q differs from %q", err, first)
					}
					first = err
				}
			})
		}
	}
}

// badPaddingToken returns a token for key cek whose ciphertext decrypts to
// a last block with invalid PKCS #7 padding, under a valid tag.
func badPaddingToken(t testing.TB, enc jwa.ContentEncryption, cek []byte, hdr string) string {
	t.Helper()
	prot := b64(hdr)
	iv := bytes.Repeat([]byte{7}, 16)
	block, err := aes.NewCipher(cek[len(cek)/2:])
	if err != nil {
		t.Fatal(err)
	}
	pt := bytes.Repeat([]byte{'a'}, 32) // last byte 'a' = 97: not a valid pad
	ct := make([]byte, len(pt))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, pt)
	tag := cbcHMACTag(enc, cek[:len(cek)/2], iv, ct, []byte(prot))
	return prot + ".." + b64b(iv) + "." + b64b(ct) + "." + b64b(tag)
}
