package jws

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

func TestNewVerifierRejectsBadPolicies(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	short, err := jwk.NewSymmetricKey(make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	rsaPub := mustPublic(t, rsaKey(t))
	set := jwk.NewSet(hk)
	hs := []jwa.SignatureAlgorithm{jwa.HS256}
	tests := []struct {
		name  string
		p     Policy
		field string
	}{
		{"no algorithms", Policy{Keys: set}, "Policy.Algorithms"},
		{"none listed", Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.None}, Keys: set}, "Policy.Algorithms[1]"},
		{"unknown algorithm", Policy{Algorithms: []jwa.SignatureAlgorithm{"HS1"}, Keys: set}, "Policy.Algorithms[0]"},
		{"lowercase algorithm", Policy{Algorithms: []jwa.SignatureAlgorithm{"hs256"}, Keys: set}, "Policy.Algorithms[0]"},
		{"no keys", Policy{Algorithms: hs}, "Policy.Keys"},
		{"empty key set", Policy{Algorithms: hs, Keys: jwk.NewSet()}, "Policy.Keys"},
		{"RSA key for HS256 only", Policy{Algorithms: hs, Keys: jwk.NewSet(rsaPub)}, "Policy.Keys"},
		{"HMAC key shorter than the hash (RFC 7518 §3.2)", Policy{Algorithms: hs, Keys: jwk.NewSet(short)}, "Policy.Keys"},
		{"keys and KeysPerCall", Policy{Algorithms: hs, Keys: set, KeysPerCall: true}, "Policy.Keys"},
		{"registered name in Critical", Policy{Algorithms: hs, Keys: set, Critical: []string{"kid"}}, "Policy.Critical[0]"},
		{"empty name in Critical", Policy{Algorithms: hs, Keys: set, Critical: []string{""}}, "Policy.Critical[0]"},
		{"negative MinValidSignatures", Policy{Algorithms: hs, Keys: set, MinValidSignatures: -1}, "Policy.MinValidSignatures"},
		{"negative MaxTokenSize", Policy{Algorithms: hs, Keys: set, MaxTokenSize: -1}, "Policy.MaxTokenSize"},
		{"negative MaxHeaderSize", Policy{Algorithms: hs, Keys: set, MaxHeaderSize: -1}, "Policy.MaxHeaderSize"},
		{"negative MaxSignatures", Policy{Algorithms: hs, Keys: set, MaxSignatures: -1}, "Policy.MaxSignatures"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := NewVerifier(tt.p)
			if v != nil {
				t.Error("verifier not nil on error")
			}
			ce, ok := errors.AsType[*ConfigError](err)
			if !ok || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("error = %v, want a *ConfigError", err)
			}
			if ce.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ce.Field, tt.field, err)
			}
		})
	}
}

// TestNewVerifierCopiesPolicy checks that changing the policy's slices
// afterwards changes nothing.
func TestNewVerifierCopiesPolicy(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	algs := []jwa.SignatureAlgorithm{jwa.HS256}
	crit := []string{"ext"}
	ver := mustVerifier(t, Policy{Algorithms: algs, Keys: jwk.NewSet(hk), Critical: crit})
	algs[0] = jwa.HS512
	crit[0] = "other"
	tok := forge(t, mustSigner(t, hk, jwa.HS256, SignerOptions{}), `{"alg":"HS256","crit":["ext"],"ext":1}`, "x")
	if _, err := ver.Verify(tok); err != nil {
		t.Fatal(err)
	}
	if got := ver.Algorithms(); !slices.Equal(got, []jwa.SignatureAlgorithm{jwa.HS256}) {
		t.Errorf("Algorithms() = %v", got)
	}
}

func TestVerifyWithKeys(t *testing.T) {
	t.Parallel()
	ek := withKeyID(t, mustKey(t, jwa.ES256), "a")
	other := withKeyID(t, mustKey(t, jwa.ES256), "b")
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.ES256}, KeysPerCall: true})
	tok, err := mustSigner(t, ek, jwa.ES256, SignerOptions{}).Sign([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ver.Verify(tok); !errors.Is(err, ErrNoKey) {
		t.Errorf("Verify on a KeysPerCall verifier: %v, want ErrNoKey", err)
	}
	if _, err := ver.VerifyWithKeys(tok, nil); !errors.Is(err, ErrNoKey) {
		t.Errorf("VerifyWithKeys(nil): %v, want ErrNoKey", err)
	}
	if _, err := ver.VerifyWithKeys(tok, jwk.NewSet(mustPublic(t, other))); !errors.Is(err, ErrNoKey) {
		t.Errorf("VerifyWithKeys(other kid): %v, want ErrNoKey", err)
	}
	res, err := ver.VerifyWithKeys(tok, jwk.NewSet(mustPublic(t, other), mustPublic(t, ek)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Key().KeyID() != "a" {
		t.Errorf("verified with %q", res.Key().KeyID())
	}
	// The per-call keys are still checked: here, their "use".
	m := mustPublic(t, ek).Metadata()
	m.Use = jwk.UseEncryption
	if _, err := ver.VerifyWithKeys(tok, jwk.NewSet(mustKeyWith(t, mustPublic(t, ek), m))); !errors.Is(err, ErrNoKey) {
		t.Errorf(`VerifyWithKeys(key with "use":"enc"): %v, want ErrNoKey`, err)
	}
}

func mustKeyWith(t *testing.T, k *jwk.Key, m jwk.Metadata) *jwk.Key {
	t.Helper()
	k, err := k.WithMetadata(m)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestKeySelection checks that "kid" selects exactly the keys with that
// "kid", that without one every key of the algorithm is tried, and that a
// failure lists the keys tried.
func TestKeySelection(t *testing.T) {
	t.Parallel()
	a := withKeyID(t, mustKey(t, jwa.HS256), "a")
	b := withKeyID(t, mustKey(t, jwa.HS256), "b")
	c := withKeyID(t, mustKey(t, jwa.HS256), "c")
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(a, b)})

	tok, _ := mustSigner(t, b, jwa.HS256, SignerOptions{}).Sign([]byte("x"))
	res, err := ver.Verify(tok)
	if err != nil || res.Key().KeyID() != "b" {
		t.Fatalf("kid b: %v", err)
	}
	tok, _ = mustSigner(t, b, jwa.HS256, SignerOptions{OmitKeyID: true}).Sign([]byte("x"))
	res, err = ver.Verify(tok)
	if err != nil || res.Key().KeyID() != "b" {
		t.Fatalf("no kid: %v", err)
	}
	tok, _ = mustSigner(t, c, jwa.HS256, SignerOptions{OmitKeyID: true}).Sign([]byte("x"))
	_, err = ver.Verify(tok)
	se, ok := errors.AsType[*SignatureError](err)
	if !ok {
		t.Fatalf("unknown key, no kid: %v, want a *SignatureError", err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, se.KeyIDs); diff != "" {
		t.Errorf("KeyIDs (-want +got):\n%s", diff)
	}
	tok, _ = mustSigner(t, c, jwa.HS256, SignerOptions{}).Sign([]byte("x"))
	_, err = ver.Verify(tok)
	ke, ok := errors.AsType[*KeyError](err)
	if !ok || ke.KeyID != "c" || ke.Algorithm != jwa.HS256 {
		t.Fatalf("kid c: %v, want a *KeyError for c", err)
	}
	// kid is case-sensitive and compared exactly.
	tok, _ = mustSigner(t, b, jwa.HS256, SignerOptions{KeyID: "B"}).Sign([]byte("x"))
	if _, err := ver.Verify(tok); !errors.Is(err, ErrNoKey) {
		t.Errorf("kid B: %v, want ErrNoKey", err)
	}
}

// TestEd25519Alias checks that "EdDSA" and "Ed25519" (RFC 9864) name the
// same signatures, and that each must be listed to be accepted.
func TestEd25519Alias(t *testing.T) {
	t.Parallel()
	k := mustKey(t, jwa.EdDSA) // bound to "EdDSA"
	pub := mustPublic(t, k)
	payload := []byte("alias")
	tokEdDSA, _ := mustSigner(t, k, jwa.EdDSA, SignerOptions{}).Sign(payload)
	tokEd25519, err := mustSigner(t, k, jwa.SigEd25519, SignerOptions{}).Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	both := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.EdDSA, jwa.SigEd25519}, Keys: jwk.NewSet(pub)})
	for tok, alg := range map[string]jwa.SignatureAlgorithm{tokEdDSA: jwa.EdDSA, tokEd25519: jwa.SigEd25519} {
		res, err := both.Verify(tok)
		if err != nil {
			t.Fatal(err)
		}
		if res.Algorithm() != alg {
			t.Errorf("Algorithm() = %s, want %s", res.Algorithm(), alg)
		}
	}
	onlyEdDSA := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.EdDSA}, Keys: jwk.NewSet(pub)})
	if _, err := onlyEdDSA.Verify(tokEd25519); !errors.Is(err, ErrAlgorithmNotAllowed) {
		t.Errorf("Ed25519 under an EdDSA-only policy: %v", err)
	}
}

// TestMinValidSignatures checks the requirement on several signatures:
// all by default, at least N when asked, and the report either way.
func TestMinValidSignatures(t *testing.T) {
	t.Parallel()
	a := withKeyID(t, mustKey(t, jwa.HS256), "a")
	b := withKeyID(t, mustKey(t, jwa.ES256), "b")
	stranger := withKeyID(t, mustKey(t, jwa.HS256), "a") // claims a's kid
	keys := jwk.NewSet(a, mustPublic(t, b))
	algs := []jwa.SignatureAlgorithm{jwa.HS256, jwa.ES256}
	doc, err := SignJSON([]byte("x"),
		mustSigner(t, a, jwa.HS256, SignerOptions{}),
		mustSigner(t, stranger, jwa.HS256, SignerOptions{}),
		mustSigner(t, b, jwa.ES256, SignerOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		min   int
		valid bool
	}{{0, false}, {1, true}, {2, true}, {3, false}, {4, false}} {
		ver := mustVerifier(t, Policy{Algorithms: algs, Keys: keys, MinValidSignatures: tt.min})
		res, err := ver.VerifyJSON(doc)
		if !tt.valid {
			se, ok := errors.AsType[*SignaturesError](err)
			if !ok || res != nil {
				t.Fatalf("min %d: %v, want a *SignaturesError", tt.min, err)
			}
			if se.Valid != 2 || !errors.Is(err, ErrSignatureInvalid) {
				t.Errorf("min %d: %+v", tt.min, se)
			}
			continue
		}
		if err != nil {
			t.Fatalf("min %d: %v", tt.min, err)
		}
		sigs := res.Signatures()
		if res.Valid() != 2 || sigs[0].Err != nil || !errors.Is(sigs[1].Err, ErrSignatureInvalid) || sigs[1].Key != nil || sigs[2].Key.KeyID() != "b" {
			t.Errorf("min %d: results %+v", tt.min, sigs)
		}
	}
}

// TestMinValidSignaturesAboveCount checks a JWS whose signatures all
// verify but number fewer than the policy requires.
func TestMinValidSignaturesAboveCount(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	ver := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk), MinValidSignatures: 2})
	s := mustSigner(t, hk, jwa.HS256, SignerOptions{})
	flat, _ := s.SignFlattened([]byte("x"))
	general, _ := SignJSON([]byte("x"), s)
	for _, doc := range [][]byte{flat, general} {
		res, err := ver.VerifyJSON(doc)
		se, ok := errors.AsType[*SignaturesError](err)
		if !ok || res != nil || se.Valid != 1 || se.Required != 2 {
			t.Fatalf("%s: %v, want a *SignaturesError with 1 of 2", doc, err)
		}
		exactSentinel(t, err, ErrSignatureInvalid)
	}
}

func TestCriticalUnderstood(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	s := mustSigner(t, hk, jwa.HS256, SignerOptions{Critical: []string{"exp"}, Protected: map[string]json.RawMessage{"exp": json.RawMessage("1363284000")}})
	tok, err := s.Sign([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	plain := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk)})
	if _, err := plain.Verify(tok); !errors.Is(err, ErrCritical) {
		t.Errorf("unknown extension: %v, want ErrCritical", err)
	}
	aware := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(hk), Critical: []string{"exp"}})
	res, err := aware.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Header().Critical(); !slices.Equal(got, []string{"exp"}) {
		t.Errorf("Critical() = %v", got)
	}
	if raw, ok := res.Header().Get("exp"); !ok || string(raw) != "1363284000" {
		t.Errorf(`Get("exp") = %s, %v`, raw, ok)
	}
}
