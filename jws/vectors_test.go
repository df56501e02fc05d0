package jws

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// TestRFCVectors verifies every JWS vector through the public API and
// checks its expectation, reproduces the deterministic ones byte for byte
// through the signing core (over the RFC's exact protected header
// octets), and re-signs the others with the RFC's keys.
func TestRFCVectors(t *testing.T) {
	t.Parallel()
	vectors := loadVectors(t)
	for name, v := range vectors {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if v.Skip != "" {
				t.Skipf("%s: %s", v.Source, v.Skip)
			}
			switch v.Type {
			case "jwk":
				checkKeyVector(t, v)
			case "jws", "jws-b64false":
				checkJWSVector(t, v)
			}
		})
	}
}

// TestRFCVectorCounts guards against a vector silently going missing.
func TestRFCVectorCounts(t *testing.T) {
	t.Parallel()
	counts := map[string]int{}
	for _, v := range loadVectors(t) {
		counts[v.Type]++
	}
	want := map[string]int{"jws": 18, "jws-b64false": 1, "jwk": 7}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("vector counts (-want +got):\n%s", diff)
	}
}

// TestRFC7520KeysMatchSection3 checks that the keys transcribed into the
// RFC 7520 §4 vectors are the §3 keys.
func TestRFC7520KeysMatchSection3(t *testing.T) {
	t.Parallel()
	vectors := loadVectors(t)
	var section3 []*jwk.Key
	for name, v := range vectors {
		if strings.HasPrefix(name, "rfc7520/3.") {
			section3 = append(section3, v.keys(t)...)
		}
	}
	for name, v := range vectors {
		if !strings.HasPrefix(name, "rfc7520/4.") {
			continue
		}
		for i, k := range v.keys(t) {
			if !slices.ContainsFunc(section3, k.Equal) {
				t.Errorf("%s: key %d is none of the RFC 7520 §3 keys", name, i)
			}
		}
	}
}

func checkKeyVector(t *testing.T, v *vector) {
	for _, k := range v.keys(t) {
		pub := mustPublic(t, k)
		if k.Type() != jwa.Oct && pub.IsPrivate() {
			t.Errorf("%s: public half is private", v.Source)
		}
	}
}

// vectorSigs describes each signature of a vector: its algorithm, key and
// the headers the RFC gives.
type vectorSig struct {
	alg         jwa.SignatureAlgorithm
	key         *jwk.Key // as given: private where the RFC gives it
	protected   json.RawMessage
	unprotected json.RawMessage
}

func (v *vector) sigs(t *testing.T) []vectorSig {
	keys := v.keys(t)
	algs := v.algs(t)
	if len(v.Input.Signatures) > 0 {
		if len(keys) != len(v.Input.Signatures) || len(algs) != len(keys) {
			t.Fatalf("%s: %d keys, %d algs, %d signatures", v.Source, len(keys), len(algs), len(v.Input.Signatures))
		}
		out := make([]vectorSig, len(keys))
		for i, s := range v.Input.Signatures {
			out[i] = vectorSig{algs[i], keys[i], s.Protected, s.Unprotected}
		}
		return out
	}
	var key *jwk.Key
	if len(keys) == 1 {
		key = keys[0]
	}
	return []vectorSig{{algs[0], key, v.Input.Protected, v.Input.Unprotected}}
}

// kid returns the "kid" of the signature's headers, or "".
func (s vectorSig) kid() string {
	for _, h := range []json.RawMessage{s.protected, s.unprotected} {
		var m struct {
			Kid string `json:"kid"`
		}
		if len(h) > 0 && json.Unmarshal(h, &m) == nil && m.Kid != "" {
			return m.Kid
		}
	}
	return ""
}

// verifyKey returns the key a verifier should hold: the public half, with
// the "kid" the header names when the RFC gives the key without one (RFC
// 7515 A.6 and A.7 name their keys in the header only; a Verifier matches
// "kid" exactly).
func (s vectorSig) verifyKey(t *testing.T) *jwk.Key {
	k := mustPublic(t, s.key)
	if kid := s.kid(); kid != "" && k.KeyID() == "" {
		m := k.Metadata()
		m.KeyID = kid
		var err error
		if k, err = k.WithMetadata(m); err != nil {
			t.Fatal(err)
		}
	}
	return k
}

func checkJWSVector(t *testing.T, v *vector) {
	sigs := v.sigs(t)
	payload := v.payload(t)

	if v.Input.Protected != nil && v.Input.ProtectedRaw == "" && len(sigs) == 1 {
		// The header object as transcribed, compacted, must be the octets
		// the RFC signed.
		var b bytes.Buffer
		if err := json.Compact(&b, v.Input.Protected); err != nil {
			t.Fatal(err)
		}
		if got := base64url.Encode(b.Bytes()); got != protectedOf(t, v) {
			t.Fatalf("%s: transcribed protected header %s does not encode to the output's", v.Source, b.Bytes())
		}
	}

	if sigs[0].alg == jwa.None {
		checkUnsecuredVector(t, v, payload)
		return
	}

	var algs []jwa.SignatureAlgorithm
	var keys []*jwk.Key
	for _, s := range sigs {
		algs = append(algs, s.alg)
		keys = append(keys, s.verifyKey(t))
	}
	ver := mustVerifier(t, Policy{Algorithms: algs, Keys: jwk.NewSet(keys...)})

	checkOutcome := func(form string, got []byte, alg jwa.SignatureAlgorithm, err error) {
		t.Helper()
		if v.Expect != "valid" {
			if !errors.Is(err, sentinels[v.Expect]) {
				t.Fatalf("%s %s: error = %v, want %s (%s)", v.Source, form, err, v.Expect, v.ExpectReason)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s %s: %v", v.Source, form, err)
		}
		if !bytes.Equal(got, payload) {
			t.Errorf("%s %s: payload %q, want %q", v.Source, form, got, payload)
		}
		if alg != "" && alg != sigs[0].alg {
			t.Errorf("%s %s: alg %s, want %s", v.Source, form, alg, sigs[0].alg)
		}
	}
	for _, form := range []struct {
		name, token string
	}{{"compact", v.Output.Compact}, {"compact_detached", v.Output.CompactDetached}} {
		if form.token == "" {
			continue
		}
		var res *Verified
		var err error
		if _, mid, _ := strings.Cut(form.token, "."); strings.HasPrefix(mid, ".") {
			res, err = ver.VerifyDetached(form.token, payload)
		} else {
			res, err = ver.Verify(form.token)
		}
		var got []byte
		var alg jwa.SignatureAlgorithm
		if err == nil {
			got, alg = res.Payload(), res.Algorithm()
			if !res.Key().Equal(keys[0]) {
				t.Errorf("%s %s: verified with another key", v.Source, form.name)
			}
		}
		checkOutcome(form.name, got, alg, err)
		if v.Expect == "valid" {
			// A copy with one signature bit changed must fail.
			h, rest, _ := strings.Cut(form.token, ".")
			mid, sig, _ := strings.Cut(rest, ".")
			tampered := h + "." + mid + "." + flipFirst(sig)
			if _, err := ver.VerifyDetached(tampered, payload); mid == "" && !errors.Is(err, ErrSignatureInvalid) {
				t.Errorf("%s %s: tampered copy: %v, want ErrSignatureInvalid", v.Source, form.name, err)
			}
			if _, err := ver.Verify(tampered); mid != "" && !errors.Is(err, ErrSignatureInvalid) {
				t.Errorf("%s %s: tampered copy: %v, want ErrSignatureInvalid", v.Source, form.name, err)
			}
		}
	}
	for _, form := range []struct {
		name string
		doc  json.RawMessage
	}{{"json", v.Output.JSON}, {"json_flat", v.Output.JSONFlat}} {
		if form.doc == nil {
			continue
		}
		var res *VerifiedJSON
		var err error
		if bytes.Contains(form.doc, []byte(`"payload"`)) {
			res, err = ver.VerifyJSON(form.doc)
		} else {
			res, err = ver.VerifyJSONDetached(form.doc, payload)
		}
		var got []byte
		if err == nil {
			got = res.Payload()
			for i, r := range res.Signatures() {
				if r.Err != nil || !r.Key.Equal(keys[i]) || r.Algorithm() != sigs[i].alg {
					t.Errorf("%s %s: signature %d: %+v", v.Source, form.name, i, r)
				}
			}
		}
		checkOutcome(form.name, got, "", err)
		if v.ExpectSignatures != nil {
			checkSignatureOutcomes(t, v, ver, form.doc)
		}
	}

	if v.Deterministic {
		reproduce(t, v, sigs, payload)
	} else {
		resign(t, v, sigs, payload, ver)
	}
	checkIntermediate(t, v, payload)
}

// checkSignatureOutcomes checks each signature's outcome, and that the JWS
// verifies when the policy asks only for the signatures that can.
func checkSignatureOutcomes(t *testing.T, v *vector, ver *Verifier, doc []byte) {
	_, err := ver.VerifyJSON(doc)
	se, ok := errors.AsType[*SignaturesError](err)
	if !ok {
		t.Fatalf("%s: error %v is not a *SignaturesError", v.Source, err)
	}
	if len(se.Signatures) != len(v.ExpectSignatures) {
		t.Fatalf("%s: %d results, want %d", v.Source, len(se.Signatures), len(v.ExpectSignatures))
	}
	valid := 0
	for i, want := range v.ExpectSignatures {
		r := se.Signatures[i]
		if want == "valid" {
			valid++
			if r.Err != nil || r.Key == nil {
				t.Errorf("%s: signature %d: %v, want valid", v.Source, i, r.Err)
			}
			continue
		}
		if !errors.Is(r.Err, sentinels[want]) || r.Key != nil {
			t.Errorf("%s: signature %d: %v, want %s", v.Source, i, r.Err, want)
		}
	}
	if se.Valid != valid || se.Required != len(v.ExpectSignatures) {
		t.Errorf("%s: Valid %d, Required %d; want %d, %d", v.Source, se.Valid, se.Required, valid, len(v.ExpectSignatures))
	}
	p := Policy{Algorithms: ver.Algorithms(), MinValidSignatures: valid}
	var keys []*jwk.Key
	for _, s := range v.sigs(t) {
		keys = append(keys, s.verifyKey(t))
	}
	p.Keys = jwk.NewSet(keys...)
	res, err := mustVerifier(t, p).VerifyJSON(doc)
	if err != nil {
		t.Fatalf("%s: with MinValidSignatures %d: %v", v.Source, valid, err)
	}
	if res.Valid() != valid {
		t.Errorf("%s: Valid() = %d, want %d", v.Source, res.Valid(), valid)
	}
}

// protectedOf returns the base64url protected header of the vector's
// first serialization.
func protectedOf(t *testing.T, v *vector) string {
	for _, tok := range []string{v.Output.Compact, v.Output.CompactDetached} {
		if tok != "" {
			h, _, _ := strings.Cut(tok, ".")
			return h
		}
	}
	for _, doc := range []json.RawMessage{v.Output.JSONFlat, v.Output.JSON} {
		if doc == nil {
			continue
		}
		var d struct {
			Protected  string `json:"protected"`
			Signatures []struct {
				Protected string `json:"protected"`
			} `json:"signatures"`
		}
		if err := json.Unmarshal(doc, &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Signatures) > 0 {
			return d.Signatures[0].Protected
		}
		return d.Protected
	}
	t.Fatalf("%s: no output", v.Source)
	return ""
}

// protectedOctets returns the exact protected header octets the RFC
// signed for a single-signature vector.
func protectedOctets(t *testing.T, v *vector, s vectorSig) []byte {
	if v.Input.ProtectedRaw != "" {
		return []byte(v.Input.ProtectedRaw)
	}
	if s.protected == nil {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, s.protected); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// compactJSON returns raw compacted, or nil.
func compactJSON(t *testing.T, raw json.RawMessage) []byte {
	if raw == nil {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// coreSigner returns a Signer for s under the RFC's exact header octets.
func coreSigner(t *testing.T, v *vector, s vectorSig) *Signer {
	unencoded := v.Type == "jws-b64false"
	signer := mustSigner(t, s.key, s.alg, SignerOptions{Unencoded: unencoded})
	return signer.withProtectedHeader(protectedOctets(t, v, s), compactJSON(t, s.unprotected))
}

// reproduce signs the vector's payload again through the core and
// compares every serialization byte for byte (JSON documents member by
// member, since member order is not significant).
func reproduce(t *testing.T, v *vector, sigs []vectorSig, payload []byte) {
	if sigs[0].key == nil || !sigs[0].key.IsPrivate() {
		return // a validation-only vector (RFC 8037 A.5)
	}
	if len(sigs) != 1 {
		t.Fatalf("%s: deterministic multi-signature vectors are not handled", v.Source)
	}
	signer := coreSigner(t, v, sigs[0])
	if v.Output.Compact != "" {
		var got string
		var err error
		if _, mid, _ := strings.Cut(v.Output.Compact, "."); strings.HasPrefix(mid, ".") {
			got, err = signer.SignDetached(payload)
		} else {
			got, err = signer.Sign(payload)
		}
		if err != nil || got != v.Output.Compact {
			t.Errorf("%s compact: reproduced\n%s, %v\nwant\n%s", v.Source, got, err, v.Output.Compact)
		}
	}
	if v.Output.CompactDetached != "" {
		got, err := signer.SignDetached(payload)
		if err != nil || got != v.Output.CompactDetached {
			t.Errorf("%s compact_detached: reproduced %s, %v; want %s", v.Source, got, err, v.Output.CompactDetached)
		}
	}
	for _, form := range []struct {
		name string
		want json.RawMessage
		sign func([]byte) ([]byte, error)
		det  func([]byte) ([]byte, error)
	}{
		{"json", v.Output.JSON, func(p []byte) ([]byte, error) { return SignJSON(p, signer) }, func(p []byte) ([]byte, error) { return SignJSONDetached(p, signer) }},
		{"json_flat", v.Output.JSONFlat, signer.SignFlattened, signer.SignFlattenedDetached},
	} {
		if form.want == nil {
			continue
		}
		sign := form.sign
		if !bytes.Contains(form.want, []byte(`"payload"`)) {
			sign = form.det
		}
		got, err := sign(payload)
		if err != nil {
			t.Fatalf("%s %s: %v", v.Source, form.name, err)
		}
		if diff := cmp.Diff(jsonValue(t, form.want), jsonValue(t, got)); diff != "" {
			t.Errorf("%s %s: reproduced (-want +got):\n%s", v.Source, form.name, diff)
		}
	}
}

// resign signs the payload with the RFC's private keys (ECDSA and PSS are
// randomized) and verifies the result with the verifier built for the
// vector.
func resign(t *testing.T, v *vector, sigs []vectorSig, payload []byte, ver *Verifier) {
	var signers []*Signer
	for _, s := range sigs {
		if s.key == nil || !s.key.IsPrivate() {
			return
		}
		signers = append(signers, mustSigner(t, s.key, s.alg, SignerOptions{KeyID: s.kid()}))
	}
	doc, err := SignJSON(payload, signers...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ver.VerifyJSON(doc)
	if err != nil {
		t.Fatalf("%s: re-signed JSON does not verify: %v", v.Source, err)
	}
	if !bytes.Equal(res.Payload(), payload) || res.Valid() != len(sigs) {
		t.Errorf("%s: re-signed JSON verified to %q with %d valid", v.Source, res.Payload(), res.Valid())
	}
}

// checkIntermediate compares the RFC 7520 signing input and signature
// with what the core computes.
func checkIntermediate(t *testing.T, v *vector, payload []byte) {
	if v.Intermediate == nil || bytes.HasPrefix(v.Intermediate, []byte("[")) {
		return
	}
	var im struct {
		SigInput string `json:"sig-input"`
		Sig      string `json:"sig"`
	}
	if err := json.Unmarshal(v.Intermediate, &im); err != nil {
		t.Fatal(err)
	}
	s := v.sigs(t)[0]
	prot := base64url.Encode(protectedOctets(t, v, s))
	if got := string(appendSigningInput(nil, prot, payload, false)); got != im.SigInput {
		t.Errorf("%s: signing input %s, want %s", v.Source, got, im.SigInput)
	}
	if v.Deterministic {
		sig, err := coreSigner(t, v, s).sign(payload)
		if err != nil || base64url.Encode(sig) != im.Sig {
			t.Errorf("%s: signature %s, %v; want %s", v.Source, base64url.Encode(sig), err, im.Sig)
		}
	}
}

func checkUnsecuredVector(t *testing.T, v *vector, payload []byte) {
	// An ordinary verifier refuses it, whatever it allows.
	ver := mustVerifier(t, Policy{Algorithms: jwa.SignatureAlgorithms(), Keys: jwk.NewSet(mustKey(t, jwa.HS256))})
	_, err := ver.Verify(v.Output.Compact)
	if !errors.Is(err, sentinels[v.Expect]) {
		t.Fatalf("%s: Verify error = %v, want %s", v.Source, err, v.Expect)
	}
	// The loudly named opt-in reads it.
	u, err := InsecureParseUnsecured(v.Output.Compact)
	if err != nil {
		t.Fatalf("%s: InsecureParseUnsecured: %v", v.Source, err)
	}
	if !bytes.Equal(u.Payload(), payload) || u.Header().Algorithm() != jwa.None {
		t.Errorf("%s: InsecureParseUnsecured = %q, %s", v.Source, u.Payload(), u.Header().Algorithm())
	}
	// Deterministic: the empty signature over the RFC's header octets.
	got := string(appendCompact(nil, base64url.Encode([]byte(v.Input.ProtectedRaw)), base64url.Encode(payload), nil))
	if got != v.Output.Compact {
		t.Errorf("%s: reproduced %s, want %s", v.Source, got, v.Output.Compact)
	}
}

// flipFirst changes the first character of a base64url string to another
// that keeps it canonical.
func flipFirst(s string) string {
	if s == "" {
		return s
	}
	c := byte('A')
	if s[0] == 'A' {
		c = 'B'
	}
	return string(c) + s[1:]
}

// jsonValue decodes a JSON document for comparison.
func jsonValue(t *testing.T, b []byte) any {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return x
}
