package jwt_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// rsKey returns a new Ed25519 signing key with the given "kid".
func rsKey(t testing.TB, kid string) *jwk.Key {
	t.Helper()
	k, err := jwk.GenerateCurve(jwa.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	k, err = k.WithMetadata(jwk.Metadata{KeyID: kid, Algorithm: string(jwa.EdDSA), Use: jwk.UseSignature})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rsSetJSON returns the published form of a set of the given keys.
func rsSetJSON(t testing.TB, keys ...*jwk.Key) []byte {
	t.Helper()
	b, err := jwk.NewSet(keys...).Public().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rsKeyIDs returns the "kid" of every key of set, in order.
func rsKeyIDs(set *jwk.Set) []string {
	var kids []string
	for _, k := range set.All() {
		kids = append(kids, k.KeyID())
	}
	return kids
}

// rsClock is a settable clock for caching decisions.
type rsClock struct {
	mu sync.Mutex
	t  time.Time
}

func newRSClock() *rsClock { return &rsClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *rsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *rsClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// rsServer is an httptest server whose behaviour a test can swap, and
// which counts the requests it gets.
type rsServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	handle   http.HandlerFunc
}

func newRSServer(t testing.TB, tls bool, handle http.HandlerFunc) *rsServer {
	s := &rsServer{handle: handle}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.mu.Lock()
		h := s.handle
		s.mu.Unlock()
		h(w, r)
	})
	if tls {
		s.Server = httptest.NewTLSServer(h)
	} else {
		s.Server = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

func (s *rsServer) set(h http.HandlerFunc) {
	s.mu.Lock()
	s.handle = h
	s.mu.Unlock()
}

// serveJSON serves body with the given Cache-Control header, if any.
func serveJSON(body []byte, cacheControl string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		if cacheControl != "" {
			w.Header().Set("Cache-Control", cacheControl)
		}
		w.Write(body)
	}
}

// noKeepAlive returns a client for srv that opens a connection per request,
// so that the transport never retries a GET on a reused connection the
// server closed, and request counts equal fetch counts.
func noKeepAlive(srv *rsServer) *http.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return &http.Client{Transport: tr}
}

// newTestRemote returns a RemoteSet for srv with the clock and the
// defaults the tests rely on: a 30s cooldown and a 1h max age.
func newTestRemote(t testing.TB, srv *rsServer, clock *rsClock, edit func(*jwt.RemoteSetConfig)) *jwt.RemoteSet {
	t.Helper()
	cfg := jwt.RemoteSetConfig{
		URL:                srv.URL + "/jwks.json",
		HTTPClient:         noKeepAlive(srv),
		AllowInsecureHTTP:  strings.HasPrefix(srv.URL, "http:"), // httptest server on loopback
		MinRefreshInterval: 30 * time.Second,
		MaxAge:             time.Hour,
		Timeout:            30 * time.Second, // generous: a loaded CI machine under -race is slow
		Now:                clock.Now,
	}
	if edit != nil {
		edit(&cfg)
	}
	r, err := jwt.NewRemoteSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantKeySet calls KeySet and checks it succeeds with the given kids.
func wantKeySet(t testing.TB, r *jwt.RemoteSet, kid string, want ...string) {
	t.Helper()
	set, err := r.KeySet(t.Context(), kid)
	if err != nil {
		t.Fatalf("KeySet(%q): %v", kid, err)
	}
	if diff := cmp.Diff(want, rsKeyIDs(set)); diff != "" {
		t.Fatalf("KeySet(%q) kids (-want +got):\n%s", kid, diff)
	}
}

func wantRequests(t testing.TB, srv *rsServer, want int64) {
	t.Helper()
	if got := srv.requests.Load(); got != want {
		t.Fatalf("server got %d requests, want %d", got, want)
	}
}

func TestStaticKeys(t *testing.T) {
	t.Parallel()
	set := jwk.NewSet(rsKey(t, "a"))
	got, err := jwt.StaticKeys(set).KeySet(t.Context(), "whatever")
	if err != nil || got != set {
		t.Errorf("KeySet = %p, %v; want %p, nil", got, err, set)
	}
	if _, err := jwt.StaticKeys(nil).KeySet(t.Context(), ""); !errors.Is(err, jwt.ErrKeySource) {
		t.Errorf("nil set: err = %v, want ErrKeySource", err)
	}
}

func TestNewRemoteSetRefusesConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   jwt.RemoteSetConfig
		field string // "": accepted
	}{
		{"https", jwt.RemoteSetConfig{URL: "https://idp.example/jwks"}, ""},
		{"http allowed", jwt.RemoteSetConfig{URL: "http://127.0.0.1:8080/jwks", AllowInsecureHTTP: true}, ""},
		{"HTTPS upper case", jwt.RemoteSetConfig{URL: "HTTPS://idp.example/jwks"}, ""},
		{"empty", jwt.RemoteSetConfig{}, "RemoteSetConfig.URL"},
		{"http", jwt.RemoteSetConfig{URL: "http://idp.example/jwks"}, "RemoteSetConfig.URL"},
		{"file", jwt.RemoteSetConfig{URL: "file:///etc/jwks.json"}, "RemoteSetConfig.URL"},
		{"file even when http is allowed", jwt.RemoteSetConfig{URL: "file:///etc/jwks.json", AllowInsecureHTTP: true}, "RemoteSetConfig.URL"},
		{"file with host", jwt.RemoteSetConfig{URL: "file://localhost/etc/jwks.json", AllowInsecureHTTP: true}, "RemoteSetConfig.URL"},
		{"ftp", jwt.RemoteSetConfig{URL: "ftp://idp.example/jwks", AllowInsecureHTTP: true}, "RemoteSetConfig.URL"},
		{"data", jwt.RemoteSetConfig{URL: `data:application/json,{"keys":[]}`, AllowInsecureHTTP: true}, "RemoteSetConfig.URL"},
		{"relative", jwt.RemoteSetConfig{URL: "/jwks"}, "RemoteSetConfig.URL"},
		{"no host", jwt.RemoteSetConfig{URL: "https:///jwks"}, "RemoteSetConfig.URL"},
		{"opaque", jwt.RemoteSetConfig{URL: "https:idp.example/jwks"}, "RemoteSetConfig.URL"},
		{"unparsable", jwt.RemoteSetConfig{URL: "https://idp.example/%zz"}, "RemoteSetConfig.URL"},
		{"negative timeout", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", Timeout: -1}, "RemoteSetConfig.Timeout"},
		{"negative cooldown", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MinRefreshInterval: -1}, "RemoteSetConfig.MinRefreshInterval"},
		{"negative max age", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MaxAge: -1}, "RemoteSetConfig.MaxAge"},
		{"cooldown over max age", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MinRefreshInterval: time.Hour, MaxAge: time.Minute}, "RemoteSetConfig.MinRefreshInterval"},
		{"default cooldown under short max age", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MaxAge: time.Second}, ""},
		{"negative body size", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MaxBodySize: -1}, "RemoteSetConfig.MaxBodySize"},
		{"huge body size", jwt.RemoteSetConfig{URL: "https://idp.example/jwks", MaxBodySize: 1 << 40}, "RemoteSetConfig.MaxBodySize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := jwt.NewRemoteSet(tt.cfg)
			if tt.field == "" {
				if err != nil || r == nil {
					t.Fatalf("NewRemoteSet = %v, %v; want success", r, err)
				}
				return
			}
			pe, ok := errors.AsType[*jwt.PolicyError](err)
			if !ok || r != nil {
				t.Fatalf("NewRemoteSet = %v, %v; want a *PolicyError", r, err)
			}
			if pe.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", pe.Field, tt.field, err)
			}
		})
	}
}

// Concurrent first callers share one fetch (httptest server; the frozen
// clock also rules out a second fetch by cooldown).
func TestRemoteSetFirstCallersShareFetch(t *testing.T) {
	t.Parallel()
	body := rsSetJSON(t, rsKey(t, "a"))
	srv := newRSServer(t, true, serveJSON(body, ""))
	r := newTestRemote(t, srv, newRSClock(), nil)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if set, err := r.KeySet(t.Context(), "a"); err != nil || set.Len() != 1 {
				t.Errorf("KeySet = %v, %v", set, err)
			}
		})
	}
	wg.Wait()
	wantRequests(t, srv, 1)
}

func TestRemoteSetCachesForMaxAge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers map[string]string
		ttl     time.Duration // the set is refetched at ttl, not before
	}{
		{"no Cache-Control: MaxAge", nil, time.Hour},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=120"}, 120 * time.Second},
		{"max-age quoted", map[string]string{"Cache-Control": `max-age="120"`}, 120 * time.Second},
		{"max-age upper case", map[string]string{"Cache-Control": "Max-Age=120, must-revalidate"}, 120 * time.Second},
		{"max-age less Age", map[string]string{"Cache-Control": "max-age=120", "Age": "60"}, 60 * time.Second},
		{"max-age capped by MaxAge", map[string]string{"Cache-Control": "max-age=86400"}, time.Hour},
		{"max-age overflowing int64", map[string]string{"Cache-Control": "max-age=99999999999999999999999"}, time.Hour},
		{"max-age floored by MinRefreshInterval", map[string]string{"Cache-Control": "max-age=5"}, 30 * time.Second},
		{"max-age=0", map[string]string{"Cache-Control": "max-age=0"}, 30 * time.Second},
		{"no-store", map[string]string{"Cache-Control": "no-store, max-age=600"}, 30 * time.Second},
		{"no-cache", map[string]string{"Cache-Control": "max-age=600, no-cache"}, 30 * time.Second},
		{"invalid max-age is stale", map[string]string{"Cache-Control": "max-age=ten"}, 30 * time.Second},
		{"negative max-age is stale", map[string]string{"Cache-Control": "max-age=-5"}, 30 * time.Second},
		{"repeated max-age is stale", map[string]string{"Cache-Control": "max-age=600, max-age=900"}, 30 * time.Second},
		{"s-maxage ignored", map[string]string{"Cache-Control": "s-maxage=120"}, time.Hour},
	}
	body := rsSetJSON(t, rsKey(t, "a"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRSServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
				w.Write(body)
			})
			clock := newRSClock()
			r := newTestRemote(t, srv, clock, nil)
			wantKeySet(t, r, "a", "a")
			clock.Advance(tt.ttl - time.Second)
			wantKeySet(t, r, "a", "a")
			wantRequests(t, srv, 1)
			clock.Advance(time.Second)
			wantKeySet(t, r, "a", "a")
			wantRequests(t, srv, 2)
		})
	}
}

// The provider rotates: a token with the new "kid" makes the relying party
// refetch, but no sooner than MinRefreshInterval after the last fetch.
func TestRemoteSetRotationRefetchesForUnknownKid(t *testing.T) {
	t.Parallel()
	a, b := rsKey(t, "a"), rsKey(t, "b")
	srv := newRSServer(t, false, serveJSON(rsSetJSON(t, a), "max-age=3600"))
	clock := newRSClock()
	r := newTestRemote(t, srv, clock, nil)
	wantKeySet(t, r, "a", "a")

	srv.set(serveJSON(rsSetJSON(t, b, a), "max-age=3600"))
	clock.Advance(10 * time.Second)
	wantKeySet(t, r, "b", "a") // cooling down: the old set, no fetch
	wantRequests(t, srv, 1)

	clock.Advance(20 * time.Second)
	wantKeySet(t, r, "b", "b", "a")
	wantRequests(t, srv, 2)
	wantKeySet(t, r, "a", "b", "a") // known kids need no fetch
	wantKeySet(t, r, "", "b", "a")  // nor do tokens without kid
	wantRequests(t, srv, 2)
}

// RFC 8725 §3.10 spirit: key lookup driven by attacker-chosen "kid" values
// must not turn into unbounded requests to the provider.
func TestRemoteSetUnknownKidStormFetchesOnce(t *testing.T) {
	t.Parallel()
	srv := newRSServer(t, false, serveJSON(rsSetJSON(t, rsKey(t, "a")), ""))
	clock := newRSClock()
	r := newTestRemote(t, srv, clock, nil)
	storm := func() {
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				for range 20 {
					set, err := r.KeySet(t.Context(), rand.Text())
					if err != nil || set.Len() != 1 {
						t.Errorf("KeySet = %v, %v", set, err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	storm() // cold cache: the first caller fetches, everyone else waits or is cooling down
	wantRequests(t, srv, 1)
	storm()
	wantRequests(t, srv, 1)
	clock.Advance(30 * time.Second) // cooldown over: one more fetch for the whole storm
	storm()
	wantRequests(t, srv, 2)
}

// rsFailure is a way for the provider to fail, with the errors a fetch must
// then match.
type rsFailure struct {
	name   string
	handle http.HandlerFunc
	want   []error
	status int
}

const rsSecretBody = "BODY-MARKER-9f3c"

func rsFailures(t testing.TB) []rsFailure {
	huge := bytes.Repeat([]byte(" "), 1<<20)
	return []rsFailure{
		{"status 500", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, rsSecretBody, http.StatusInternalServerError)
		}, []error{jwt.ErrKeySetFetch}, 500},
		{"status 404", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, rsSecretBody, http.StatusNotFound)
		}, []error{jwt.ErrKeySetFetch}, 404},
		{"status 304", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotModified)
		}, []error{jwt.ErrKeySetFetch}, 304},
		{"connection closed", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close()
		}, []error{jwt.ErrKeySetFetch}, 0},
		{"bad JSON", serveJSON([]byte(`{"keys":[`+rsSecretBody), ""), []error{jwt.ErrKeySetFetch, jwk.ErrMalformed}, 200},
		{"not a JWK Set", serveJSON([]byte(`{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`), ""), []error{jwt.ErrKeySetFetch, jwk.ErrMalformed}, 200},
		{"duplicate member", serveJSON([]byte(`{"keys":[],"keys":[]}`), ""), []error{jwt.ErrKeySetFetch, jwk.ErrMalformed}, 200},
		{"empty body", serveJSON(nil, ""), []error{jwt.ErrKeySetFetch, jwk.ErrMalformed}, 200},
		{"oversize body", serveJSON(huge, ""), []error{jwt.ErrKeySetFetch, jwt.ErrKeySetTooLarge}, 200},
		{"oversize body, chunked", func(w http.ResponseWriter, r *http.Request) {
			for range 32 {
				w.Write(huge[:32<<10])
				http.NewResponseController(w).Flush()
			}
		}, []error{jwt.ErrKeySetFetch, jwt.ErrKeySetTooLarge}, 200},
	}
}

func wantFetchError(t testing.TB, err error, f rsFailure) {
	t.Helper()
	for _, w := range f.want {
		if !errors.Is(err, w) {
			t.Errorf("err = %v, want %v", err, w)
		}
	}
	fe, ok := errors.AsType[*jwt.FetchError](err)
	if !ok {
		t.Fatalf("err = %T %v, want a *FetchError", err, err)
	}
	if fe.StatusCode != f.status {
		t.Errorf("StatusCode = %d, want %d", fe.StatusCode, f.status)
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, rsSecretBody) || !strings.HasPrefix(msg, "jwt: ") || strings.Contains(msg, "\n") {
		t.Errorf("message %q repeats the body, lacks the package prefix or spans lines", msg)
	}
}

// Outage: once a set has been fetched, every kind of failed refresh keeps
// it in service.
func TestRemoteSetServesLastGoodSetOnFailure(t *testing.T) {
	t.Parallel()
	good := rsSetJSON(t, rsKey(t, "a"))
	for _, f := range rsFailures(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			srv := newRSServer(t, false, serveJSON(good, "max-age=60"))
			clock := newRSClock()
			r := newTestRemote(t, srv, clock, func(c *jwt.RemoteSetConfig) { c.MaxBodySize = 256 << 10 })
			wantKeySet(t, r, "a", "a")

			srv.set(f.handle)
			wantFetchError(t, r.Refresh(t.Context()), f)
			wantRequests(t, srv, 2)
			clock.Advance(time.Hour) // long expired
			wantKeySet(t, r, "a", "a")
			wantKeySet(t, r, "b", "a")
			wantRequests(t, srv, 3) // the expired set caused one retry; the cooldown held back the unknown kid

			srv.set(serveJSON(rsSetJSON(t, rsKey(t, "b")), ""))
			clock.Advance(30 * time.Second)
			wantKeySet(t, r, "b", "b") // recovered
		})
	}
}

// Without a good set, a failure is an error, and repeating it is held back
// by the cooldown.
func TestRemoteSetFailsWithoutGoodSet(t *testing.T) {
	t.Parallel()
	for _, f := range rsFailures(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			srv := newRSServer(t, false, f.handle)
			clock := newRSClock()
			r := newTestRemote(t, srv, clock, func(c *jwt.RemoteSetConfig) { c.MaxBodySize = 256 << 10 })
			set, err := r.KeySet(t.Context(), "a")
			if set != nil {
				t.Fatalf("KeySet returned a set with error %v", err)
			}
			wantFetchError(t, err, f)
			_, err = r.KeySet(t.Context(), "a")
			wantFetchError(t, err, f)
			wantRequests(t, srv, 1)
			clock.Advance(30 * time.Second)
			_, err = r.KeySet(t.Context(), "a")
			wantFetchError(t, err, f)
			wantRequests(t, srv, 2)
		})
	}
}

// A body far over the limit is refused after reading just past the limit,
// whether it announces its length or streams.
func TestRemoteSetOversizeBodyRefusedEarly(t *testing.T) {
	t.Parallel()
	const total = 100 << 20
	tests := []struct {
		name          string
		contentLength bool
	}{{"streamed", false}, {"Content-Length", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var written atomic.Int64
			chunk := bytes.Repeat([]byte("A"), 64<<10)
			srv := newRSServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentLength {
					w.Header().Set("Content-Length", strconv.Itoa(total))
				}
				for written.Load() < total {
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
				}
			})
			r := newTestRemote(t, srv, newRSClock(), nil)
			start := time.Now()
			_, err := r.KeySet(t.Context(), "a")
			if !errors.Is(err, jwt.ErrKeySetTooLarge) {
				t.Fatalf("err = %v, want ErrKeySetTooLarge", err)
			}
			if n := written.Load(); n >= total/2 {
				t.Errorf("server wrote %d bytes before the client gave up", n)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refusing took %v", d)
			}
		})
	}
}

// A slow server is bounded by the Timeout and by the caller's context.
func TestRemoteSetSlowServer(t *testing.T) {
	t.Parallel()
	good := rsSetJSON(t, rsKey(t, "a"))
	release := make(chan struct{})
	srv := newRSServer(t, false, serveJSON(good, ""))
	t.Cleanup(func() { close(release) }) // before srv.Close, which waits for handlers
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}

	t.Run("timeout, no set", func(t *testing.T) {
		srv.set(slow)
		r := newTestRemote(t, srv, newRSClock(), func(c *jwt.RemoteSetConfig) {
			c.Timeout = 200 * time.Millisecond
			c.HTTPClient = nil
		})
		start := time.Now()
		_, err := r.KeySet(t.Context(), "a")
		if !errors.Is(err, jwt.ErrKeySetFetch) {
			t.Errorf("err = %v, want ErrKeySetFetch", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("KeySet took %v with a 200ms timeout", d)
		}
	})

	t.Run("caller deadline, no set", func(t *testing.T) {
		srv.set(slow)
		r := newTestRemote(t, srv, newRSClock(), nil) // Timeout 30s
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := r.KeySet(ctx, "a")
		if !errors.Is(err, jwt.ErrKeySetFetch) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want ErrKeySetFetch and DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("KeySet took %v with a 100ms deadline", d)
		}
	})

	t.Run("timeout, stale set served", func(t *testing.T) {
		srv.set(serveJSON(good, ""))
		clock := newRSClock()
		// The first fetch must succeed even on a loaded machine, so the
		// timeout is generous; the slow refetch then waits it out.
		r := newTestRemote(t, srv, clock, func(c *jwt.RemoteSetConfig) { c.Timeout = 2 * time.Second })
		wantKeySet(t, r, "a", "a")
		srv.set(slow)
		clock.Advance(2 * time.Hour)
		start := time.Now()
		wantKeySet(t, r, "a", "a")
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("KeySet took %v with a 2s timeout", d)
		}
	})

	t.Run("canceled context starts no fetch", func(t *testing.T) {
		srv.set(serveJSON(good, ""))
		r := newTestRemote(t, srv, newRSClock(), nil)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		before := srv.requests.Load()
		if _, err := r.KeySet(ctx, "a"); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want Canceled", err)
		}
		if err := r.Refresh(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Refresh err = %v, want Canceled", err)
		}
		wantRequests(t, srv, before)
	})
}

// Redirects are followed only to URLs the scheme rule accepts, at most
// MaxRemoteRedirects times.
func TestRemoteSetRedirects(t *testing.T) {
	t.Parallel()
	good := rsSetJSON(t, rsKey(t, "a"))
	plain := newRSServer(t, false, serveJSON(good, ""))

	t.Run("https to http refused", func(t *testing.T) {
		t.Parallel()
		tlsSrv := newRSServer(t, true, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, plain.URL+"/jwks.json", http.StatusFound)
		})
		r := newTestRemote(t, tlsSrv, newRSClock(), nil)
		before := plain.requests.Load()
		if _, err := r.KeySet(t.Context(), "a"); !errors.Is(err, jwt.ErrKeySetFetch) {
			t.Fatalf("err = %v, want ErrKeySetFetch", err)
		}
		if plain.requests.Load() != before {
			t.Error("the http server was contacted")
		}
	})

	t.Run("to file refused", func(t *testing.T) {
		t.Parallel()
		srv := newRSServer(t, false, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		})
		r := newTestRemote(t, srv, newRSClock(), nil)
		_, err := r.KeySet(t.Context(), "a")
		if !errors.Is(err, jwt.ErrKeySetFetch) || !strings.Contains(err.Error(), "refused URL") {
			t.Fatalf("err = %v, want a refused redirect", err)
		}
	})

	for _, hops := range []int{3, 4} {
		t.Run(fmt.Sprintf("%d redirects", hops), func(t *testing.T) {
			t.Parallel()
			srv := newRSServer(t, true, nil)
			srv.set(func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("n"))
				if n < hops {
					http.Redirect(w, r, srv.URL+"/jwks.json?n="+strconv.Itoa(n+1), http.StatusFound)
					return
				}
				w.Write(good)
			})
			r := newTestRemote(t, srv, newRSClock(), nil)
			_, err := r.KeySet(t.Context(), "a")
			if ok := hops <= jwt.MaxRemoteRedirects; ok != (err == nil) {
				t.Fatalf("err = %v after %d redirects", err, hops)
			}
			wantRequests(t, srv, int64(min(hops, jwt.MaxRemoteRedirects)+1))
		})
	}

	t.Run("caller's CheckRedirect still runs", func(t *testing.T) {
		t.Parallel()
		srv := newRSServer(t, true, nil)
		srv.set(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/moved" {
				http.Redirect(w, r, srv.URL+"/moved", http.StatusFound)
				return
			}
			w.Write(good)
		})
		client := *srv.Client()
		refused := errors.New("caller refuses redirects")
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return refused }
		r := newTestRemote(t, srv, newRSClock(), func(c *jwt.RemoteSetConfig) { c.HTTPClient = &client })
		if _, err := r.KeySet(t.Context(), "a"); !errors.Is(err, refused) {
			t.Fatalf("err = %v, want the caller's error", err)
		}
	})
}

// Many goroutines use one RemoteSet while the provider rotates and the
// clock moves; run with -race.
func TestRemoteSetConcurrentUse(t *testing.T) {
	t.Parallel()
	keys := make([]*jwk.Key, 8)
	for i := range keys {
		keys[i] = rsKey(t, "k"+strconv.Itoa(i))
	}
	bodies := make([][]byte, len(keys)-1)
	for i := range bodies {
		bodies[i] = rsSetJSON(t, keys[i], keys[i+1])
	}
	var gen atomic.Int64
	srv := newRSServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bodies[int(gen.Load())%len(bodies)])
	})
	clock := newRSClock()
	r := newTestRemote(t, srv, clock, nil)
	if err := r.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			for i := range 200 {
				switch {
				case g == 0 && i%20 == 0:
					gen.Add(1)
					clock.Advance(31 * time.Second)
				case g == 1 && i%50 == 0:
					if err := r.Refresh(t.Context()); err != nil {
						t.Error(err)
					}
				default:
					set, err := r.KeySet(t.Context(), keys[(g+i)%len(keys)].KeyID())
					if err != nil || set.Len() != 2 {
						t.Errorf("KeySet = %v, %v", set, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// rsTransport is an in-memory http.RoundTripper for tests inside a
// synctest bubble, where real network I/O is not allowed.
type rsTransport struct {
	mu       sync.Mutex
	requests int
	gate     chan struct{} // when not nil, requests wait for it to close
	body     []byte
	fail     bool
}

func (f *rsTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.requests++
	gate, body, fail := f.gate, f.body, f.fail
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	if fail {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Cache-Control": {"max-age=600"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

func (f *rsTransport) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

func newSyncRemote(t *testing.T, tr *rsTransport) *jwt.RemoteSet {
	t.Helper()
	r, err := jwt.NewRemoteSet(jwt.RemoteSetConfig{
		URL:                "https://idp.example/jwks.json",
		HTTPClient:         &http.Client{Transport: tr},
		MinRefreshInterval: 30 * time.Second,
		MaxAge:             time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// All first callers wait for the one fetch in flight, and a caller that
// gives up does not cancel it for the others.
func TestRemoteSetWaitersShareOneFetch(t *testing.T) {
	t.Parallel()
	body := rsSetJSON(t, rsKey(t, "a"))
	synctest.Test(t, func(t *testing.T) {
		tr := &rsTransport{gate: make(chan struct{}), body: body}
		r := newSyncRemote(t, tr)

		ctx, cancel := context.WithCancel(t.Context())
		quitter := make(chan error)
		go func() {
			_, err := r.KeySet(ctx, "a")
			quitter <- err
		}()
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				if set, err := r.KeySet(t.Context(), "a"); err != nil || set.Len() != 1 {
					t.Errorf("KeySet = %v, %v", set, err)
				}
			})
		}
		synctest.Wait() // everyone is blocked on the one request
		if n := tr.count(); n != 1 {
			t.Fatalf("%d requests in flight, want 1", n)
		}
		cancel()
		if err := <-quitter; !errors.Is(err, context.Canceled) {
			t.Errorf("canceled caller: err = %v", err)
		}
		close(tr.gate)
		wg.Wait()
		if n := tr.count(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

// Start keeps the set fresh before it expires, honouring Cache-Control, and
// retries every MinRefreshInterval after a failure while the last good set
// is served.
func TestRemoteSetStartRefreshesBeforeExpiry(t *testing.T) {
	t.Parallel()
	a, b := rsKey(t, "a"), rsKey(t, "b")
	bodyA, bodyB := rsSetJSON(t, a), rsSetJSON(t, b)
	synctest.Test(t, func(t *testing.T) {
		tr := &rsTransport{body: bodyA}
		r := newSyncRemote(t, tr)
		ctx, cancel := context.WithCancel(t.Context())
		r.Start(ctx)
		r.Start(ctx) // a second refresher is not started
		synctest.Wait()
		if n := tr.count(); n != 1 {
			t.Fatalf("after Start: %d requests, want 1", n)
		}
		wantKeySet(t, r, "a", "a")

		// max-age=600: the refresher fetches at 450s, before expiry.
		tr.mu.Lock()
		tr.body = bodyB
		tr.mu.Unlock()
		time.Sleep(449 * time.Second)
		synctest.Wait()
		if n := tr.count(); n != 1 {
			t.Fatalf("at 449s: %d requests, want 1", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if n := tr.count(); n != 2 {
			t.Fatalf("at 450s: %d requests, want 2", n)
		}
		wantKeySet(t, r, "b", "b")

		// The provider fails: the refresher retries each 30s, the last
		// good set stays in service even past its expiry, and callers
		// never wait.
		tr.mu.Lock()
		tr.fail = true
		tr.mu.Unlock()
		time.Sleep(450 * time.Second)
		synctest.Wait()
		if n := tr.count(); n != 3 {
			t.Fatalf("first failed refresh: %d requests, want 3", n)
		}
		time.Sleep(10 * 30 * time.Second)
		synctest.Wait()
		if n := tr.count(); n != 13 {
			t.Fatalf("after 10 retry intervals: %d requests, want 13", n)
		}
		wantKeySet(t, r, "b", "b")

		cancel()
		synctest.Wait()
		time.Sleep(time.Hour)
		synctest.Wait()
		if n := tr.count(); n != 13 {
			t.Fatalf("after cancel: %d requests, want 13", n)
		}
	})
}

// A call answered from the cache, the path of nearly every token, takes no
// lock and allocates nothing.
func TestRemoteSetCachedKeySetDoesNotAllocate(t *testing.T) {
	srv := newRSServer(t, false, serveJSON(rsSetJSON(t, rsKey(t, "a"), rsKey(t, "b")), ""))
	r := newTestRemote(t, srv, newRSClock(), nil)
	ctx := t.Context()
	wantKeySet(t, r, "b", "a", "b")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.KeySet(ctx, "b"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("KeySet allocates %v times per call, want 0", allocs)
	}
}

func BenchmarkRemoteSetKeySetCached(b *testing.B) {
	srv := newRSServer(b, false, serveJSON(rsSetJSON(b, rsKey(b, "a"), rsKey(b, "b")), ""))
	r := newTestRemote(b, srv, newRSClock(), nil)
	ctx := b.Context()
	wantKeySet(b, r, "b", "a", "b")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.KeySet(ctx, "b"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
