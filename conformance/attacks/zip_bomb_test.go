package attacks

import (
	"bytes"
	"compress/flate"
	"runtime"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwt"
)

// Class: "zip":"DEF" decompression bomb. DEFLATE expands up to about 1032
// to 1, so a JWE within every token-size limit can inflate to gigabytes,
// and the tag check passes (the attacker holds the public key of an
// ECDH-ES or RSA recipient, or the token is replayed from a legitimate
// sender).
//
// Sources: CVE-2024-28180 (go-jose, "decompression bomb"); CVE-2024-21319
// (Microsoft.IdentityModel JWE); CVE-2024-28102 (jwcrypto);
// GHSA-hhhv-q57g-882q (panva jose); jose4j issue 220; RFC 8725 §3.6
// ("avoid compression of encryption inputs"). Package test:
// jwe/attack_test.go TestZipBomb.
//
// The test is not parallel, so that it can count the memory it allocates:
// the bound below is a fraction of what inflating would take.
func TestZipBombBounded(t *testing.T) {
	k := fixture(t)
	cek := k.aes128.SymmetricKey()
	hdr := `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`
	d := decrypter(t, jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128)})
	p := victimPolicy(t)
	p.Decryption = &jwt.DecryptionPolicy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwkSet(k.aes128), AllowUnsigned: true}
	jv := validator(t, p)

	for _, c := range []struct {
		name     string
		inflated int
		jwtToo   bool // small enough for the jwt token limit
	}{
		{"10 MB of zeros", 10 << 20, true},
		{"50 MB of zeros", 50 << 20, false},
		{"one byte over the limit", jwe.DefaultMaxDecompressedSize + 1, true},
	} {
		tok := sealJWE(t, hdr, nil, jwa.A128GCM, cek, deflateZeros(t, c.inflated))
		if len(tok) > jwe.DefaultMaxTokenSize {
			t.Fatalf("%s: the bomb token is %d bytes, over the token limit", c.name, len(tok))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := decryptJWE(t, d, tok)
		runtime.ReadMemStats(&after)
		exactly(t, err, jwe.ErrTooLarge)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
			t.Errorf("%s: refusing allocated %d bytes", c.name, alloc)
		}
		if c.jwtToo {
			if len(tok) > jwt.DefaultMaxTokenSize {
				t.Fatalf("%s: %d bytes, over the jwt limit", c.name, len(tok))
			}
			exactly(t, verifyJWT(t, jv, tok), jwt.ErrTooLarge, jwe.ErrTooLarge)
		}
	}
	// Control: a compressed token under the limit decrypts.
	ok := sealJWE(t, hdr, nil, jwa.A128GCM, cek, deflateZeros(t, jwe.DefaultMaxDecompressedSize))
	if _, err := d.Decrypt(ok); err != nil {
		t.Fatalf("a token inflating to exactly the limit: %v", err)
	}
}

// deflateZeros returns raw DEFLATE (RFC 1951) of n zero bytes, written in
// chunks so that the test never holds the inflated plaintext.
func deflateZeros(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for n > 0 {
		m := min(n, len(chunk))
		w.Write(chunk[:m])
		n -= m
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
