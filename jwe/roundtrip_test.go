package jwe

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// TestRoundTrip encrypts and decrypts with every "alg" and "enc", in every
// serialization, with and without compression, on every curve for
// ECDH-ES, with keys generated once.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	plaintext := bytes.Repeat([]byte("Live long and prosper. "), 20)
	count := 0
	for _, alg := range jwa.KeyAlgorithms() {
		curves := []jwa.Curve{""}
		if alg.Family() == jwa.FamilyECDH {
			curves = []jwa.Curve{jwa.P256, jwa.P384, jwa.P521, jwa.X25519}
		}
		for _, enc := range jwa.ContentEncryptions() {
			for _, crv := range curves {
				for _, zip := range []bool{false, true} {
					count++
					name := fmt.Sprintf("%s/%s/%s/zip=%v", alg, enc, crv, zip)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						testRoundTrip(t, f, alg, enc, crv, zip, plaintext)
					})
				}
			}
		}
	}
	if want := (15 + 4*4) * 6 * 2; count != want {
		t.Errorf("%d combinations, want %d", count, want)
	}
}

func testRoundTrip(t *testing.T, f *fixtures, alg jwa.KeyAlgorithm, enc jwa.ContentEncryption, crv jwa.Curve, zip bool, plaintext []byte) {
	r, key := f.pair(t, alg, enc, crv)
	// The second recipient of the general serialization, of another type.
	otherAlg := jwa.A256KW
	if alg.Family() == jwa.FamilyAESKW {
		otherAlg = jwa.ECDH_ES_A128KW
	}
	_, otherKey := f.pair(t, otherAlg, enc, jwa.X25519)
	opts := EncrypterOptions{ContentEncryption: enc, Compress: zip, Type: "example+jwe", ContentType: "text/plain"}
	e := mustEncrypter(t, opts, r)
	d := mustDecrypter(t, policyFor(alg, enc, key))
	aad := []byte("additional data")

	check := func(form string, res *Decrypted, err error, recipient int, wantAAD []byte) {
		t.Helper()
		alg, key := alg, key
		if recipient == 1 {
			alg, key = otherAlg, otherKey
		}
		if err != nil {
			t.Fatalf("%s: decrypt: %v", form, err)
		}
		if !bytes.Equal(res.Plaintext(), plaintext) {
			t.Fatalf("%s: plaintext differs", form)
		}
		h := res.Header()
		if h.KeyAlgorithm() != alg || h.ContentEncryption() != enc || h.Type() != "example+jwe" || h.ContentType() != "text/plain" {
			t.Errorf("%s: header %s %s %q %q", form, h.KeyAlgorithm(), h.ContentEncryption(), h.Type(), h.ContentType())
		}
		if (h.Compression() == jwa.Deflate) != zip {
			t.Errorf("%s: Compression() = %q", form, h.Compression())
		}
		if res.Recipient() != recipient {
			t.Errorf("%s: Recipient() = %d, want %d", form, res.Recipient(), recipient)
		}
		if key != nil && res.Key() != key {
			t.Errorf("%s: Key() is not the policy's key", form)
		}
		if !bytes.Equal(res.AAD(), wantAAD) {
			t.Errorf("%s: AAD() = %q, want %q", form, res.AAD(), wantAAD)
		}
	}

	tok, err := e.Encrypt(plaintext)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Decrypt(tok)
	check("compact", res, err, 0, nil)
	res, err = d.DecryptWithKeys(tok, jwk.NewSet(key))
	if key == nil {
		res, err = d.DecryptWithKeys(tok, nil)
	}
	check("compact with keys", res, err, 0, nil)
	if zip {
		return // the JSON forms compress the same way
	}

	flat, err := e.EncryptFlattenedJSON(plaintext, aad)
	if err != nil {
		t.Fatal(err)
	}
	res, err = d.DecryptJSON(flat)
	check("flattened", res, err, 0, aad)

	// General: with a second recipient of another key type, except for
	// dir and ECDH-ES, which fix the CEK and serve one recipient only.
	if alg == jwa.Direct || alg == jwa.ECDH_ES {
		gen, err := e.EncryptJSON(plaintext, aad)
		if err != nil {
			t.Fatal(err)
		}
		res, err = d.DecryptJSON(gen)
		check("general", res, err, 0, aad)
		other, _ := f.pair(t, otherAlg, enc, jwa.X25519)
		_, err = NewEncrypter(opts, r, other)
		wantErr(t, err, ErrInvalidConfig)
		return
	}
	other, _ := f.pair(t, otherAlg, enc, jwa.X25519)
	e2 := mustEncrypter(t, opts, r, other)
	gen, err := e2.EncryptJSON(plaintext, aad)
	if err != nil {
		t.Fatal(err)
	}
	res, err = d.DecryptJSON(gen)
	check("general, recipient 0", res, err, 0, aad)
	res, err = mustDecrypter(t, policyFor(otherAlg, enc, otherKey)).DecryptJSON(gen)
	check("general, recipient 1", res, err, 1, aad)
	// The compact and flattened forms have one recipient.
	_, err = e2.Encrypt(plaintext)
	wantErr(t, err, ErrInvalidConfig)
	_, err = e2.EncryptFlattenedJSON(plaintext, nil)
	wantErr(t, err, ErrInvalidConfig)
}

// TestRoundTripManyRecipients encrypts to one recipient of each family
// at once, and each decrypts with its own key.
func TestRoundTripManyRecipients(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	enc := jwa.A256CBC_HS512
	algs := []jwa.KeyAlgorithm{jwa.RSA_OAEP_256, jwa.A192KW, jwa.ECDH_ES_A256KW, jwa.A128GCMKW, jwa.PBES2_HS384_A192KW, jwa.RSA1_5}
	var rs []Recipient
	var keys []*jwk.Key
	for i, alg := range algs {
		crv := []jwa.Curve{jwa.P521, jwa.X25519}[i%2]
		r, k := f.pair(t, alg, enc, crv)
		rs = append(rs, r)
		keys = append(keys, k)
	}
	e := mustEncrypter(t, EncrypterOptions{ContentEncryption: enc, Compress: true}, rs...)
	msg, err := e.EncryptJSON([]byte("to all of you"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, alg := range algs {
		res, err := mustDecrypter(t, policyFor(alg, enc, keys[i])).DecryptJSON(msg)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if res.Recipient() != i || string(res.Plaintext()) != "to all of you" {
			t.Errorf("%s: recipient %d, plaintext %q", alg, res.Recipient(), res.Plaintext())
		}
	}
	// A policy with every key decrypts with the first recipient it can.
	all := Policy{KeyAlgorithms: algs, ContentEncryption: []jwa.ContentEncryption{enc}, Keys: jwk.NewSet(keys...), Passwords: []string{testPassword}}
	res, err := mustDecrypter(t, all).DecryptJSON(msg)
	if err != nil || res.Recipient() != 0 || res.Key() != keys[0] {
		t.Errorf("all keys: %v", err)
	}
	// Without the key of any recipient: ErrDecryption, since a key of
	// the right type was tried.
	wrong := Policy{KeyAlgorithms: algs[:1], ContentEncryption: []jwa.ContentEncryption{enc}, Keys: jwk.NewSet(f.rsa2)}
	_, err = mustDecrypter(t, wrong).DecryptJSON(msg)
	if err != ErrDecryption {
		t.Errorf("wrong key: error = %v, want ErrDecryption", err)
	}
}
