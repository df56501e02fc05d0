package jwt

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jose-suite/jose/jwk"
)

// Defaults and limits of a [RemoteSet]. Each default applies when the
// matching [RemoteSetConfig] field is zero.
const (
	// DefaultRemoteTimeout bounds one fetch: connecting, waiting for the
	// response and reading the body.
	DefaultRemoteTimeout = 10 * time.Second
	// DefaultMinRefreshInterval is the shortest time between two fetches
	// started by [RemoteSet.KeySet], whatever triggers them (an unknown
	// "kid", an expired set, a failed fetch), and the shortest time a set is
	// cached. It is the cooldown that stops a client sending random "kid"
	// values from making the relying party hammer its identity provider.
	DefaultMinRefreshInterval = 30 * time.Second
	// DefaultRemoteMaxAge is the longest time a fetched set is used before
	// it is fetched again; a shorter Cache-Control max-age is honoured.
	DefaultRemoteMaxAge = time.Hour
	// DefaultMaxRemoteSetSize is the largest response body read: 512 KiB,
	// room for hundreds of RSA keys.
	DefaultMaxRemoteSetSize = 512 << 10
	// MaxRemoteSetSize is the largest MaxBodySize a [RemoteSetConfig] may
	// set.
	MaxRemoteSetSize = math.MaxInt32
	// MaxRemoteRedirects is the number of HTTP redirects followed per fetch.
	MaxRemoteRedirects = 3
)

// Errors of a [RemoteSet] fetch. Each comes inside a [*FetchError].
var (
	// ErrKeySetFetch reports that a key set could not be fetched: the
	// request failed or timed out, the status was not 200, the body was too
	// large or was not a valid JWK Set. Every [*FetchError] matches it.
	ErrKeySetFetch = errors.New("jwt: key set fetch failed")
	// ErrKeySetTooLarge reports a key set response over the size limit, or
	// a set with more keys than [jwk.ParseOptions] allow.
	ErrKeySetTooLarge = errors.New("jwt: key set response too large")
)

// FetchError describes a failed fetch of a remote key set. It matches
// [ErrKeySetFetch] and its cause with [errors.Is]: [ErrKeySetTooLarge], a
// [jwk] parse error such as [jwk.ErrMalformed], a [*url.Error] from the
// HTTP client, or the context's error. Its message never contains the
// response body.
type FetchError struct {
	URL        string // the set's URL without query, fragment or user info
	StatusCode int    // the HTTP status, or 0 when there was no response
	Reason     string // what went wrong
	Err        error  // the cause, possibly nil
}

// Error returns a one-line message naming the URL (without secrets) and the reason.
func (e *FetchError) Error() string {
	msg := "jwt: fetching key set from " + e.URL + ": " + e.Reason
	if e.Err != nil {
		// Joined causes print one per line; keep the message on one.
		msg += ": " + strings.ReplaceAll(e.Err.Error(), "\n", "; ")
	}
	return msg
}

// Unwrap returns [ErrKeySetFetch] and the cause.
func (e *FetchError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrKeySetFetch}
	}
	return []error{ErrKeySetFetch, e.Err}
}

// RemoteSetConfig configures a [RemoteSet]. Only URL is required; the zero
// value of every other field is the documented default.
type RemoteSetConfig struct {
	// URL is the JWK Set's address, such as an OpenID provider's jwks_uri.
	// It must be an absolute https URL; http is accepted only with
	// AllowInsecureHTTP, and no other scheme (file:, ftp:, data:...) ever.
	URL string
	// HTTPClient sends the requests. nil means a client with Timeout and
	// the default transport. A given client is copied, not modified; either
	// way redirects are followed at most MaxRemoteRedirects times and only
	// to URLs the scheme rule above accepts, before the client's own
	// CheckRedirect runs.
	HTTPClient *http.Client
	// Timeout bounds each fetch, including reading the body; zero means
	// DefaultRemoteTimeout.
	Timeout time.Duration
	// MinRefreshInterval is the cooldown between fetches started by
	// [RemoteSet.KeySet] and the shortest caching time; zero means
	// DefaultMinRefreshInterval, or MaxAge if that is shorter. It may not
	// exceed MaxAge.
	MinRefreshInterval time.Duration
	// MaxAge is the longest time a set is cached; a Cache-Control max-age
	// below it is honoured (less any Age header), and max-age below
	// MinRefreshInterval, no-cache and no-store count as
	// MinRefreshInterval. Zero means DefaultRemoteMaxAge.
	MaxAge time.Duration
	// MaxBodySize is the largest response body, in bytes; a larger one is
	// refused without being read past the limit. Zero means
	// DefaultMaxRemoteSetSize; at most MaxRemoteSetSize.
	MaxBodySize int64
	// AllowInsecureHTTP accepts http URLs and redirects to them. Plain HTTP
	// lets anyone on the network path replace the keys and so forge any
	// token: use it only for tests and loopback servers.
	AllowInsecureHTTP bool
	// ParseOptions are passed to [jwk.ParseSetWith]. When its MaxSize is
	// zero, MaxBodySize is used. Consider SkipInvalid, so that one bad key
	// at the provider does not make every refresh fail.
	ParseOptions jwk.ParseOptions
	// Now is the clock used for caching decisions; nil means time.Now. The
	// refresher started by [RemoteSet.Start] waits with real timers.
	Now func() time.Time
}

// RemoteSet is a [KeySource] that fetches a JWK Set over HTTPS and caches
// it, for relying parties that verify tokens of an identity provider.
//
// The first call to [RemoteSet.KeySet] fetches the set; concurrent callers
// share that one fetch. The set is then cached for the response's
// Cache-Control max-age, bounded by MinRefreshInterval below and MaxAge
// above. A "kid" missing from a fresh set causes a refetch, at most once per
// MinRefreshInterval; so does an expired set. When a fetch fails (network
// error, status other than 200, oversize body, invalid JWK Set) the last
// good set keeps being served; an error is returned only while there has
// never been a good set. Such an error is a [*FetchError]; within
// MinRefreshInterval of a failed fetch it is returned again without a new
// request.
//
// Each fetch runs in its own goroutine under the Timeout, so one caller
// giving up does not fail the others; callers wait no longer than their
// own context allows. The Content-Type of the response is not checked,
// because many providers serve application/json; the body must still be a
// valid JWK Set.
//
// A RemoteSet is safe for concurrent use. It is the one stateful type of
// this package: its state is guarded by a mutex, and the current set is
// also published through an atomic pointer, so that a call answered from
// the cache takes no lock and does not allocate.
type RemoteSet struct {
	url        string // as given, for requests
	where      string // scheme://host/path, for messages
	client     *http.Client
	timeout    time.Duration
	minRefresh time.Duration
	maxAge     time.Duration
	maxBody    int64
	parse      jwk.ParseOptions
	now        func() time.Time
	running    atomic.Bool // a Start refresher runs
	// good is the last good set and its expiry, nil before the first
	// success. It is written under mu and read without it on the fast path
	// of KeySet.
	good atomic.Pointer[cachedSet]

	mu          sync.Mutex
	refreshAt   time.Time  // when the Start refresher fetches again
	lastAttempt time.Time  // start of the latest fetch, good or bad
	lastErr     error      // error of the latest fetch, nil after a success
	inflight    *fetchCall // the running fetch, if any
}

type cachedSet struct {
	set     *jwk.Set
	expires time.Time // set is fresh before this
}

// fetchCall is one fetch that any number of callers may wait for.
type fetchCall struct {
	done chan struct{} // closed when the fetch has finished
	err  error         // written before done is closed
}

var _ KeySource = (*RemoteSet)(nil)

// NewRemoteSet returns a RemoteSet for cfg. It does not fetch: the first
// [RemoteSet.KeySet], [RemoteSet.Refresh] or [RemoteSet.Start] does. It
// returns a [*PolicyError] naming the field when the URL is missing, not
// absolute, or of a refused scheme, when a duration or size is negative or
// out of range, or when MinRefreshInterval exceeds MaxAge.
func NewRemoteSet(cfg RemoteSetConfig) (*RemoteSet, error) {
	const f = "RemoteSetConfig."
	if cfg.URL == "" {
		return nil, policyErr(f+"URL", "is empty")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, policyErr(f+"URL", "is not a valid URL")
	}
	if err := checkScheme(u, cfg.AllowInsecureHTTP); err != nil {
		return nil, policyErr(f+"URL", err.Error())
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, policyErr(f+"URL", "must be an absolute URL with a host")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Timeout", cfg.Timeout}, {"MinRefreshInterval", cfg.MinRefreshInterval}, {"MaxAge", cfg.MaxAge}} {
		if d.v < 0 {
			return nil, policyErr(f+d.name, "must not be negative")
		}
	}
	if cfg.MaxBodySize < 0 || cfg.MaxBodySize > MaxRemoteSetSize {
		return nil, policyErr(f+"MaxBodySize", "must be between 0 and "+strconv.Itoa(MaxRemoteSetSize))
	}
	r := &RemoteSet{
		url:        cfg.URL,
		where:      (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String(),
		timeout:    cmpOr(cfg.Timeout, DefaultRemoteTimeout),
		maxAge:     cmpOr(cfg.MaxAge, DefaultRemoteMaxAge),
		minRefresh: cfg.MinRefreshInterval,
		maxBody:    cmpOr(cfg.MaxBodySize, DefaultMaxRemoteSetSize),
		parse:      cfg.ParseOptions,
		now:        cfg.Now,
	}
	if r.minRefresh == 0 {
		r.minRefresh = min(DefaultMinRefreshInterval, r.maxAge)
	}
	if r.minRefresh > r.maxAge {
		return nil, policyErr(f+"MinRefreshInterval", "exceeds MaxAge")
	}
	if r.parse.MaxSize == 0 {
		r.parse.MaxSize = int(r.maxBody)
	}
	if r.now == nil {
		r.now = time.Now
	}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		r.client = &c
	} else {
		r.client = &http.Client{Timeout: r.timeout}
	}
	r.client.CheckRedirect = checkRedirect(cfg.AllowInsecureHTTP, r.client.CheckRedirect)
	return r, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// checkScheme applies the scheme rule to the configured URL and to every
// redirect: https, or http when insecure is allowed; never anything else,
// file: in particular.
func checkScheme(u *url.URL, allowHTTP bool) error {
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && allowHTTP:
		return nil
	case u.Scheme == "http":
		return errors.New("must use https (http needs AllowInsecureHTTP)")
	}
	return errors.New("must use https, not scheme " + strconv.Quote(truncate(u.Scheme, 16)))
}

func checkRedirect(allowHTTP bool, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > MaxRemoteRedirects {
			return errors.New("jwt: key set URL redirected more than " + strconv.Itoa(MaxRemoteRedirects) + " times")
		}
		if err := checkScheme(req.URL, allowHTTP); err != nil {
			return errors.New("jwt: key set URL redirected to a refused URL: " + err.Error())
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// KeySet returns the current set, fetching it first when there is none yet,
// when it has expired, or when kid is not empty and no key in it has that
// "kid" — the last two at most once per MinRefreshInterval. It waits for a
// fetch no longer than ctx allows. Once a fetch has succeeded, KeySet never
// fails: after a failed refresh, or when ctx ends while waiting, it returns
// the last good set. Before that, it returns a [*FetchError] matching
// [ErrKeySetFetch]. The returned set may lack kid; picking the key is the
// caller's job.
func (r *RemoteSet) KeySet(ctx context.Context, kid string) (*jwk.Set, error) {
	// Fast path, taken by nearly every call: a fresh set with the kid.
	if g := r.good.Load(); g != nil && r.now().Before(g.expires) && hasKeyID(g.set, kid) {
		return g.set, nil
	}
	r.mu.Lock()
	now := r.now()
	var set *jwk.Set
	if g := r.good.Load(); g != nil {
		set = g.set
		if now.Before(g.expires) && hasKeyID(set, kid) {
			r.mu.Unlock()
			return set, nil
		}
	}
	call := r.inflight
	if call == nil {
		if ctx.Err() != nil || r.coolingDown(now) {
			// No new fetch: serve what there is.
			err := r.lastErr
			r.mu.Unlock()
			if set != nil {
				return set, nil
			}
			if ctx.Err() != nil || err == nil {
				return nil, r.gaveUp(ctx)
			}
			return nil, err
		}
		call = r.startLocked(ctx, now)
	}
	r.mu.Unlock()
	return r.wait(ctx, call)
}

// hasKeyID reports whether set has a key with the given "kid"; every set
// has the empty one, since a token without "kid" may use any key.
func hasKeyID(set *jwk.Set, kid string) bool {
	if kid == "" {
		return true
	}
	for _, k := range set.All() {
		if k.KeyID() == kid {
			return true
		}
	}
	return false
}

// coolingDown reports whether a fetch started less than MinRefreshInterval
// ago. The caller holds r.mu.
func (r *RemoteSet) coolingDown(now time.Time) bool {
	return !r.lastAttempt.IsZero() && now.Sub(r.lastAttempt) < r.minRefresh
}

// startLocked starts a fetch in a new goroutine. The caller holds r.mu and
// has checked that no fetch is running. The fetch keeps ctx's values but
// not its cancellation, since other callers may wait for it; the Timeout
// bounds it.
func (r *RemoteSet) startLocked(ctx context.Context, now time.Time) *fetchCall {
	call := &fetchCall{done: make(chan struct{})}
	r.inflight = call
	r.lastAttempt = now
	go r.run(context.WithoutCancel(ctx), call)
	return call
}

func (r *RemoteSet) run(ctx context.Context, call *fetchCall) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	set, ttl, err := r.fetch(ctx)
	r.mu.Lock()
	if err == nil {
		now := r.now()
		r.good.Store(&cachedSet{set: set, expires: now.Add(ttl)})
		r.refreshAt = now.Add(ttl - ttl/4)
	}
	r.lastErr = err
	r.inflight = nil
	call.err = err
	r.mu.Unlock()
	close(call.done)
}

// wait waits for call or for ctx, then returns the last good set, or the
// error when there is none.
func (r *RemoteSet) wait(ctx context.Context, call *fetchCall) (*jwk.Set, error) {
	var err error
	select {
	case <-call.done:
		err = call.err
	case <-ctx.Done():
		err = r.gaveUp(ctx)
	}
	if g := r.good.Load(); g != nil {
		return g.set, nil
	}
	return nil, err
}

func (r *RemoteSet) gaveUp(ctx context.Context) error {
	return &FetchError{URL: r.where, Reason: "gave up waiting", Err: context.Cause(ctx)}
}

// Refresh fetches the set now, ignoring the cache and the cooldown, or joins
// a fetch already running. It returns nil when that fetch succeeded, and
// otherwise a [*FetchError] matching [ErrKeySetFetch]; a failure leaves the
// last good set in place. It waits no longer than ctx allows; the fetch
// itself goes on under the Timeout.
func (r *RemoteSet) Refresh(ctx context.Context) error {
	r.mu.Lock()
	if ctx.Err() != nil {
		r.mu.Unlock()
		return r.gaveUp(ctx)
	}
	call := r.inflight
	if call == nil {
		call = r.startLocked(ctx, r.now())
	}
	r.mu.Unlock()
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return r.gaveUp(ctx)
	}
}

// Start starts a goroutine that keeps the set fresh, so that callers of
// [RemoteSet.KeySet] do not wait for fetches: it fetches at once when there
// is no set yet, then again when three quarters of each set's caching time
// have passed, and after a failure retries every MinRefreshInterval (while
// the last good set is still served). It returns at once; the goroutine
// stops when ctx is done. Calling Start while a refresher runs does nothing.
func (r *RemoteSet) Start(ctx context.Context) {
	if r.running.CompareAndSwap(false, true) {
		go r.refresher(ctx)
	}
}

func (r *RemoteSet) refresher(ctx context.Context) {
	defer r.running.Store(false)
	for ctx.Err() == nil {
		var wait time.Duration
		r.mu.Lock()
		now := r.now()
		call := r.inflight
		switch {
		case call != nil:
		case r.good.Load() != nil && now.Before(r.refreshAt):
			wait = r.refreshAt.Sub(now)
		case r.coolingDown(now):
			wait = r.minRefresh - now.Sub(r.lastAttempt)
		default:
			call = r.startLocked(ctx, now)
		}
		r.mu.Unlock()
		if call != nil {
			select {
			case <-call.done:
			case <-ctx.Done():
			}
			continue
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
}

// fetch gets and parses the set, and returns it with its caching time.
func (r *RemoteSet) fetch(ctx context.Context) (*jwk.Set, time.Duration, error) {
	fail := func(status int, reason string, err error) (*jwk.Set, time.Duration, error) {
		return nil, 0, &FetchError{URL: r.where, StatusCode: status, Reason: reason, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return fail(0, "building request", err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json;q=0.9")
	resp, err := r.client.Do(req)
	if err != nil {
		return fail(0, "request failed", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// The body of an error response is never read: it is not ours to
		// repeat in a message.
		return fail(resp.StatusCode, "status "+strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode), nil)
	}
	tooLarge := "response body exceeds " + strconv.FormatInt(r.maxBody, 10) + " bytes"
	if resp.ContentLength > r.maxBody {
		return fail(resp.StatusCode, tooLarge, ErrKeySetTooLarge)
	}
	// Read one byte past the limit to tell a body of exactly the limit from
	// a longer one, and no more.
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.maxBody+1))
	if err != nil {
		return fail(resp.StatusCode, "reading response body", err)
	}
	if int64(len(body)) > r.maxBody {
		return fail(resp.StatusCode, tooLarge, ErrKeySetTooLarge)
	}
	set, err := jwk.ParseSetWith(body, r.parse)
	if err != nil {
		if errors.Is(err, jwk.ErrTooLarge) {
			err = errors.Join(ErrKeySetTooLarge, err)
		}
		return fail(resp.StatusCode, "invalid JWK Set", err)
	}
	return set, r.ttl(resp.Header), nil
}

// ttl returns how long a response may be cached: its Cache-Control max-age
// (RFC 9111 §5.2.2.1) less its Age (§5.1), within [MinRefreshInterval,
// MaxAge]; MaxAge without max-age. no-cache and no-store, and an invalid
// max-age (stale, §4.2.1), give MinRefreshInterval: the set is used, but
// refetched as soon as the cooldown allows.
func (r *RemoteSet) ttl(h http.Header) time.Duration {
	secs, ok := maxAgeSeconds(h)
	if !ok {
		return r.maxAge
	}
	if age, err := strconv.ParseInt(strings.TrimSpace(h.Get("Age")), 10, 64); err == nil && age > 0 {
		secs = max(secs-age, 0)
	}
	ttl := r.maxAge
	if secs < int64(r.maxAge/time.Second) {
		ttl = time.Duration(secs) * time.Second
	}
	return max(ttl, r.minRefresh)
}

// maxAgeSeconds reads the Cache-Control header fields. It returns false
// when they say nothing about freshness, and 0 for no-cache, no-store or an
// invalid max-age. Values too large for int64 count as MaxInt64.
func maxAgeSeconds(h http.Header) (int64, bool) {
	var secs int64
	found := false
	for _, line := range h.Values("Cache-Control") {
		for rest := line; rest != ""; {
			var dir string
			dir, rest, _ = strings.Cut(rest, ",")
			name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
			switch {
			case strings.EqualFold(name, "no-cache"), strings.EqualFold(name, "no-store"):
				return 0, true
			case strings.EqualFold(name, "max-age"):
				val = strings.TrimSpace(val)
				if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
					val = val[1 : len(val)-1]
				}
				if found || val == "" || val[0] < '0' || val[0] > '9' {
					return 0, true // repeated or invalid: stale
				}
				n, err := strconv.ParseInt(val, 10, 64)
				if errors.Is(err, strconv.ErrRange) {
					n, err = math.MaxInt64, nil
				}
				if err != nil {
					return 0, true
				}
				secs, found = n, true
			}
		}
	}
	return secs, found
}
