package jws

import (
	"errors"
	"slices"
	"strings"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// Verified is a JWS whose signature verified under a [Verifier]'s policy:
// its payload, header, algorithm and the key that verified it. It is
// immutable and safe for concurrent use.
type Verified struct {
	payload []byte
	header  Header
	key     *jwk.Key
}

// Payload returns the verified payload. The slice is the Verified's own,
// shared with no input; the caller may keep it but should not modify it.
func (v *Verified) Payload() []byte { return v.payload }

// Header returns the JOSE Header.
func (v *Verified) Header() *Header { return &v.header }

// Algorithm returns the "alg" that verified.
func (v *Verified) Algorithm() jwa.SignatureAlgorithm { return v.header.alg }

// Key returns the key that verified the signature: one of the policy's (or
// the call's) keys, or the leaf key of a trusted x5c chain, whose
// certificates are in its metadata.
func (v *Verified) Key() *jwk.Key { return v.key }

// Verify verifies a compact JWS (RFC 7515 §7.1) and returns its payload,
// header and key.
//
// It checks, in order: the size ([Policy.MaxTokenSize],
// [Policy.MaxHeaderSize]); the structure (exactly three parts, strict
// base64url, a protected header that is a JSON object without duplicate
// members, with "alg" in it); the policy ("alg" listed, "crit"
// understood, a key whose "kid", type, size, "use", "key_ops" and "alg"
// fit); and then the signature. The first failing stage returns an error
// wrapping [ErrTooLarge], [ErrMalformed], [ErrAlgorithmNotAllowed]
// (or [ErrUnsecured] for "none"), [ErrCritical], [ErrNoKey] or
// [ErrSignatureInvalid], and a nil *Verified.
//
// A token whose payload part is empty verifies with an empty payload; use
// [Verifier.VerifyDetached] for a detached payload. Verify is safe for
// concurrent use.
//
// The Verifier remembers the protected headers of the last tokens that
// verified (a bounded number), so that a token whose protected header is
// byte for byte one of them skips parsing and checking it again; every
// token still has its structure and signature checked.
func (v *Verifier) Verify(token string) (*Verified, error) {
	return v.verifyCompact(token, nil, false, nil, false)
}

// VerifyDetached verifies a compact JWS with a detached payload (RFC 7515
// Appendix F): the token's payload part must be empty, and payload is used
// in its place (raw for "b64": false, RFC 7797). It returns what
// [Verifier.Verify] returns, with a copy of payload; payload itself is not
// limited in size.
func (v *Verifier) VerifyDetached(token string, payload []byte) (*Verified, error) {
	return v.verifyCompact(token, payload, true, nil, false)
}

// VerifyWithKeys is [Verifier.Verify] with the keys given for this call
// instead of the policy's, as from a key set fetched from a remote
// endpoint. The policy's algorithms and every other rule still apply; each
// key is checked against the "alg" with [jwk.Key.PermitsSignature].
func (v *Verifier) VerifyWithKeys(token string, keys *jwk.Set) (*Verified, error) {
	return v.verifyCompact(token, nil, false, keys, true)
}

func (v *Verifier) verifyCompact(token string, detached []byte, isDetached bool, keys *jwk.Set, perCall bool) (*Verified, error) {
	// Structure.
	if len(token) > v.lim.token {
		return nil, tooLarge("token", len(token), v.lim.token)
	}
	c, err := splitCompact(token)
	if err != nil {
		return nil, err
	}
	if err := checkProtectedSize("protected", c.protected, v.lim.header); err != nil {
		return nil, err
	}
	s := v.getScratch()
	defer v.putScratch(s)

	pn := len(c.payload) // decodes to at most this
	if isDetached {
		pn = len(detached)
	}
	res := &Verified{}
	h := &res.header
	// rest receives the payload. A header found in the cache has passed
	// this Verifier's policy already; fresh says that h is parsed here and
	// may join the cache once a signature over it verifies; parsed, that
	// the policy remains to be checked.
	var rest []byte
	parsed, fresh := false, false
	if cached := v.headers.lookup(c.protected); cached != nil {
		*h = *cached
		rest = make([]byte, 0, pn)
	} else {
		protected := c.protected
		hn, _ := base64url.DecodedLen(len(protected))
		var buf []byte
		if v.headers != nil && cacheable(protected) {
			// A header that may be cached owns its memory, so that the
			// cache keeps no token alive.
			protected = strings.Clone(protected)
			buf = make([]byte, 0, hn)
			rest = make([]byte, 0, pn)
			fresh = true
		} else {
			// One allocation holds the header octets (kept by the parsed
			// header) and then the payload.
			buf = make([]byte, 0, hn+pn)
		}
		// The base64url input goes through s.input.
		s.input = append(s.input[:0], protected...)
		hdr, obj, err := decodeHeader(buf, s.input, v.lim.header, "")
		if err != nil {
			return nil, err
		}
		if err := parseHeaderObject(h, protected, obj, ijson.Object{}, ""); err != nil {
			return nil, err
		}
		parsed = true
		if !fresh {
			rest = buf[len(hdr):len(hdr):cap(buf)]
		}
	}
	switch {
	case isDetached:
		if c.payload != "" {
			return nil, malformed("payload", "must be empty when the payload is detached")
		}
		res.payload = append(rest, detached...)
	case h.unencoded:
		res.payload = append(rest, c.payload...)
	default:
		if res.payload, err = base64url.AppendDecodeString(rest, c.payload); err != nil {
			return nil, malformedCause("payload", "bad base64url", err)
		}
	}
	res.payload = res.payload[:len(res.payload):len(res.payload)]
	if s.sig, err = base64url.AppendDecodeString(s.sig[:0], c.signature); err != nil {
		return nil, malformedCause("signature", "bad base64url", err)
	}
	if isDetached {
		s.input = appendSigningInput(s.input[:0], c.protected, res.payload, h.unencoded)
	} else {
		s.input = append(s.input[:0], token[:len(c.protected)+1+len(c.payload)]...)
	}

	// Policy, then cryptography.
	if parsed {
		if err := v.checkPolicy(h, ""); err != nil {
			return nil, err
		}
	}
	if res.key, err = v.verifySignature(h, s, keys, perCall); err != nil {
		return nil, err
	}
	if fresh {
		v.headers.store(h)
	}
	return res, nil
}

// checkPolicy checks a parsed header against the policy: "alg" is listed,
// and "crit" lists only understood extensions.
func (v *Verifier) checkPolicy(h *Header, prefix string) error {
	if !v.allows(h.alg) {
		if h.alg == jwa.None {
			return &FormatError{Part: prefix + "alg", Reason: `"none" is never accepted by a Verifier (RFC 8725 §3.1)`, Err: ErrUnsecured}
		}
		return &FormatError{Part: prefix + "alg", Reason: quote(string(h.alg)) + " is not in the policy's algorithms", Err: ErrAlgorithmNotAllowed}
	}
	return checkCritical(h, v.critical, prefix)
}

// checkCritical enforces "crit" (RFC 7515 §4.1.11) with the extensions in
// understood, and that "b64" is listed when present (RFC 7797 §6).
func checkCritical(h *Header, understood []string, prefix string) error {
	if h.h.Has("crit") {
		// Every listed name must be understood and none may repeat, so a
		// longer list fails anyway; refusing it here keeps the check
		// linear in the input.
		if len(h.crit) > len(understood) {
			return &FormatError{Part: prefix + "crit", Reason: "lists more extensions than are understood", Err: ErrCritical}
		}
		names, err := header.CheckCritical(h.h, header.JWSRegistered, understood)
		if err != nil {
			reason := err.Error()
			if he, ok := errors.AsType[*header.Error](err); ok {
				reason = he.Reason
			}
			return &FormatError{Part: prefix + "crit", Reason: reason, Err: errors.Join(ErrCritical, err)}
		}
		h.crit = names
	}
	if h.h.Has("b64") && !slices.Contains(h.crit, "b64") {
		return &FormatError{Part: prefix + "b64", Reason: `"b64" must be listed in "crit" (RFC 7797 §6)`, Err: ErrCritical}
	}
	return nil
}

// verifySignature finds the keys that may verify h's "alg" and "kid" and
// tries each on the signing input s.input and signature s.sig. Keys come
// from the policy, or from keys when perCall, then from a trusted x5c
// chain. It returns the key that verified, a [*KeyError] when no key may
// serve, or a [*SignatureError].
func (v *Verifier) verifySignature(h *Header, s *scratch, keys *jwk.Set, perCall bool) (*jwk.Key, error) {
	tried := 0
	if !perCall {
		if v.keysPerCall {
			return nil, &KeyError{Algorithm: h.alg, KeyID: h.kid, Reason: "the policy's keys come with each call (KeysPerCall): use VerifyWithKeys"}
		}
		for _, k := range v.byAlg[algIndex(h.alg)] {
			if h.kid != "" && k.label != h.kid {
				continue
			}
			tried++
			if k.verify(s.input, s.sig, s.mac) {
				return k.key, nil
			}
		}
	} else {
		for _, k := range perCallKeys(h, keys) {
			tried++
			if k.verify(s.input, s.sig, s.mac) {
				return k.key, nil
			}
		}
	}
	var x5cErr error
	if v.x509 != nil && h.h.Has("x5c") {
		k, err := v.x509Key(h)
		if err == nil {
			tried++
			if k.verify(s.input, s.sig, s.mac) {
				return k.key, nil
			}
		}
		x5cErr = err
	}
	if tried == 0 {
		reason := "no key may verify this algorithm"
		if h.kid != "" {
			reason = "no key with this kid may verify this algorithm"
		}
		if x5cErr != nil {
			reason += `, and the "x5c" chain is not usable`
		}
		return nil, &KeyError{Algorithm: h.alg, KeyID: h.kid, Reason: reason, Err: x5cErr}
	}
	// Recompute the labels only now, so that success allocates nothing.
	var labels []string
	if !perCall {
		for _, k := range v.byAlg[algIndex(h.alg)] {
			if h.kid == "" || k.label == h.kid {
				labels = append(labels, k.label)
			}
		}
	} else {
		for _, k := range perCallKeys(h, keys) {
			labels = append(labels, k.label)
		}
	}
	if v.x509 != nil && x5cErr == nil && h.h.Has("x5c") {
		labels = append(labels, "x5c")
	}
	return nil, &SignatureError{Algorithm: h.alg, KeyIDs: labels}
}

// perCallKeys returns the keys of set that may verify h's "alg", restricted
// to h's "kid" when it has one.
func perCallKeys(h *Header, set *jwk.Set) []*verifyKey {
	if set == nil {
		return nil
	}
	var out []*verifyKey
	for _, k := range set.All() {
		if h.kid != "" && k.KeyID() != h.kid {
			continue
		}
		if vk, err := newVerifyKey(k, h.alg); err == nil {
			out = append(out, vk)
		}
	}
	return out
}
