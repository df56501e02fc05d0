package jws

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// SignerOptions sets the header of a [Signer]'s signatures. The zero value
// gives a protected header with "alg" and the key's "kid". [NewSigner]
// copies what it keeps.
type SignerOptions struct {
	// KeyID is the "kid" to put in the protected header; empty means the
	// key's own "kid", if it has one.
	KeyID string
	// OmitKeyID leaves "kid" out of the protected header (it may then be
	// given in Unprotected).
	OmitKeyID bool
	// Type is "typ", such as "JWT"; empty leaves it out.
	Type string
	// ContentType is "cty"; empty leaves it out.
	ContentType string
	// X509Chain puts the key's certificate chain (its x5c metadata) in
	// the protected header as "x5c".
	X509Chain bool

	// Unencoded signs the payload unencoded (RFC 7797): the protected
	// header gets "b64": false and "crit": ["b64"]. A compact
	// serialization then needs a payload without '.', or a detached one.
	Unencoded bool

	// Critical lists extension members of Protected that the recipient
	// must understand (RFC 7515 §4.1.11); they go in "crit" after "b64".
	Critical []string

	// Protected holds other protected header members, as JSON values. They
	// must be valid JSON; "alg", "crit" and "b64" are set by the Signer
	// and may not appear, nor may a member that a typed field above sets.
	// They are written in name order after the typed members.
	Protected map[string]json.RawMessage
	// Unprotected holds unprotected header members, as JSON values, for
	// the JSON serializations; a compact serialization has no unprotected
	// header. No name may be in both headers.
	Unprotected map[string]json.RawMessage
}

// Signer signs payloads with one key, one algorithm and a fixed header. It
// is immutable and safe for concurrent use.
type Signer struct {
	key          *jwk.Key
	alg          jwa.SignatureAlgorithm
	sk           *signKey
	protectedB64 string
	unprotected  []byte // a JSON object, or nil
	unencoded    bool
}

// NewSigner returns a [Signer] that signs with key and alg. key must hold
// private material (or be an opaque [crypto.Signer] key made with
// [jwk.NewSigner]) that [jwk.Key.PermitsSignature] allows for
// [jwk.OpSign] with alg: its type, curve and size fit, and its "use",
// "key_ops" and "alg" agree. It returns a [*ConfigError] wrapping
// [ErrInvalidConfig] (and the [jwk.UsageError], if any) when they do not,
// when alg is [jwa.None] or unsupported, or when opts is inconsistent: a
// reserved or duplicated header member, a value that is not JSON, a
// "crit" name absent from Protected or registered by RFC 7515, or a
// protected header larger than [DefaultMaxHeaderSize].
func NewSigner(key *jwk.Key, alg jwa.SignatureAlgorithm, opts SignerOptions) (*Signer, error) {
	if key == nil {
		return nil, configErr("key", "is nil")
	}
	if alg == jwa.None || !alg.Supported() {
		return nil, configErr("alg", quote(string(alg))+" is not a supported signature algorithm")
	}
	if err := key.PermitsSignature(jwk.OpSign, alg); err != nil {
		return nil, &ConfigError{Field: "key", Reason: "may not sign with " + string(alg), Err: err}
	}
	sk, err := newSignKey(key, alg)
	if err != nil {
		return nil, &ConfigError{Field: "key", Reason: err.Error()}
	}
	s := &Signer{key: key, alg: alg, sk: sk, unencoded: opts.Unencoded}
	prot, err := opts.protectedHeader(key, alg)
	if err != nil {
		return nil, err
	}
	if len(prot) > DefaultMaxHeaderSize {
		return nil, configErr("SignerOptions", "protected header of "+strconv.Itoa(len(prot))+" bytes exceeds "+strconv.Itoa(DefaultMaxHeaderSize))
	}
	s.protectedB64 = base64url.Encode(prot)
	if s.unprotected, err = opts.unprotectedHeader(); err != nil {
		return nil, err
	}
	return s, nil
}

// reservedMember reports whether a Signer sets name itself.
func reservedMember(name string) bool {
	return name == "alg" || name == "crit" || name == "b64"
}

// protectedHeader returns the protected header's JSON.
func (o *SignerOptions) protectedHeader(key *jwk.Key, alg jwa.SignatureAlgorithm) ([]byte, error) {
	b := append(make([]byte, 0, 128), `{"alg":`...)
	b = ijson.AppendString(b, string(alg))
	set := map[string]bool{"alg": true}
	var crit []string
	if o.Unencoded {
		b = append(b, `,"b64":false`...)
		crit = append(crit, "b64")
		set["b64"] = true
	}
	for i, c := range o.Critical {
		field := "SignerOptions.Critical[" + strconv.Itoa(i) + "]"
		switch {
		case c == "b64":
			return nil, configErr(field, `"b64" is set through SignerOptions.Unencoded`)
		case header.JWSRegistered(c):
			return nil, configErr(field, quote(c)+" is a registered header parameter, which crit may not list (RFC 7515 §4.1.11)")
		case slices.Contains(crit, c):
			return nil, configErr(field, quote(c)+" is listed twice")
		}
		if _, ok := o.Protected[c]; !ok {
			return nil, configErr(field, quote(c)+" is not in SignerOptions.Protected")
		}
		crit = append(crit, c)
	}
	if len(crit) > 0 {
		b = append(b, `,"crit":[`...)
		for i, c := range crit {
			if i > 0 {
				b = append(b, ',')
			}
			b = ijson.AppendString(b, c)
		}
		b = append(b, ']')
		set["crit"] = true
	}
	str := func(name, v string) {
		if v != "" {
			b = append(b, ',')
			b = ijson.AppendString(b, name)
			b = append(b, ':')
			b = ijson.AppendString(b, v)
			set[name] = true
		}
	}
	if o.OmitKeyID && o.KeyID != "" {
		return nil, configErr("SignerOptions.KeyID", "is set together with OmitKeyID")
	}
	if !o.OmitKeyID {
		kid := o.KeyID
		if kid == "" {
			kid = key.KeyID()
		}
		str("kid", kid)
	}
	str("typ", o.Type)
	str("cty", o.ContentType)
	if o.X509Chain {
		chain := key.Metadata().X509Chain
		if len(chain) == 0 {
			return nil, configErr("SignerOptions.X509Chain", "the key has no certificate chain")
		}
		b = append(b, `,"x5c":[`...)
		for i, c := range chain {
			if i > 0 {
				b = append(b, ',')
			}
			b = ijson.AppendString(b, base64.StdEncoding.EncodeToString(c.Raw))
		}
		b = append(b, ']')
		set["x5c"] = true
	}
	var err error
	if b, err = appendMembers(b, o.Protected, set, "SignerOptions.Protected"); err != nil {
		return nil, err
	}
	for name := range o.Unprotected {
		if set[name] {
			return nil, configErr("SignerOptions.Unprotected", quote(name)+" is also in the protected header (RFC 7515 §7.2.1)")
		}
	}
	return append(b, '}'), nil
}

// unprotectedHeader returns the unprotected header's JSON, or nil.
func (o *SignerOptions) unprotectedHeader() ([]byte, error) {
	if len(o.Unprotected) == 0 {
		return nil, nil
	}
	b, err := appendMembers([]byte{'{'}, o.Unprotected, map[string]bool{}, "SignerOptions.Unprotected")
	if err != nil {
		return nil, err
	}
	if b[1] == ',' {
		b = append(b[:1], b[2:]...)
	}
	return append(b, '}'), nil
}

// appendMembers appends ,"name":value for each member of m in name order,
// checking names and values and recording them in set.
func appendMembers(b []byte, m map[string]json.RawMessage, set map[string]bool, field string) ([]byte, error) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case name == "":
			return nil, configErr(field, "has an empty member name")
		case reservedMember(name):
			return nil, configErr(field, quote(name)+" is set by the Signer")
		case set[name]:
			return nil, configErr(field, quote(name)+" is already set by a SignerOptions field")
		}
		v, err := ijson.Parse(m[name], ijson.Limits{MaxSize: DefaultMaxHeaderSize, MaxDepth: maxJSONDepth})
		if err != nil {
			return nil, &ConfigError{Field: field + "[" + quote(name) + "]", Reason: "not valid JSON", Err: err}
		}
		if (name == "kid" || name == "typ" || name == "cty") && v.Kind() != ijson.KindString {
			return nil, configErr(field+"["+quote(name)+"]", "must be a string")
		}
		b = append(b, ',')
		b = ijson.AppendString(b, name)
		b = append(b, ':')
		b = append(b, v.Raw()...)
		set[name] = true
	}
	return b, nil
}

// Algorithm returns the Signer's algorithm.
func (s *Signer) Algorithm() jwa.SignatureAlgorithm { return s.alg }

// Key returns the Signer's key.
func (s *Signer) Key() *jwk.Key { return s.key }

// sign returns the signature of the signing input for payload.
func (s *Signer) sign(payload []byte) ([]byte, error) {
	return s.sk.sign(appendSigningInput(nil, s.protectedB64, payload, s.unencoded))
}

// compactOK refuses what the compact serialization cannot carry.
func (s *Signer) compactOK(payload []byte, detached bool) error {
	if s.unprotected != nil {
		return configErr("SignerOptions.Unprotected", "the compact serialization has no unprotected header: use SignJSON or SignFlattened")
	}
	// RFC 7797 §5.2: an unencoded payload in a compact JWS may not
	// contain '.'.
	if s.unencoded && !detached && slices.Contains(payload, '.') {
		return configErr("payload", "an unencoded payload containing '.' needs a detached or JSON serialization (RFC 7797 §5.2)")
	}
	return nil
}

// Sign returns payload signed in the compact serialization (RFC 7515
// §7.1). It returns an error wrapping [ErrInvalidConfig] when the Signer
// has an unprotected header, or signs unencoded and payload contains '.',
// and the signer's error if signing fails.
func (s *Signer) Sign(payload []byte) (string, error) {
	if err := s.compactOK(payload, false); err != nil {
		return "", err
	}
	// One buffer holds the signing input and then, past it, the rest of
	// the token: the compact JWS is the signing input, ".", and the
	// signature (RFC 7515 §7.1).
	n := len(s.protectedB64) + 1 + len(payload)
	if !s.unencoded {
		n = len(s.protectedB64) + 1 + base64url.EncodedLen(len(payload))
	}
	buf := make([]byte, 0, n+1+base64url.EncodedLen(s.sk.sigLen()))
	buf = appendSigningInput(buf, s.protectedB64, payload, s.unencoded)
	sig, err := s.sk.sign(buf)
	if err != nil {
		return "", err
	}
	buf = append(buf, '.')
	return string(base64url.AppendEncode(buf, sig)), nil
}

// SignDetached is [Signer.Sign] with a detached payload (RFC 7515
// Appendix F): the payload part of the result is empty, and the recipient
// must get payload some other way and call [Verifier.VerifyDetached].
func (s *Signer) SignDetached(payload []byte) (string, error) {
	if err := s.compactOK(payload, true); err != nil {
		return "", err
	}
	sig, err := s.sign(payload)
	if err != nil {
		return "", err
	}
	return string(appendCompact(nil, s.protectedB64, "", sig)), nil
}

// SignFlattened returns payload signed in the flattened JSON serialization
// (RFC 7515 §7.2.2), with the Signer's unprotected header, if any.
func (s *Signer) SignFlattened(payload []byte) ([]byte, error) {
	return s.signFlattened(payload, false)
}

// SignFlattenedDetached is [Signer.SignFlattened] without the "payload"
// member; see [Verifier.VerifyJSONDetached].
func (s *Signer) SignFlattenedDetached(payload []byte) ([]byte, error) {
	return s.signFlattened(payload, true)
}

func (s *Signer) signFlattened(payload []byte, detached bool) ([]byte, error) {
	if err := jsonPayloadOK(payload, s.unencoded, detached); err != nil {
		return nil, err
	}
	sig, err := s.sign(payload)
	if err != nil {
		return nil, err
	}
	b := append([]byte(nil), '{')
	if !detached {
		b = appendPayloadMember(b, payload, s.unencoded)
		b = append(b, ',')
	}
	b = s.appendSignatureMembers(b, sig)
	return append(b, '}'), nil
}

// SignJSON returns payload signed by each signer, in order, in the general
// JSON serialization (RFC 7515 §7.2.1). It returns an error wrapping
// [ErrInvalidConfig] when there are no signers, one is nil, or they
// disagree on [SignerOptions.Unencoded] (the payload has one encoding),
// and the first signing error otherwise.
func SignJSON(payload []byte, signers ...*Signer) ([]byte, error) {
	return signJSON(payload, false, signers)
}

// SignJSONDetached is [SignJSON] without the "payload" member; see
// [Verifier.VerifyJSONDetached].
func SignJSONDetached(payload []byte, signers ...*Signer) ([]byte, error) {
	return signJSON(payload, true, signers)
}

func signJSON(payload []byte, detached bool, signers []*Signer) ([]byte, error) {
	if len(signers) == 0 {
		return nil, configErr("signers", "none given")
	}
	for i, s := range signers {
		if s == nil {
			return nil, configErr("signers["+strconv.Itoa(i)+"]", "is nil")
		}
		if s.unencoded != signers[0].unencoded {
			return nil, configErr("signers["+strconv.Itoa(i)+"]", "disagrees with signers[0] on Unencoded (RFC 7797 §3)")
		}
	}
	if err := jsonPayloadOK(payload, signers[0].unencoded, detached); err != nil {
		return nil, err
	}
	b := append([]byte(nil), '{')
	if !detached {
		b = appendPayloadMember(b, payload, signers[0].unencoded)
		b = append(b, ',')
	}
	b = append(b, `"signatures":[`...)
	for i, s := range signers {
		sig, err := s.sign(payload)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = s.appendSignatureMembers(b, sig)
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

// appendPayloadMember appends "payload":"..." with payload base64url
// encoded, or as a JSON string when unencoded (RFC 7797 §5.2), which the
// caller has checked is valid UTF-8.
func appendPayloadMember(b, payload []byte, unencoded bool) []byte {
	b = append(b, `"payload":`...)
	if unencoded {
		return ijson.AppendString(b, string(payload))
	}
	b = append(b, '"')
	b = base64url.AppendEncode(b, payload)
	return append(b, '"')
}

// appendSignatureMembers appends "protected", "header" (when the Signer
// has one) and "signature".
func (s *Signer) appendSignatureMembers(b, sig []byte) []byte {
	// A Signer always has a protected header ("alg"); only the internal
	// core (withProtectedHeader, for RFC 7520 §4.7) may remove it.
	if s.protectedB64 != "" {
		b = append(b, `"protected":"`...)
		b = append(b, s.protectedB64...)
		b = append(b, `",`...)
	}
	if s.unprotected != nil {
		b = append(b, `"header":`...)
		b = append(b, s.unprotected...)
		b = append(b, ',')
	}
	b = append(b, `"signature":"`...)
	b = base64url.AppendEncode(b, sig)
	return append(b, '"')
}

// withProtectedHeader returns a copy of s that signs under the exact
// protected header octets raw, for reproducing RFC examples byte for byte
// (RFC 7515 Appendix A.1's header contains CR LF, which no encoder would
// write), with the unprotected header unprotected (nil for none).
func (s *Signer) withProtectedHeader(raw, unprotected []byte) *Signer {
	c := *s
	c.protectedB64 = base64url.Encode(raw)
	c.unprotected = nil
	if unprotected != nil {
		c.unprotected = slices.Clone(unprotected)
	}
	return &c
}

// jsonPayloadOK refuses an unencoded payload that a JSON string cannot
// carry unchanged.
func jsonPayloadOK(payload []byte, unencoded, detached bool) error {
	if unencoded && !detached && !utf8.Valid(payload) {
		return configErr("payload", "an unencoded payload in a JSON serialization must be valid UTF-8")
	}
	return nil
}
