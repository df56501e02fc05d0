package jwt

import (
	"context"
	"fmt"

	"github.com/jose-suite/jose/jwk"
)

// KeySource supplies the verification keys of a [Validator]. The validator
// calls KeySet once per token with the token's "kid" header, or "" when the
// token has none, and then selects among the returned keys by "kid", "alg"
// and "use" itself: a KeySource only says which keys are current, never
// which key fits a token.
//
// KeySet may block (a remote source fetches over the network), so it takes
// the caller's context and must return when the context is done.
// Implementations must be safe for concurrent use and must not modify a set
// they have returned. An error means no keys could be had at all; a set
// that simply lacks kid is returned without error, and the validator
// reports that no key matched.
//
// [StaticKeys] and [RemoteSet] implement KeySource.
type KeySource interface {
	KeySet(ctx context.Context, kid string) (*jwk.Set, error)
}

// StaticKeys returns a [KeySource] that always returns set, whatever the
// "kid". A [jwk.Set] is immutable, so the source is safe for concurrent use.
// A nil set makes every call fail with an error wrapping [ErrKeySource].
func StaticKeys(set *jwk.Set) KeySource { return staticKeys{set: set} }

type staticKeys struct{ set *jwk.Set }

var errNilStaticSet = fmt.Errorf("%w: StaticKeys was given a nil key set", ErrKeySource)

func (s staticKeys) KeySet(ctx context.Context, kid string) (*jwk.Set, error) {
	if s.set == nil {
		return nil, errNilStaticSet
	}
	return s.set, nil
}
