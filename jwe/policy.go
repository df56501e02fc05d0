package jwe

import (
	"slices"
	"strconv"

	"github.com/jose-suite/jose/internal/header"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// Default limits. Each has a [Policy] field that overrides it; the zero
// value of the field means the default.
const (
	// DefaultMaxTokenSize bounds a compact JWE or a JSON JWE document, in
	// bytes, checked before any other work.
	DefaultMaxTokenSize = 1 << 20
	// DefaultMaxHeaderSize bounds one decoded header (the protected header,
	// the shared unprotected header or a per-recipient header), in bytes.
	DefaultMaxHeaderSize = header.DefaultMaxSize
	// DefaultMaxCiphertextSize bounds the decoded ciphertext, in bytes.
	// With the default token size the token bound is the tighter one; this
	// bound matters when a policy raises MaxTokenSize.
	DefaultMaxCiphertextSize = 1 << 20
	// DefaultMaxDecompressedSize bounds the plaintext of a compressed
	// ("zip":"DEF") JWE, in bytes. It is enforced while inflating.
	DefaultMaxDecompressedSize = 250_000
	// DefaultMaxRecipients bounds the recipients of a JSON JWE.
	DefaultMaxRecipients = 16
	// DefaultMaxPBES2Recipients bounds the PBES2 recipients of one JSON JWE
	// that a Decrypter tries its passwords on: each try runs PBKDF2 with
	// up to MaxPBES2Count iterations, so a message costs at most
	// MaxPBES2Count × len(Passwords) × MaxPBES2Recipients iterations.
	DefaultMaxPBES2Recipients = 4
	// DefaultMaxPBES2Count is the largest PBES2 iteration count ("p2c") a
	// decrypter accepts unless its policy says otherwise. Each iteration
	// costs the decrypter an HMAC, so the sender chooses the decrypter's
	// work; 10,000 matches jwx and panva's jose.
	DefaultMaxPBES2Count = 10_000
	// MinPBES2Count is the smallest PBES2 iteration count accepted, on
	// encryption and decryption (RFC 7518 §4.8.1.2 recommends at least
	// 1000).
	MinPBES2Count = 1000
	// DefaultPBES2Count is the iteration count [Encrypter] uses unless a
	// [Recipient] says otherwise. A decrypter with the default policy
	// accepts it.
	DefaultPBES2Count = DefaultMaxPBES2Count
	// MinPBES2SaltSize is the smallest "p2s" accepted, in bytes (RFC 7518
	// §4.8.1.1).
	MinPBES2SaltSize = 8
	// PBES2SaltSize is the size of the "p2s" [Encrypter] generates.
	PBES2SaltSize = 16
)

// Policy says what a [Decrypter] accepts. KeyAlgorithms, ContentEncryption
// and a source of keys (Keys, Passwords or KeysPerCall) are required; every
// other field is optional, and its zero value means the strict default.
// [NewDecrypter] copies what it keeps, so later changes to a Policy change
// nothing.
type Policy struct {
	// KeyAlgorithms lists the accepted "alg" values. RSA1_5 is refused
	// unless listed here (RFC 7516 §11.5 explains its risks).
	KeyAlgorithms []jwa.KeyAlgorithm
	// ContentEncryption lists the accepted "enc" values.
	ContentEncryption []jwa.ContentEncryption

	// Keys holds the recipient keys: RSA private keys (possibly opaque,
	// through [jwk.NewDecrypter]), EC and X25519 private keys (possibly
	// opaque, through [jwk.NewKeyExchanger]) and symmetric keys for A*KW,
	// A*GCMKW and dir. Each key serves only the algorithms that
	// [jwk.Key.PermitsKeyManagement] allows it with the operation
	// unwrapKey (decrypt for dir), and a dir key only the "enc" whose key
	// size it has. Symmetric keys never serve PBES2: passwords go in
	// Passwords.
	Keys *jwk.Set
	// Passwords holds the PBES2 passwords, tried in order. They are not
	// keys: a PBES2 password is any string the user chose, not a key of a
	// fixed size.
	Passwords []string
	// KeysPerCall says that the keys come with each call to
	// [Decrypter.DecryptWithKeys], as when they are fetched from a key
	// source; Keys must then be nil. Without it, Keys or Passwords must
	// hold something.
	KeysPerCall bool

	// Critical lists the "crit" extensions the caller understands and
	// checks itself (RFC 7516 §4.1.13). A JWE whose "crit" names anything
	// else is refused with [ErrCritical].
	Critical []string

	// MaxTokenSize overrides [DefaultMaxTokenSize].
	MaxTokenSize int
	// MaxHeaderSize overrides [DefaultMaxHeaderSize].
	MaxHeaderSize int
	// MaxCiphertextSize overrides [DefaultMaxCiphertextSize].
	MaxCiphertextSize int
	// MaxDecompressedSize overrides [DefaultMaxDecompressedSize].
	MaxDecompressedSize int
	// MaxRecipients overrides [DefaultMaxRecipients].
	MaxRecipients int
	// MaxPBES2Count overrides [DefaultMaxPBES2Count]; it may not be below
	// [MinPBES2Count]. Raise it only to read from peers that encrypt with
	// more iterations: each one costs the decrypter time.
	MaxPBES2Count int
	// MaxPBES2Recipients overrides [DefaultMaxPBES2Recipients]: PBES2
	// recipients after that many in a JSON JWE are not tried.
	MaxPBES2Recipients int
}

// limits holds a policy's bounds with the defaults filled in.
type limits struct {
	token, header, ciphertext, decompressed, recipients, p2c, pbes2Recipients int
}

// Decrypter decrypts JWEs under a fixed [Policy]. It is immutable and safe
// for concurrent use.
type Decrypter struct {
	algs        []jwa.KeyAlgorithm
	encs        []jwa.ContentEncryption
	keys        []*decryptKey // from Policy.Keys, prepared once
	passwords   []string
	keysPerCall bool
	critical    []string
	lim         limits
}

// NewDecrypter returns a [Decrypter] for p. It returns a [*ConfigError]
// wrapping [ErrInvalidConfig] that names the field when KeyAlgorithms or
// ContentEncryption is empty or lists an unsupported value, when neither
// Keys nor Passwords holds anything (and KeysPerCall is not set), when no
// key or password serves any listed algorithm, when a password is empty,
// or when a limit is negative. Keys are checked against each algorithm
// here, once, and not for every message.
func NewDecrypter(p Policy) (*Decrypter, error) {
	if len(p.KeyAlgorithms) == 0 {
		return nil, configErr("Policy.KeyAlgorithms", "is empty: list the accepted \"alg\" values")
	}
	for i, alg := range p.KeyAlgorithms {
		if !alg.Supported() {
			return nil, configErr("Policy.KeyAlgorithms["+strconv.Itoa(i)+"]", quote(string(alg))+" is not a supported key management algorithm")
		}
	}
	if len(p.ContentEncryption) == 0 {
		return nil, configErr("Policy.ContentEncryption", "is empty: list the accepted \"enc\" values")
	}
	for i, enc := range p.ContentEncryption {
		if !enc.Supported() {
			return nil, configErr("Policy.ContentEncryption["+strconv.Itoa(i)+"]", quote(string(enc))+" is not a supported content encryption algorithm")
		}
	}
	for i, pw := range p.Passwords {
		if pw == "" {
			return nil, configErr("Policy.Passwords["+strconv.Itoa(i)+"]", "is empty")
		}
	}
	d := &Decrypter{
		algs:        slices.Clone(p.KeyAlgorithms),
		encs:        slices.Clone(p.ContentEncryption),
		passwords:   slices.Clone(p.Passwords),
		keysPerCall: p.KeysPerCall,
		critical:    slices.Clone(p.Critical),
	}
	var err error
	if d.lim, err = p.limits(); err != nil {
		return nil, err
	}
	hasKeys := p.Keys != nil && p.Keys.Len() > 0
	switch {
	case p.KeysPerCall && p.Keys != nil:
		return nil, configErr("Policy.Keys", "must be nil when Policy.KeysPerCall is set")
	case p.KeysPerCall:
		return d, nil
	case !hasKeys && len(p.Passwords) == 0:
		return nil, configErr("Policy.Keys", "is empty and so is Policy.Passwords: give the recipient keys (or set KeysPerCall)")
	}
	if hasKeys {
		d.keys = prepareKeys(p.Keys, d.algs, d.encs)
	}
	// Refuse a policy that can never decrypt anything.
	usable := false
	for _, alg := range d.algs {
		if alg.Family() == jwa.FamilyPBES2 {
			usable = usable || len(d.passwords) > 0
			continue
		}
		for _, k := range d.keys {
			usable = usable || k.permits(alg)
		}
	}
	if !usable {
		if len(d.passwords) > 0 && !hasKeys {
			return nil, configErr("Policy.KeyAlgorithms", "lists no PBES2 algorithm for Policy.Passwords")
		}
		return nil, configErr("Policy.Keys", "holds no key that may serve any of Policy.KeyAlgorithms (check the keys' type, size, \"alg\", \"use\" and \"key_ops\")")
	}
	return d, nil
}

// limits returns p's bounds with defaults filled in.
func (p Policy) limits() (limits, error) {
	field := func(name string, v, def int) (int, error) {
		switch {
		case v < 0:
			return 0, configErr("Policy."+name, "is negative")
		case v == 0:
			return def, nil
		}
		return v, nil
	}
	var l limits
	var err error
	if l.token, err = field("MaxTokenSize", p.MaxTokenSize, DefaultMaxTokenSize); err != nil {
		return l, err
	}
	if l.header, err = field("MaxHeaderSize", p.MaxHeaderSize, DefaultMaxHeaderSize); err != nil {
		return l, err
	}
	if l.ciphertext, err = field("MaxCiphertextSize", p.MaxCiphertextSize, DefaultMaxCiphertextSize); err != nil {
		return l, err
	}
	if l.decompressed, err = field("MaxDecompressedSize", p.MaxDecompressedSize, DefaultMaxDecompressedSize); err != nil {
		return l, err
	}
	if l.recipients, err = field("MaxRecipients", p.MaxRecipients, DefaultMaxRecipients); err != nil {
		return l, err
	}
	if l.p2c, err = field("MaxPBES2Count", p.MaxPBES2Count, DefaultMaxPBES2Count); err != nil {
		return l, err
	}
	if l.pbes2Recipients, err = field("MaxPBES2Recipients", p.MaxPBES2Recipients, DefaultMaxPBES2Recipients); err != nil {
		return l, err
	}
	if l.p2c < MinPBES2Count {
		return l, configErr("Policy.MaxPBES2Count", strconv.Itoa(l.p2c)+" is below MinPBES2Count ("+strconv.Itoa(MinPBES2Count)+")")
	}
	return l, nil
}

// allowsAlg reports whether the policy lists alg.
func (d *Decrypter) allowsAlg(alg jwa.KeyAlgorithm) bool { return slices.Contains(d.algs, alg) }

// allowsEnc reports whether the policy lists enc.
func (d *Decrypter) allowsEnc(enc jwa.ContentEncryption) bool { return slices.Contains(d.encs, enc) }
