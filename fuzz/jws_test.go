package fuzz_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// jwsSentinels are the jws sentinels; every error names exactly one,
// except that ErrUnsecured is also ErrAlgorithmNotAllowed.
var jwsSentinels = []error{jws.ErrMalformed, jws.ErrAlgorithmNotAllowed, jws.ErrNoKey, jws.ErrSignatureInvalid, jws.ErrTooLarge, jws.ErrCritical}

// Fixed keys (RFC 7520 §3.5 and RFC 8037 Appendix A.1 with a kid): the
// seeds they sign verify, so the fuzzer starts from accepted inputs.
const (
	fuzzHMACJWK = `{"kty":"oct","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037","use":"sig","alg":"HS256","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}`
	fuzzEdJWK   = `{"kty":"OKP","crv":"Ed25519","kid":"ed-1","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`
)

// jwsFixture is built once per test binary.
type jwsFixture struct {
	hmac, ed *jws.Signer
	strict   *jws.Verifier // every signature must verify
	lenient  *jws.Verifier // MinValidSignatures 1
	keys     *jwk.Set
}

var fixture = sync.OnceValues(func() (*jwsFixture, error) {
	hk, err := jwk.ParseKey([]byte(fuzzHMACJWK))
	if err != nil {
		return nil, err
	}
	ek, err := jwk.ParseKey([]byte(fuzzEdJWK))
	if err != nil {
		return nil, err
	}
	keys := []*jwk.Key{hk, ek}
	// The public keys of the RFC vectors too, so that their seeds verify.
	files, _ := filepath.Glob("../jws/testdata/*/*.json")
	for _, f := range files {
		var v struct {
			Input struct {
				Key json.RawMessage `json:"key"`
			} `json:"input"`
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, err
		}
		var raws []json.RawMessage
		if bytes.HasPrefix(v.Input.Key, []byte("[")) {
			_ = json.Unmarshal(v.Input.Key, &raws)
		} else if len(v.Input.Key) > 0 {
			raws = append(raws, v.Input.Key)
		}
		for _, r := range raws {
			k, err := jwk.ParseKey(r)
			if err != nil {
				return nil, err
			}
			if k.Type() != jwa.Oct {
				if k, err = k.Public(); err != nil {
					return nil, err
				}
			}
			keys = append(keys, k)
		}
	}
	fx := &jwsFixture{keys: jwk.NewSet(keys...)}
	if fx.hmac, err = jws.NewSigner(hk, jwa.HS256, jws.SignerOptions{}); err != nil {
		return nil, err
	}
	if fx.ed, err = jws.NewSigner(ek, jwa.EdDSA, jws.SignerOptions{}); err != nil {
		return nil, err
	}
	p := jws.Policy{Algorithms: jwa.SignatureAlgorithms(), Keys: fx.keys, Critical: []string{"exp"}}
	if fx.strict, err = jws.NewVerifier(p); err != nil {
		return nil, err
	}
	p.MinValidSignatures = 1
	if fx.lenient, err = jws.NewVerifier(p); err != nil {
		return nil, err
	}
	return fx, nil
})

func mustFixture(tb testing.TB) *jwsFixture {
	tb.Helper()
	fx, err := fixture()
	if err != nil {
		tb.Fatal(err)
	}
	return fx
}

// jwsSeeds returns the serializations of every vector in jws/testdata,
// tokens signed with the fixture's keys, and attack cases. It fails when
// it finds no vectors, so that a moved testdata folder cannot silently
// empty the corpus.
func jwsSeeds(tb testing.TB) (compact []string, docs [][]byte) {
	tb.Helper()
	files, err := filepath.Glob("../jws/testdata/*/*.json")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no JWS seed vectors found: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var v struct {
			Output struct {
				Compact         string          `json:"compact"`
				CompactDetached string          `json:"compact_detached"`
				JSON            json.RawMessage `json:"json"`
				JSONFlat        json.RawMessage `json:"json_flat"`
			} `json:"output"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, c := range []string{v.Output.Compact, v.Output.CompactDetached} {
			if c != "" {
				compact = append(compact, c)
			}
		}
		for _, d := range []json.RawMessage{v.Output.JSON, v.Output.JSONFlat} {
			if d != nil {
				docs = append(docs, d)
			}
		}
	}
	if len(compact) == 0 || len(docs) == 0 {
		tb.Fatal("the vectors hold no JWS serializations")
	}
	fx := mustFixture(tb)
	payload := []byte(`{"iss":"joe","exp":1300819380}`)
	for _, s := range []*jws.Signer{fx.hmac, fx.ed} {
		tok, err := s.Sign(payload)
		if err != nil {
			tb.Fatal(err)
		}
		det, _ := s.SignDetached(payload)
		flat, _ := s.SignFlattened(payload)
		compact = append(compact, tok, det)
		docs = append(docs, flat)
	}
	general, err := jws.SignJSON(payload, fx.hmac, fx.ed)
	if err != nil {
		tb.Fatal(err)
	}
	docs = append(docs, general)
	compact = append(compact,
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
		"eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.AAAA",
		"eyJhbGciOiJIUzI1NiIsImNyaXQiOltdfQ.e30.AAAA",
		"eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.$.02.AAAA",
		"eyJhbGciOiJFUzI1NiJ9.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"..",
		"a.b.c.d.e",
		" eyJhbGciOiJIUzI1NiJ9.e30.AAAA\n",
	)
	docs = append(docs,
		[]byte(`{"payload":"e30","header":{"alg":"HS256"},"signature":"AAAA"}`),
		[]byte(`{"payload":"e30","signatures":[]}`),
		[]byte(`{"payload":"e30","signatures":[{"protected":"eyJhbGciOiJIUzI1NiJ9","header":{"alg":"none"},"signature":""}]}`),
		[]byte(`{"signatures":[{"protected":"","signature":""}],"protected":"x"}`),
		[]byte(`[]`),
	)
	return compact, docs
}

// checkError fails unless err names exactly one sentinel.
func checkError(t *testing.T, err error) {
	t.Helper()
	if _, ok := errors.AsType[*jws.SignaturesError](err); ok {
		return // wraps one error per failed signature
	}
	n := 0
	for _, s := range jwsSentinels {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("error %q matches %d sentinels, want 1", err, n)
	}
	if !strings.HasPrefix(err.Error(), "jws: ") {
		t.Fatalf("error %q lacks the jws: prefix", err)
	}
}

// FuzzJWSCompact: Verify, VerifyDetached and InsecureParseUnsecured never
// panic and fail with exactly one sentinel; a verified token verifies
// again to the same result, and its payload re-encodes to the token's
// payload part (parse → serialize is the identity); and the input, as a
// payload, survives sign → verify.
func FuzzJWSCompact(f *testing.F) {
	compact, _ := jwsSeeds(f)
	for _, c := range compact {
		f.Add(c)
	}
	fx := mustFixture(f)
	f.Fuzz(func(t *testing.T, token string) {
		res, err := fx.strict.Verify(token)
		if err != nil {
			if res != nil {
				t.Fatal("result with an error")
			}
			checkError(t, err)
		} else {
			again, err := fx.strict.Verify(token)
			if err != nil || !bytes.Equal(again.Payload(), res.Payload()) || !again.Key().Equal(res.Key()) || again.Algorithm() != res.Algorithm() {
				t.Fatalf("a verified token did not verify again the same: %v", err)
			}
			_, mid, _ := strings.Cut(token, ".")
			mid, _, _ = strings.Cut(mid, ".")
			want := base64url.Encode(res.Payload())
			if res.Header().Unencoded() {
				want = string(res.Payload())
			}
			if mid != want {
				t.Fatalf("payload part %q does not re-serialize to itself (%q)", mid, want)
			}
			if !res.Header().IsProtected("alg") || !res.Algorithm().Supported() {
				t.Fatal("verified without a protected alg")
			}
		}
		if _, err := fx.strict.VerifyDetached(token, []byte("detached")); err != nil {
			checkError(t, err)
		}
		if u, err := jws.InsecureParseUnsecured(token); err == nil {
			if u.Header().Algorithm() != jwa.None {
				t.Fatalf("InsecureParseUnsecured accepted %q", u.Header().Algorithm())
			}
		} else {
			checkError(t, err)
		}

		// Sign → verify round trip with the input as the payload.
		payload := []byte(token)
		for _, s := range []*jws.Signer{fx.hmac, fx.ed} {
			tok, err := s.Sign(payload)
			if err != nil {
				t.Fatal(err)
			}
			res, err := fx.strict.Verify(tok)
			if err != nil || !bytes.Equal(res.Payload(), payload) {
				t.Fatalf("sign/verify round trip: %v", err)
			}
		}
	})
}

// FuzzJWSJSON: VerifyJSON never panics and fails with exactly one
// sentinel (or a SignaturesError); a verified JWS re-serializes (general
// form) to a document that verifies to the same payload and outcomes, and
// re-serializes to the same bytes; and the input, as a payload, survives
// SignJSON → VerifyJSON.
func FuzzJWSJSON(f *testing.F) {
	_, docs := jwsSeeds(f)
	for _, d := range docs {
		f.Add(d)
	}
	fx := mustFixture(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		for _, ver := range []*jws.Verifier{fx.strict, fx.lenient} {
			res, err := ver.VerifyJSON(data)
			if !bytes.Equal(in, data) {
				t.Fatal("VerifyJSON modified its input")
			}
			if err != nil {
				if res != nil {
					t.Fatal("result with an error")
				}
				checkError(t, err)
				if se, ok := errors.AsType[*jws.SignaturesError](err); ok && (se.Valid >= se.Required || len(se.Signatures) == 0) {
					t.Fatalf("SignaturesError %d of %d, %d required", se.Valid, len(se.Signatures), se.Required)
				}
				continue
			}
			if res.Valid() < 1 || res.Valid() > len(res.Signatures()) {
				t.Fatalf("Valid() = %d of %d", res.Valid(), len(res.Signatures()))
			}
			out, err := res.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			res2, err := ver.VerifyJSON(out)
			if err != nil {
				t.Fatalf("re-serialized JWS does not verify: %v\n%s", err, out)
			}
			if !bytes.Equal(res2.Payload(), res.Payload()) || res2.Valid() != res.Valid() {
				t.Fatal("re-serialized JWS verifies differently")
			}
			out2, _ := res2.MarshalJSON()
			if !bytes.Equal(out, out2) {
				t.Fatalf("serialization not stable:\n%s\n%s", out, out2)
			}
		}
		if _, err := fx.strict.VerifyJSONDetached(data, []byte("detached")); err != nil {
			checkError(t, err)
		}

		doc, err := jws.SignJSON(data, fx.hmac, fx.ed)
		if err != nil {
			t.Fatal(err)
		}
		res, err := fx.strict.VerifyJSON(doc)
		if err != nil || !bytes.Equal(res.Payload(), data) {
			t.Fatalf("SignJSON/VerifyJSON round trip: %v", err)
		}
	})
}
