package jws

import (
	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// Unsecured is the content of an Unsecured JWS ("alg":"none", RFC 7515
// Appendix A.5, RFC 7518 §3.6). Nothing protects its integrity: anyone
// could have written or changed it. It is a different type from [Verified]
// so that it cannot be passed where a verified payload is expected.
type Unsecured struct {
	payload []byte
	header  Header
}

// Payload returns the unprotected payload, in a slice the Unsecured owns.
func (u *Unsecured) Payload() []byte { return u.payload }

// Header returns the header.
func (u *Unsecured) Header() *Header { return &u.header }

// InsecureParseUnsecured reads an Unsecured JWS in the compact
// serialization: "alg" must be exactly "none" and the signature part empty
// (RFC 7518 §3.6). It is the only way this package reads such a JWS; no
// [Policy] can accept "none". Use it only where integrity comes from
// elsewhere (a TLS channel to a party you trust, say) — RFC 8725 §3.2.
//
// It applies the default limits and the structural rules of
// [Verifier.Verify], and refuses any other "alg" with an error wrapping
// [ErrAlgorithmNotAllowed] (it is not a way to read a signed JWS without
// verifying it), a non-empty signature with [ErrMalformed], and any "crit"
// extension but "b64" with [ErrCritical].
func InsecureParseUnsecured(token string) (*Unsecured, error) {
	lim := defaultLimits
	if len(token) > lim.token {
		return nil, tooLarge("token", len(token), lim.token)
	}
	c, err := splitCompact(token)
	if err != nil {
		return nil, err
	}
	if err := checkProtectedSize("protected", c.protected, lim.header); err != nil {
		return nil, err
	}
	u := &Unsecured{}
	h := &u.header
	if err := parseHeader(h, c.protected, ijson.Object{}, lim.header, ""); err != nil {
		return nil, err
	}
	if h.alg != jwa.None {
		return nil, &FormatError{Part: "alg", Reason: `InsecureParseUnsecured reads only "none", not ` + quote(string(h.alg)), Err: ErrAlgorithmNotAllowed}
	}
	if c.signature != "" {
		return nil, malformed("signature", "must be empty in an Unsecured JWS (RFC 7518 §3.6)")
	}
	if err := checkCritical(h, []string{"b64"}, ""); err != nil {
		return nil, err
	}
	if h.unencoded {
		u.payload = []byte(c.payload)
	} else if u.payload, err = base64url.Decode(c.payload); err != nil {
		return nil, malformedCause("payload", "bad base64url", err)
	}
	return u, nil
}
