package jwt_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// RSA generation is slow: one key per test binary.
var pubRSAKey = sync.OnceValues(func() (*jwk.Key, error) {
	k, err := jwk.GenerateRSA(2048)
	if err != nil {
		return nil, err
	}
	return k.WithMetadata(jwk.Metadata{KeyID: "rsa-1", Algorithm: string(jwa.RS256)})
})

// pubKeys returns private keys of every asymmetric type, and a symmetric
// key, each with a "kid".
func pubKeys(t testing.TB) (asym []*jwk.Key, secret *jwk.Key) {
	t.Helper()
	rsa, err := pubRSAKey()
	if err != nil {
		t.Fatal(err)
	}
	asym = append(asym, rsa)
	for _, crv := range []jwa.Curve{jwa.P256, jwa.Ed25519, jwa.X25519} {
		k, err := jwk.GenerateCurve(crv)
		if err != nil {
			t.Fatal(err)
		}
		if k, err = k.WithMetadata(jwk.Metadata{KeyID: string(crv)}); err != nil {
			t.Fatal(err)
		}
		asym = append(asym, k)
	}
	secret, err = jwk.GenerateForSignature(jwa.HS256)
	if err != nil {
		t.Fatal(err)
	}
	if secret, err = secret.WithMetadata(jwk.Metadata{KeyID: "hmac"}); err != nil {
		t.Fatal(err)
	}
	return asym, secret
}

func serve(h http.Handler, method string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "https://idp.example/jwks.json", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The handler publishes public keys only, whatever it is given: no private
// RSA, EC or OKP members, no symmetric keys.
func TestKeySetHandlerServesOnlyPublicKeys(t *testing.T) {
	t.Parallel()
	asym, secret := pubKeys(t)
	rot, err := jwt.NewRotation(asym[0], asym[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	publishers := []struct {
		name string
		keys jwt.KeyPublisher
	}{
		{"private jwk.Set", jwk.NewSet(append(asym, secret)...)},
		{"Rotation", rot},
		{"publisher returning private keys", leakyPublisher{jwk.NewSet(append(asym, secret)...)}},
	}
	var wantKids []string
	for _, k := range asym {
		wantKids = append(wantKids, k.KeyID())
	}
	for _, p := range publishers {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(jwt.KeySetHandler(p.keys, 0), http.MethodGet)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			obj, err := json.ParseObject(rec.Body.Bytes(), json.Limits{MaxSize: 1 << 20, MaxDepth: 8})
			if err != nil {
				t.Fatal(err)
			}
			keysVal, _ := obj.Get("keys")
			elems, err := keysVal.Array()
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range elems {
				ko, err := e.Object()
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ko.Members() {
					switch m.Name {
					case "d", "p", "q", "dp", "dq", "qi", "oth", "k":
						t.Errorf("key %d publishes private member %q", i, m.Name)
					}
				}
			}
			set, err := jwk.ParseSet(rec.Body.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range set.All() {
				if k.IsPrivate() {
					t.Errorf("key %q is private", k.KeyID())
				}
			}
			if diff := cmp.Diff(wantKids, rsKeyIDs(set)); diff != "" {
				t.Errorf("published kids (-want +got):\n%s", diff)
			}
		})
	}
}

// leakyPublisher is a faulty KeyPublisher whose Public returns private keys.
type leakyPublisher struct{ set *jwk.Set }

func (l leakyPublisher) Public() *jwk.Set { return l.set }

func TestKeySetHandlerHeaders(t *testing.T) {
	t.Parallel()
	set := jwk.NewSet(rsKey(t, "a"))
	tests := []struct {
		name         string
		maxAge       time.Duration
		cacheControl string
	}{
		{"five minutes", 5 * time.Minute, "public, max-age=300"},
		{"fraction truncated", 90*time.Second + time.Millisecond, "public, max-age=90"},
		{"default", 0, "public, max-age=600"},
		{"negative means default", -time.Second, "public, max-age=600"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := jwt.KeySetHandler(set, tt.maxAge)
			get := serve(h, http.MethodGet)
			head := serve(h, http.MethodHead)
			for _, rec := range []*httptest.ResponseRecorder{get, head} {
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d", rec.Code)
				}
				got := map[string]string{}
				for _, name := range []string{"Content-Type", "Cache-Control", "X-Content-Type-Options", "Content-Length"} {
					got[name] = rec.Header().Get(name)
				}
				want := map[string]string{
					"Content-Type":           "application/jwk-set+json",
					"Cache-Control":          tt.cacheControl,
					"X-Content-Type-Options": "nosniff",
					"Content-Length":         strconv.Itoa(get.Body.Len()),
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("headers (-want +got):\n%s", diff)
				}
				if etag := rec.Header().Get("ETag"); len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
					t.Errorf("ETag %q is not a strong entity tag", etag)
				}
			}
			if head.Body.Len() != 0 {
				t.Errorf("HEAD has a body of %d bytes", head.Body.Len())
			}
			if get.Header().Get("ETag") != head.Header().Get("ETag") {
				t.Error("GET and HEAD ETags differ")
			}
		})
	}
}

func TestKeySetHandlerConditionalGet(t *testing.T) {
	t.Parallel()
	h := jwt.KeySetHandler(jwk.NewSet(rsKey(t, "a")), time.Minute)
	etag := serve(h, http.MethodGet).Header().Get("ETag")
	tests := []struct {
		name        string
		ifNoneMatch []string
		want        int
	}{
		{"none", nil, http.StatusOK},
		{"same", []string{etag}, http.StatusNotModified},
		{"weak form", []string{"W/" + etag}, http.StatusNotModified},
		{"star", []string{"*"}, http.StatusNotModified},
		{"in a list", []string{`"other", ` + etag}, http.StatusNotModified},
		{"in a second field", []string{`"other"`, etag}, http.StatusNotModified},
		{"other", []string{`"other"`}, http.StatusOK},
		{"unquoted", []string{strings.Trim(etag, `"`)}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				var hdr []string
				for _, v := range tt.ifNoneMatch {
					hdr = append(hdr, "If-None-Match", v)
				}
				rec := serve(h, method, hdr...)
				if rec.Code != tt.want {
					t.Errorf("%s: status %d, want %d", method, rec.Code, tt.want)
				}
				if rec.Header().Get("ETag") != etag {
					t.Errorf("%s: ETag %q, want %q", method, rec.Header().Get("ETag"), etag)
				}
				if rec.Code == http.StatusNotModified && rec.Body.Len() != 0 {
					t.Errorf("%s: 304 with a body", method)
				}
			}
		})
	}
}

func TestKeySetHandlerRefusesOtherMethods(t *testing.T) {
	t.Parallel()
	h := jwt.KeySetHandler(jwk.NewSet(rsKey(t, "a")), time.Minute)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "BREW"} {
		rec := serve(h, method)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q; want 405, \"GET, HEAD\"", method, rec.Code, rec.Header().Get("Allow"))
		}
		if strings.Contains(rec.Body.String(), `"keys"`) {
			t.Errorf("%s: body has keys", method)
		}
	}
}

func TestKeySetHandlerNilKeys(t *testing.T) {
	t.Parallel()
	for name, keys := range map[string]jwt.KeyPublisher{
		"nil":          nil,
		"nil set":      (*jwk.Set)(nil),
		"nil rotation": (*jwt.Rotation)(nil),
		"nil result":   leakyPublisher{nil},
	} {
		if rec := serve(jwt.KeySetHandler(keys, 0), http.MethodGet); rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", name, rec.Code)
		}
	}
}

// A handler serving a Rotation publishes each rotation at once, with a new
// ETag.
func TestKeySetHandlerFollowsRotation(t *testing.T) {
	t.Parallel()
	rot, err := jwt.NewRotation(rsKey(t, "a"))
	if err != nil {
		t.Fatal(err)
	}
	h := jwt.KeySetHandler(rot, time.Minute)
	first := serve(h, http.MethodGet)
	if again := serve(h, http.MethodGet); again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Error("ETag changed without a rotation")
	}
	if err := rot.Rotate(rsKey(t, "b"), 1); err != nil {
		t.Fatal(err)
	}
	rec := serve(h, http.MethodGet, "If-None-Match", first.Header().Get("ETag"))
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Fatalf("after Rotate: status %d, same ETag %v", rec.Code, rec.Header().Get("ETag") == first.Header().Get("ETag"))
	}
	set, err := jwk.ParseSet(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b", "a"}, rsKeyIDs(set)); diff != "" {
		t.Errorf("kids (-want +got):\n%s", diff)
	}
}

// End to end: a relying party's RemoteSet follows a provider's rotation
// served by KeySetHandler.
func TestRemoteSetFollowsProviderRotation(t *testing.T) {
	t.Parallel()
	rot, err := jwt.NewRotation(rsKey(t, "a"))
	if err != nil {
		t.Fatal(err)
	}
	srv := newRSServer(t, true, jwt.KeySetHandler(rot, 5*time.Minute).ServeHTTP)
	clock := newRSClock()
	r := newTestRemote(t, srv, clock, nil)
	wantKeySet(t, r, "a", "a")
	if err := rot.Rotate(rsKey(t, "b"), 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // past the cooldown, within max-age
	wantKeySet(t, r, "b", "b", "a")
	wantRequests(t, srv, 2)
	clock.Advance(5 * time.Minute) // max-age from the handler expires
	wantKeySet(t, r, "a", "b", "a")
	wantRequests(t, srv, 3)
}

func TestNewRotationRefusesKeys(t *testing.T) {
	t.Parallel()
	asym, secret := pubKeys(t)
	pub, err := asym[1].Public()
	if err != nil {
		t.Fatal(err)
	}
	noKid, err := asym[2].WithMetadata(jwk.Metadata{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		current  *jwk.Key
		previous []*jwk.Key
		field    string // "": accepted
	}{
		{"one key", asym[0], nil, ""},
		{"all types", asym[0], asym[1:], ""},
		{"nil current", nil, nil, "current"},
		{"nil previous", asym[0], []*jwk.Key{asym[1], nil}, "previous[1]"},
		{"no kid", noKid, nil, "current"},
		{"public", pub, nil, "current"},
		{"public previous", asym[0], []*jwk.Key{pub}, "previous[0]"},
		{"symmetric", secret, nil, "current"},
		{"duplicate kid", asym[0], []*jwk.Key{asym[1], asym[0]}, "previous[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := jwt.NewRotation(tt.current, tt.previous...)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("NewRotation: %v", err)
				}
				if r.Current() != tt.current || r.Public().Len() != 1+len(tt.previous) {
					t.Errorf("Current %v, %d published", r.Current().KeyID(), r.Public().Len())
				}
				return
			}
			pe, ok := errors.AsType[*jwt.PolicyError](err)
			if !ok || r != nil {
				t.Fatalf("NewRotation = %v, %v; want a *PolicyError", r, err)
			}
			if pe.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", pe.Field, tt.field, err)
			}
		})
	}
}

func TestRotationKeepsPreviousKeys(t *testing.T) {
	t.Parallel()
	keys := make([]*jwk.Key, 6)
	for i := range keys {
		keys[i] = rsKey(t, "k"+strconv.Itoa(i))
	}
	tests := []struct {
		keep int
		want []string // published after rotating through k1..k5
	}{
		{0, []string{"k5"}},
		{1, []string{"k5", "k4"}},
		{2, []string{"k5", "k4", "k3"}},
		{10, []string{"k5", "k4", "k3", "k2", "k1", "k0"}},
	}
	for _, tt := range tests {
		t.Run("keep "+strconv.Itoa(tt.keep), func(t *testing.T) {
			t.Parallel()
			r, err := jwt.NewRotation(keys[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range keys[1:] {
				if err := r.Rotate(k, tt.keep); err != nil {
					t.Fatal(err)
				}
				if r.Current() != k {
					t.Fatalf("Current is %q after rotating to %q", r.Current().KeyID(), k.KeyID())
				}
			}
			if diff := cmp.Diff(tt.want, rsKeyIDs(r.Public())); diff != "" {
				t.Errorf("published (-want +got):\n%s", diff)
			}
			var prev []string
			for _, k := range r.Previous() {
				prev = append(prev, k.KeyID())
			}
			if diff := cmp.Diff(tt.want[1:], prev, cmpEmpty); diff != "" {
				t.Errorf("Previous (-want +got):\n%s", diff)
			}
		})
	}
}

var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })

func TestRotationRotateRefusesAndKeepsState(t *testing.T) {
	t.Parallel()
	a, b := rsKey(t, "a"), rsKey(t, "b")
	_, secret := pubKeys(t)
	pubB, err := b.Public()
	if err != nil {
		t.Fatal(err)
	}
	r, err := jwt.NewRotation(a)
	if err != nil {
		t.Fatal(err)
	}
	before := r.Public()
	tests := []struct {
		name  string
		next  *jwk.Key
		keep  int
		field string
	}{
		{"nil", nil, 1, "next"},
		{"public", pubB, 1, "next"},
		{"symmetric", secret, 1, "next"},
		{"negative keep", b, -1, "keepPrevious"},
	}
	for _, tt := range tests {
		err := r.Rotate(tt.next, tt.keep)
		if pe, ok := errors.AsType[*jwt.PolicyError](err); !ok || pe.Field != tt.field {
			t.Errorf("%s: err = %v, want a *PolicyError for %s", tt.name, err, tt.field)
		}
		if r.Public() != before || r.Current() != a {
			t.Fatalf("%s: a refused Rotate changed the state", tt.name)
		}
	}

	// Rotating to a key whose kid is already published replaces it.
	r, err = jwt.NewRotation(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Rotate(b, 5); err != nil {
		t.Fatal(err)
	}
	if err := r.Rotate(a, 5); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, rsKeyIDs(r.Public())); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}

func TestRotationZeroValue(t *testing.T) {
	t.Parallel()
	var r jwt.Rotation
	if r.Current() != nil || r.Public().Len() != 0 || r.Previous() != nil {
		t.Fatal("zero Rotation is not empty")
	}
	if err := r.Rotate(rsKey(t, "a"), 3); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a"}, rsKeyIDs(r.Public())); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}

// Rotate, Current, Public and the handler race; each reader must see a
// consistent snapshot. Run with -race.
func TestRotationConcurrentUse(t *testing.T) {
	t.Parallel()
	const keep = 2
	keys := make([]*jwk.Key, 16)
	for i := range keys {
		keys[i] = rsKey(t, "k"+strconv.Itoa(i))
	}
	r, err := jwt.NewRotation(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	h := jwt.KeySetHandler(r, time.Minute)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				if err := r.Rotate(keys[(w+i)%len(keys)], keep); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 16 {
		wg.Go(func() {
			for range 200 {
				if r.Current() == nil {
					t.Error("no current key")
					return
				}
				set := r.Public()
				kids := rsKeyIDs(set)
				if len(kids) == 0 || len(kids) > keep+1 {
					t.Errorf("%d keys published", len(kids))
					return
				}
				seen := map[string]bool{}
				for _, k := range kids {
					if seen[k] {
						t.Errorf("kid %q published twice", k)
						return
					}
					seen[k] = true
				}
				if rec := serve(h, http.MethodGet); rec.Code != http.StatusOK {
					t.Errorf("handler status %d", rec.Code)
					return
				}
			}
		})
	}
	wg.Wait()
}
