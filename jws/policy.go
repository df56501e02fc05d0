package jws

import (
	"crypto/x509"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jose-suite/jose/internal/header"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// Default limits. Each has a [Policy] field that overrides it; the zero
// value of the field means the default.
const (
	// DefaultMaxTokenSize bounds a compact JWS or a JSON JWS document, in
	// bytes. It is checked before any other work.
	DefaultMaxTokenSize = 1 << 20
	// DefaultMaxHeaderSize bounds one decoded header (a protected header
	// or an unprotected header), in bytes.
	DefaultMaxHeaderSize = header.DefaultMaxSize
	// DefaultMaxSignatures bounds the signatures of a general JSON JWS.
	DefaultMaxSignatures = 16
)

// maxJSONDepth bounds nesting in a JSON JWS: the document, "signatures",
// a signature, its "header", and a "jwk" or "x5c" inside it, with room.
const maxJSONDepth = 10

// Policy says what a [Verifier] accepts. Algorithms and Keys (or
// KeysPerCall, or X509Roots) are required; every other field is optional,
// and its zero value means the strict default. [NewVerifier] copies what it
// keeps, so later changes to a Policy change nothing.
type Policy struct {
	// Algorithms lists the accepted "alg" values. The header only selects
	// among them. [jwa.None] may not be listed: see
	// [InsecureParseUnsecured].
	Algorithms []jwa.SignatureAlgorithm

	// Keys holds the verification keys. A key serves an algorithm only if
	// [jwk.Key.PermitsSignature] allows it with [jwk.OpVerify]: its type,
	// curve and size fit, and its "use", "key_ops" and "alg" (when
	// present) agree. An RSA, EC or OKP key never serves HMAC. When a
	// header has "kid", only keys with exactly that "kid" are tried;
	// otherwise every key that serves the "alg" is.
	Keys *jwk.Set

	// KeysPerCall says that the keys come with each call to
	// [Verifier.VerifyWithKeys], as when a jwt validator fetches them from
	// a remote key set; Keys must then be nil.
	KeysPerCall bool

	// Critical lists the "crit" extensions the caller understands and
	// checks itself (RFC 7515 §4.1.11). "b64" (RFC 7797) is always
	// understood. A JWS whose "crit" names anything else is refused with
	// [ErrCritical].
	Critical []string

	// MinValidSignatures is how many signatures of a JSON JWS must verify.
	// Zero means all of them, which is the safe reading of a JWS with
	// several signatures. A positive number accepts a JWS in which at
	// least that many verify with distinct keys (signatures verified by
	// keys of equal material, [jwk.Key.Equal], count once, so that one
	// signer cannot meet the number by repeating its signature), and the
	// result still reports every signature's outcome.
	MinValidSignatures int

	// X509Roots, when set, lets a header's "x5c" certificate chain supply
	// a verification key: the chain must verify to one of these roots
	// (with X509Intermediates, X509KeyUsages and Clock), and the leaf's key
	// is then tried like a key of Keys, under the same "alg" allowlist.
	// The caller should then check the leaf certificate (its subject, for
	// instance) through [Verified.Key]. Without X509Roots, "x5c" is never
	// used. "jku", "x5u" and "jwk" are never used to find a key.
	X509Roots *x509.CertPool
	// X509Intermediates holds extra intermediate certificates; those in
	// the header's chain are used too.
	X509Intermediates *x509.CertPool
	// X509KeyUsages lists the accepted extended key usages of the leaf;
	// nil means crypto/x509's default (server authentication). List
	// x509.ExtKeyUsageAny to accept any.
	X509KeyUsages []x509.ExtKeyUsage
	// Clock returns the time at which certificates must be valid; nil
	// means time.Now.
	Clock func() time.Time

	// MaxTokenSize overrides [DefaultMaxTokenSize].
	MaxTokenSize int
	// MaxHeaderSize overrides [DefaultMaxHeaderSize].
	MaxHeaderSize int
	// MaxSignatures overrides [DefaultMaxSignatures].
	MaxSignatures int
}

// limits holds a policy's bounds with the defaults filled in.
type limits struct {
	token, header, signatures int
}

var defaultLimits = limits{token: DefaultMaxTokenSize, header: DefaultMaxHeaderSize, signatures: DefaultMaxSignatures}

// x509Policy is the x5c part of a Policy.
type x509Policy struct {
	roots         *x509.CertPool
	intermediates *x509.CertPool
	usages        []x509.ExtKeyUsage
	clock         func() time.Time
}

// Verifier verifies JWSs under a fixed [Policy]. It is immutable and safe
// for concurrent use.
type Verifier struct {
	algs        []jwa.SignatureAlgorithm
	allowed     [numAlgs]bool
	byAlg       [numAlgs][]*verifyKey // keys of Policy.Keys, prepared per algorithm
	keysPerCall bool
	critical    []string // Policy.Critical plus "b64"
	minValid    int
	x509        *x509Policy
	lim         limits
	scratch     sync.Pool // of *scratch
	headers     *headerCache
}

// scratch is per-call working memory, pooled by a Verifier.
type scratch struct {
	input []byte // the JWS Signing Input
	sig   []byte // the decoded signature
	mac   []byte // a computed MAC
}

// maxPooledScratch is the largest buffer a Verifier keeps for reuse.
const maxPooledScratch = 64 << 10

func (v *Verifier) getScratch() *scratch {
	if s, ok := v.scratch.Get().(*scratch); ok {
		return s
	}
	return &scratch{mac: make([]byte, 0, 64)}
}

func (v *Verifier) putScratch(s *scratch) {
	if cap(s.input) > maxPooledScratch {
		s.input = nil
	}
	if cap(s.sig) > maxPooledScratch {
		s.sig = nil
	}
	v.scratch.Put(s)
}

// NewVerifier returns a [Verifier] for p. It returns a [*ConfigError]
// wrapping [ErrInvalidConfig] that names the field when Algorithms is empty
// or lists [jwa.None] or an unsupported name; when Keys holds no key and
// neither KeysPerCall nor X509Roots is set; when Keys holds keys but none
// may verify any listed algorithm; when Keys is set together with
// KeysPerCall; when Critical lists a registered header parameter; or when
// a limit or MinValidSignatures is negative. Keys are checked against each
// algorithm here, once, not for every token.
func NewVerifier(p Policy) (*Verifier, error) {
	if len(p.Algorithms) == 0 {
		return nil, configErr("Policy.Algorithms", `is empty: list the accepted "alg" values`)
	}
	v := &Verifier{
		algs:        slices.Clone(p.Algorithms),
		keysPerCall: p.KeysPerCall,
		minValid:    p.MinValidSignatures,
		headers:     newHeaderCache(),
	}
	for i, alg := range p.Algorithms {
		field := "Policy.Algorithms[" + strconv.Itoa(i) + "]"
		if alg == jwa.None {
			return nil, configErr(field, `"none" is not a signature algorithm; an Unsecured JWS can only be read with InsecureParseUnsecured`)
		}
		idx := algIndex(alg)
		if idx < 0 {
			return nil, configErr(field, quote(string(alg))+" is not a supported signature algorithm")
		}
		v.allowed[idx] = true
	}
	for i, c := range p.Critical {
		field := "Policy.Critical[" + strconv.Itoa(i) + "]"
		if c == "" {
			return nil, configErr(field, "is empty")
		}
		if header.JWSRegistered(c) {
			return nil, configErr(field, quote(c)+" is a registered header parameter, which crit may not list (RFC 7515 §4.1.11)")
		}
	}
	v.critical = append(slices.Clone(p.Critical), "b64")
	if p.MinValidSignatures < 0 {
		return nil, configErr("Policy.MinValidSignatures", "is negative")
	}
	var err error
	if v.lim, err = p.limits(); err != nil {
		return nil, err
	}
	if p.X509Roots != nil {
		v.x509 = &x509Policy{
			roots:  p.X509Roots.Clone(),
			usages: slices.Clone(p.X509KeyUsages),
			clock:  p.Clock,
		}
		if p.X509Intermediates != nil {
			v.x509.intermediates = p.X509Intermediates.Clone()
		}
	}
	hasKeys := p.Keys != nil && p.Keys.Len() > 0
	switch {
	case p.KeysPerCall && p.Keys != nil:
		return nil, configErr("Policy.Keys", "must be nil when Policy.KeysPerCall is set")
	case p.KeysPerCall:
		return v, nil
	case !hasKeys && v.x509 == nil:
		return nil, configErr("Policy.Keys", "is empty: give the verification keys (or set KeysPerCall or X509Roots)")
	case !hasKeys:
		return v, nil
	}
	usable := false
	for _, alg := range v.algs {
		idx := algIndex(alg)
		if v.byAlg[idx] != nil {
			continue // listed twice
		}
		for _, k := range p.Keys.All() {
			if vk, err := newVerifyKey(k, alg); err == nil {
				v.byAlg[idx] = append(v.byAlg[idx], vk)
				usable = true
			}
		}
	}
	if !usable && v.x509 == nil {
		return nil, configErr("Policy.Keys", `holds no key that may verify any of Policy.Algorithms (check the keys' type, size, "alg", "use" and "key_ops")`)
	}
	return v, nil
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
	if l.signatures, err = field("MaxSignatures", p.MaxSignatures, DefaultMaxSignatures); err != nil {
		return l, err
	}
	return l, nil
}

// Algorithms returns a copy of the accepted algorithms.
func (v *Verifier) Algorithms() []jwa.SignatureAlgorithm { return slices.Clone(v.algs) }

// allows reports whether the policy lists alg.
func (v *Verifier) allows(alg jwa.SignatureAlgorithm) bool {
	idx := algIndex(alg)
	return idx >= 0 && v.allowed[idx]
}
