package jws

import (
	"crypto"
	"crypto/hmac"
	"hash"
	"sync"
)

// macKey is an HMAC key (RFC 7518 §3.2) with a pool of keyed HMAC states,
// so that verifying does not rebuild the inner and outer pads each time.
// It is safe for concurrent use.
type macKey struct {
	hash crypto.Hash
	pool sync.Pool // of hash.Hash from hmac.New
}

// newMACKey returns an HMAC key for h. secret is kept; the caller must not
// modify it.
func newMACKey(h crypto.Hash, secret []byte) *macKey {
	m := &macKey{hash: h}
	m.pool.New = func() any { return hmac.New(h.New, secret) }
	return m
}

// sum appends the MAC of input to dst.
func (m *macKey) sum(dst, input []byte) []byte {
	mac := m.pool.Get().(hash.Hash)
	mac.Reset()
	mac.Write(input)
	dst = mac.Sum(dst)
	m.pool.Put(mac)
	return dst
}

// verify reports whether sig is the MAC of input, comparing in constant
// time. buf is scratch space of at least 64 bytes capacity.
func (m *macKey) verify(input, sig, buf []byte) bool {
	if len(sig) != m.hash.Size() {
		return false
	}
	return hmac.Equal(m.sum(buf[:0], input), sig)
}
