package main

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

var cmdInspect = &command{
	name:    "inspect",
	args:    "[--json] [--in FILE] < token",
	summary: "decode a JWS, JWE or JWT without verifying (UNVERIFIED)",
	desc: `Decode any JWS, JWE or JWT, compact or JSON, WITHOUT verifying it, and show
what is inside: the headers, the payload or claims with human-readable times
and expiry status, and warnings about dangerous content ("alg": "none",
RSA1_5, RSA keys under 2048 bits as the signature size shows, keys or key URLs
in the header, PBES2 counts out of bounds, duplicate members). A JWE's payload
stays encrypted: use 'jose jwe decrypt' or 'jose jwt verify --decrypt-key'.

Nothing shown is trusted: anyone can write a token that says anything. Use
'jose jws verify' or 'jose jwt verify' to check one.

Output is coloured when standard output is a terminal and NO_COLOR is not set.
--json prints the same as one JSON object ("unverified": true) for scripts.
Times are judged against the clock, or against JOSE_NOW when set (for tests).`,
	example: `jose inspect < token.txt
pbpaste | jose inspect --json | jq .claims`,
	run: runInspect,
}

func runInspect(c *cmdContext, args []string) error {
	in := c.fs.String("in", "", "read the token from `FILE` instead of standard input")
	asJSON := c.fs.Bool("json", false, "print a JSON object instead of text")
	if err := c.noArgs(args); err != nil {
		return err
	}
	input, err := c.readInput(*in, "token")
	if err != nil {
		return err
	}
	now, err := c.now()
	if err != nil {
		return err
	}
	r, err := inspect(bytes.TrimSpace(input), now)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.writeJSON(r)
	}
	var b bytes.Buffer
	r.writeText(&b, c.useColour())
	return c.writeOutput("", b.Bytes())
}

// inspectReport is what inspect found. It is printed as text or as JSON.
type inspectReport struct {
	Unverified bool   `json:"unverified"` // always true: nothing was checked
	Kind       string `json:"kind"`       // "JWS" or "JWE"
	Form       string `json:"serialization"`
	JWT        bool   `json:"jwt"`

	// JWS: one entry per signature.
	Signatures []inspectSignature `json:"signatures,omitempty"`
	// JWE.
	Protected   json.RawMessage    `json:"protected,omitempty"`
	Unprotected json.RawMessage    `json:"unprotected,omitempty"`
	Recipients  []inspectRecipient `json:"recipients,omitempty"`
	Encrypted   *inspectEncrypted  `json:"encrypted,omitempty"`

	Payload *inspectPayload `json:"payload,omitempty"`
	Claims  json.RawMessage `json:"claims,omitempty"`
	Times   []inspectTime   `json:"times,omitempty"`
	// Status is "valid", "expired", "not yet valid" or "no expiry",
	// judged from the claims' times alone.
	Status   string   `json:"status,omitempty"`
	Warnings []string `json:"warnings"`
	Notes    []string `json:"notes,omitempty"`
}

type inspectSignature struct {
	Protected json.RawMessage `json:"protected,omitempty"`
	Header    json.RawMessage `json:"header,omitempty"`
	Alg       string          `json:"alg,omitempty"`
	KeyID     string          `json:"kid,omitempty"`
	Size      int             `json:"signature_bytes"`
}

type inspectRecipient struct {
	Header       json.RawMessage `json:"header,omitempty"`
	EncryptedKey int             `json:"encrypted_key_bytes"`
}

type inspectEncrypted struct {
	IV         int `json:"iv_bytes"`
	Ciphertext int `json:"ciphertext_bytes"`
	Tag        int `json:"tag_bytes"`
	AAD        int `json:"aad_bytes,omitempty"`
}

type inspectPayload struct {
	Size      int    `json:"bytes"`
	Detached  bool   `json:"detached,omitempty"`
	Unencoded bool   `json:"unencoded,omitempty"`
	Text      string `json:"text,omitempty"`
	Base64URL string `json:"base64url,omitempty"`
}

type inspectTime struct {
	Claim    string `json:"claim"`
	Value    string `json:"value"` // the JSON number as written
	Time     string `json:"time"`  // RFC 3339, UTC
	Relative string `json:"relative"`
}

var b64 = base64.RawURLEncoding.Strict()

func inspect(input []byte, now time.Time) (*inspectReport, error) {
	r := &inspectReport{Unverified: true, Warnings: []string{}}
	if len(input) == 0 {
		return nil, errors.New("no token on input")
	}
	var err error
	s := string(input)
	switch {
	case input[0] == '{':
		err = r.inspectJSON(input, now)
	case strings.ContainsFunc(s, func(c rune) bool { return c <= ' ' || c > '~' }):
		err = errors.New("not a token: a compact JWS or JWE is base64url and dots, and a JSON one starts with '{'")
	case strings.Count(s, ".") == 2:
		err = r.inspectCompactJWS(s, now)
	case strings.Count(s, ".") == 4:
		err = r.inspectCompactJWE(s, now)
	default:
		err = fmt.Errorf("not a token: a compact JWS has 3 parts and a JWE 5, this has %d", strings.Count(s, ".")+1)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// decodePart decodes one base64url part, naming it on error.
func decodePart(name, s string) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s: not base64url without padding", name)
	}
	return b, nil
}

// decodeHeader decodes a base64url JSON object header and records warnings
// about duplicates.
func (r *inspectReport) decodeHeader(name, part string) (*object, json.RawMessage, error) {
	raw, err := decodePart(name, part)
	if err != nil {
		return nil, nil, err
	}
	return r.parseHeaderJSON(name, raw)
}

func (r *inspectReport) parseHeaderJSON(name string, raw []byte) (*object, json.RawMessage, error) {
	obj, err := parseObject(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	for _, d := range obj.dups {
		r.warn("%s repeats %q: strict parsers (this one included) refuse the token", name, d)
	}
	return obj, json.RawMessage(raw), nil
}

func (r *inspectReport) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

func (r *inspectReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

func (r *inspectReport) inspectCompactJWS(s string, now time.Time) error {
	r.Kind, r.Form = "JWS", "compact"
	h, rest, _ := strings.Cut(s, ".")
	p, sig, _ := strings.Cut(rest, ".")
	hdr, raw, err := r.decodeHeader("protected header", h)
	if err != nil {
		return err
	}
	sigBytes, err := decodePart("signature", sig)
	if err != nil {
		return err
	}
	is := inspectSignature{Protected: raw, Size: len(sigBytes)}
	is.Alg, _ = hdr.str("alg")
	is.KeyID, _ = hdr.str("kid")
	r.Signatures = []inspectSignature{is}
	r.checkJWSHeader("protected header", hdr, nil, len(sigBytes), now)
	return r.jwsPayload(p, hdr, false, now)
}

// jwsPayload decodes and shows a JWS payload, and its claims if it is a JWT.
func (r *inspectReport) jwsPayload(p string, hdr *object, detached bool, now time.Time) error {
	unencoded := false
	if v, ok := hdr.get("b64"); ok && string(v) == "false" {
		unencoded = true
	}
	if detached || p == "" {
		r.Payload = &inspectPayload{Detached: true, Unencoded: unencoded}
		r.note("the payload is detached: it travels separately (RFC 7515 Appendix F)")
		return nil
	}
	var payload []byte
	if unencoded {
		payload = []byte(p)
	} else {
		var err error
		if payload, err = decodePart("payload", p); err != nil {
			return err
		}
	}
	typ, _ := hdr.str("typ")
	cty, _ := hdr.str("cty")
	r.showPayload(payload, unencoded, typ, cty, now)
	return nil
}

func (r *inspectReport) showPayload(payload []byte, unencoded bool, typ, cty string, now time.Time) {
	if strings.EqualFold(cty, "JWT") {
		r.note("\"cty\": \"JWT\": the payload is itself a token; inspect it separately")
	}
	if t := bytes.TrimSpace(payload); len(t) > 0 && t[0] == '{' && json.Valid(t) {
		claims, err := parseObject(t)
		if err == nil && (isJWTType(typ) || claims.hasAny("iss", "sub", "aud", "exp", "nbf", "iat", "jti")) {
			r.JWT = true
			r.Claims = json.RawMessage(t)
			for _, d := range claims.dups {
				r.warn("the claims repeat %q: strict parsers (this one included) refuse the token", d)
			}
			r.checkClaims(claims, now)
			return
		}
	}
	p := &inspectPayload{Size: len(payload), Unencoded: unencoded}
	if utf8.Valid(payload) {
		p.Text = string(payload)
	} else {
		p.Base64URL = base64.RawURLEncoding.EncodeToString(payload)
	}
	r.Payload = p
}

func isJWTType(typ string) bool {
	t := strings.ToLower(strings.TrimPrefix(strings.ToLower(typ), "application/"))
	return t == "jwt" || strings.HasSuffix(t, "+jwt")
}

func (r *inspectReport) inspectCompactJWE(s string, now time.Time) error {
	r.Kind, r.Form = "JWE", "compact"
	parts := make([]string, 0, 5)
	for range 4 {
		var p string
		p, s, _ = strings.Cut(s, ".")
		parts = append(parts, p)
	}
	parts = append(parts, s)
	hdr, raw, err := r.decodeHeader("protected header", parts[0])
	if err != nil {
		return err
	}
	r.Protected = raw
	var sizes [5]int
	for i, name := range []string{"", "encrypted key", "iv", "ciphertext", "tag"} {
		if i == 0 {
			continue
		}
		b, err := decodePart(name, parts[i])
		if err != nil {
			return err
		}
		sizes[i] = len(b)
	}
	r.Recipients = []inspectRecipient{{EncryptedKey: sizes[1]}}
	r.Encrypted = &inspectEncrypted{IV: sizes[2], Ciphertext: sizes[3], Tag: sizes[4]}
	r.checkJWEHeader("protected header", hdr, now)
	r.jweNotes(hdr)
	return nil
}

func (r *inspectReport) jweNotes(hdr *object) {
	cty, _ := hdr.str("cty")
	if strings.EqualFold(cty, "JWT") {
		r.JWT = true
		r.note("a nested JWT (\"cty\": \"JWT\"): the signed token inside is encrypted; see it with 'jose jwt verify --decrypt-key' or 'jose jwe decrypt'")
	} else {
		r.note("the payload is encrypted; decrypt it with 'jose jwe decrypt'")
	}
}

func (r *inspectReport) inspectJSON(input []byte, now time.Time) error {
	doc, err := parseObject(input)
	if err != nil {
		return fmt.Errorf("not a JSON JWS or JWE: %v", err)
	}
	for _, d := range doc.dups {
		r.warn("the JSON serialization repeats %q", d)
	}
	switch {
	case doc.has("ciphertext"):
		return r.inspectJSONJWE(doc, now)
	case doc.has("signatures"), doc.has("signature"):
		return r.inspectJSONJWS(doc, now)
	}
	return errors.New("not a JSON JWS or JWE: no \"signatures\", \"signature\" or \"ciphertext\" member")
}

// jsonSig is one signature object of a JSON JWS.
type jsonSig struct {
	Protected string          `json:"protected"`
	Header    json.RawMessage `json:"header"`
	Signature string          `json:"signature"`
}

func (r *inspectReport) inspectJSONJWS(doc *object, now time.Time) error {
	r.Kind = "JWS"
	var sigs []jsonSig
	if v, ok := doc.get("signatures"); ok {
		if err := json.Unmarshal(v, &sigs); err != nil {
			return errors.New("\"signatures\" is not an array of objects")
		}
		r.Form = fmt.Sprintf("general JSON, %d signature(s)", len(sigs))
	} else {
		var s jsonSig
		if err := json.Unmarshal(doc.raw, &s); err != nil {
			return errors.New("the flattened JWS members have the wrong types")
		}
		sigs = []jsonSig{s}
		r.Form = "flattened JSON"
	}
	if len(sigs) == 0 {
		return errors.New("\"signatures\" is empty")
	}
	var first *object
	for i, s := range sigs {
		where := "protected header"
		if len(sigs) > 1 {
			where = fmt.Sprintf("signature %d protected header", i)
		}
		is := inspectSignature{}
		hdr := &object{}
		if s.Protected != "" {
			var raw json.RawMessage
			var err error
			if hdr, raw, err = r.decodeHeader(where, s.Protected); err != nil {
				return err
			}
			is.Protected = raw
		}
		var unprot *object
		if len(s.Header) > 0 && string(s.Header) != "null" {
			var err error
			if unprot, is.Header, err = r.parseHeaderJSON(strings.Replace(where, "protected", "unprotected", 1), s.Header); err != nil {
				return err
			}
		}
		sigBytes, err := decodePart("signature", s.Signature)
		if err != nil {
			return err
		}
		is.Size = len(sigBytes)
		is.Alg, _ = hdr.str("alg")
		if is.Alg == "" && unprot != nil {
			is.Alg, _ = unprot.str("alg")
		}
		is.KeyID, _ = hdr.str("kid")
		if is.KeyID == "" && unprot != nil {
			is.KeyID, _ = unprot.str("kid")
		}
		r.Signatures = append(r.Signatures, is)
		r.checkJWSHeader(where, hdr, unprot, len(sigBytes), now)
		if first == nil {
			first = hdr
		}
	}
	pv, ok := doc.get("payload")
	if !ok {
		return r.jwsPayload("", first, true, now)
	}
	p, ok := jsonString(pv)
	if !ok {
		return errors.New("\"payload\" is not a string")
	}
	return r.jwsPayload(p, first, false, now)
}

func (r *inspectReport) inspectJSONJWE(doc *object, now time.Time) error {
	r.Kind = "JWE"
	hdr := &object{}
	if v, ok := doc.get("protected"); ok {
		s, ok := jsonString(v)
		if !ok {
			return errors.New("\"protected\" is not a string")
		}
		var err error
		if hdr, r.Protected, err = r.decodeHeader("protected header", s); err != nil {
			return err
		}
	}
	shared := &object{}
	if v, ok := doc.get("unprotected"); ok {
		var err error
		if shared, r.Unprotected, err = r.parseHeaderJSON("shared unprotected header", v); err != nil {
			return err
		}
	}
	type jsonRecipient struct {
		Header       json.RawMessage `json:"header"`
		EncryptedKey string          `json:"encrypted_key"`
	}
	var recips []jsonRecipient
	if v, ok := doc.get("recipients"); ok {
		if err := json.Unmarshal(v, &recips); err != nil {
			return errors.New("\"recipients\" is not an array of objects")
		}
		r.Form = fmt.Sprintf("general JSON, %d recipient(s)", len(recips))
	} else {
		var one jsonRecipient
		if err := json.Unmarshal(doc.raw, &one); err != nil {
			return errors.New("the flattened JWE members have the wrong types")
		}
		recips = []jsonRecipient{one}
		r.Form = "flattened JSON"
	}
	for i, rc := range recips {
		ir := inspectRecipient{}
		merged := hdr.merge(shared)
		if len(rc.Header) > 0 && string(rc.Header) != "null" {
			name := "recipient header"
			if len(recips) > 1 {
				name = fmt.Sprintf("recipient %d header", i)
			}
			rh, raw, err := r.parseHeaderJSON(name, rc.Header)
			if err != nil {
				return err
			}
			ir.Header = raw
			merged = merged.merge(rh)
		}
		if rc.EncryptedKey != "" {
			b, err := decodePart("encrypted_key", rc.EncryptedKey)
			if err != nil {
				return err
			}
			ir.EncryptedKey = len(b)
		}
		r.Recipients = append(r.Recipients, ir)
		where := "header"
		if len(recips) > 1 {
			where = fmt.Sprintf("recipient %d", i)
		}
		r.checkJWEHeader(where, merged, now)
	}
	enc := &inspectEncrypted{}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"iv", &enc.IV}, {"ciphertext", &enc.Ciphertext}, {"tag", &enc.Tag}, {"aad", &enc.AAD}} {
		v, ok := doc.get(f.name)
		if !ok {
			continue
		}
		s, ok := jsonString(v)
		if !ok {
			return fmt.Errorf("%q is not a string", f.name)
		}
		b, err := decodePart(f.name, s)
		if err != nil {
			return err
		}
		*f.dst = len(b)
	}
	r.Encrypted = enc
	r.jweNotes(hdr.merge(shared))
	return nil
}

// checkJWSHeader records warnings about one signature's header.
func (r *inspectReport) checkJWSHeader(where string, hdr, unprot *object, sigLen int, now time.Time) {
	alg, ok := hdr.str("alg")
	switch {
	case !ok && unprot != nil && unprot.has("alg"):
		alg, _ = unprot.str("alg")
		r.warn("%s: \"alg\" is in the unprotected header, where anyone can change it; this suite refuses that (RFC 8725 §3.1)", where)
	case !ok:
		r.warn("%s: no \"alg\": no verifier accepts this", where)
		return
	}
	sa := jwa.SignatureAlgorithm(alg)
	switch {
	case sa == jwa.None:
		r.warn("%s: \"alg\": \"none\" — an unsecured JWS: anyone could have written it, and verifiers must refuse it (RFC 8725 §3.2)", where)
		if sigLen != 0 {
			r.warn("%s: \"none\" with a non-empty signature", where)
		}
	case !sa.Supported():
		r.warn("%s: \"alg\" %q is not a signature algorithm this suite implements", where, alg)
	default:
		r.checkSignatureSize(where, sa, sigLen)
	}
	for _, h := range []*object{hdr, unprot} {
		if h != nil {
			r.checkKeyMembers(where, h, now)
			r.checkCrit(where, h)
		}
	}
	if v, ok := hdr.get("b64"); ok && string(v) == "false" {
		r.note("%s: \"b64\": false, the payload is signed unencoded (RFC 7797)", where)
	}
}

// checkSignatureSize reads what the signature's length says about the key.
func (r *inspectReport) checkSignatureSize(where string, alg jwa.SignatureAlgorithm, n int) {
	switch alg.KeyType() {
	case jwa.RSA:
		if n*8 < 2048 {
			r.warn("%s: a %d-bit RSA signature: the signing key is weaker than 2048 bits (RFC 7518 §3.3), and verifiers of this suite refuse it", where, n*8)
		}
	case jwa.Oct:
		if want := alg.Hash().Size(); n != want {
			r.warn("%s: a %d-byte %s signature; %s gives %d bytes", where, n, alg, alg, want)
		}
	case jwa.EC:
		if want := 2 * alg.Curve().Size(); n != want {
			r.warn("%s: a %d-byte %s signature; JWS needs exactly %d bytes (R || S, not DER)", where, n, alg, want)
		}
	case jwa.OKP:
		if n != 64 {
			r.warn("%s: a %d-byte Ed25519 signature; it needs 64", where, n)
		}
	}
}

// checkKeyMembers warns about keys and key references in a header.
func (r *inspectReport) checkKeyMembers(where string, h *object, now time.Time) {
	if v, ok := h.get("jwk"); ok {
		r.warn("%s: embeds a key (\"jwk\"): a verifier must never trust a key the token brings itself", where)
		var k struct {
			Kty string `json:"kty"`
			N   string `json:"n"`
			K   string `json:"k"`
			D   string `json:"d"`
		}
		if json.Unmarshal(v, &k) == nil {
			if k.Kty == "RSA" {
				if n, err := b64.DecodeString(k.N); err == nil {
					if bits := new(big.Int).SetBytes(n).BitLen(); bits < 2048 {
						r.warn("%s: the embedded RSA key has %d bits, below 2048 (weak)", where, bits)
					}
				}
			}
			if k.K != "" || k.D != "" {
				r.warn("%s: the embedded key holds private or secret material", where)
			}
		}
	}
	for _, m := range []string{"jku", "x5u"} {
		if h.has(m) {
			r.warn("%s: points to keys at a URL (%q): a verifier must not fetch keys from URLs the token names", where, m)
		}
	}
	if v, ok := h.get("x5c"); ok {
		var chain []string
		if json.Unmarshal(v, &chain) != nil || len(chain) == 0 {
			r.warn("%s: \"x5c\" is not an array of certificates", where)
			return
		}
		der, err := base64.StdEncoding.DecodeString(chain[0])
		if err != nil {
			r.warn("%s: \"x5c\"[0] is not base64", where)
			return
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			r.warn("%s: \"x5c\"[0] is not an X.509 certificate", where)
			return
		}
		r.note("%s: \"x5c\" certificate for %q, issued by %q; it supplies a key only if the verifier trusts its root", where, cert.Subject.String(), cert.Issuer.String())
		if pk, ok := cert.PublicKey.(*rsa.PublicKey); ok && pk.N.BitLen() < 2048 {
			r.warn("%s: the \"x5c\" certificate has a %d-bit RSA key, below 2048 (weak)", where, pk.N.BitLen())
		}
		if now.After(cert.NotAfter) {
			r.warn("%s: the \"x5c\" certificate expired on %s", where, cert.NotAfter.UTC().Format(time.RFC3339))
		}
	}
}

func (r *inspectReport) checkCrit(where string, h *object) {
	v, ok := h.get("crit")
	if !ok {
		return
	}
	var names []string
	if json.Unmarshal(v, &names) != nil {
		r.warn("%s: \"crit\" is not an array of strings", where)
		return
	}
	r.note("%s: \"crit\" lists %s: a recipient must understand these or refuse the token", where, strings.Join(names, ", "))
}

// checkJWEHeader records warnings about one recipient's header.
func (r *inspectReport) checkJWEHeader(where string, h *object, now time.Time) {
	alg, ok := h.str("alg")
	if !ok {
		r.warn("%s: no \"alg\"", where)
	}
	ka := jwa.KeyAlgorithm(alg)
	switch {
	case !ok:
	case ka == jwa.RSA1_5:
		r.warn("%s: \"alg\": \"RSA1_5\" is open to padding-oracle attacks (RFC 8725 §3.3, RFC 7516 §11.5); prefer RSA-OAEP-256", where)
	case !ka.Supported():
		r.warn("%s: \"alg\" %q is not a key management algorithm this suite implements", where, alg)
	case ka.Family() == jwa.FamilyPBES2:
		if v, ok := h.get("p2c"); ok {
			n, err := strconv.ParseInt(string(v), 10, 64)
			switch {
			case err != nil:
				r.warn("%s: \"p2c\" is not an integer", where)
			case n < jwe.MinPBES2Count:
				r.warn("%s: \"p2c\" %d is below %d (RFC 7518 §4.8.1.2): the password is cheap to guess", where, n, jwe.MinPBES2Count)
			case n > jwe.DefaultMaxPBES2Count:
				r.warn("%s: \"p2c\" %d is above %d, the default limit of this suite: costly to decrypt, a denial-of-service vector", where, n, jwe.DefaultMaxPBES2Count)
			}
		} else {
			r.warn("%s: PBES2 without \"p2c\"", where)
		}
	}
	if enc, ok := h.str("enc"); !ok {
		r.warn("%s: no \"enc\"", where)
	} else if !jwa.ContentEncryption(enc).Supported() {
		r.warn("%s: \"enc\" %q is not a content encryption this suite implements", where, enc)
	}
	if zip, ok := h.str("zip"); ok {
		r.note("%s: \"zip\": %q, the plaintext was compressed before encryption", where, zip)
	}
	r.checkKeyMembers(where, h, now)
	r.checkCrit(where, h)
}

// checkClaims records the times and the expiry status of a claims set.
func (r *inspectReport) checkClaims(claims *object, now time.Time) {
	times := map[string]time.Time{}
	for _, name := range []string{"iat", "nbf", "exp"} {
		v, ok := claims.get(name)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			r.warn("claim %q is not a number (RFC 7519 §2 NumericDate)", name)
			continue
		}
		if f < 0 || f > 253402300799 { // year 9999
			r.warn("claim %q is out of range: %s", name, v)
			continue
		}
		sec, frac := math.Modf(f)
		t := time.Unix(int64(sec), int64(frac*1e9)).UTC()
		times[name] = t
		r.Times = append(r.Times, inspectTime{
			Claim:    name,
			Value:    string(v),
			Time:     t.Format(time.RFC3339),
			Relative: relative(t, now),
		})
	}
	for _, name := range []string{"iss", "sub", "jti"} {
		if v, ok := claims.get(name); ok {
			if _, isStr := jsonString(v); !isStr {
				r.warn("claim %q is not a string", name)
			}
		}
	}
	if v, ok := claims.get("aud"); ok {
		var one string
		var many []string
		if json.Unmarshal(v, &one) != nil && json.Unmarshal(v, &many) != nil {
			r.warn("claim \"aud\" is neither a string nor an array of strings")
		}
	}
	exp, hasExp := times["exp"]
	nbf, hasNbf := times["nbf"]
	iat, hasIat := times["iat"]
	switch {
	case hasExp && !now.Before(exp):
		r.Status = "expired"
	case hasNbf && now.Before(nbf):
		r.Status = "not yet valid"
	case !hasExp && !claims.has("exp"):
		r.Status = "no expiry"
		r.warn("no \"exp\": the token never expires, and verifiers of this suite refuse it by default")
	case hasExp:
		r.Status = "valid"
	}
	if hasIat && iat.After(now) {
		r.warn("\"iat\" is in the future")
	}
	if hasExp && hasIat && exp.Before(iat) {
		r.warn("\"exp\" is before \"iat\"")
	}
}
