package jws

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// benchToken returns a compact JWS of a typical access token's claims,
// and a verifier for it.
func benchToken(tb testing.TB, alg jwa.SignatureAlgorithm) (*Verifier, string) {
	tb.Helper()
	key := withKeyID(tb, mustKey(tb, alg), "bench")
	ver := mustVerifier(tb, Policy{Algorithms: []jwa.SignatureAlgorithm{alg}, Keys: jwk.NewSet(mustPublic(tb, key))})
	claims := []byte(`{"iss":"https://idp.example","sub":"248289761001","aud":"orders-api","exp":1893456000,"iat":1700000000,"scope":"orders:read orders:write"}`)
	tok, err := mustSigner(tb, key, alg, SignerOptions{Type: "at+jwt"}).Sign(claims)
	if err != nil {
		tb.Fatal(err)
	}
	return ver, tok
}

func benchmarkVerify(b *testing.B, alg jwa.SignatureAlgorithm) {
	ver, tok := benchToken(b, alg)
	b.ReportAllocs()
	b.SetBytes(int64(len(tok)))
	for b.Loop() {
		if _, err := ver.Verify(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyCompactHS256(b *testing.B) { benchmarkVerify(b, jwa.HS256) }

// BenchmarkVerifyCompactHS256Uncached is BenchmarkVerifyCompactHS256 with
// the Verifier's header cache off: the cost of a token whose protected
// header the Verifier has not seen.
func BenchmarkVerifyCompactHS256Uncached(b *testing.B) {
	ver, tok := benchToken(b, jwa.HS256)
	ver.headers = nil
	b.ReportAllocs()
	b.SetBytes(int64(len(tok)))
	for b.Loop() {
		if _, err := ver.Verify(tok); err != nil {
			b.Fatal(err)
		}
	}
}

// TestVerifyCompactHS256UncachedAllocs pins the allocations of a token
// whose header is not cached: TestVerifyCompactHS256Allocs's path before
// the cache, which a Verifier also takes for headers above
// maxCachedHeader.
func TestVerifyCompactHS256UncachedAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	ver, tok := benchToken(t, jwa.HS256)
	ver.headers = nil
	n := testing.AllocsPerRun(200, func() {
		if _, err := ver.Verify(tok); err != nil {
			t.Fatal(err)
		}
	})
	// One buffer for the header and payload octets, the JSON reader's
	// three (document, private copy, members) and the Verified.
	const pinned = 5
	if n > pinned {
		t.Errorf("Verify(HS256 compact, no cache) allocates %v times, pinned at %d", n, pinned)
	}
}
func BenchmarkVerifyCompactRS256(b *testing.B) { benchmarkVerify(b, jwa.RS256) }
func BenchmarkVerifyCompactPS256(b *testing.B) { benchmarkVerify(b, jwa.PS256) }
func BenchmarkVerifyCompactES256(b *testing.B) { benchmarkVerify(b, jwa.ES256) }
func BenchmarkVerifyCompactEdDSA(b *testing.B) { benchmarkVerify(b, jwa.EdDSA) }

func benchmarkSign(b *testing.B, alg jwa.SignatureAlgorithm) {
	key := mustKey(b, alg)
	s := mustSigner(b, key, alg, SignerOptions{})
	payload := []byte(`{"iss":"https://idp.example","sub":"248289761001","aud":"orders-api","exp":1893456000}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Sign(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignCompactHS256(b *testing.B) { benchmarkSign(b, jwa.HS256) }
func BenchmarkSignCompactES256(b *testing.B) { benchmarkSign(b, jwa.ES256) }
func BenchmarkSignCompactEdDSA(b *testing.B) { benchmarkSign(b, jwa.EdDSA) }

// TestVerifyCompactHS256Allocs pins the allocations of the hot path:
// verifying a compact HS256 JWS. Raise the pin only with a reason.
func TestVerifyCompactHS256Allocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	ver, tok := benchToken(t, jwa.HS256)
	n := testing.AllocsPerRun(200, func() {
		if _, err := ver.Verify(tok); err != nil {
			t.Fatal(err)
		}
	})
	// The payload and the Verified. The header is the Verifier's cached
	// one from the second call on (a first parse costs the JSON reader's
	// three allocations, the header's own buffer and the cache entry); the
	// HMAC state, the signing input and the decoded signature come from
	// pools.
	const pinned = 2
	if n > pinned {
		t.Errorf("Verify(HS256 compact) allocates %v times, pinned at %d", n, pinned)
	}
	t.Logf("Verify(HS256 compact): %v allocations", n)
}

// TestSignCompactAllocs pins the allocations of compact signing with the
// standard library's keys: one buffer for the signing input and the token,
// the signature, and the returned string.
func TestSignCompactAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun refuses to run in a parallel test.
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	for _, alg := range []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA} {
		s := mustSigner(t, mustKey(t, alg), alg, SignerOptions{Type: "JWT"})
		payload := []byte(`{"iss":"https://idp.example","sub":"248289761001","aud":"orders-api","exp":1893456000}`)
		n := testing.AllocsPerRun(100, func() {
			if _, err := s.Sign(payload); err != nil {
				t.Fatal(err)
			}
		})
		const pinned = 3
		if n > pinned {
			t.Errorf("Sign(%s compact) allocates %v times, pinned at %d", alg, n, pinned)
		}
	}
}
