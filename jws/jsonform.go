package jws

import (
	"errors"
	"slices"
	"strconv"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// SignatureResult is the outcome of one signature of a JSON JWS.
type SignatureResult struct {
	// Index is the signature's position in "signatures" (0 for the
	// flattened serialization).
	Index int
	// Header is the signature's JOSE Header, or nil when it could not be
	// parsed.
	Header *Header
	// Key is the key that verified the signature, or nil.
	Key *jwk.Key
	// Err is nil when the signature verified, and otherwise says why not,
	// wrapping one of the package's sentinels.
	Err error
}

// Algorithm returns the signature's "alg", or "" when its header could not
// be parsed.
func (r SignatureResult) Algorithm() jwa.SignatureAlgorithm {
	if r.Header == nil {
		return ""
	}
	return r.Header.alg
}

// VerifiedJSON is a JSON JWS (RFC 7515 §7.2) of which enough signatures
// verified under a [Verifier]'s policy: by default all of them, or
// [Policy.MinValidSignatures]. It is immutable and safe for concurrent
// use.
type VerifiedJSON struct {
	payload    []byte
	results    []SignatureResult
	headers    []Header
	raw        []jsonSignature // the signatures as received, for MarshalJSON
	payloadRaw string          // the "payload" member's value as received
	detached   bool
	valid      int
}

// Payload returns the verified payload. The slice is the VerifiedJSON's
// own, shared with no input; the caller may keep it but should not modify
// it.
func (v *VerifiedJSON) Payload() []byte { return v.payload }

// Signatures returns the outcome of every signature, in document order, in
// a fresh slice. Under the default policy every one has a nil Err.
func (v *VerifiedJSON) Signatures() []SignatureResult { return slices.Clone(v.results) }

// Valid returns the number of signatures that verified.
func (v *VerifiedJSON) Valid() int { return v.valid }

// MarshalJSON returns the JWS in the general JSON serialization: the
// "payload" (left out when it was detached) and every signature with its
// "protected", "header" and "signature" members as received. Members this
// package ignores are not kept. A flattened JWS comes out in the general
// form.
func (v *VerifiedJSON) MarshalJSON() ([]byte, error) {
	b := append([]byte(nil), '{')
	if !v.detached {
		b = append(b, `"payload":`...)
		b = ijson.AppendString(b, v.payloadRaw)
		b = append(b, ',')
	}
	b = append(b, `"signatures":[`...)
	for i, s := range v.raw {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendJSON(b)
	}
	return append(b, "]}"...), nil
}

// jsonSignature is one signature of a JSON JWS as received.
type jsonSignature struct {
	protected    string // base64url, "" when absent
	hasProtected bool
	header       ijson.Object // the unprotected header; empty when absent
	hasHeader    bool
	signature    string // base64url
}

func (s *jsonSignature) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if s.hasProtected {
		b = append(b, `"protected":`...)
		b = ijson.AppendString(b, s.protected)
		b = append(b, ',')
	}
	if s.hasHeader {
		b = append(b, `"header":`...)
		b = append(b, s.header.Raw()...)
		b = append(b, ',')
	}
	b = append(b, `"signature":`...)
	b = ijson.AppendString(b, s.signature)
	return append(b, '}')
}

// jsonJWS is a JSON JWS as received.
type jsonJWS struct {
	flattened  bool
	payload    string
	hasPayload bool
	sigs       []jsonSignature
}

// parseJSON parses the envelope of a general or flattened JSON JWS (RFC
// 7515 §7.2). Members it does not know are ignored, as RFC 7515 §7.2.1
// says. The headers are parsed later, one signature at a time.
func parseJSON(data []byte, lim limits) (*jsonJWS, error) {
	obj, err := ijson.ParseObject(data, ijson.Limits{MaxSize: lim.token, MaxDepth: maxJSONDepth})
	if err != nil {
		if errors.Is(err, ijson.ErrTooLarge) {
			return nil, &FormatError{Part: "token", Reason: err.Error(), Err: errors.Join(ErrTooLarge, err)}
		}
		return nil, malformedCause("token", "not a JSON object", err)
	}
	doc := &jsonJWS{}
	if doc.payload, doc.hasPayload, err = obj.String("payload"); err != nil {
		return nil, malformedCause("payload", "not a string", err)
	}
	sigsVal, general := obj.Get("signatures")
	if !general {
		doc.flattened = true
		s, err := parseJSONSignature(obj, "")
		if err != nil {
			return nil, err
		}
		doc.sigs = []jsonSignature{s}
		return doc, nil
	}
	// RFC 7515 §7.2.2: the flattened members may not sit beside
	// "signatures".
	for _, m := range []string{"protected", "header", "signature"} {
		if obj.Has(m) {
			return nil, malformed(m, `may not appear beside "signatures"`)
		}
	}
	if sigsVal.Kind() != ijson.KindArray {
		return nil, malformed("signatures", "not an array")
	}
	n := sigsVal.Len()
	if n == 0 {
		return nil, malformed("signatures", "is empty")
	}
	if n > lim.signatures {
		return nil, tooLarge("signatures", n, lim.signatures)
	}
	elems, _ := sigsVal.Array()
	doc.sigs = make([]jsonSignature, n)
	for i, e := range elems {
		prefix := "signatures[" + strconv.Itoa(i) + "]."
		so, err := e.Object()
		if err != nil {
			return nil, malformed(prefix[:len(prefix)-1], "not an object")
		}
		if doc.sigs[i], err = parseJSONSignature(so, prefix); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// parseJSONSignature reads "protected", "header" and "signature" from obj.
func parseJSONSignature(obj ijson.Object, prefix string) (jsonSignature, error) {
	var s jsonSignature
	var err error
	if s.protected, s.hasProtected, err = obj.String("protected"); err != nil {
		return s, malformedCause(prefix+"protected", "not a string", err)
	}
	if s.hasProtected && s.protected == "" {
		// RFC 7515 §7.2.1: absent, not empty, when there is none.
		return s, malformed(prefix+"protected", "is empty")
	}
	if s.header, s.hasHeader, err = obj.Object("header"); err != nil {
		return s, malformedCause(prefix+"header", "not an object", err)
	}
	if !s.hasProtected && !s.hasHeader {
		return s, malformed(prefix+"protected", `missing, and so is "header"`)
	}
	var ok bool
	if s.signature, ok, err = obj.String("signature"); err != nil {
		return s, malformedCause(prefix+"signature", "not a string", err)
	} else if !ok {
		return s, malformed(prefix+"signature", "missing")
	}
	return s, nil
}

// VerifyJSON verifies a JWS in the general or flattened JSON serialization
// (RFC 7515 §7.2) with its payload in the "payload" member.
//
// Each signature is checked as [Verifier.Verify] checks a compact JWS:
// structure, then policy, then the signature, and its outcome is recorded.
// The JWS verifies when all signatures do, or at least
// [Policy.MinValidSignatures] of them. Otherwise the error is a
// [*SignaturesError] listing every signature's outcome (for the flattened
// serialization, the one signature's error itself, if it failed). Errors in the envelope
// (not a JSON object, missing or mistyped members, more signatures than
// [Policy.MaxSignatures], "b64" differing between signatures) fail the
// whole JWS with [ErrMalformed] or [ErrTooLarge]. On error the
// *VerifiedJSON is nil. VerifyJSON does not keep or modify data, and is
// safe for concurrent use.
func (v *Verifier) VerifyJSON(data []byte) (*VerifiedJSON, error) {
	return v.verifyJSON(data, nil, false)
}

// VerifyJSONDetached is [Verifier.VerifyJSON] for a JSON JWS without a
// "payload" member, whose payload is given separately (raw for "b64":
// false).
func (v *Verifier) VerifyJSONDetached(data, payload []byte) (*VerifiedJSON, error) {
	return v.verifyJSON(data, payload, true)
}

func (v *Verifier) verifyJSON(data, detached []byte, isDetached bool) (*VerifiedJSON, error) {
	if len(data) > v.lim.token {
		return nil, tooLarge("token", len(data), v.lim.token)
	}
	// Header values are read from the document later; keep a private copy
	// so that the caller's slice is neither kept nor read after return.
	data = slices.Clone(data)
	doc, err := parseJSON(data, v.lim)
	if err != nil {
		return nil, err
	}
	n := len(doc.sigs)
	res := &VerifiedJSON{
		results:  make([]SignatureResult, n),
		headers:  make([]Header, n),
		raw:      doc.sigs,
		detached: isDetached,
	}
	sigs := make([][]byte, n)

	// Structure of each signature, and "b64" agreement (RFC 7797 §3: the
	// payload has one encoding, so every signature must agree on it).
	unencoded, decided := false, false
	for i := range doc.sigs {
		prefix := ""
		if !doc.flattened {
			prefix = "signatures[" + strconv.Itoa(i) + "]."
		}
		res.results[i].Index = i
		h := &res.headers[i]
		if sigs[i], err = v.parseJSONSignatureParts(h, &doc.sigs[i], prefix); err != nil {
			res.results[i].Err = err
			continue
		}
		res.results[i].Header = h
		switch {
		case !decided:
			unencoded, decided = h.unencoded, true
		case unencoded != h.unencoded:
			return nil, malformed(prefix+"b64", "differs between signatures")
		}
	}

	// The payload.
	var payloadPart string
	switch {
	case isDetached:
		if doc.hasPayload {
			return nil, malformed("payload", "must be absent when the payload is detached")
		}
		res.payload = append(make([]byte, 0, len(detached)), detached...)
		if unencoded {
			payloadPart = string(detached)
		} else {
			payloadPart = base64url.Encode(detached)
		}
	case !doc.hasPayload:
		return nil, malformed("payload", "missing (use VerifyJSONDetached for a detached payload)")
	case unencoded:
		res.payload = []byte(doc.payload)
		payloadPart = doc.payload
	default:
		if res.payload, err = base64url.Decode(doc.payload); err != nil {
			return nil, malformedCause("payload", "bad base64url", err)
		}
		payloadPart = doc.payload
	}
	res.payloadRaw = doc.payload

	// Policy, then cryptography, for each signature.
	s := v.getScratch()
	defer v.putScratch(s)
	// signers holds the distinct keys that verified a signature. Under a
	// positive MinValidSignatures they are what counts, so that one signer
	// cannot meet a quorum by repeating its signature (under the same or
	// another header).
	var signers []*jwk.Key
	for i := range res.results {
		r := &res.results[i]
		if r.Err != nil {
			continue
		}
		prefix := ""
		if !doc.flattened {
			prefix = "signatures[" + strconv.Itoa(i) + "]."
		}
		if r.Err = v.checkPolicy(r.Header, prefix); r.Err != nil {
			continue
		}
		s.input = append(s.input[:0], doc.sigs[i].protected...)
		s.input = append(s.input, '.')
		s.input = append(s.input, payloadPart...)
		s.sig = append(s.sig[:0], sigs[i]...)
		if r.Key, r.Err = v.verifySignature(r.Header, s, nil, false); r.Err == nil {
			res.valid++
			if !slices.ContainsFunc(signers, r.Key.Equal) {
				signers = append(signers, r.Key)
			}
		}
	}
	required, got, byKey := v.minValid, len(signers), true
	if required == 0 {
		// Every signature must verify; repeats do no harm then.
		required, got, byKey = n, res.valid, false
	}
	if got < required {
		if doc.flattened && res.results[0].Err != nil {
			return nil, res.results[0].Err
		}
		return nil, &SignaturesError{Required: required, Valid: got, Signatures: res.results, byKey: byKey}
	}
	return res, nil
}

// parseJSONSignatureParts checks the structure of one signature of a JSON
// JWS: sizes, its header, and its base64url signature, which it returns
// decoded.
func (v *Verifier) parseJSONSignatureParts(h *Header, s *jsonSignature, prefix string) ([]byte, error) {
	if err := checkProtectedSize(prefix+"protected", s.protected, v.lim.header); err != nil {
		return nil, err
	}
	if n := len(s.header.Raw()); n > v.lim.header {
		return nil, tooLarge(prefix+"header", n, v.lim.header)
	}
	if err := parseHeader(h, s.protected, s.header, v.lim.header, prefix); err != nil {
		return nil, err
	}
	sig, err := base64url.Decode(s.signature)
	if err != nil {
		return nil, malformedCause(prefix+"signature", "bad base64url", err)
	}
	return sig, nil
}
