package jwk

import (
	"errors"
	"iter"
	"slices"

	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// Set is a JWK Set (RFC 7517 §5): an ordered list of keys, plus the keys a
// parse skipped. A Set is immutable and safe for concurrent use.
type Set struct {
	keys    []*Key
	skipped []SkippedKey
	extra   []rawMember
}

// SkippedKey describes a key that [ParseSetWith] left out of a set.
type SkippedKey struct {
	Index   int    // position in the "keys" array
	KeyType string // its "kty", if it was a string
	Curve   string // its "crv", if it was a string
	KeyID   string // its "kid", if it was a string
	Err     error  // why: wraps ErrUnsupported for unknown types and curves, another sentinel for bad keys
}

// NewSet returns a Set of the given keys, in order. Nil keys are dropped.
func NewSet(keys ...*Key) *Set {
	return &Set{keys: slices.DeleteFunc(slices.Clone(keys), func(k *Key) bool { return k == nil })}
}

// ParseSet parses a JWK Set with the default [ParseOptions]: at most
// DefaultMaxSetSize bytes and DefaultMaxSetKeys keys. Keys whose "kty" or
// "crv" this package does not support are skipped, as RFC 7517 §5 says, and
// listed by [Set.Skipped]; a key of a supported type that is malformed or
// weak fails the whole parse. Errors wrap [ErrMalformed], [ErrTooLarge] or
// the sentinel of the failing key, with a [*MemberError] whose member names
// the key's index, such as "keys[3].n".
func ParseSet(data []byte) (*Set, error) { return ParseSetWith(data, ParseOptions{}) }

// ParseSetWith is [ParseSet] with explicit options. With opts.SkipInvalid a
// malformed or weak key is skipped and listed instead of failing the set.
func ParseSetWith(data []byte, opts ParseOptions) (*Set, error) {
	max := opts.MaxSize
	if max == 0 {
		max = DefaultMaxSetSize
	}
	if len(data) > max {
		return nil, tooLarge(len(data), max)
	}
	maxKeys := opts.MaxKeys
	if maxKeys == 0 {
		maxKeys = DefaultMaxSetKeys
	}
	obj, err := ijson.ParseObject(data, ijson.Limits{MaxSize: max, MaxDepth: maxDepth + 2})
	if err != nil {
		return nil, jsonErr(err)
	}
	keysVal, ok := obj.Get("keys")
	if !ok {
		return nil, memberErr("keys", ErrMalformed, "missing")
	}
	elems, err := keysVal.Array()
	if err != nil {
		return nil, memberErrWrap("keys", ErrMalformed, err, "not an array")
	}
	if len(elems) > maxKeys {
		return nil, memberErr("keys", ErrTooLarge, "%d keys exceed limit %d", len(elems), maxKeys)
	}
	s := &Set{keys: make([]*Key, 0, len(elems))}
	for _, m := range obj.Members() {
		if m.Name != "keys" {
			s.extra = append(s.extra, rawMember{name: m.Name, raw: slices.Clone(m.Value.Raw())})
		}
	}
	for i, v := range elems {
		ko, err := v.Object()
		if err != nil {
			err = memberErrWrap("keys["+itoa(i)+"]", ErrMalformed, err, "not an object")
			if !opts.SkipInvalid {
				return nil, err
			}
			s.skipped = append(s.skipped, SkippedKey{Index: i, Err: err})
			continue
		}
		k, err := parseKeyObject(ko, opts)
		if err == nil {
			s.keys = append(s.keys, k)
			continue
		}
		err = prefixMember(err, "keys["+itoa(i)+"]")
		if !opts.SkipInvalid && !unknownType(ko, err) {
			return nil, err
		}
		sk := SkippedKey{Index: i, Err: err}
		sk.KeyType, _, _ = ko.String("kty")
		sk.Curve, _, _ = ko.String("crv")
		sk.KeyID, _, _ = ko.String("kid")
		s.skipped = append(s.skipped, sk)
	}
	return s, nil
}

// unknownType reports whether a key failed only because its "kty" or "crv"
// is not supported, which RFC 7517 §5 says to skip.
func unknownType(ko ijson.Object, err error) bool {
	if !errors.Is(err, ErrUnsupported) {
		return false
	}
	kty, _, _ := ko.String("kty")
	if !jwa.KeyType(kty).Supported() {
		return true
	}
	crv, ok, _ := ko.String("crv")
	return ok && !jwa.Curve(crv).Supported() && (kty == string(jwa.EC) || kty == string(jwa.OKP))
}

func prefixMember(err error, prefix string) error {
	if me, ok := errors.AsType[*MemberError](err); ok {
		cp := *me
		if cp.Member == "" {
			cp.Member = prefix
		} else {
			cp.Member = prefix + "." + cp.Member
		}
		return &cp
	}
	return err
}

// Len returns the number of keys.
func (s *Set) Len() int { return len(s.keys) }

// All iterates over the keys in order.
func (s *Set) All() iter.Seq2[int, *Key] { return slices.All(s.keys) }

// Keys returns a copy of the list of keys.
func (s *Set) Keys() []*Key { return slices.Clone(s.keys) }

// Skipped returns the keys a parse skipped, with the reason for each.
func (s *Set) Skipped() []SkippedKey { return slices.Clone(s.skipped) }

// LookupKeyID returns the keys whose "kid" equals kid, in order. Several keys
// may share a "kid" (of different types, say); the caller's algorithm picks
// among them. kid is compared as an opaque string and never used otherwise.
func (s *Set) LookupKeyID(kid string) []*Key {
	var out []*Key
	for _, k := range s.keys {
		if k.meta.KeyID == kid {
			out = append(out, k)
		}
	}
	return out
}

// Filter returns the keys for which keep returns true, as a new Set (its
// Skipped list is empty).
func (s *Set) Filter(keep func(*Key) bool) *Set {
	out := &Set{}
	for _, k := range s.keys {
		if keep(k) {
			out.keys = append(out.keys, k)
		}
	}
	return out
}

// ForSignature returns the keys that may perform op with alg, as
// [Key.PermitsSignature] decides, in order.
func (s *Set) ForSignature(op Operation, alg jwa.SignatureAlgorithm) []*Key {
	var out []*Key
	for _, k := range s.keys {
		if k.PermitsSignature(op, alg) == nil {
			out = append(out, k)
		}
	}
	return out
}

// ForKeyManagement returns the keys that may perform op with the JWE key
// management algorithm alg, as [Key.PermitsKeyManagement] decides, in order.
func (s *Set) ForKeyManagement(op Operation, alg jwa.KeyAlgorithm) []*Key {
	var out []*Key
	for _, k := range s.keys {
		if k.PermitsKeyManagement(op, alg) == nil {
			out = append(out, k)
		}
	}
	return out
}

// ByUse returns the keys whose "use" is u or absent, in order.
func (s *Set) ByUse(u Use) []*Key {
	var out []*Key
	for _, k := range s.keys {
		if k.meta.Use == "" || k.meta.Use == u {
			out = append(out, k)
		}
	}
	return out
}

// Public returns a Set of the public halves of the keys, for publishing at
// a jwks_uri. Symmetric keys are left out, never published.
func (s *Set) Public() *Set {
	out := &Set{extra: slices.Clone(s.extra)}
	for _, k := range s.keys {
		if pub, err := k.Public(); err == nil {
			out.keys = append(out.keys, pub)
		}
	}
	return out
}

// MarshalJSON returns {"keys":[...]} with each key as [Key.MarshalJSON]
// writes it (private members included: marshal [Set.Public] to publish),
// followed by any other members the set was parsed with.
func (s *Set) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 512*len(s.keys)+16), `{"keys":[`...)
	for i, k := range s.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = k.appendJSON(b, true)
	}
	b = append(b, ']')
	for _, x := range s.extra {
		b = append(b, ',')
		b = ijson.AppendString(b, x.name)
		b = append(b, ':')
		b = append(b, x.raw...)
	}
	return append(b, '}'), nil
}
