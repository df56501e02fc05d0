package attacks

import (
	"bytes"
	"crypto/aes"
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
)

// Class: encrypt-side quality. A sender that reuses a CEK, an IV (fatal for
// GCM: it reveals the XOR of plaintexts and the authentication key), an
// ephemeral key or a PBES2 salt, or draws them from a weak or zeroed
// source, breaks every token it makes.
//
// Sources: RFC 7516 §11.3 and RFC 7518 §5.3 (IVs MUST NOT repeat under a
// key: GCM), §4.6.1.1 (a fresh ephemeral key per message), §4.8.1.1 (a
// fresh salt); NIST SP 800-38D §8; RFC 8725 §3.5 (sufficient entropy);
// cjose's "all-zero CEK for AES-CBC-HMAC" fix. Package test:
// jwe/encrypt_test.go.
//
// The checks read the CEK back the way a recipient would: the test unwraps
// each AES key-wrapped CEK itself (RFC 3394 §2.2.2), independently of the
// library.
func TestEncryptionsUseFreshCEKsIVsAndEphemeralKeys(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	const n = 1000
	kek := k.aes128.SymmetricKey()
	for _, enc := range []jwa.ContentEncryption{jwa.A256GCM, jwa.A128CBC_HS256} {
		t.Run(string(enc), func(t *testing.T) {
			t.Parallel()
			e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: enc}, jwe.Recipient{Key: k.aes128, Algorithm: jwa.A128KW})
			ceks, ivs := map[string]bool{}, map[string]bool{}
			for range n {
				tok, err := e.Encrypt([]byte(goodClaims))
				if err != nil {
					t.Fatal(err)
				}
				p := cutToken(tok)
				cek := aesKeyUnwrap(t, kek, unb64(p[1]))
				iv := unb64(p[2])
				if len(cek) != enc.KeySize() || len(iv) != enc.IVSize() {
					t.Fatalf("CEK of %d bytes, IV of %d", len(cek), len(iv))
				}
				checkFresh(t, "CEK", cek, ceks)
				checkFresh(t, "IV", iv, ivs)
				if bytes.Equal(cek[:len(kek)], kek) {
					t.Fatal("the CEK repeats the key-encryption key")
				}
			}
		})
	}
	t.Run("A128GCMKW key-wrap IVs", func(t *testing.T) {
		t.Parallel()
		e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM}, jwe.Recipient{Key: k.aes128, Algorithm: jwa.A128GCMKW})
		wrapIVs, ivs := map[string]bool{}, map[string]bool{}
		for range n {
			tok, err := e.Encrypt([]byte(goodClaims))
			if err != nil {
				t.Fatal(err)
			}
			p := cutToken(tok)
			var h struct {
				IV string `json:"iv"`
			}
			if err := json.Unmarshal(unb64(p[0]), &h); err != nil {
				t.Fatal(err)
			}
			// Both GCM operations run under keys that repeat across
			// messages (the KEK always, the CEK never): the wrap IV is
			// the critical one.
			checkFresh(t, "key-wrap IV", unb64(h.IV), wrapIVs)
			checkFresh(t, "content IV", unb64(p[2]), ivs)
		}
	})
	t.Run("ECDH-ES ephemeral keys", func(t *testing.T) {
		t.Parallel()
		for _, recipient := range []*jwk.Key{k.ecEnc, k.x25519} {
			e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM}, jwe.Recipient{Key: public(t, recipient), Algorithm: jwa.ECDH_ES})
			epks := map[string]bool{}
			for range n / 4 {
				tok, err := e.Encrypt([]byte(goodClaims))
				if err != nil {
					t.Fatal(err)
				}
				var h struct {
					EPK struct {
						X string `json:"x"`
					} `json:"epk"`
				}
				if err := json.Unmarshal(unb64(cutToken(tok)[0]), &h); err != nil {
					t.Fatal(err)
				}
				checkFresh(t, "ephemeral public key", unb64(h.EPK.X), epks)
			}
		}
	})
	t.Run("PBES2 salts", func(t *testing.T) {
		t.Parallel()
		e := encrypter(t, jwe.EncrypterOptions{ContentEncryption: jwa.A128GCM}, jwe.Recipient{Password: "correct horse battery staple", Algorithm: jwa.PBES2_HS256_A128KW, PBES2Count: jwe.MinPBES2Count})
		salts := map[string]bool{}
		for range n / 10 {
			tok, err := e.Encrypt([]byte(goodClaims))
			if err != nil {
				t.Fatal(err)
			}
			var h struct {
				P2S string `json:"p2s"`
			}
			if err := json.Unmarshal(unb64(cutToken(tok)[0]), &h); err != nil {
				t.Fatal(err)
			}
			checkFresh(t, "p2s", unb64(h.P2S), salts)
		}
	})
}

// checkFresh fails when b is all zeros or was seen before.
func checkFresh(t testing.TB, what string, b []byte, seen map[string]bool) {
	t.Helper()
	if len(b) == 0 || bytes.Count(b, []byte{0}) == len(b) {
		t.Fatalf("%s is empty or all zeros", what)
	}
	if seen[string(b)] {
		t.Fatalf("%s repeated after %d encryptions", what, len(seen))
	}
	seen[string(b)] = true
}

// aesKeyUnwrap is RFC 3394 §2.2.2 key unwrap with the default IV, written
// here independently of internal/aeskw.
func aesKeyUnwrap(t testing.TB, kek, c []byte) []byte {
	t.Helper()
	if len(c)%8 != 0 || len(c) < 24 {
		t.Fatalf("wrapped key of %d bytes", len(c))
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		t.Fatal(err)
	}
	n := len(c)/8 - 1
	a := binary.BigEndian.Uint64(c[:8])
	r := make([]byte, 8*n)
	copy(r, c[8:])
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			binary.BigEndian.PutUint64(b[:8], a^uint64(n*j+i))
			copy(b[8:], r[8*(i-1):8*i])
			block.Decrypt(b[:], b[:])
			a = binary.BigEndian.Uint64(b[:8])
			copy(r[8*(i-1):8*i], b[8:])
		}
	}
	if a != 0xA6A6A6A6A6A6A6A6 {
		t.Fatal("AES key unwrap: integrity check failed")
	}
	return r
}
