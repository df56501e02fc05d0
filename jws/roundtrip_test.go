package jws

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// withKeyID returns k with "kid" set.
func withKeyID(t testing.TB, k *jwk.Key, kid string) *jwk.Key {
	t.Helper()
	m := k.Metadata()
	m.KeyID = kid
	k, err := k.WithMetadata(m)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// partner returns an algorithm of another family, for the second
// signature of a general JSON JWS.
func partner(alg jwa.SignatureAlgorithm) jwa.SignatureAlgorithm {
	if alg == jwa.ES256 {
		return jwa.HS512
	}
	return jwa.ES256
}

// TestRoundTrip signs and verifies with every algorithm in every
// serialization: compact, compact detached, flattened and general JSON
// (with a second signature of another algorithm), both JSON forms
// detached, and the unencoded payload (RFC 7797) in each, with generated
// keys.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, alg := range jwa.SignatureAlgorithms() {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			key := withKeyID(t, mustKey(t, alg), "k1-"+string(alg))
			alg2 := partner(alg)
			key2 := withKeyID(t, mustKey(t, alg2), "k2-"+string(alg2))
			ver := mustVerifier(t, Policy{
				Algorithms: []jwa.SignatureAlgorithm{alg, alg2},
				Keys:       jwk.NewSet(mustPublic(t, key), mustPublic(t, key2)),
			})
			for _, unencoded := range []bool{false, true} {
				t.Run(fmt.Sprintf("unencoded=%v", unencoded), func(t *testing.T) {
					opts := SignerOptions{Unencoded: unencoded, Type: "example+jws"}
					s1 := mustSigner(t, key, alg, opts)
					s2 := mustSigner(t, key2, alg2, opts)
					payload := []byte("It’s a dangerous business, Frodo. {\"dots\": \"...\"}")
					compactPayload := payload
					if unencoded {
						compactPayload = bytes.ReplaceAll(payload, []byte("."), []byte("!"))
					}
					checkCompactRoundTrip(t, ver, s1, compactPayload, key)
					checkJSONRoundTrip(t, ver, []*Signer{s1}, payload, []*jwk.Key{key})
					checkJSONRoundTrip(t, ver, []*Signer{s1, s2}, payload, []*jwk.Key{key, key2})
				})
			}
		})
	}
}

func checkCompactRoundTrip(t *testing.T, ver *Verifier, s *Signer, payload []byte, key *jwk.Key) {
	t.Helper()
	check := func(form string, res *Verified, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		if !bytes.Equal(res.Payload(), payload) {
			t.Errorf("%s: payload %q, want %q", form, res.Payload(), payload)
		}
		h := res.Header()
		if res.Algorithm() != s.Algorithm() || h.KeyID() != key.KeyID() || h.Type() != "example+jws" || !res.Key().Equal(mustPublic(t, key)) {
			t.Errorf("%s: alg %s, kid %q, typ %q", form, res.Algorithm(), h.KeyID(), h.Type())
		}
		if h.Unencoded() != s.unencoded {
			t.Errorf("%s: Unencoded() = %v", form, h.Unencoded())
		}
	}
	tok, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ver.Verify(tok)
	check("compact", res, err)
	res, err = ver.VerifyWithKeys(tok, jwk.NewSet(mustPublic(t, key)))
	check("compact with keys", res, err)

	det, err := s.SignDetached(payload)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(det, ".") != 2 || strings.Contains(det, "..") == false {
		t.Fatalf("detached token %q has a payload part", det)
	}
	res, err = ver.VerifyDetached(det, payload)
	check("compact detached", res, err)
	if _, err := ver.VerifyDetached(det, append(payload, 'x')); err == nil {
		t.Error("detached token verified with another payload")
	}
}

func checkJSONRoundTrip(t *testing.T, ver *Verifier, signers []*Signer, payload []byte, keys []*jwk.Key) {
	t.Helper()
	check := func(form string, res *VerifiedJSON, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		if !bytes.Equal(res.Payload(), payload) {
			t.Errorf("%s: payload %q, want %q", form, res.Payload(), payload)
		}
		sigs := res.Signatures()
		if len(sigs) != len(signers) || res.Valid() != len(signers) {
			t.Fatalf("%s: %d results, %d valid; want %d", form, len(sigs), res.Valid(), len(signers))
		}
		for i, r := range sigs {
			if r.Err != nil || r.Index != i || r.Algorithm() != signers[i].Algorithm() || !r.Key.Equal(mustPublic(t, keys[i])) {
				t.Errorf("%s: signature %d: %+v", form, i, r)
			}
		}
	}
	var doc, det []byte
	var err error
	if len(signers) == 1 {
		doc, err = signers[0].SignFlattened(payload)
		if err == nil {
			det, err = signers[0].SignFlattenedDetached(payload)
		}
	} else {
		doc, err = SignJSON(payload, signers...)
		if err == nil {
			det, err = SignJSONDetached(payload, signers...)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	res, err := ver.VerifyJSON(doc)
	check("json", res, err)
	// Serialize and parse again: the general form of the same JWS.
	again, err := res.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	res2, err := ver.VerifyJSON(again)
	check("json re-serialized", res2, err)
	if again2, _ := res2.MarshalJSON(); !bytes.Equal(again, again2) {
		t.Errorf("MarshalJSON not stable:\n%s\n%s", again, again2)
	}

	if bytes.Contains(det, []byte(`"payload"`)) {
		t.Fatalf("detached JSON has a payload: %s", det)
	}
	res, err = ver.VerifyJSONDetached(det, payload)
	check("json detached", res, err)
	if _, err := ver.VerifyJSON(det); err == nil {
		t.Error("detached JSON verified without its payload")
	}
}

// TestSignWithOpaqueSigner signs through a crypto.Signer that is not one
// of Go's key types, as an HSM or KMS would, including the ECDSA DER to
// R || S conversion.
func TestSignWithOpaqueSigner(t *testing.T) {
	t.Parallel()
	for _, alg := range []jwa.SignatureAlgorithm{jwa.RS256, jwa.PS384, jwa.ES256, jwa.ES384, jwa.ES512, jwa.EdDSA, jwa.SigEd25519} {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			priv := mustKey(t, alg)
			opaque, err := jwk.NewSigner(opaqueSigner{priv.Signer()})
			if err != nil {
				t.Fatal(err)
			}
			if !opaque.IsOpaque() {
				t.Fatal("key is not opaque")
			}
			s := mustSigner(t, opaque, alg, SignerOptions{})
			tok, err := s.Sign([]byte("hello"))
			if err != nil {
				t.Fatal(err)
			}
			ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{alg}, Keys: jwk.NewSet(mustPublic(t, priv))})
			if _, err := ver.Verify(tok); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestVerifierConcurrent uses one Verifier from many goroutines (run with
// -race).
func TestVerifierConcurrent(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	ek := mustKey(t, jwa.EdDSA)
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA}, Keys: jwk.NewSet(hk, mustPublic(t, ek))})
	var toks []string
	for i, k := range []*jwk.Key{hk, ek} {
		alg := []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA}[i]
		for n := range 4 {
			payload := make([]byte, 10+n*100)
			rand.Read(payload)
			tok, err := mustSigner(t, k, alg, SignerOptions{}).Sign(payload)
			if err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tok)
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				tok := toks[(g+i)%len(toks)]
				if _, err := ver.Verify(tok); err != nil {
					t.Error(err)
					return
				}
				h, p, sig := parts(tok)
				if _, err := ver.Verify(h + "." + p + "." + flipFirst(sig)); err == nil {
					t.Errorf("tampered token verified: %s", tok)
					return
				}
			}
		})
	}
	wg.Wait()
}
