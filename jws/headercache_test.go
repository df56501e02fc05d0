package jws

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// cacheFixture is an HS256 key, a Verifier for it, and a Signer whose
// tokens all carry the same protected header.
type cacheFixture struct {
	key    *jwk.Key
	ver    *Verifier
	signer *Signer
}

func newCacheFixture(t *testing.T, p Policy, opts SignerOptions) cacheFixture {
	t.Helper()
	key := withKeyID(t, mustKey(t, jwa.HS256), "cache")
	if p.Algorithms == nil {
		p.Algorithms = []jwa.SignatureAlgorithm{jwa.HS256}
	}
	p.Keys = jwk.NewSet(key)
	return cacheFixture{key: key, ver: mustVerifier(t, p), signer: mustSigner(t, key, jwa.HS256, opts)}
}

func (f cacheFixture) sign(t *testing.T, payload string) string {
	t.Helper()
	tok, err := f.signer.Sign([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// headerView is what a caller can see of a Header.
type headerView struct {
	Alg       jwa.SignatureAlgorithm
	Kid, Typ  string
	Crit      []string
	Unencoded bool
	Names     []string
	Ext       string
}

func viewOf(t *testing.T, h *Header) headerView {
	t.Helper()
	ext, _, err := h.GetString("ext")
	if err != nil {
		t.Fatal(err)
	}
	return headerView{h.Algorithm(), h.KeyID(), h.Type(), h.Critical(), h.Unencoded(), h.Names(), ext}
}

func protectedPart(tok string) string { p, _, _ := strings.Cut(tok, "."); return p }

// TestHeaderCacheHitEqualsMiss: a token whose header is cached gives the
// same header, payload and key as the first token with that header, which
// was parsed.
func TestHeaderCacheHitEqualsMiss(t *testing.T) {
	f := newCacheFixture(t, Policy{Critical: []string{"ext"}}, SignerOptions{
		Type:      "at+jwt",
		Critical:  []string{"ext"},
		Protected: map[string]json.RawMessage{"ext": json.RawMessage(`"v"`)},
	})
	first := f.sign(t, `{"n":1}`)
	second := f.sign(t, `{"n":2}`)
	if protectedPart(first) != protectedPart(second) {
		t.Fatal("the fixture's tokens should share their protected header")
	}
	if f.ver.headers.lookup(protectedPart(first)) != nil {
		t.Fatal("cache holds the header before any token verified")
	}
	miss, err := f.ver.Verify(first)
	if err != nil {
		t.Fatal(err)
	}
	if f.ver.headers.lookup(protectedPart(first)) == nil {
		t.Fatal("a verified token's header was not cached")
	}
	hit, err := f.ver.Verify(second)
	if err != nil {
		t.Fatal(err)
	}
	want := headerView{jwa.HS256, "cache", "at+jwt", []string{"ext"}, false, []string{"alg", "crit", "kid", "typ", "ext"}, "v"}
	if diff := cmp.Diff(want, viewOf(t, miss.Header())); diff != "" {
		t.Errorf("parsed header (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, viewOf(t, hit.Header())); diff != "" {
		t.Errorf("cached header (-want +got):\n%s", diff)
	}
	if string(miss.Payload()) != `{"n":1}` || string(hit.Payload()) != `{"n":2}` {
		t.Errorf("payloads %q and %q, want {\"n\":1} and {\"n\":2}", miss.Payload(), hit.Payload())
	}
	if !hit.Key().Equal(f.key) {
		t.Error("the cached path reports another key")
	}
	if !hit.Header().IsProtected("ext") {
		t.Error(`cached header: "ext" not reported as protected`)
	}
}

// TestHeaderCacheStillVerifies: a cached header skips only the header's own
// parsing. A forged signature, a bad payload or signature encoding, and an
// unencoded or detached payload are all handled as without the cache.
func TestHeaderCacheStillVerifies(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{Type: "JWT"})
	good := f.sign(t, `{"sub":"a"}`)
	if _, err := f.ver.Verify(good); err != nil {
		t.Fatal(err)
	}
	if f.ver.headers.lookup(protectedPart(good)) == nil {
		t.Fatal("header not cached")
	}
	p, rest, _ := strings.Cut(good, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	other := f.sign(t, `{"sub":"b"}`)
	_, otherRest, _ := strings.Cut(other, ".")
	otherPayload, _, _ := strings.Cut(otherRest, ".")
	flipped := []byte(sig)
	flipped[3] ^= 'A' ^ 'B'
	if flipped[3] == sig[3] {
		flipped[3] = 'A'
	}
	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"signature of another payload", p + "." + otherPayload + "." + sig, ErrSignatureInvalid},
		{"altered signature", p + "." + payload + "." + string(flipped), ErrSignatureInvalid},
		{"payload not base64url", p + ".e30*." + sig, ErrMalformed},
		{"signature not base64url", p + "." + payload + ".%%%", ErrMalformed},
		{"empty signature", p + "." + payload + ".", ErrSignatureInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := f.ver.Verify(c.token)
			if res != nil {
				t.Fatal("a result came back with the error")
			}
			wantSentinel(t, err, c.want)
		})
	}
}

// TestHeaderCacheNotFilledByFailures: tokens that do not verify never enter
// the cache, so input without a valid signature cannot fill or evict it.
func TestHeaderCacheNotFilledByFailures(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{})
	wrongKey := withKeyID(t, mustKey(t, jwa.HS256), "cache") // same kid, other secret
	for i := range 3 * headerCacheSlots {
		forged, err := mustSigner(t, wrongKey, jwa.HS256, SignerOptions{Type: "t" + strconv.Itoa(i)}).Sign([]byte("{}"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ver.Verify(forged); !errors.Is(err, ErrSignatureInvalid) {
			t.Fatalf("forged token %d: %v, want ErrSignatureInvalid", i, err)
		}
	}
	// Tokens that fail the policy or the structure after the header.
	algOnly := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS384}, Keys: jwk.NewSet(withKeyID(t, mustKey(t, jwa.HS384), "x"))})
	good := f.sign(t, "{}")
	if _, err := algOnly.Verify(good); !errors.Is(err, ErrAlgorithmNotAllowed) {
		t.Fatalf("HS256 token under an HS384 policy: %v", err)
	}
	for _, v := range []*Verifier{f.ver, algOnly} {
		for i := range v.headers.slots {
			if e := v.headers.slots[i].Load(); e != nil {
				t.Errorf("slot %d holds %q after only failed verifications", i, e.protected)
			}
		}
	}
}

// TestHeaderCachePolicyPerVerifier: a header cached by one Verifier does
// not let it through another Verifier whose policy refuses it.
func TestHeaderCachePolicyPerVerifier(t *testing.T) {
	f := newCacheFixture(t, Policy{Critical: []string{"ext"}}, SignerOptions{
		Critical:  []string{"ext"},
		Protected: map[string]json.RawMessage{"ext": json.RawMessage(`1`)},
	})
	tok := f.sign(t, "{}")
	for range 2 {
		if _, err := f.ver.Verify(tok); err != nil {
			t.Fatal(err)
		}
	}
	strict := mustVerifier(t, Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256}, Keys: jwk.NewSet(f.key)})
	for range 2 {
		_, err := strict.Verify(tok)
		wantSentinel(t, err, ErrCritical)
	}
}

// TestHeaderCacheOwnsItsMemory: an entry keeps neither the token's string
// nor the payload's buffer alive.
func TestHeaderCacheOwnsItsMemory(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{Type: "JWT"})
	tok := f.sign(t, `{"big":"`+strings.Repeat("x", 4096)+`"}`)
	res, err := f.ver.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	e := f.ver.headers.slot(protectedPart(tok)).Load()
	if e == nil {
		t.Fatal("header not cached")
	}
	tokStart := uintptr(unsafe.Pointer(unsafe.StringData(tok)))
	if p := uintptr(unsafe.Pointer(unsafe.StringData(e.protected))); p >= tokStart && p < tokStart+uintptr(len(tok)) {
		t.Error("the cached protected string points into the token")
	}
	raw, ok := e.hdr.Get("typ") // a copy; check the entry's own bytes instead
	if !ok || string(raw) != `"JWT"` {
		t.Fatalf(`cached "typ" = %s, %v`, raw, ok)
	}
	v, _, _ := e.hdr.h.Get("typ")
	if p := res.Payload(); len(p) > 0 {
		start := uintptr(unsafe.Pointer(unsafe.SliceData(p)))
		q := uintptr(unsafe.Pointer(unsafe.SliceData(v.Raw())))
		if q >= start-64 && q < start+uintptr(cap(p)) {
			t.Error("the cached header's values share the payload's buffer")
		}
	}
}

// TestHeaderCacheLongHeaderNotCached: a header above maxCachedHeader is
// parsed every time and never stored.
func TestHeaderCacheLongHeaderNotCached(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{
		Protected: map[string]json.RawMessage{"pad": json.RawMessage(`"` + strings.Repeat("p", maxCachedHeader) + `"`)},
	})
	tok := f.sign(t, "{}")
	for range 2 {
		res, err := f.ver.Verify(tok)
		if err != nil {
			t.Fatal(err)
		}
		if pad, _, _ := res.Header().GetString("pad"); len(pad) != maxCachedHeader {
			t.Fatalf("pad has %d characters", len(pad))
		}
	}
	if e := f.ver.headers.slot(protectedPart(tok)).Load(); e != nil {
		t.Error("a header longer than maxCachedHeader was cached")
	}
}

// TestHeaderCacheDetachedAndUnencoded: the cached path reads the payload
// the way the header says, for detached and RFC 7797 payloads.
func TestHeaderCacheDetachedAndUnencoded(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{Unencoded: true})
	for _, payload := range []string{"$.02", "second payload"} {
		tok, err := f.signer.SignDetached([]byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.ver.VerifyDetached(tok, []byte(payload))
		if err != nil {
			t.Fatalf("%q: %v", payload, err)
		}
		if string(res.Payload()) != payload || !res.Header().Unencoded() {
			t.Errorf("payload %q, unencoded %v; want %q, true", res.Payload(), res.Header().Unencoded(), payload)
		}
		if _, err := f.ver.VerifyDetached(tok, []byte(payload+"!")); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("%q with another detached payload: %v, want ErrSignatureInvalid", payload, err)
		}
	}
	if f.ver.headers.lookup(protectedPart(mustSignDetached(t, f.signer, "x"))) == nil {
		t.Error("the unencoded header was not cached")
	}
}

func mustSignDetached(t *testing.T, s *Signer, payload string) string {
	t.Helper()
	tok, err := s.SignDetached([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestHeaderCacheConcurrent verifies tokens with more distinct headers
// than the cache has slots from several goroutines, so that entries are
// replaced while others read them (run it with -race).
func TestHeaderCacheConcurrent(t *testing.T) {
	f := newCacheFixture(t, Policy{}, SignerOptions{})
	const headers = 3 * headerCacheSlots
	tokens := make([]string, headers)
	for i := range tokens {
		s := mustSigner(t, f.key, jwa.HS256, SignerOptions{Type: "t" + strconv.Itoa(i)})
		tok, err := s.Sign([]byte(strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = tok
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Go(func() {
			for round := range 5 {
				for i := range tokens {
					k := (i*7 + g*13 + round) % headers
					res, err := f.ver.Verify(tokens[k])
					if err != nil {
						errs <- err
						return
					}
					if res.Header().Type() != "t"+strconv.Itoa(k) || string(res.Payload()) != strconv.Itoa(k) {
						errs <- errors.New("token " + strconv.Itoa(k) + ": header or payload of another token")
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	stored := 0
	for i := range f.ver.headers.slots {
		if f.ver.headers.slots[i].Load() != nil {
			stored++
		}
	}
	if stored == 0 || stored > headerCacheSlots {
		t.Errorf("%d slots used, want 1 to %d", stored, headerCacheSlots)
	}
}
