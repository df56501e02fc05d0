package jwe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rsa"
	"slices"
	"strconv"

	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// Parameter is a header member the caller adds: a name and its value as
// JSON text, such as `"example"` or `{"v":1}`. The names this package
// writes itself ("alg", "enc", "zip", "kid", "crit", "epk", "apu", "apv",
// "iv", "tag", "p2s", "p2c") cannot be given; "typ" and "cty" can, for an
// unprotected header, when [EncrypterOptions.Type] and
// [EncrypterOptions.ContentType] are empty.
type Parameter struct {
	Name  string
	Value []byte
}

// Recipient is one recipient of an [Encrypter]: a key, or a password for
// PBES2, and the key management algorithm.
type Recipient struct {
	// Key is the recipient's key: an RSA public key for RSA1_5 and
	// RSA-OAEP*, an EC (P-256, P-384, P-521) or X25519 public key for
	// ECDH-ES*, a symmetric key of the algorithm's size for A*KW and
	// A*GCMKW, and of the CEK size of "enc" for dir. Private keys serve
	// too (their public half is used). Its "kid", when set, goes in the
	// header. Nil for PBES2.
	Key *jwk.Key
	// Password is the PBES2 password; empty for the other algorithms.
	Password string
	// Algorithm is the key management algorithm ("alg").
	Algorithm jwa.KeyAlgorithm
	// PBES2Count is the PBES2 iteration count "p2c"; zero means
	// [DefaultPBES2Count]. It may not be below [MinPBES2Count]; a
	// decrypter refuses counts above its [Policy.MaxPBES2Count].
	PBES2Count int
	// PartyUInfo and PartyVInfo are the ECDH-ES "apu" and "apv" values,
	// which enter the key derivation (RFC 7518 §4.6.1.2, §4.6.1.3).
	PartyUInfo, PartyVInfo []byte
	// Header holds extra members for this recipient's unprotected header,
	// for the general JSON serialization only.
	Header []Parameter
}

// EncrypterOptions configures an [Encrypter]. ContentEncryption is
// required; the other fields are optional.
type EncrypterOptions struct {
	// ContentEncryption is the content encryption algorithm ("enc").
	ContentEncryption jwa.ContentEncryption
	// Compress compresses the plaintext with raw DEFLATE before
	// encryption ("zip":"DEF"). Compression reveals the compressed size:
	// do not compress plaintext that mixes secrets with data an attacker
	// can choose and then observe the size of the JWE (the CRIME and
	// BREACH attacks; RFC 8725 §3.6 advises against compressing
	// encryption inputs). Decrypters bound the decompressed size
	// ([Policy.MaxDecompressedSize]).
	Compress bool
	// Type is the protected "typ" member, such as "JWT"; empty for none.
	Type string
	// ContentType is the protected "cty" member, such as "JWT" for a
	// nested token; empty for none.
	ContentType string
	// Protected holds extra members of the protected header.
	Protected []Parameter
	// Critical lists extension names for the protected "crit" member
	// (RFC 7516 §4.1.13); each must be one of the Protected members.
	Critical []string
	// Unprotected holds the members of the shared unprotected header, for
	// the JSON serializations only.
	Unprotected []Parameter
}

// Encrypter encrypts plaintexts to a fixed set of recipients. It is
// immutable and safe for concurrent use. Each call draws a fresh CEK, IV,
// ephemeral key and salt from crypto/rand.
type Encrypter struct {
	enc         jwa.ContentEncryption
	compress    bool
	typ, cty    string
	protected   []Parameter
	crit        []string
	unprotected []Parameter
	recipients  []encRecipient
}

// encRecipient is a recipient prepared by NewEncrypter.
type encRecipient struct {
	alg      jwa.KeyAlgorithm
	kid      string
	rsa      *rsa.PublicKey  // RSA1_5, RSA-OAEP*
	ecdh     *ecdh.PublicKey // ECDH-ES*
	crv      jwa.Curve
	block    cipher.Block  // A*KW
	gcm      cipher.AEAD   // A*GCMKW
	secret   []byte        // dir
	content  contentCipher // dir: the content cipher under secret, built once
	password string        // PBES2
	p2c      int
	apu, apv []byte
	header   []Parameter
}

// ownMembers are the header members the Encrypter writes itself.
func ownMember(name string) bool {
	switch name {
	case "alg", "enc", "zip", "kid", "crit", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c":
		return true
	}
	return false
}

// senderOp is the key operation a sender performs with alg.
func senderOp(alg jwa.KeyAlgorithm) jwk.Operation {
	if alg == jwa.Direct {
		return jwk.OpEncrypt
	}
	return jwk.OpWrapKey
}

// NewEncrypter returns an [Encrypter] for the recipients. Every key is
// checked here with [jwk.Key.PermitsKeyManagement] (operation wrapKey, or
// encrypt for dir), which enforces the key's type, size, "alg", "use" and
// "key_ops". dir and ECDH-ES (direct key agreement) fix the CEK, so they
// serve a single recipient only. Errors are [*ConfigError] values
// wrapping [ErrInvalidConfig] that name the field.
func NewEncrypter(opts EncrypterOptions, recipients ...Recipient) (*Encrypter, error) {
	enc := opts.ContentEncryption
	if enc == "" {
		return nil, configErr("EncrypterOptions.ContentEncryption", "is empty")
	}
	if !enc.Supported() {
		return nil, configErr("EncrypterOptions.ContentEncryption", quote(string(enc))+" is not a supported content encryption algorithm")
	}
	if len(recipients) == 0 {
		return nil, configErr("recipients", "none given")
	}
	e := &Encrypter{
		enc:      enc,
		compress: opts.Compress,
		typ:      opts.Type,
		cty:      opts.ContentType,
		crit:     slices.Clone(opts.Critical),
	}
	var err error
	if e.protected, err = checkParameters("EncrypterOptions.Protected", opts.Protected); err != nil {
		return nil, err
	}
	if e.unprotected, err = checkParameters("EncrypterOptions.Unprotected", opts.Unprotected); err != nil {
		return nil, err
	}
	if err := e.checkCritical(); err != nil {
		return nil, err
	}
	for i, r := range recipients {
		er, err := newEncRecipient(enc, r, len(recipients), "Recipient["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		e.recipients = append(e.recipients, er)
	}
	// The parts of every recipient's header must be disjoint (RFC 7516
	// §7.2.1); check once with the caller's members.
	for i, r := range e.recipients {
		if err := e.checkDisjoint(r.header); err != nil {
			return nil, &ConfigError{Field: "Recipient[" + strconv.Itoa(i) + "].Header", Reason: "a member appears in more than one header", Err: err}
		}
	}
	return e, nil
}

// checkParameters validates and copies extra header members.
func checkParameters(field string, params []Parameter) ([]Parameter, error) {
	out := make([]Parameter, 0, len(params))
	for i, p := range params {
		f := field + "[" + strconv.Itoa(i) + "]"
		if p.Name == "" {
			return nil, configErr(f, "has no name")
		}
		if ownMember(p.Name) {
			return nil, configErr(f, quote(p.Name)+" is written by the encrypter and cannot be given")
		}
		if _, err := ijson.Parse(p.Value, ijson.Limits{MaxSize: DefaultMaxHeaderSize, MaxDepth: jsonDepth}); err != nil {
			return nil, &ConfigError{Field: f, Reason: "value is not valid JSON", Err: err}
		}
		if slices.ContainsFunc(out, func(q Parameter) bool { return q.Name == p.Name }) {
			return nil, configErr(f, quote(p.Name)+" is given twice")
		}
		out = append(out, Parameter{Name: p.Name, Value: slices.Clone(p.Value)})
	}
	return out, nil
}

// checkCritical checks EncrypterOptions.Critical.
func (e *Encrypter) checkCritical() error {
	for i, name := range e.crit {
		f := "EncrypterOptions.Critical[" + strconv.Itoa(i) + "]"
		switch {
		case header.JWERegistered(name):
			return configErr(f, quote(name)+" is defined by RFC 7516 or RFC 7518 and may not be listed (RFC 7516 §4.1.13)")
		case slices.Contains(e.crit[:i], name):
			return configErr(f, quote(name)+" is listed twice")
		case !slices.ContainsFunc(e.protected, func(p Parameter) bool { return p.Name == name }):
			return configErr(f, quote(name)+" is not one of EncrypterOptions.Protected")
		}
	}
	return nil
}

// checkDisjoint checks that typ, cty and the caller's members appear in at
// most one of the protected, shared unprotected and recipient headers.
func (e *Encrypter) checkDisjoint(own []Parameter) error {
	seen := map[string]bool{}
	if e.typ != "" {
		seen["typ"] = true
	}
	if e.cty != "" {
		seen["cty"] = true
	}
	for _, part := range [][]Parameter{e.protected, e.unprotected, own} {
		for _, p := range part {
			if seen[p.Name] {
				return configErr("Parameter", quote(p.Name)+" appears in more than one header")
			}
			seen[p.Name] = true
		}
	}
	return nil
}

// newEncRecipient checks and prepares one recipient.
func newEncRecipient(enc jwa.ContentEncryption, r Recipient, n int, field string) (encRecipient, error) {
	alg := r.Algorithm
	er := encRecipient{alg: alg}
	if !alg.Supported() {
		return er, configErr(field+".Algorithm", quote(string(alg))+" is not a supported key management algorithm")
	}
	if (alg == jwa.Direct || alg == jwa.ECDH_ES) && n > 1 {
		return er, configErr(field+".Algorithm", string(alg)+" fixes the CEK, so it serves a single recipient only")
	}
	if alg.Family() != jwa.FamilyECDH && (r.PartyUInfo != nil || r.PartyVInfo != nil) {
		return er, configErr(field+".PartyUInfo", "is for ECDH-ES only")
	}
	if alg.Family() != jwa.FamilyPBES2 && r.PBES2Count != 0 {
		return er, configErr(field+".PBES2Count", "is for PBES2 only")
	}
	var err error
	if er.header, err = checkParameters(field+".Header", r.Header); err != nil {
		return er, err
	}
	er.apu, er.apv = slices.Clone(r.PartyUInfo), slices.Clone(r.PartyVInfo)
	if alg.Family() == jwa.FamilyPBES2 {
		switch {
		case r.Key != nil:
			return er, configErr(field+".Key", "must be nil for PBES2, which takes a Password")
		case r.Password == "":
			return er, configErr(field+".Password", "is empty")
		case r.PBES2Count != 0 && r.PBES2Count < MinPBES2Count:
			return er, configErr(field+".PBES2Count", strconv.Itoa(r.PBES2Count)+" is below MinPBES2Count ("+strconv.Itoa(MinPBES2Count)+")")
		}
		er.password, er.p2c = r.Password, r.PBES2Count
		if er.p2c == 0 {
			er.p2c = DefaultPBES2Count
		}
		return er, nil
	}
	k := r.Key
	switch {
	case k == nil:
		return er, configErr(field+".Key", "is nil")
	case r.Password != "":
		return er, configErr(field+".Password", "is for PBES2 only")
	}
	if err := k.PermitsKeyManagement(senderOp(alg), alg); err != nil {
		return er, &ConfigError{Field: field + ".Key", Reason: "may not serve " + string(alg), Err: err}
	}
	er.kid = k.KeyID()
	switch alg.Family() {
	case jwa.FamilyRSA:
		er.rsa = k.RSAPublicKey()
	case jwa.FamilyECDH:
		er.ecdh, er.crv = k.ECDHPublicKey(), k.Curve()
		if er.ecdh == nil {
			return er, configErr(field+".Key", "has no ECDH public key")
		}
		if er.crv == jwa.X25519 && isX25519LowOrder(er.ecdh.Bytes()) {
			return er, configErr(field+".Key", "is an X25519 point of small order, which gives an all-zero shared secret (RFC 7748 §6.1)")
		}
	case jwa.FamilyAESKW, jwa.FamilyAESGCMKW:
		b, err := aes.NewCipher(k.SymmetricKey())
		if err != nil {
			return er, &ConfigError{Field: field + ".Key", Reason: "not an AES key", Err: err}
		}
		er.block = b
		if alg.Family() == jwa.FamilyAESGCMKW {
			if er.gcm, err = cipher.NewGCM(b); err != nil {
				return er, &ConfigError{Field: field + ".Key", Reason: "not an AES key", Err: err}
			}
		}
	case jwa.FamilyDirect:
		er.secret = k.SymmetricKey()
		if len(er.secret) != enc.KeySize() {
			return er, configErr(field+".Key", "is "+strconv.Itoa(len(er.secret))+" bytes, dir with "+string(enc)+" needs "+strconv.Itoa(enc.KeySize()))
		}
		if ka := jwa.ContentEncryption(k.Algorithm()); ka.Supported() && ka != enc {
			return er, configErr(field+".Key", "is restricted to "+string(ka)+", not "+string(enc))
		}
		// The key is the CEK of every message, so its AES-GCM or
		// CBC-HMAC instance (safe for concurrent use) is built once.
		if er.content, err = newContentCipher(enc, er.secret); err != nil {
			return er, &ConfigError{Field: field + ".Key", Reason: "not a " + string(enc) + " key", Err: err}
		}
	}
	return er, nil
}

// Encrypt encrypts plaintext to the single recipient and returns the
// compact serialization (RFC 7516 §7.1), with every header member in the
// protected header. It returns an error wrapping [ErrInvalidConfig] when
// the Encrypter has several recipients or unprotected members, which the
// compact serialization cannot carry; NewEncrypter has checked everything
// else. It neither keeps nor modifies plaintext, and is safe for
// concurrent use.
func (e *Encrypter) Encrypt(plaintext []byte) (string, error) {
	s, err := e.seal(plaintext, nil, formCompact, nil)
	if err != nil {
		return "", err
	}
	return s.compact(), nil
}

// EncryptJSON encrypts plaintext to every recipient and returns the
// general JSON serialization (RFC 7516 §7.2.1). aad, when not empty, is
// authenticated but not encrypted and travels as "aad". With one
// recipient every header member is protected; with several, each
// recipient's "alg", "kid" and algorithm parameters go in its own
// (unprotected) header. The CEK is shared by all recipients.
func (e *Encrypter) EncryptJSON(plaintext, aad []byte) ([]byte, error) {
	s, err := e.seal(plaintext, aad, formGeneral, nil)
	if err != nil {
		return nil, err
	}
	return s.json(false), nil
}

// EncryptFlattenedJSON is [Encrypter.EncryptJSON] for the flattened JSON
// serialization (RFC 7516 §7.2.2), which has a single recipient; with
// several it returns an error wrapping [ErrInvalidConfig].
func (e *Encrypter) EncryptFlattenedJSON(plaintext, aad []byte) ([]byte, error) {
	s, err := e.seal(plaintext, aad, formFlattened, nil)
	if err != nil {
		return nil, err
	}
	return s.json(true), nil
}
