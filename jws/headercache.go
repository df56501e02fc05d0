package jws

import (
	"hash/maphash"
	"sync/atomic"
)

// A service verifies many tokens from few issuers, and every token of one
// issuer and key carries the same protected header, byte for byte. A
// Verifier therefore remembers the headers of the last compact JWSs that
// verified: for a token whose protected header is one of them, it skips
// decoding, parsing and checking that header again, which is about a
// quarter of an HMAC verification.
//
// This is memoization, not a weaker check. A header enters the cache only
// after it was parsed strictly, passed the Verifier's policy (which is
// fixed) and a signature over it verified, so input without a valid
// signature cannot fill the cache; a hit requires the exact same base64url
// string, from which the same header follows; and every token still has
// its signature verified and its payload decoded. The cache is bounded: it
// has headerCacheSlots slots, each holding one header of at most
// maxCachedHeader characters, and a new header replaces whatever its slot
// held.
const (
	headerCacheSlots = 64
	maxCachedHeader  = 1024 // base64url characters of a protected header
)

// headerCache maps a protected header's base64url string to its parsed and
// policy-checked form. It is direct-mapped: a string can only live in the
// slot its hash selects. It is safe for concurrent use without locks.
type headerCache struct {
	seed  maphash.Seed
	slots [headerCacheSlots]atomic.Pointer[cachedHeader]
}

// cachedHeader is one entry. hdr owns its memory: its ProtectedRaw is
// protected, and its values point into a buffer of their own, so an entry
// keeps no token alive. Neither is ever modified after the entry is stored.
type cachedHeader struct {
	protected string
	hdr       Header
}

func newHeaderCache() *headerCache {
	return &headerCache{seed: maphash.MakeSeed()}
}

func (c *headerCache) slot(protected string) *atomic.Pointer[cachedHeader] {
	return &c.slots[maphash.String(c.seed, protected)%headerCacheSlots]
}

// lookup returns the cached header of protected, or nil. A nil cache
// holds nothing.
func (c *headerCache) lookup(protected string) *Header {
	if c == nil || !cacheable(protected) {
		return nil
	}
	if e := c.slot(protected).Load(); e != nil && e.protected == protected {
		return &e.hdr
	}
	return nil
}

// cacheable reports whether a protected header of this length may be
// stored.
func cacheable(protected string) bool { return len(protected) <= maxCachedHeader }

// store remembers h as the parsed form of h.h.ProtectedRaw, which must be
// a string of its own (not a slice of a token), as must the memory of its
// values. The caller must not modify h afterwards.
func (c *headerCache) store(h *Header) {
	p := h.h.ProtectedRaw
	if c == nil || !cacheable(p) {
		return
	}
	c.slot(p).Store(&cachedHeader{protected: p, hdr: *h})
}
