package attacks

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

// Class: RSA1_5 padding oracle (Bleichenbacher's "million message attack").
// If a recipient answers a malformed PKCS #1 v1.5 block differently from a
// well-formed block whose content then fails to authenticate, by error,
// message or timing, an attacker decrypts any RSA1_5 encrypted key, and so
// any token, one oracle query at a time.
//
// Sources: RFC 7516 §11.5 ("... the same error ... and [continue] with a
// randomly generated CEK"); RFC 3218 §2.3.2; RFC 8725 §3.2 (avoid RSA1_5);
// D. Bleichenbacher (CRYPTO 1998) and ROBOT (2017, the same oracle in TLS).
// Package test: jwe/attack_test.go
// TestDecryptionErrorsAreIndistinguishable.
//
// About timing: the issue asks that a bad block be indistinguishable from a
// bad tag in timing too. A wall-clock assertion would be flaky on a shared
// machine and would prove little, so this test asserts what makes the
// timing uniform instead. jwe.rsaUnwrap (jwe/alg_rsa.go) never fails for
// RSA1_5: on any padding or length failure it returns a fresh random CEK
// from crypto/rand, and decryption goes on along the same path as for a
// good block, to the tag check that fails; with an *rsa.PrivateKey the
// padding check and the choice between the decrypted and the random key
// run in constant time (rsa.DecryptPKCS1v15SessionKey). Observable here:
//   - every failure is the one value jwe.ErrDecryption, unwrapped, with the
//     same message (no error value or text tells the cases apart);
//   - a malformed block never fails early with another sentinel (it
//     reaches the content decryption, as a good block does);
//   - the CEK used after a malformed block is not predictable: content
//     sealed under each CEK a shortcut implementation would fall back to
//     (all zeros, the tail of the decrypted block, the block's "message"
//     wherever the separator is) still fails.
func TestRSA1_5FailuresIndistinguishable(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	pub := k.rsaEnc.RSAPublicKey()
	size := pub.Size()
	raw := func(m []byte) []byte { // textbook RSA: m^e mod n
		c := new(big.Int).Exp(new(big.Int).SetBytes(m), big.NewInt(int64(pub.E)), pub.N)
		return c.FillBytes(make([]byte, size))
	}
	for _, enc := range []jwa.ContentEncryption{jwa.A128CBC_HS256, jwa.A256GCM} {
		hdr := `{"alg":"RSA1_5","enc":"` + string(enc) + `"}`
		n := enc.KeySize()
		cek := bytes.Repeat([]byte{0x42}, n)
		good, err := rsa.EncryptPKCS1v15(rand.Reader, pub, cek)
		if err != nil {
			t.Fatal(err)
		}
		// block builds a PKCS #1 v1.5 encryption block: 00 || bt || ps || 00 || msg.
		block := func(bt byte, psLen int, psByte byte, msg []byte) []byte {
			b := make([]byte, 0, size)
			b = append(b, 0, bt)
			b = append(b, bytes.Repeat([]byte{psByte}, psLen)...)
			b = append(b, 0)
			b = append(b, msg...)
			if len(b) < size { // pad the message part on the left to fill
				b = append(b[:2+psLen+1], append(make([]byte, size-len(b)), msg...)...)
			}
			return b[:size]
		}
		tail := bytes.Repeat([]byte{0x17}, n)
		// msg returns a message part that fills the block after psLen
		// bytes of padding; its last n bytes are tail.
		msg := func(psLen int) []byte { return bytes.Repeat([]byte{0x17}, size-3-psLen) }
		type tc struct {
			name  string
			ek    []byte
			cek   []byte // the key the content is sealed under
			flipT bool   // flip a tag bit
		}
		cases := []tc{
			{"bad tag, good block", good, cek, true},
			{"good block, content under another CEK", good, bytes.Repeat([]byte{1}, n), false},
			{"block type 01", raw(block(1, size-3-n, 0xff, tail)), tail, false},
			{"block type 00", raw(block(0, size-3-n, 0xff, tail)), tail, false},
			{"no zero separator", raw(bytes.Repeat([]byte{0x02}, size)), make([]byte, n), false},
			{"separator at once: padding shorter than 8 bytes", raw(block(2, 2, 0x55, msg(2))), tail, false},
			{"CEK of the wrong length (16 for 32)", raw(block(2, size-3-16, 0x55, tail[:16])), tail, false},
			{"CEK of the wrong length, content under its padded tail", raw(block(2, size-3-n+4, 0x55, tail[:n-4])), tail, false},
			{"first byte not zero", raw(append([]byte{1, 2}, block(2, size-3-n, 0x55, tail)[2:]...)), tail, false},
			{"encrypted key one byte short", good[1:], cek, false},
			{"encrypted key one byte long", append([]byte{0}, good...), cek, false},
			{"encrypted key at or above the modulus", bytes.Repeat([]byte{0xff}, size), make([]byte, n), false},
			{"encrypted key zero", make([]byte, size), make([]byte, n), false},
		}
		d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA1_5}, ContentEncryption: []jwa.ContentEncryption{enc}, Keys: jwkSet(k.rsaEnc)})
		var first error
		for _, c := range cases {
			for _, under := range [][]byte{c.cek, make([]byte, n)} {
				tok := sealJWE(t, hdr, c.ek, enc, under, []byte(goodClaims))
				if c.flipT {
					p := cutToken(tok)
					tag := unb64(p[4])
					tag[0] ^= 1
					tok = replacePart(tok, 4, b64b(tag))
				}
				err := decryptJWE(t, d, tok)
				if err != jwe.ErrDecryption {
					t.Errorf("%s %s: error %v, want jwe.ErrDecryption itself", enc, c.name, err)
					continue
				}
				if first != nil && err.Error() != first.Error() {
					t.Errorf("%s %s: message %q differs from %q", enc, c.name, err, first)
				}
				first = err
			}
		}
		// Control: the good block with content under its CEK decrypts.
		if _, err := d.Decrypt(sealJWE(t, hdr, good, enc, cek, []byte(goodClaims))); err != nil {
			t.Fatalf("%s control: %v", enc, err)
		}
	}
	// RSA1_5 is off unless a policy lists it.
	d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP_256}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.rsaEnc)})
	exactly(t, decryptJWE(t, d, sealJWE(t, `{"alg":"RSA1_5","enc":"A128GCM"}`, make([]byte, size), jwa.A128GCM, make([]byte, 16), nil)), jwe.ErrAlgorithmNotAllowed)
}
