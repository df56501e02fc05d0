package jwe

import (
	"crypto/ecdh"
	"crypto/rand"
	"strconv"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// The deterministic core of encryption. [Encrypter] draws the CEK, the IV,
// ephemeral keys, GCM key wrap IVs and PBES2 salts from crypto/rand; the
// tests give fixed ones through fixedInputs to reproduce the RFC examples
// byte for byte. RSA1_5 and RSA-OAEP are randomized by design and always
// draw from crypto/rand.

// fixedInputs replaces the random values of one encryption. A nil field
// means "draw from crypto/rand".
type fixedInputs struct {
	cek, iv    []byte
	recipients []fixedRecipient // indexed like the Encrypter's recipients
}

// fixedRecipient holds the random inputs of one recipient's key
// management.
type fixedRecipient struct {
	ephemeral *ecdh.PrivateKey // ECDH-ES*
	iv        []byte           // A*GCMKW
	p2s       []byte           // PBES2
}

func (f *fixedInputs) recipient(i int) fixedRecipient {
	if f == nil || i >= len(f.recipients) {
		return fixedRecipient{}
	}
	return f.recipients[i]
}

// form is a serialization.
type form int

const (
	formCompact form = iota
	formGeneral
	formFlattened
)

// sealed is an encrypted message before serialization.
type sealed struct {
	protected   []byte // base64url
	unprotected []byte // JSON object, or nil
	recipients  []sealedRecipient
	iv, ct, tag []byte
	aad         string // base64url "aad", or ""

	// Storage for a single recipient and a random IV, so that they need no
	// allocations of their own.
	one   [1]sealedRecipient
	ivBuf [maxIVSize]byte
}

// sealedRecipient is one recipient's header (JSON object, or nil) and
// encrypted key.
type sealedRecipient struct {
	header []byte
	ek     []byte
}

// kmResult is what one recipient's key management adds to the message.
type kmResult struct {
	ek      []byte
	epk     *ecdh.PublicKey
	iv, tag []byte // A*GCMKW
	p2s     []byte
	p2c     int
}

// seal encrypts plaintext for the serialization f (RFC 7516 §5.1).
func (e *Encrypter) seal(plaintext, aad []byte, f form, fixed *fixedInputs) (*sealed, error) {
	single := len(e.recipients) == 1
	switch {
	case f != formGeneral && !single:
		return nil, configErr("recipients", "the compact and flattened serializations have a single recipient, this Encrypter has "+strconv.Itoa(len(e.recipients)))
	case f == formCompact && (len(e.unprotected) > 0 || len(e.recipients[0].header) > 0):
		return nil, configErr("EncrypterOptions.Unprotected", "the compact serialization has no unprotected header")
	}

	// The CEK: fixed by dir and ECDH-ES, else random (RFC 7516 §5.1 steps
	// 2-4). A random or derived CEK is cleared on return; a dir key is not
	// ours to clear. One deferred call, outside any loop, costs no
	// allocation.
	var cek, ownCEK []byte
	defer func() { clear(ownCEK) }()
	first := &e.recipients[0]
	switch {
	case first.alg == jwa.Direct:
		cek = first.secret
	case first.alg == jwa.ECDH_ES:
		// Derived below.
	case fixed != nil && fixed.cek != nil:
		cek = fixed.cek
	default:
		cek = make([]byte, e.enc.KeySize())
		rand.Read(cek) // never fails (crypto/rand, Go 1.24+)
		ownCEK = cek
	}

	var oneResult [1]kmResult
	results := oneResult[:]
	if !single {
		results = make([]kmResult, len(e.recipients))
	}
	for i, r := range e.recipients {
		res, derived, err := r.wrap(e.enc, cek, fixed.recipient(i))
		if err != nil {
			// NewEncrypter checked the key, so this is not expected.
			return nil, &ConfigError{Field: "Recipient[" + strconv.Itoa(i) + "].Key", Reason: "key management failed", Err: err}
		}
		if derived != nil {
			// Only ECDH-ES derives the CEK, and it has a single recipient
			// (NewEncrypter checks), so no earlier CEK is replaced.
			cek, ownCEK = derived, derived
		}
		results[i] = res
	}

	s := &sealed{}
	s.recipients = s.one[:]
	if !single {
		s.recipients = make([]sealedRecipient, len(e.recipients))
	}
	// Headers: with one recipient its members are protected, with several
	// they go in each recipient's header.
	pw := newJSONWriter(make([]byte, 0, e.protectedSizeHint()))
	if single {
		writeRecipientMembers(pw, &e.recipients[0], &results[0])
	}
	if e.typ != "" {
		pw.str("typ", e.typ)
	}
	if e.cty != "" {
		pw.str("cty", e.cty)
	}
	if len(e.crit) > 0 {
		pw.name("crit")
		pw.b = append(pw.b, '[')
		for i, c := range e.crit {
			if i > 0 {
				pw.b = append(pw.b, ',')
			}
			pw.b = ijson.AppendString(pw.b, c)
		}
		pw.b = append(pw.b, ']')
	}
	for _, p := range e.protected {
		pw.raw(p.Name, p.Value)
	}
	pw.str("enc", string(e.enc))
	if e.compress {
		pw.str("zip", string(jwa.Deflate))
	}
	hdr := pw.close()
	s.protected = base64url.AppendEncode(make([]byte, 0, base64url.EncodedLen(len(hdr))), hdr)
	if len(e.unprotected) > 0 {
		uw := newJSONWriter(nil)
		for _, p := range e.unprotected {
			uw.raw(p.Name, p.Value)
		}
		s.unprotected = uw.close()
	}
	for i := range e.recipients {
		r, res := &e.recipients[i], &results[i]
		s.recipients[i].ek = res.ek
		if single && len(r.header) == 0 {
			continue
		}
		rw := newJSONWriter(nil)
		if !single {
			writeRecipientMembers(rw, r, res)
		}
		for _, p := range r.header {
			rw.raw(p.Name, p.Value)
		}
		s.recipients[i].header = rw.close()
	}

	// Content (RFC 7516 §5.1 steps 11-16).
	if fixed != nil && fixed.iv != nil {
		s.iv = fixed.iv
	} else {
		s.iv = s.ivBuf[:e.enc.IVSize()]
		rand.Read(s.iv) // never fails (crypto/rand, Go 1.24+)
	}
	// The AAD (RFC 7516 §5.1 step 14) is the encoded protected header, and
	// "." and the encoded "aad" when there is one.
	fullAAD := s.protected
	if len(aad) > 0 {
		s.aad = base64url.Encode(aad)
		fullAAD = make([]byte, 0, len(s.protected)+1+len(s.aad))
		fullAAD = append(fullAAD, s.protected...)
		fullAAD = append(append(fullAAD, '.'), s.aad...)
	}
	if e.compress {
		var err error
		if plaintext, err = deflate(plaintext); err != nil {
			return nil, &ConfigError{Field: "EncrypterOptions.Compress", Reason: "compression failed", Err: err}
		}
	}
	cc := first.content // dir: built by NewEncrypter
	var err error
	if first.alg != jwa.Direct {
		cc, err = newContentCipher(e.enc, cek)
	}
	if err == nil {
		s.ct, s.tag, err = cc.seal(s.iv, plaintext, fullAAD)
	}
	if err != nil {
		// Unreachable: the CEK and IV sizes follow "enc".
		return nil, &ConfigError{Field: "EncrypterOptions.ContentEncryption", Reason: "content encryption failed", Err: err}
	}
	return s, nil
}

// protectedSizeHint returns a length that the JSON of the protected header
// usually fits in, so that it is written in a single allocation: room for
// the members of "alg", ECDH-ES (an "epk" on P-521 is about 200 bytes),
// A*GCMKW and PBES2, plus the caller's members.
func (e *Encrypter) protectedSizeHint() int {
	n := 320 + len(e.typ) + len(e.cty)
	for _, p := range e.protected {
		n += len(p.Name) + len(p.Value) + 4
	}
	for _, c := range e.crit {
		n += len(c) + 3
	}
	for i := range e.recipients {
		r := &e.recipients[i]
		n += len(r.kid) + base64url.EncodedLen(len(r.apu)) + base64url.EncodedLen(len(r.apv))
	}
	return n
}

// wrap runs the key management of recipient r (RFC 7516 §5.1 steps 2-6).
// For ECDH-ES it returns the derived CEK too.
func (r *encRecipient) wrap(enc jwa.ContentEncryption, cek []byte, fixed fixedRecipient) (res kmResult, derivedCEK []byte, err error) {
	switch r.alg.Family() {
	case jwa.FamilyRSA:
		res.ek, err = rsaWrap(r.alg, r.rsa, cek)
	case jwa.FamilyAESKW:
		res.ek, err = aeskwWrapBlock(r.block, cek)
	case jwa.FamilyDirect:
	case jwa.FamilyECDH:
		res.epk, res.ek, derivedCEK, err = ecdhWrap(r.alg, enc, r.ecdh, fixed.ephemeral, r.apu, r.apv, cek)
	case jwa.FamilyAESGCMKW:
		res.ek, res.iv, res.tag = gcmkwWrap(r.gcm, fixed.iv, cek)
	case jwa.FamilyPBES2:
		res.p2c = r.p2c
		res.ek, res.p2s, err = pbes2Wrap(r.alg, r.password, fixed.p2s, r.p2c, cek)
	}
	return res, derivedCEK, err
}

// writeRecipientMembers writes "alg", "kid" and the key management
// parameters, in the order of the RFC 7520 examples.
func writeRecipientMembers(w *jsonWriter, r *encRecipient, res *kmResult) {
	w.str("alg", string(r.alg))
	if r.kid != "" {
		w.str("kid", r.kid)
	}
	if res.epk != nil {
		w.name("epk")
		w.b = appendEPK(w.b, res.epk, r.crv)
	}
	if r.apu != nil {
		w.b64("apu", r.apu)
	}
	if r.apv != nil {
		w.b64("apv", r.apv)
	}
	if res.tag != nil {
		w.b64("tag", res.tag)
	}
	if res.iv != nil {
		w.b64("iv", res.iv)
	}
	if res.p2s != nil {
		w.b64("p2s", res.p2s)
		w.name("p2c")
		w.b = strconv.AppendInt(w.b, int64(res.p2c), 10)
	}
}

// compact returns the compact serialization.
func (s *sealed) compact() string {
	n := len(s.protected) + 4 + base64url.EncodedLen(len(s.recipients[0].ek)) +
		base64url.EncodedLen(len(s.iv)) + base64url.EncodedLen(len(s.ct)) + base64url.EncodedLen(len(s.tag))
	return string(appendCompact(make([]byte, 0, n), s.protected, s.recipients[0].ek, s.iv, s.ct, s.tag))
}

// json returns the general or flattened JSON serialization, omitting
// empty members (RFC 7516 §7.2.1).
func (s *sealed) json(flattened bool) []byte {
	w := newJSONWriter(make([]byte, 0, 256+base64url.EncodedLen(len(s.ct))))
	w.name("protected")
	w.b = append(w.b, '"')
	w.b = append(w.b, s.protected...) // base64url needs no escaping
	w.b = append(w.b, '"')
	if s.unprotected != nil {
		w.raw("unprotected", s.unprotected)
	}
	writeRecipient := func(w *jsonWriter, r *sealedRecipient) {
		if r.header != nil {
			w.raw("header", r.header)
		}
		if len(r.ek) > 0 {
			w.b64("encrypted_key", r.ek)
		}
	}
	if flattened {
		writeRecipient(w, &s.recipients[0])
	} else {
		w.name("recipients")
		w.b = append(w.b, '[')
		for i := range s.recipients {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			rw := newJSONWriter(w.b)
			writeRecipient(rw, &s.recipients[i])
			w.b = rw.close()
		}
		w.b = append(w.b, ']')
	}
	if s.aad != "" {
		w.str("aad", s.aad)
	}
	w.b64("iv", s.iv)
	w.b64("ciphertext", s.ct)
	w.b64("tag", s.tag)
	return w.close()
}
