package attacks

import (
	"errors"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: multi-signature JWS where only one signature is valid. A general
// JSON JWS carries several signatures over one payload; a library whose
// "verify" succeeds when any one signature verifies, and that then hands
// the caller the header of another signature (or no word on which one
// passed), lets an attacker append their own signature and header to a
// legitimate token, or pass off one valid signature as a quorum.
//
// Sources: CVE-2016-9122 (go-jose: the API did not say which signature was
// valid, and headers were read from another one); RFC 7515 §7.2.1 (the
// application decides which signatures must be valid); STYLE §6 (the
// caller states how many must succeed). Package tests: jws/attack_test.go
// ("multi-signature JSON with one valid signature") and jws/policy_test.go
// TestMinValidSignatures.
func TestMultiSignatureWithOneValidRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	legit := signer(t, k.hmac, jwa.HS256, jws.SignerOptions{})
	forger := signer(t, k.attack, jwa.ES256, jws.SignerOptions{KeyID: "ec"}) // claims the victim's kid
	none := `{"protected":"` + b64(`{"alg":"none"}`) + `","signature":""}`

	for _, c := range []struct {
		name  string
		doc   func() []byte
		valid int
		want  []error
	}{
		{"legitimate first, forged second", func() []byte { return signJSON(t, goodClaims, legit, forger) }, 1, []error{jws.ErrSignatureInvalid}},
		{"forged first, legitimate second", func() []byte { return signJSON(t, goodClaims, forger, legit) }, 1, []error{jws.ErrSignatureInvalid}},
		{"legitimate and an unsecured signature", func() []byte {
			doc := signJSON(t, goodClaims, legit)
			return append(doc[:len(doc)-2], []byte(","+none+"]}")...)
		}, 1, []error{jws.ErrUnsecured}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			doc := c.doc()
			err := verifyJSON(t, v, doc)
			exactly(t, err, c.want...)
			se, ok := errors.AsType[*jws.SignaturesError](err)
			if !ok || se.Valid != c.valid || se.Required != len(se.Signatures) {
				t.Fatalf("error %v: want a *jws.SignaturesError with %d valid of all required", err, c.valid)
			}
			// Under an explicit "at least one" policy the JWS passes, and
			// the result says which signature verified with which key.
			lenient := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.ES256}, Keys: jwkSet(k.hmac, public(t, k.ec)), MinValidSignatures: 1})
			res, err := lenient.VerifyJSON(doc)
			if err != nil {
				t.Fatalf("MinValidSignatures 1: %v", err)
			}
			for _, r := range res.Signatures() {
				if (r.Err == nil) != (r.Key != nil) || (r.Key != nil && r.Key.KeyID() != "hmac") {
					t.Errorf("signature %d: key %v, err %v; only the HMAC signature verified", r.Index, r.Key, r.Err)
				}
			}
		})
	}

	// A JWT is a compact JWS (RFC 7519 §7.2 step 1): a JSON serialization
	// is not a JWT, whatever its signatures.
	t.Run("JSON serialization given to a JWT validator", func(t *testing.T) {
		t.Parallel()
		jv := validator(t, victimPolicy(t))
		exactly(t, verifyJWT(t, jv, string(signJSON(t, goodClaims, legit))), jwt.ErrMalformed)
	})
}

// TestMultiSignatureQuorumNotMetByRepeating: a policy that requires two
// valid signatures means two signers. An attacker who holds one key (or
// replays one legitimate signature) must not meet the quorum by repeating
// it, under its own or another header.
func TestMultiSignatureQuorumNotMetByRepeating(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	second := genSym(t, 32)
	v := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.ES256}, Keys: jwkSet(k.hmac, second, public(t, k.ec)), MinValidSignatures: 2})
	one := signer(t, k.hmac, jwa.HS256, jws.SignerOptions{})
	oneTyped := signer(t, k.hmac, jwa.HS256, jws.SignerOptions{Type: "JWT"})
	for _, c := range []struct {
		name string
		doc  []byte
	}{
		{"one signature twice", signJSON(t, goodClaims, one, one)},
		{"one signature three times", signJSON(t, goodClaims, one, one, one)},
		{"one key under two headers", signJSON(t, goodClaims, one, oneTyped)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := verifyJSON(t, v, c.doc)
			exactly(t, err, jws.ErrSignatureInvalid)
			if se, ok := errors.AsType[*jws.SignaturesError](err); !ok || se.Required != 2 {
				t.Fatalf("error %v: want a *jws.SignaturesError requiring 2", err)
			}
		})
	}
	// Control: two signers meet it.
	two := signer(t, second, jwa.HS256, jws.SignerOptions{})
	if _, err := v.VerifyJSON(signJSON(t, goodClaims, one, two)); err != nil {
		t.Fatalf("two distinct signers: %v", err)
	}
	// The same key material listed twice in the policy (under two kids)
	// is still one signer.
	dup := withMeta(t, k.hmac, func(m *jwk.Metadata) { m.KeyID = "hmac-again" })
	v2 := verifier(t, jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwkSet(k.hmac, dup), MinValidSignatures: 2})
	again := signer(t, dup, jwa.HS256, jws.SignerOptions{})
	exactly(t, verifyJSON(t, v2, signJSON(t, goodClaims, one, again)), jws.ErrSignatureInvalid)
}

// signJSON returns the general JSON serialization of payload signed by
// each signer.
func signJSON(t testing.TB, payload string, signers ...*jws.Signer) []byte {
	t.Helper()
	doc, err := jws.SignJSON([]byte(payload), signers...)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
