package jwe

import (
	"bytes"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// TestOpenRestoresCiphertext checks that a key which fails after an
// in-place open leaves the ciphertext intact for the next key. For
// CBC-HMAC the first dir key shares the MAC half of the right key but not
// its AES half: its tag matches, the decryption overwrites the ciphertext,
// and the padding fails.
func TestOpenRestoresCiphertext(t *testing.T) {
	t.Parallel()
	plaintext := []byte("the second key decrypts this")
	for _, enc := range []jwa.ContentEncryption{jwa.A128CBC_HS256, jwa.A256GCM} {
		t.Run(string(enc), func(t *testing.T) {
			t.Parallel()
			right := bytes.Repeat([]byte{0x42}, enc.KeySize())
			header := `{"alg":"dir","enc":"` + string(enc) + `"}`
			tok := craft(t, header, nil, right, plaintext)
			newKey := func(secret []byte) *jwk.Key {
				k, err := jwk.NewSymmetricKey(secret)
				if err != nil {
					t.Fatal(err)
				}
				return k
			}
			// Find a wrong key that fails on its own; for CBC-HMAC about one
			// AES half in 16 gives valid padding by chance.
			var wrong *jwk.Key
			for b := range 256 {
				w := bytes.Clone(right)
				w[len(w)-1] = byte(b)
				if bytes.Equal(w, right) {
					continue
				}
				k := newKey(w)
				if _, err := mustDecrypter(t, policyFor(jwa.Direct, enc, k)).Decrypt(tok); err == ErrDecryption {
					wrong = k
					break
				}
			}
			if wrong == nil {
				t.Fatal("no wrong key fails")
			}
			rightKey := newKey(right)
			p := policyFor(jwa.Direct, enc, wrong)
			p.Keys = jwk.NewSet(wrong, rightKey)
			res, err := mustDecrypter(t, p).Decrypt(tok)
			if err != nil {
				t.Fatalf("Decrypt: %v", err)
			}
			if res.Key() != rightKey || !bytes.Equal(res.Plaintext(), plaintext) {
				t.Errorf("Decrypt = %q with key %v, want %q with the second key", res.Plaintext(), res.Key() == rightKey, plaintext)
			}
		})
	}
}
