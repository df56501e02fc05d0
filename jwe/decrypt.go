package jwe

import (
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"slices"
)

// Decrypted is the result of a successful decryption: the plaintext, the
// JOSE Header of the recipient that decrypted and the key it used. It is
// returned only when decryption succeeds, and is safe for concurrent reads.
type Decrypted struct {
	plaintext []byte
	header    Header
	recipient int
	key       *jwk.Key
	password  int
	aad       []byte
}

// Plaintext returns the decrypted (and, for "zip":"DEF", decompressed)
// plaintext. The slice is fresh and belongs to the caller.
func (d *Decrypted) Plaintext() []byte { return d.plaintext }

// Header returns the JOSE Header of the recipient that decrypted.
func (d *Decrypted) Header() *Header { return &d.header }

// Recipient returns the index of the recipient that decrypted in the
// "recipients" array of a general JSON JWE, and 0 for the compact and
// flattened serializations.
func (d *Decrypted) Recipient() int { return d.recipient }

// Key returns the policy's key that decrypted, or nil when a PBES2
// password did.
func (d *Decrypted) Key() *jwk.Key { return d.key }

// Password returns the index in [Policy.Passwords] of the password that
// decrypted, and false when a key did.
func (d *Decrypted) Password() (int, bool) { return d.password, d.password >= 0 }

// AAD returns the decoded "aad" member of a JSON JWE, which the tag
// authenticates, or nil when there is none (always for the compact
// serialization).
func (d *Decrypted) AAD() []byte { return d.aad }

// Decrypt decrypts a JWE in the compact serialization (RFC 7516 §7.1) and
// returns the plaintext with the header and the key that decrypted it; the
// result is non-nil exactly when the error is nil.
//
// Checks run in stages and the first failure returns. Structure: the token
// is at most [Policy.MaxTokenSize] bytes with exactly five parts, the
// header at most [Policy.MaxHeaderSize] and strict JSON, the ciphertext at
// most [Policy.MaxCiphertextSize], "crit" understood, IV and tag lengths
// right for "enc" ([ErrMalformed], [ErrTooLarge], [ErrCritical]). Policy:
// "alg" and "enc" listed ([ErrAlgorithmNotAllowed]), their parameters
// valid ("epk", "p2s", "p2c", ...), a key that may serve them
// ([ErrNoKey], a [*KeyError]). Cryptography: [ErrDecryption], unwrapped
// and the same for every cause. Decompression: at most
// [Policy.MaxDecompressedSize] bytes ([ErrTooLarge]).
//
// When the header has a "kid", only keys with that "kid" are tried, or
// keys without a "kid" when none has it. Decrypt is safe for concurrent
// use.
func (d *Decrypter) Decrypt(token string) (*Decrypted, error) {
	st := new(decryption)
	if err := parseCompact(token, &d.lim, &st.m); err != nil {
		return nil, err
	}
	return d.decrypt(st, d.keys, false)
}

// DecryptJSON decrypts a JWE in the general or flattened JSON serialization
// (RFC 7516 §7.2), trying the recipients in order, and returns the result
// of the first that decrypts; [Decrypted.Recipient] and [Decrypted.Key]
// say which recipient and which key. The document is at most
// [Policy.MaxTokenSize] bytes with at most [Policy.MaxRecipients]
// recipients ([ErrTooLarge]). Every recipient's header is checked before
// any decryption; recipients whose "alg" the policy does not list, or for
// which it has no key, are skipped, and the error reports the furthest
// stage any recipient reached. Otherwise as [Decrypter.Decrypt].
func (d *Decrypter) DecryptJSON(data []byte) (*Decrypted, error) {
	if len(data) > d.lim.token {
		return nil, tooLarge("token", len(data), d.lim.token)
	}
	// The parsed headers point into the input: work on a copy, so that the
	// result never shares the caller's slice.
	data = slices.Clone(data)
	st := new(decryption)
	if err := parseJSON(data, &d.lim, &st.m); err != nil {
		return nil, err
	}
	return d.decrypt(st, d.keys, true)
}

// DecryptWithKeys is [Decrypter.Decrypt] with the keys of this call instead
// of [Policy.Keys], as when they come from a key source; the rest of the
// policy (allowlists, passwords, limits) applies unchanged. Each key is
// checked with [jwk.Key.PermitsKeyManagement] as [NewDecrypter] checks
// Policy.Keys. A nil or empty set leaves only the passwords.
func (d *Decrypter) DecryptWithKeys(token string, keys *jwk.Set) (*Decrypted, error) {
	st := new(decryption)
	if err := parseCompact(token, &d.lim, &st.m); err != nil {
		return nil, err
	}
	return d.decrypt(st, prepareKeys(keys, d.algs, d.encs), false)
}

// decryption is the state of one decryption, allocated at once: the
// result, the parsed message and room for one recipient's header and
// parameters. On success the result is returned, and keeps the rest.
type decryption struct {
	res  Decrypted
	m    message
	hdr  [1]Header
	prep [1]prepared
}

// prepared is one recipient that passed the policy, with its key
// management parameters parsed.
type prepared struct {
	index int
	h     *Header
	ek    []byte
	ecdh  ecdhParams
	gcmkw gcmkwParams
	pbes2 pbes2Params
}

// decrypt runs the stages on a parsed message.
func (d *Decrypter) decrypt(st *decryption, keys []*decryptKey, jsonForm bool) (*Decrypted, error) {
	m := &st.m
	// Structure: every recipient's header.
	hdrs := st.hdr[:]
	if len(m.recipients) > 1 {
		hdrs = make([]Header, len(m.recipients))
	}
	for i := range m.recipients {
		h, err := newHeader(m.protectedRaw, m.protected, m.shared, m.recipients[i].header, d.critical, partName(jsonForm, len(m.recipients), i, ""))
		if err != nil {
			return nil, err
		}
		if i > 0 && h.enc != hdrs[0].enc {
			return nil, malformed(partName(jsonForm, len(m.recipients), i, "enc"), "differs between recipients, which share one ciphertext")
		}
		hdrs[i] = h
	}
	enc, zip := hdrs[0].enc, hdrs[0].zip
	if !enc.Supported() {
		return nil, notAllowed("enc", string(enc), "is not a supported content encryption algorithm")
	}
	if err := checkContentLengths(enc, m); err != nil {
		return nil, err
	}

	// Policy: "enc" and "zip", then each recipient's "alg" and its
	// parameters.
	if !d.allowsEnc(enc) {
		return nil, notAllowed("enc", string(enc), "is not allowed by the policy")
	}
	if zip != "" && !zip.Supported() {
		return nil, notAllowed("zip", string(zip), "is not a supported compression algorithm")
	}
	preps := st.prep[:0]
	var policyErr error
	for i := range m.recipients {
		h := &hdrs[i]
		alg := h.alg
		if !alg.Supported() || !d.allowsAlg(alg) {
			reason := "is not allowed by the policy"
			if !alg.Supported() {
				reason = "is not a supported key management algorithm"
			}
			if policyErr == nil {
				policyErr = notAllowed(partName(jsonForm, len(m.recipients), i, "alg"), string(alg), reason)
			}
			continue
		}
		p, err := prepare(h, enc, m.recipients[i].encryptedKey, d.lim.p2c, partName(jsonForm, len(m.recipients), i, "encrypted_key"))
		if err != nil {
			return nil, err
		}
		p.index = i
		preps = append(preps, p)
	}
	if len(preps) == 0 {
		return nil, policyErr
	}

	// Keys, then cryptography.
	tried := false
	var keyErr error
	// The PBKDF2 work of one message is bounded: every password is tried
	// on at most MaxPBES2Recipients PBES2 recipients, so sixteen recipients
	// cannot cost sixteen times the "p2c" bound.
	pbes2Left := d.lim.pbes2Recipients
	for pi := range preps {
		p := &preps[pi]
		found := false
		if p.h.alg.Family() == jwa.FamilyPBES2 {
			if pbes2Left == 0 {
				continue
			}
			pbes2Left--
			for pw, password := range d.passwords {
				found = true
				if pt := d.attempt(m, p, enc, nil, password); pt != nil {
					st.res = Decrypted{plaintext: pt, password: pw}
					return d.finish(st, p)
				}
			}
		} else {
			// Without a "kid" every key is tried. With one, keys with that
			// "kid" are tried, else keys without one; keys with another
			// "kid" never are.
			var pt []byte
			var k *decryptKey
			pt, k, found = d.tryKeys(m, p, enc, keys, p.h.kid, p.h.kid == "")
			if pt == nil && !found && p.h.kid != "" {
				pt, k, found = d.tryKeys(m, p, enc, keys, "", false)
			}
			if pt != nil {
				st.res = Decrypted{plaintext: pt, key: k.key, password: -1}
				return d.finish(st, p)
			}
		}
		tried = tried || found
		if !found && keyErr == nil {
			keyErr = noKeyError(p, jsonForm)
		}
	}
	if tried {
		return nil, ErrDecryption
	}
	return nil, keyErr
}

// partName names a part of recipient i for errors: the bare member in
// the compact and flattened serializations, "recipients[i].member" in the
// general one.
func partName(jsonForm bool, n, i int, member string) string {
	if !jsonForm || n == 1 && i == 0 {
		return member
	}
	p := "recipients[" + itoa(i) + "]"
	if member != "" {
		p += "." + member
	}
	return p
}

// prepare checks the encrypted key and parses the parameters of the
// recipient's "alg", before any key is tried.
func prepare(h *Header, enc jwa.ContentEncryption, ek []byte, maxP2C int, ekPart string) (prepared, error) {
	p := prepared{h: h, ek: ek}
	var err error
	switch h.alg.Family() {
	case jwa.FamilyRSA:
		if len(ek) == 0 {
			return p, malformed(ekPart, "is empty")
		}
	case jwa.FamilyAESKW:
		err = checkWrappedLen(ekPart, enc, ek)
	case jwa.FamilyDirect:
		err = checkEmptyKey(ekPart, ek)
	case jwa.FamilyECDH:
		if h.alg == jwa.ECDH_ES {
			err = checkEmptyKey(ekPart, ek)
		} else {
			err = checkWrappedLen(ekPart, enc, ek)
		}
		if err == nil {
			p.ecdh, err = parseECDHParams(h)
		}
	case jwa.FamilyAESGCMKW:
		if len(ek) != enc.KeySize() {
			err = malformed(ekPart, itoa(len(ek))+" bytes, an AES-GCM wrapped "+string(enc)+" key is "+itoa(enc.KeySize()))
		} else {
			p.gcmkw, err = parseGCMKWParams(h)
		}
	case jwa.FamilyPBES2:
		if err = checkWrappedLen(ekPart, enc, ek); err == nil {
			p.pbes2, err = parsePBES2Params(h, maxP2C)
		}
	}
	return p, err
}

// tryKeys tries the keys that fit recipient p and have the "kid" kid (any
// "kid" when anyKid is set). It returns the plaintext and the key of the
// first that decrypts, and whether any key fitted.
func (d *Decrypter) tryKeys(m *message, p *prepared, enc jwa.ContentEncryption, keys []*decryptKey, kid string, anyKid bool) ([]byte, *decryptKey, bool) {
	found := false
	for _, k := range keys {
		if (!anyKid && k.kid != kid) || !d.fits(k, p, enc) {
			continue
		}
		found = true
		if pt := d.attempt(m, p, enc, k, ""); pt != nil {
			return pt, k, true
		}
	}
	return nil, nil, found
}

// fits reports whether key k may serve recipient p: the policy allows it
// for "alg", and its size (dir) or curve (ECDH-ES) fits.
func (d *Decrypter) fits(k *decryptKey, p *prepared, enc jwa.ContentEncryption) bool {
	if !k.permits(p.h.alg) {
		return false
	}
	switch p.h.alg.Family() {
	case jwa.FamilyDirect:
		return k.servesEnc(enc)
	case jwa.FamilyECDH:
		return k.curve == p.ecdh.curve
	case jwa.FamilyAESKW:
		return k.block != nil
	case jwa.FamilyAESGCMKW:
		return k.gcm != nil
	}
	return true
}

// attempt decrypts with one key (or password): it recovers the CEK and
// opens the content. It returns the plaintext (non-nil), or nil on any
// failure, which the caller reports as ErrDecryption.
func (d *Decrypter) attempt(m *message, p *prepared, enc jwa.ContentEncryption, k *decryptKey, password string) []byte {
	var cc contentCipher
	if p.h.alg == jwa.Direct {
		var ok bool
		if cc, ok = dirCipher(k, enc.IsGCM()); !ok {
			var err error
			if cc, err = newContentCipher(enc, k.secret); err != nil {
				return nil
			}
		}
	} else {
		cek, err := recoverCEK(p, enc, k, password)
		if err != nil {
			return nil
		}
		// A CEK of the wrong size for "enc" fails like a bad tag.
		cc, err = newContentCipher(enc, cek)
		clear(cek)
		if err != nil {
			return nil
		}
	}
	pt, err := cc.open(m)
	if err != nil {
		return nil
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt
}

// recoverCEK decrypts, unwraps or derives the CEK of recipient p with key
// k, or with password for PBES2 (RFC 7516 §5.2 steps 9-11). Every failure
// is ErrDecryption. dir has no CEK to recover: the key is the CEK.
func recoverCEK(p *prepared, enc jwa.ContentEncryption, k *decryptKey, password string) ([]byte, error) {
	alg := p.h.alg
	switch alg.Family() {
	case jwa.FamilyRSA:
		return rsaUnwrap(k, alg, enc, p.ek)
	case jwa.FamilyAESKW:
		return aeskwUnwrap(k.block, p.ek)
	case jwa.FamilyECDH:
		return ecdhUnwrap(k, alg, enc, &p.ecdh, p.ek)
	case jwa.FamilyAESGCMKW:
		return gcmkwUnwrap(k.gcm, &p.gcmkw, p.ek)
	case jwa.FamilyPBES2:
		return pbes2Unwrap(alg, password, &p.pbes2, p.ek)
	}
	return nil, ErrDecryption
}

// finish decompresses the plaintext when "zip" asks for it and completes
// the result.
func (d *Decrypter) finish(st *decryption, p *prepared) (*Decrypted, error) {
	res := &st.res
	if p.h.zip == jwa.Deflate {
		pt, err := inflate(res.plaintext, d.lim.decompressed)
		clear(res.plaintext)
		if err != nil {
			return nil, err
		}
		res.plaintext = pt
	}
	res.header = *p.h
	res.recipient = p.index
	res.aad = st.m.aad
	return res, nil
}

// noKeyError describes why no key may serve recipient p.
func noKeyError(p *prepared, jsonForm bool) error {
	e := &KeyError{Algorithm: p.h.alg, KeyID: p.h.kid}
	if jsonForm {
		e.Recipient = p.index
	}
	switch {
	case p.h.alg.Family() == jwa.FamilyPBES2:
		e.Reason = "the policy has no passwords"
	case p.h.alg.Family() == jwa.FamilyECDH:
		e.Reason = "no key on curve " + string(p.ecdh.curve) + " may serve it"
	default:
		e.Reason = "no key may serve it"
	}
	if p.h.kid != "" && p.h.alg.Family() != jwa.FamilyPBES2 {
		e.Reason += " (keys tried: those with this \"kid\", else those without a \"kid\")"
	}
	return e
}
