package conformance

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// vector is one RFC example, testdata/rfc<N>/<section>.json, copied from
// the RFCs (each file's notes and verification say from where and how it
// was checked). The loader is strict: an unknown field, type or expect, and
// an empty directory, fail the test. A vector this test cannot use keeps
// its data and says why in skip; reproduced says where the deterministic
// output is recomputed byte for byte.
type vector struct {
	Source        string          `json:"source"`
	Type          string          `json:"type"`
	Title         string          `json:"title"`
	Input         vectorInput     `json:"input"`
	Output        vectorOutput    `json:"output"`
	Deterministic bool            `json:"deterministic"`
	Intermediate  json.RawMessage `json:"intermediate"`
	Notes         string          `json:"notes"`
	Verified      string          `json:"verified"`
	Verification  string          `json:"verification"`
	Expect        string          `json:"expect"`
	Skip          string          `json:"skip"`
	Reproduced    string          `json:"reproduced"`
}

type vectorInput struct {
	Key               json.RawMessage `json:"key"` // a JWK, a list (one per signature or recipient), or a JWK Set
	Password          string          `json:"password"`
	Alg               json.RawMessage `json:"alg"` // a string, or one per signature or recipient
	Enc               string          `json:"enc"`
	Payload           string          `json:"payload"`
	PayloadEncoding   string          `json:"payload_encoding"`
	Plaintext         string          `json:"plaintext"`
	PlaintextEncoding string          `json:"plaintext_encoding"`
	PlaintextJWK      json.RawMessage `json:"plaintext_jwk"`
	Claims            json.RawMessage `json:"claims"`
	Protected         json.RawMessage `json:"protected"`
	ProtectedRaw      string          `json:"protected_raw"`
	Unprotected       json.RawMessage `json:"unprotected"`
	Signatures        json.RawMessage `json:"signatures"`
	CEK               string          `json:"cek"`
	IV                string          `json:"iv"`
	EPK               json.RawMessage `json:"epk"`
	P2S               string          `json:"p2s"`
	P2C               int             `json:"p2c"`
	AAD               string          `json:"aad"`
	Zip               string          `json:"zip"`
	APU               string          `json:"apu"`
	APV               string          `json:"apv"`
	KeyDataLen        int             `json:"keydatalen"`
	EphemeralSecret   string          `json:"ephemeral_secret_hex"`
	Hash              string          `json:"hash"`
	Sign              *vectorInput    `json:"sign"`
	Encrypt           *vectorInput    `json:"encrypt"`
	// RFC 7518 Appendix B.
	KHex  string `json:"k_hex"`
	PHex  string `json:"p_hex"`
	IVHex string `json:"iv_hex"`
	AHex  string `json:"a_hex"`
	ALHex string `json:"al_hex"`
}

type vectorOutput struct {
	Compact         string          `json:"compact"`
	CompactDetached string          `json:"compact_detached"`
	InnerCompact    string          `json:"inner_compact"`
	JSON            json.RawMessage `json:"json"`
	JSONFlat        json.RawMessage `json:"json_flat"`
	Canonical       string          `json:"canonical"`
	Thumbprint      string          `json:"thumbprint"`
	URI             string          `json:"uri"`
	DerivedKey      string          `json:"derived_key"`
	EPK             json.RawMessage `json:"epk"`
	ZHex            string          `json:"z_hex"`
	EHex            string          `json:"e_hex"`
	THex            string          `json:"t_hex"`
	Sign            *vectorOutput   `json:"sign"`
	Encrypt         *vectorOutput   `json:"encrypt"`
}

// vectorTypes are the record types the loader knows.
var vectorTypes = []string{"jws", "jws-b64false", "jwe", "jwk", "jwks", "thumbprint", "thumbprint-uri",
	"nested", "ecdh-es-kdf", "x25519-ecdh", "aes-cbc-hmac"}

// expectations maps a vector's expect to the error a rejection must match;
// "valid" means the vector must verify or decrypt.
var expectations = map[string]error{
	"valid":                      nil,
	"jws.ErrSignatureInvalid":    jws.ErrSignatureInvalid,
	"jws.ErrAlgorithmNotAllowed": jws.ErrAlgorithmNotAllowed,
	"jws.ErrMalformed":           jws.ErrMalformed,
	"jwe.ErrDecryption":          jwe.ErrDecryption,
	"jwe.ErrMalformed":           jwe.ErrMalformed,
	"jwe.ErrAlgorithmNotAllowed": jwe.ErrAlgorithmNotAllowed,
	"jwk.ErrMalformed":           jwk.ErrMalformed,
	"jwk.ErrWeakKey":             jwk.ErrWeakKey,
}

// rfcDirs are the testdata directories of RFC vectors (testdata/interop
// holds interop fixtures, not vectors).
var rfcDirs = []string{"rfc7515", "rfc7516", "rfc7517", "rfc7518", "rfc7519", "rfc7520", "rfc7638", "rfc7797", "rfc8037", "rfc9278"}

func loadVectors(t *testing.T) map[string]*vector {
	t.Helper()
	out := map[string]*vector{}
	for _, dir := range rfcDirs {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("testdata/%s: no vectors", dir)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			var v vector
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if dec.More() {
				t.Fatalf("%s: trailing data", f)
			}
			if !slices.Contains(vectorTypes, v.Type) {
				t.Fatalf("%s: unknown type %q", f, v.Type)
			}
			if _, ok := expectations[v.Expect]; !ok {
				t.Fatalf("%s: unknown expect %q", f, v.Expect)
			}
			if v.Source == "" {
				t.Fatalf("%s: no source", f)
			}
			out[filepath.ToSlash(strings.TrimPrefix(f, "testdata"+string(filepath.Separator)))] = &v
		}
	}
	return out
}

// TestRFCVectors runs every RFC example through the public API of jwk, jws
// and jwe: verify or decrypt always (with the RFC keys), and check the
// deterministic outputs that the public API can reach (JWKs, thumbprints,
// key agreement). Signing and encryption outputs are reproduced byte for
// byte by the jws and jwe package tests through their internal cores, as
// each file's "reproduced" says.
func TestRFCVectors(t *testing.T) {
	vectors := loadVectors(t)
	for _, name := range slices.Sorted(mapsKeys(vectors)) {
		v := vectors[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if v.Skip != "" {
				t.Skipf("%s: %s", v.Source, v.Skip)
			}
			err := runVector(t, v)
			want := expectations[v.Expect]
			switch {
			case want == nil && err != nil:
				t.Fatalf("%s (%s): %v", v.Source, v.Title, err)
			case want != nil && !errors.Is(err, want):
				t.Fatalf("%s: got %v, want %v", v.Source, err, want)
			}
		})
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func runVector(t *testing.T, v *vector) error {
	switch v.Type {
	case "jws", "jws-b64false":
		return vectorJWS(t, &v.Input, &v.Output)
	case "jwe":
		return vectorJWE(t, &v.Input, &v.Output)
	case "jwk", "jwks":
		return vectorJWK(t, v)
	case "thumbprint", "thumbprint-uri":
		return vectorThumbprint(t, v)
	case "nested":
		return vectorNested(t, v)
	case "ecdh-es-kdf":
		return vectorECDHES(t, v)
	case "x25519-ecdh":
		return vectorX25519(t, v)
	}
	return fmt.Errorf("type %q has no runner; give the vector a skip reason", v.Type)
}

// vectorKeys parses input.key: one JWK, a list, or a JWK Set.
func vectorKeys(raw json.RawMessage) ([]*jwk.Key, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return nil, nil
	case raw[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, err
		}
		var keys []*jwk.Key
		for _, r := range list {
			k, err := jwk.ParseKey(r)
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
		return keys, nil
	case bytes.Contains(raw, []byte(`"keys"`)):
		s, err := jwk.ParseSet(raw)
		if err != nil {
			return nil, err
		}
		return s.Keys(), nil
	}
	k, err := jwk.ParseKey(raw)
	if err != nil {
		return nil, err
	}
	return []*jwk.Key{k}, nil
}

// vectorAlgs reads input.alg: one name or a list.
func vectorAlgs(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	err := json.Unmarshal(raw, &many)
	return many, err
}

func decodePayload(s, encoding string) ([]byte, error) {
	switch encoding {
	case "utf8", "":
		return []byte(s), nil
	case "base64url":
		return b64.DecodeString(s)
	}
	return nil, fmt.Errorf("unknown payload encoding %q", encoding)
}

func publicKeys(keys []*jwk.Key) (*jwk.Set, error) {
	var pubs []*jwk.Key
	for _, k := range keys {
		if k.Type() == jwa.Oct {
			pubs = append(pubs, k)
			continue
		}
		p, err := k.Public()
		if err != nil {
			return nil, err
		}
		pubs = append(pubs, p)
	}
	return jwk.NewSet(pubs...), nil
}

// vectorJWS verifies every serialization the RFC gives with the public
// keys, and compares the payload.
func vectorJWS(t *testing.T, in *vectorInput, out *vectorOutput) error {
	payload, err := decodePayload(in.Payload, in.PayloadEncoding)
	if err != nil {
		return err
	}
	algs, err := vectorAlgs(in.Alg)
	if err != nil {
		return err
	}
	if len(algs) == 1 && algs[0] == string(jwa.None) {
		// RFC 7515 A.5: an Unsecured JWS; no Policy can list "none".
		u, err := jws.InsecureParseUnsecured(out.Compact)
		if err != nil {
			return err
		}
		if !bytes.Equal(u.Payload(), payload) {
			return errors.New("unsecured payload differs")
		}
		return nil
	}
	keys, err := vectorKeys(in.Key)
	if err != nil {
		return err
	}
	set, err := publicKeys(keys)
	if err != nil {
		return err
	}
	var sigAlgs []jwa.SignatureAlgorithm
	for _, a := range algs {
		sigAlgs = append(sigAlgs, jwa.SignatureAlgorithm(a))
	}
	v, err := jws.NewVerifier(jws.Policy{Algorithms: sigAlgs, Keys: set})
	if err != nil {
		return err
	}
	checked := 0
	check := func(form string, got []byte, err error) error {
		checked++
		if err != nil {
			return fmt.Errorf("%s: %w", form, err)
		}
		if !bytes.Equal(got, payload) {
			return fmt.Errorf("%s: payload differs", form)
		}
		return nil
	}
	for _, c := range []struct {
		form  string
		token string
	}{{"compact", out.Compact}, {"compact_detached", out.CompactDetached}} {
		if c.token == "" {
			continue
		}
		var r *jws.Verified
		if strings.Contains(c.token, "..") {
			r, err = v.VerifyDetached(c.token, payload)
		} else {
			r, err = v.Verify(c.token)
		}
		var got []byte
		if r != nil {
			got = r.Payload()
		}
		if err := check(c.form, got, err); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		form string
		doc  json.RawMessage
	}{{"json", out.JSON}, {"json_flat", out.JSONFlat}} {
		if len(c.doc) == 0 {
			continue
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(c.doc, &members); err != nil {
			return err
		}
		jv, err := jsonVerifier(c.doc, keys, sigAlgs)
		if err != nil {
			return err
		}
		var r *jws.VerifiedJSON
		if _, ok := members["payload"]; ok {
			r, err = jv.VerifyJSON(c.doc)
		} else {
			// RFC 7520 §4.5: detached content.
			r, err = jv.VerifyJSONDetached(c.doc, payload)
		}
		var got []byte
		if r != nil {
			got = r.Payload()
		}
		if err := check(c.form, got, err); err != nil {
			return err
		}
	}
	if checked == 0 {
		return errors.New("no serialization to verify")
	}
	return nil
}

// jsonVerifier returns a verifier for a JSON JWS whose keys carry the
// "kid" of their signature. RFC 7515 A.6 and A.7 name keys ("kid") that the
// RFC's JWKs (A.2, A.3) do not carry; a relying party's key set would, and
// this library tries only keys with the header's "kid". Key i belongs to
// signature i.
func jsonVerifier(doc json.RawMessage, keys []*jwk.Key, algs []jwa.SignatureAlgorithm) (*jws.Verifier, error) {
	var d struct {
		Protected  string          `json:"protected"`
		Header     json.RawMessage `json:"header"`
		Signatures []struct {
			Protected string          `json:"protected"`
			Header    json.RawMessage `json:"header"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	if d.Signatures == nil {
		d.Signatures = append(d.Signatures, struct {
			Protected string          `json:"protected"`
			Header    json.RawMessage `json:"header"`
		}{d.Protected, d.Header})
	}
	named := slices.Clone(keys)
	for i, sig := range d.Signatures {
		if i >= len(named) || named[i].KeyID() != "" {
			continue
		}
		var h struct {
			KID string `json:"kid"`
		}
		if prot, err := b64.DecodeString(sig.Protected); err == nil {
			json.Unmarshal(prot, &h)
		}
		if h.KID == "" && len(sig.Header) > 0 {
			json.Unmarshal(sig.Header, &h)
		}
		if h.KID == "" {
			continue
		}
		m := named[i].Metadata()
		m.KeyID = h.KID
		k, err := named[i].WithMetadata(m)
		if err != nil {
			return nil, err
		}
		named[i] = k
	}
	set, err := publicKeys(named)
	if err != nil {
		return nil, err
	}
	return jws.NewVerifier(jws.Policy{Algorithms: algs, Keys: set})
}

// vectorJWE decrypts every serialization the RFC gives, once per recipient
// key (or with the password), and compares the plaintext.
func vectorJWE(t *testing.T, in *vectorInput, out *vectorOutput) error {
	keys, err := vectorKeys(in.Key)
	if err != nil {
		return err
	}
	algs, err := vectorAlgs(in.Alg)
	if err != nil {
		return err
	}
	var keyAlgs []jwa.KeyAlgorithm
	for _, a := range algs {
		// RSA1_5 is listed explicitly, as this library requires.
		keyAlgs = append(keyAlgs, jwa.KeyAlgorithm(a))
	}
	type credential struct {
		key      *jwk.Key
		password string
	}
	var creds []credential
	for _, k := range keys {
		creds = append(creds, credential{key: k})
	}
	if in.Password != "" {
		creds = append(creds, credential{password: in.Password})
	}
	if len(creds) == 0 {
		return errors.New("no key or password")
	}
	checked := 0
	for i, c := range creds {
		p := jwe.Policy{KeyAlgorithms: keyAlgs, ContentEncryption: []jwa.ContentEncryption{jwa.ContentEncryption(in.Enc)}}
		if c.key != nil {
			p.Keys = jwk.NewSet(c.key)
		} else {
			p.Passwords = []string{c.password}
		}
		d, err := jwe.NewDecrypter(p)
		if err != nil {
			return err
		}
		for _, f := range []struct {
			form string
			data string
			json bool
		}{{"compact", out.Compact, false}, {"json", string(out.JSON), true}, {"json_flat", string(out.JSONFlat), true}} {
			if f.data == "" {
				continue
			}
			if !f.json && len(creds) > 1 && i > 0 {
				continue // a compact JWE has one recipient
			}
			var r *jwe.Decrypted
			if f.json {
				r, err = d.DecryptJSON([]byte(f.data))
			} else {
				r, err = d.Decrypt(f.data)
			}
			if err != nil {
				return fmt.Errorf("%s with credential %d: %w", f.form, i, err)
			}
			checked++
			if err := checkPlaintext(in, r.Plaintext()); err != nil {
				return fmt.Errorf("%s with credential %d: %w", f.form, i, err)
			}
		}
	}
	if checked == 0 {
		return errors.New("no serialization to decrypt")
	}
	return nil
}

func checkPlaintext(in *vectorInput, got []byte) error {
	switch {
	case len(in.PlaintextJWK) > 0:
		return jsonEqual(in.PlaintextJWK, got)
	case in.PlaintextEncoding == "json-claims":
		return jsonEqual(in.Claims, got)
	case in.PlaintextEncoding == "base64url":
		want, err := b64.DecodeString(in.Plaintext)
		if err != nil {
			return err
		}
		if !bytes.Equal(want, got) {
			return errors.New("plaintext differs")
		}
		return nil
	}
	if string(got) != in.Plaintext {
		return errors.New("plaintext differs")
	}
	return nil
}

// jsonEqual compares two JSON texts as values.
func jsonEqual(want, got []byte) error {
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		return err
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Errorf("plaintext is not JSON: %w", err)
	}
	if !reflect.DeepEqual(w, g) {
		return errors.New("JSON plaintext differs")
	}
	return nil
}

// vectorJWK parses the RFC keys and checks that marshaling them gives the
// same members back and that the result parses to an equal key.
func vectorJWK(t *testing.T, v *vector) error {
	var docs []json.RawMessage
	raw := bytes.TrimSpace(v.Input.Key)
	if v.Type == "jwks" {
		var set struct {
			Keys []json.RawMessage `json:"keys"`
		}
		if err := json.Unmarshal(raw, &set); err != nil {
			return err
		}
		if _, err := jwk.ParseSet(raw); err != nil {
			return err
		}
		docs = set.Keys
	} else {
		docs = []json.RawMessage{raw}
	}
	for i, doc := range docs {
		k, err := jwk.ParseKey(doc)
		if err != nil {
			return fmt.Errorf("key %d: %w", i, err)
		}
		b, err := k.MarshalJSON()
		if err != nil {
			return fmt.Errorf("key %d: %w", i, err)
		}
		if err := jsonEqual(doc, b); err != nil {
			return fmt.Errorf("key %d: marshaled members differ: %w", i, err)
		}
		again, err := jwk.ParseKey(b)
		if err != nil {
			return fmt.Errorf("key %d: parsing the marshaled key: %w", i, err)
		}
		if !again.Equal(k) {
			return fmt.Errorf("key %d: round trip changed the key", i)
		}
	}
	return nil
}

func vectorThumbprint(t *testing.T, v *vector) error {
	k, err := jwk.ParseKey(v.Input.Key)
	if err != nil {
		return err
	}
	if v.Type == "thumbprint-uri" {
		if v.Input.Hash != "SHA-256" {
			return fmt.Errorf("hash %q not handled", v.Input.Hash)
		}
		uri, err := k.ThumbprintURI(crypto.SHA256)
		if err != nil {
			return err
		}
		if uri != v.Output.URI {
			return fmt.Errorf("thumbprint URI %q, want %q", uri, v.Output.URI)
		}
		return nil
	}
	if got := string(k.ThumbprintInput()); got != v.Output.Canonical {
		return fmt.Errorf("canonical JSON %q, want %q", got, v.Output.Canonical)
	}
	tp, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		return err
	}
	if got := b64.EncodeToString(tp); got != v.Output.Thumbprint {
		return fmt.Errorf("thumbprint %q, want %q", got, v.Output.Thumbprint)
	}
	return nil
}

// vectorNested decrypts the outer JWE and verifies the inner JWS (RFC 7519
// A.2, RFC 7520 §6).
func vectorNested(t *testing.T, v *vector) error {
	enc, sign := v.Input.Encrypt, v.Input.Sign
	if enc == nil || sign == nil {
		return errors.New("nested vector without sign and encrypt inputs")
	}
	outer, inner := &vectorOutput{Compact: v.Output.Compact}, &vectorOutput{Compact: v.Output.InnerCompact}
	if v.Output.Encrypt != nil {
		outer = v.Output.Encrypt
	}
	if v.Output.Sign != nil {
		inner = v.Output.Sign
	}
	// The outer plaintext is the inner JWS.
	encIn := *enc
	encIn.Plaintext, encIn.PlaintextEncoding, encIn.Claims = inner.Compact, "utf8", nil
	if err := vectorJWE(t, &encIn, outer); err != nil {
		return fmt.Errorf("outer JWE: %w", err)
	}
	signIn := *sign
	if len(sign.Claims) > 0 {
		// RFC 7519 A.2 gives the claims as JSON; its payload octets are
		// those of RFC 7519 §3.1 and are checked by value.
		keys, err := vectorKeys(sign.Key)
		if err != nil {
			return err
		}
		set, err := publicKeys(keys)
		if err != nil {
			return err
		}
		algs, _ := vectorAlgs(sign.Alg)
		ver, err := jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.SignatureAlgorithm(algs[0])}, Keys: set})
		if err != nil {
			return err
		}
		r, err := ver.Verify(inner.Compact)
		if err != nil {
			return fmt.Errorf("inner JWS: %w", err)
		}
		return jsonEqual(sign.Claims, r.Payload())
	}
	if err := vectorJWS(t, &signIn, inner); err != nil {
		return fmt.Errorf("inner JWS: %w", err)
	}
	return nil
}

// vectorECDHES checks RFC 7518 Appendix C through the public API: a JWE
// whose CEK is the RFC's derived key, under the RFC's header (epk, apu,
// apv), must decrypt with the RFC's recipient key, which happens only if
// jwe derives the same key from the same agreement.
func vectorECDHES(t *testing.T, v *vector) error {
	cek, err := b64.DecodeString(v.Output.DerivedKey)
	if err != nil {
		return err
	}
	token, plaintext, err := gcmJWE(v.Input.Protected, cek)
	if err != nil {
		return err
	}
	return decryptWith(v.Input.Key, v.Input.Protected, token, plaintext)
}

// vectorX25519 checks RFC 8037 A.6, which gives only the ephemeral secret,
// Bob's public key and Z. X25519 is symmetric (Z = X25519(a, B) =
// X25519(b, A)), so with the ephemeral private key as the recipient and
// Bob's public key as "epk" the recipient computes the same Z; the test
// derives the ECDH-ES (direct, A128GCM) key from the RFC's Z with its own
// Concat KDF (RFC 7518 §4.6.2), encrypts, and jwe must decrypt.
func vectorX25519(t *testing.T, v *vector) error {
	secret, err := hex.DecodeString(v.Input.EphemeralSecret)
	if err != nil {
		return err
	}
	z, err := hex.DecodeString(v.Output.ZHex)
	if err != nil {
		return err
	}
	eph, err := ecdh.X25519().NewPrivateKey(secret)
	if err != nil {
		return err
	}
	recipient, err := jwk.NewECDHPrivateKey(eph)
	if err != nil {
		return err
	}
	// The ephemeral public key is the RFC's epk.
	pub, err := recipient.Public()
	if err != nil {
		return err
	}
	pubJSON, err := pub.MarshalJSON()
	if err != nil {
		return err
	}
	if err := jsonEqual(v.Output.EPK, pubJSON); err != nil {
		return fmt.Errorf("ephemeral public key: %w", err)
	}
	var bob map[string]any
	if err := json.Unmarshal(v.Input.Key, &bob); err != nil {
		return err
	}
	header, err := json.Marshal(map[string]any{
		"alg": "ECDH-ES", "enc": "A128GCM",
		"epk": map[string]any{"kty": "OKP", "crv": "X25519", "x": bob["x"]},
	})
	if err != nil {
		return err
	}
	cek := concatKDF(z, "A128GCM", nil, nil, 128)
	token, plaintext, err := gcmJWE(header, cek)
	if err != nil {
		return err
	}
	recipientJSON, err := recipient.MarshalJSON()
	if err != nil {
		return err
	}
	return decryptWith(recipientJSON, header, token, plaintext)
}

// gcmJWE builds a compact JWE with the given protected header, a direct
// CEK and AES-GCM (RFC 7516 §5.1 steps 11–19, with no encrypted key), with
// the standard library only.
func gcmJWE(header json.RawMessage, cek []byte) (string, []byte, error) {
	block, err := aes.NewCipher(cek)
	if err != nil {
		return "", nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", nil, err
	}
	iv := make([]byte, gcm.NonceSize())
	rand.Read(iv)
	plaintext := []byte("RFC vector check: the derived key matches")
	protected := b64.EncodeToString(header)
	sealed := gcm.Seal(nil, iv, plaintext, []byte(protected))
	ct, tag := sealed[:len(sealed)-gcm.Overhead()], sealed[len(sealed)-gcm.Overhead():]
	return strings.Join([]string{protected, "", b64.EncodeToString(iv), b64.EncodeToString(ct), b64.EncodeToString(tag)}, "."), plaintext, nil
}

func decryptWith(keyJSON, header json.RawMessage, token string, want []byte) error {
	var h struct {
		Alg string `json:"alg"`
		Enc string `json:"enc"`
	}
	if err := json.Unmarshal(header, &h); err != nil {
		return err
	}
	k, err := jwk.ParseKey(keyJSON)
	if err != nil {
		return err
	}
	d, err := jwe.NewDecrypter(jwe.Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.KeyAlgorithm(h.Alg)},
		ContentEncryption: []jwa.ContentEncryption{jwa.ContentEncryption(h.Enc)}, Keys: jwk.NewSet(k)})
	if err != nil {
		return err
	}
	r, err := d.Decrypt(token)
	if err != nil {
		return err
	}
	if !bytes.Equal(r.Plaintext(), want) {
		return errors.New("plaintext differs")
	}
	return nil
}

// concatKDF is RFC 7518 §4.6.2 (NIST SP 800-56A Concat KDF with SHA-256)
// for key sizes up to 256 bits, written here independently of
// internal/concatkdf.
func concatKDF(z []byte, algID string, apu, apv []byte, keyBits int) []byte {
	var buf []byte
	buf = binary.BigEndian.AppendUint32(buf, 1) // round 1
	buf = append(buf, z...)
	for _, f := range [][]byte{[]byte(algID), apu, apv} {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(f)))
		buf = append(buf, f...)
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(keyBits))
	sum := sha256.Sum256(buf)
	return sum[:keyBits/8]
}
