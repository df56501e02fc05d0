package jwt

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jose-suite/jose/jwk"
)

// Rotation holds an identity provider's current signing key and the
// previous keys it still publishes, so that tokens signed before a rotation
// keep verifying until they expire. Serve it with [KeySetHandler]; sign with
// [Rotation.Current].
//
// Relying parties refetch a set when a token names an unknown "kid" (a
// [RemoteSet] does, at most once per its MinRefreshInterval), so a new key
// can be used as soon as it is published. Keep a previous key published at
// least as long as the longest lifetime of the tokens it signed, plus the
// Cache-Control max-age of the published set.
//
// Every key has a distinct "kid" and private material of an asymmetric type
// (RSA, EC or OKP): symmetric keys cannot be published.
//
// A Rotation is safe for concurrent use: readers see one consistent
// snapshot, and [Rotation.Rotate] replaces it atomically. The zero value
// holds no keys: Current returns nil and Public an empty set until the first
// Rotate.
type Rotation struct {
	mu    sync.Mutex // serializes Rotate
	state atomic.Pointer[rotationState]
}

// rotationState is an immutable snapshot.
type rotationState struct {
	current  *jwk.Key
	previous []*jwk.Key // newest first
	public   *jwk.Set   // public halves of current and previous, in that order
}

// NewRotation returns a Rotation signing with current and publishing
// previous too, in the order given (newest first). It returns a
// [*PolicyError] naming the argument when a key is nil, has no "kid", is not
// a private key, is symmetric, or repeats another key's "kid".
func NewRotation(current *jwk.Key, previous ...*jwk.Key) (*Rotation, error) {
	st, err := newRotationState(current, previous)
	if err != nil {
		return nil, err
	}
	r := &Rotation{}
	r.state.Store(st)
	return r, nil
}

func newRotationState(current *jwk.Key, previous []*jwk.Key) (*rotationState, error) {
	st := &rotationState{current: current, previous: slices.Clone(previous)}
	keys := append([]*jwk.Key{current}, previous...)
	pub := make([]*jwk.Key, len(keys))
	for i, k := range keys {
		name := "current"
		if i > 0 {
			name = "previous[" + strconv.Itoa(i-1) + "]"
		}
		switch {
		case k == nil:
			return nil, policyErr(name, "is nil")
		case k.KeyID() == "":
			return nil, policyErr(name, `has no "kid"`)
		case !k.IsPrivate():
			return nil, policyErr(name, "is not a private key")
		}
		for _, o := range keys[:i] {
			if o.KeyID() == k.KeyID() {
				return nil, policyErr(name, `repeats the "kid" `+strconv.Quote(truncate(k.KeyID(), 64)))
			}
		}
		p, err := k.Public()
		if err != nil {
			return nil, policyErr(name, "is symmetric and cannot be published")
		}
		pub[i] = p
	}
	st.public = jwk.NewSet(pub...)
	return st, nil
}

// Current returns the signing key, or nil for a zero Rotation. Its "kid"
// belongs in the header of the tokens it signs.
func (r *Rotation) Current() *jwk.Key {
	if st := r.state.Load(); st != nil {
		return st.current
	}
	return nil
}

// Previous returns the previous keys still published, newest first.
func (r *Rotation) Previous() []*jwk.Key {
	if st := r.state.Load(); st != nil {
		return slices.Clone(st.previous)
	}
	return nil
}

// Public returns the public halves of the current key and the previous
// ones, in that order: the set to publish. It returns the same *jwk.Set
// until the next Rotate.
func (r *Rotation) Public() *jwk.Set {
	if st := r.state.Load(); st != nil {
		return st.public
	}
	return jwk.NewSet()
}

// Rotate makes next the current key. The old current key becomes the newest
// previous key, and only the keepPrevious newest previous keys stay
// published (zero drops them all, which invalidates every token they
// signed). It returns a [*PolicyError], and changes nothing, when next is
// unfit as [NewRotation] describes or keepPrevious is negative; a previous
// key that would repeat next's "kid" is dropped instead.
func (r *Rotation) Rotate(next *jwk.Key, keepPrevious int) error {
	if keepPrevious < 0 {
		return policyErr("keepPrevious", "must not be negative")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var prev []*jwk.Key
	if st := r.state.Load(); st != nil {
		prev = append([]*jwk.Key{st.current}, st.previous...)
	}
	if next != nil {
		// Re-adding a key that is still published replaces it.
		prev = slices.DeleteFunc(prev, func(k *jwk.Key) bool { return k.KeyID() == next.KeyID() })
	}
	st, err := newRotationState(next, prev[:min(len(prev), keepPrevious)])
	if err != nil {
		if pe, ok := errors.AsType[*PolicyError](err); ok && pe.Field == "current" {
			pe.Field = "next"
		}
		return err
	}
	r.state.Store(st)
	return nil
}
