package jwt

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwk"
)

// DefaultKeySetHandlerMaxAge is the Cache-Control max-age [KeySetHandler]
// sends when given none: short enough that relying parties see a rotation
// within minutes, long enough to spare the server.
const DefaultKeySetHandlerMaxAge = 10 * time.Minute

// KeySetMediaType is the media type of a JWK Set (RFC 7517 §8.5.1).
const KeySetMediaType = "application/jwk-set+json"

// KeyPublisher supplies the keys a [KeySetHandler] publishes. Public must
// return the set to publish now and be safe for concurrent use. A
// [*jwk.Set] is a KeyPublisher of its own public halves, and so is a
// [*Rotation].
type KeyPublisher interface {
	Public() *jwk.Set
}

var (
	_ KeyPublisher = (*jwk.Set)(nil)
	_ KeyPublisher = (*Rotation)(nil)
)

// KeySetHandler returns an [http.Handler] that serves the public half of the
// keys as a JWK Set, for an identity provider's jwks_uri.
//
// Each request asks keys for its current set, so a [*Rotation] is published
// as soon as it rotates. Only public keys are served: the handler takes the
// public half of every key again itself, so private members ("d", "p"...)
// and symmetric keys ("k") never leave it, whatever the publisher returns.
//
// GET and HEAD are answered with 200, Content-Type application/jwk-set+json,
// Cache-Control "public, max-age=N" with N the seconds of maxAge, a strong
// ETag derived from the body, and X-Content-Type-Options nosniff; a request
// whose If-None-Match names the ETag (or "*") gets 304 with no body. Other
// methods get 405 with an Allow header. A maxAge of zero or less means
// DefaultKeySetHandlerMaxAge. A nil keys, or a nil *jwk.Set or *Rotation in
// it, makes every request fail with 500.
//
// The handler is safe for concurrent use.
func KeySetHandler(keys KeyPublisher, maxAge time.Duration) http.Handler {
	if maxAge <= 0 {
		maxAge = DefaultKeySetHandlerMaxAge
	}
	h := &keySetHandler{keys: keys, cacheControl: "public, max-age=" + strconv.FormatInt(int64(maxAge/time.Second), 10)}
	switch k := keys.(type) {
	case nil:
		h.keys = nil
	case *jwk.Set:
		if k == nil {
			h.keys = nil
		} else {
			// A Set never changes: take its public half once, so that
			// every request finds it encoded already.
			h.keys = fixedPublisher{k.Public()}
		}
	case *Rotation:
		if k == nil {
			h.keys = nil
		}
	}
	return h
}

type fixedPublisher struct{ set *jwk.Set }

func (f fixedPublisher) Public() *jwk.Set { return f.set }

type keySetHandler struct {
	keys         KeyPublisher
	cacheControl string
	// last caches the encoding of the latest set, so that a publisher
	// returning the same *jwk.Set each time, as a Rotation does between
	// rotations, is marshaled and hashed once.
	last atomic.Pointer[encodedSet]
}

type encodedSet struct {
	set  *jwk.Set
	body []byte
	etag string
}

func (h *keySetHandler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	enc := h.encode()
	if enc == nil {
		http.Error(w, "key set unavailable", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Cache-Control", h.cacheControl)
	hdr.Set("ETag", enc.etag)
	if etagMatch(req.Header.Values("If-None-Match"), enc.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", KeySetMediaType)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Length", strconv.Itoa(len(enc.body)))
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodGet {
		w.Write(enc.body)
	}
}

// encode returns the current set's encoding, or nil when there is no set.
func (h *keySetHandler) encode() *encodedSet {
	if h.keys == nil {
		return nil
	}
	set := h.keys.Public()
	if set == nil {
		return nil
	}
	if last := h.last.Load(); last != nil && last.set == set {
		return last
	}
	// Public again: a publisher's Public is trusted to return public keys,
	// but a leak of signing keys is worth one more cheap check.
	body, err := set.Public().MarshalJSON()
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(body)
	enc := &encodedSet{set: set, body: body, etag: `"` + base64url.Encode(sum[:16]) + `"`}
	h.last.Store(enc)
	return enc
}

// etagMatch reports whether an If-None-Match field lists etag or "*",
// comparing weakly as RFC 9110 §13.1.2 requires.
func etagMatch(fields []string, etag string) bool {
	for _, f := range fields {
		for rest := f; rest != ""; {
			var tag string
			tag, rest, _ = strings.Cut(rest, ",")
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
				return true
			}
		}
	}
	return false
}
