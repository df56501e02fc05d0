package jwk

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"math/big"
	"strconv"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwa"
)

// Limits applied when parsing. Each can be changed per call through
// [ParseOptions].
const (
	// DefaultMaxKeySize is the largest JWK document [ParseKey] reads: 64 KiB,
	// room for an x5c chain of several certificates.
	DefaultMaxKeySize = 64 << 10
	// DefaultMaxSetSize is the largest JWK Set document [ParseSet] reads: 1 MiB.
	DefaultMaxSetSize = 1 << 20
	// DefaultMaxSetKeys is the largest number of keys [ParseSet] accepts.
	DefaultMaxSetKeys = 1000
	// MinRSABits is the smallest RSA modulus accepted by default (RFC 7518
	// §3.3, §4.2, §4.3 require 2048 bits).
	MinRSABits = 2048
	// MaxRSABits is the largest RSA public modulus accepted: larger keys
	// only cost a verifier time.
	MaxRSABits = 16384
	// MaxRSAPrivateBits is the largest RSA private key accepted. Checking a
	// private key costs exponentiations with its full private exponent,
	// which grow with the cube of the size; 8192 bits bounds that work.
	MaxRSAPrivateBits = 8192
	// maxRecoverBits bounds the private keys whose primes are recovered
	// from n, e and d when the CRT members are absent: recovery costs
	// several full-size exponentiations (about 0.1 s at 4096 bits, 0.6 s at
	// 8192 with math/big).
	maxRecoverBits = 4096
	// LegacyMinRSABits is the smallest value [ParseOptions.InsecureMinRSABits]
	// may take.
	LegacyMinRSABits = 1024
	// MaxX509Chain is the largest number of certificates accepted in "x5c".
	MaxX509Chain = 10
	// maxDepth bounds JSON nesting in a key; real JWKs have depth 2.
	maxDepth = 8
)

// ParseOptions changes the defaults of [ParseKeyWith] and [ParseSetWith].
// The zero value means the strict defaults.
type ParseOptions struct {
	// MaxSize is the largest input in bytes; zero means DefaultMaxKeySize for
	// a key and DefaultMaxSetSize for a set.
	MaxSize int
	// MaxKeys is the largest number of keys in a set; zero means
	// DefaultMaxSetKeys.
	MaxKeys int
	// SkipInvalid makes [ParseSetWith] skip a key of a known type that is
	// malformed or weak, instead of failing the whole set. Skipped keys are
	// listed by [Set.Skipped]. Keys of unknown types are always skipped, as
	// RFC 7517 §5 says.
	SkipInvalid bool
	// InsecureMinRSABits lowers the smallest accepted RSA modulus below 2048
	// bits, for legacy material only. Zero means MinRSABits; values below
	// LegacyMinRSABits are refused.
	InsecureMinRSABits int
}

func (o ParseOptions) minRSABits() (int, error) {
	switch {
	case o.InsecureMinRSABits == 0:
		return MinRSABits, nil
	case o.InsecureMinRSABits < LegacyMinRSABits:
		return 0, memberErr("n", ErrWeakKey, "InsecureMinRSABits %d is below %d", o.InsecureMinRSABits, LegacyMinRSABits)
	}
	return o.InsecureMinRSABits, nil
}

// ParseKey parses one JWK (RFC 7517 §4) with the default [ParseOptions].
//
// The document must be a JSON object with no duplicate members, within
// DefaultMaxKeySize. The key is validated: EC points lie on their curve,
// coordinates and scalars have the curve's exact length, RSA moduli are at
// least 2048 bits with a sane public exponent, private parts belong to the
// public part, "alg" fits the key, and an x5c certificate and x5t thumbprints
// match the key. Members this package does not know are kept and marshaled
// back unchanged.
//
// Errors wrap [ErrMalformed], [ErrUnsupported], [ErrWeakKey],
// [ErrInconsistent] or [ErrTooLarge]; a [*MemberError] names the member.
func ParseKey(data []byte) (*Key, error) { return ParseKeyWith(data, ParseOptions{}) }

// ParseKeyWith is [ParseKey] with explicit options.
func ParseKeyWith(data []byte, opts ParseOptions) (*Key, error) {
	max := opts.MaxSize
	if max == 0 {
		max = DefaultMaxKeySize
	}
	if len(data) > max {
		return nil, tooLarge(len(data), max)
	}
	obj, err := ijson.ParseObject(data, ijson.Limits{MaxSize: max, MaxDepth: maxDepth})
	if err != nil {
		return nil, jsonErr(err)
	}
	return parseKeyObject(obj, opts)
}

func tooLarge(n, max int) error {
	return &MemberError{Member: "", Err: ErrTooLarge, Reason: "input of " + itoa(n) + " bytes exceeds limit " + itoa(max)}
}

func jsonErr(err error) error {
	sentinel := ErrMalformed
	if errors.Is(err, ijson.ErrTooLarge) {
		sentinel = ErrTooLarge
	}
	member := ""
	if je, ok := errors.AsType[*ijson.Error](err); ok {
		member = je.Path
	}
	return &MemberError{Member: member, Err: errors.Join(sentinel, err), Reason: err.Error()}
}

// knownMembers lists the members interpreted for every key type.
func commonMember(name string) bool {
	switch name {
	case "kty", "use", "key_ops", "alg", "kid", "x5u", "x5c", "x5t", "x5t#S256":
		return true
	}
	return false
}

func typeMember(kty jwa.KeyType, name string) bool {
	switch kty {
	case jwa.RSA:
		switch name {
		case "n", "e", "d", "p", "q", "dp", "dq", "qi", "oth":
			return true
		}
	case jwa.EC:
		switch name {
		case "crv", "x", "y", "d":
			return true
		}
	case jwa.OKP:
		switch name {
		case "crv", "x", "d":
			return true
		}
	case jwa.Oct:
		return name == "k"
	}
	return false
}

func parseKeyObject(obj ijson.Object, opts ParseOptions) (*Key, error) {
	kty, err := requiredString(obj, "kty")
	if err != nil {
		return nil, err
	}
	k := &Key{kty: jwa.KeyType(kty)}
	switch k.kty {
	case jwa.RSA:
		err = k.parseRSA(obj, opts)
	case jwa.EC:
		err = k.parseEC(obj)
	case jwa.OKP:
		err = k.parseOKP(obj)
	case jwa.Oct:
		err = k.parseOct(obj)
	default:
		return nil, memberErr("kty", ErrUnsupported, "unsupported key type %q", truncate(kty, 32))
	}
	if err != nil {
		return nil, err
	}
	if err := k.parseMetadata(obj); err != nil {
		return nil, err
	}
	for _, m := range obj.Members() {
		if !commonMember(m.Name) && !typeMember(k.kty, m.Name) {
			k.extra = append(k.extra, rawMember{name: m.Name, raw: bytes.Clone(m.Value.Raw())})
		}
	}
	if err := k.checkMetadata(); err != nil {
		return nil, err
	}
	return k, nil
}

func requiredString(obj ijson.Object, name string) (string, error) {
	s, ok, err := obj.String(name)
	if err != nil {
		return "", memberErrWrap(name, ErrMalformed, err, "not a string")
	}
	if !ok {
		return "", memberErr(name, ErrMalformed, "missing")
	}
	return s, nil
}

func optionalString(obj ijson.Object, name string) (string, bool, error) {
	s, ok, err := obj.String(name)
	if err != nil {
		return "", false, memberErrWrap(name, ErrMalformed, err, "not a string")
	}
	return s, ok, nil
}

// bytesMember decodes a base64url member. It returns nil, nil when absent
// and required is false.
func bytesMember(obj ijson.Object, name string, required bool) ([]byte, error) {
	s, ok, err := optionalString(obj, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		if required {
			return nil, memberErr(name, ErrMalformed, "missing")
		}
		return nil, nil
	}
	b, err := base64url.Decode(s)
	if err != nil {
		return nil, memberErrWrap(name, ErrMalformed, err, "bad base64url")
	}
	return b, nil
}

func (k *Key) parseMetadata(obj ijson.Object) error {
	var err error
	m := &k.meta
	var s string
	if s, _, err = optionalString(obj, "use"); err != nil {
		return err
	}
	m.Use = Use(s)
	if m.KeyID, _, err = optionalString(obj, "kid"); err != nil {
		return err
	}
	if m.Algorithm, _, err = optionalString(obj, "alg"); err != nil {
		return err
	}
	if m.X509URL, _, err = optionalString(obj, "x5u"); err != nil {
		return err
	}
	ops, ok, err := obj.StringArray("key_ops")
	if err != nil {
		return memberErrWrap("key_ops", ErrMalformed, err, "not an array of strings")
	}
	if ok {
		m.Operations = make([]Operation, 0, len(ops))
		for _, op := range ops {
			m.Operations = append(m.Operations, Operation(op))
		}
	}
	certs, ok, err := obj.StringArray("x5c")
	if err != nil {
		return memberErrWrap("x5c", ErrMalformed, err, "not an array of strings")
	}
	if ok {
		if len(certs) == 0 {
			return memberErr("x5c", ErrMalformed, "empty certificate chain")
		}
		if len(certs) > MaxX509Chain {
			return memberErr("x5c", ErrTooLarge, "%d certificates exceed limit %d", len(certs), MaxX509Chain)
		}
		for i, c := range certs {
			// RFC 7517 §4.7: standard base64 with padding, not base64url.
			der, err := base64.StdEncoding.Strict().DecodeString(c)
			if err != nil || len(c) == 0 || bytes.ContainsAny([]byte(c), "\r\n") {
				return memberErr("x5c["+itoa(i)+"]", ErrMalformed, "bad base64")
			}
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				return memberErrWrap("x5c["+itoa(i)+"]", ErrMalformed, err, "bad certificate")
			}
			m.X509Chain = append(m.X509Chain, cert)
		}
	}
	if m.X509SHA1Thumbprint, err = bytesMember(obj, "x5t", false); err != nil {
		return err
	}
	if m.X509SHA256Thumbprint, err = bytesMember(obj, "x5t#S256", false); err != nil {
		return err
	}
	return nil
}

// checkMetadata validates the metadata against the key material.
func (k *Key) checkMetadata() error {
	m := &k.meta
	// RFC 7517 §4.2 allows "use" values other than sig and enc; such a key
	// serves no operation of this suite, which the Permits methods report.
	seen := make(map[Operation]bool, len(m.Operations))
	for _, op := range m.Operations {
		if seen[op] {
			return memberErr("key_ops", ErrMalformed, "duplicate operation %q", truncate(string(op), 32))
		}
		seen[op] = true
		// RFC 7517 §4.3: "use" and "key_ops" SHOULD NOT both be present;
		// when they are they MUST be consistent.
		if m.Use != "" && op.known() && op.use() != m.Use {
			return memberErr("key_ops", ErrInconsistent, "operation %q contradicts use %q", op, truncate(string(m.Use), 32))
		}
	}
	if m.Algorithm != "" {
		if err := k.algorithmFits(m.Algorithm); err != nil {
			return err
		}
	}
	if len(m.X509SHA1Thumbprint) != 0 && len(m.X509SHA1Thumbprint) != sha1.Size {
		return memberErr("x5t", ErrMalformed, "length %d, want %d", len(m.X509SHA1Thumbprint), sha1.Size)
	}
	if len(m.X509SHA256Thumbprint) != 0 && len(m.X509SHA256Thumbprint) != sha256.Size {
		return memberErr("x5t#S256", ErrMalformed, "length %d, want %d", len(m.X509SHA256Thumbprint), sha256.Size)
	}
	if len(m.X509Chain) > 0 {
		leaf := m.X509Chain[0]
		if k.kty == jwa.Oct || !k.publicEqual(leaf.PublicKey) {
			return memberErr("x5c", ErrInconsistent, "first certificate holds another key")
		}
		if m.X509SHA1Thumbprint != nil {
			sum := sha1.Sum(leaf.Raw)
			if subtle.ConstantTimeCompare(sum[:], m.X509SHA1Thumbprint) != 1 {
				return memberErr("x5t", ErrInconsistent, "does not match the first x5c certificate")
			}
		}
		if m.X509SHA256Thumbprint != nil {
			sum := sha256.Sum256(leaf.Raw)
			if subtle.ConstantTimeCompare(sum[:], m.X509SHA256Thumbprint) != 1 {
				return memberErr("x5t#S256", ErrInconsistent, "does not match the first x5c certificate")
			}
		}
	}
	return nil
}

// algorithmFits checks a key's "alg" member against its type and curve.
// Unknown algorithm names are kept: such a key serves no operation.
func (k *Key) algorithmFits(alg string) error {
	if sa := jwa.SignatureAlgorithm(alg); sa.Supported() {
		if sa.KeyType() != k.kty || (sa.Curve() != "" && sa.Curve() != k.crv) {
			return memberErr("alg", ErrInconsistent, "%s does not fit a %s key%s", alg, k.kty, curveSuffix(k.crv))
		}
		return nil
	}
	if ka := jwa.KeyAlgorithm(alg); ka.Supported() {
		if !ka.AcceptsKeyType(k.kty) || (k.kty == jwa.OKP && k.crv != jwa.X25519) {
			return memberErr("alg", ErrInconsistent, "%s does not fit a %s key%s", alg, k.kty, curveSuffix(k.crv))
		}
		if n := ka.KeySize(); n != 0 && ka.Family() != jwa.FamilyECDH && ka.Family() != jwa.FamilyPBES2 && len(k.secret) != n {
			return memberErr("alg", ErrInconsistent, "%s needs a %d-byte key, have %d", alg, n, len(k.secret))
		}
		return nil
	}
	if enc := jwa.ContentEncryption(alg); enc.Supported() {
		// An "alg" naming a content encryption algorithm appears on dir
		// keys in the wild; accept it when the size fits.
		if k.kty != jwa.Oct || len(k.secret) != enc.KeySize() {
			return memberErr("alg", ErrInconsistent, "%s needs a %d-byte oct key", alg, enc.KeySize())
		}
	}
	return nil
}

func curveSuffix(c jwa.Curve) string {
	if c == "" {
		return ""
	}
	return " on " + string(c)
}

// publicEqual reports whether pub is the public key of k.
func (k *Key) publicEqual(pub any) bool {
	switch p := pub.(type) {
	case *rsa.PublicKey:
		return k.rsaPub != nil && k.rsaPub.Equal(p)
	case *ecdsa.PublicKey:
		return k.ecPub != nil && k.ecPub.Equal(p)
	case ed25519.PublicKey:
		return k.edPub != nil && k.edPub.Equal(p)
	case *ecdh.PublicKey:
		return k.xPub != nil && k.xPub.Equal(p)
	}
	return false
}

func (k *Key) parseRSA(obj ijson.Object, opts ParseOptions) error {
	minBits, err := opts.minRSABits()
	if err != nil {
		return err
	}
	if obj.Has("oth") {
		return memberErr("oth", ErrUnsupported, "multi-prime RSA keys are not supported")
	}
	n, err := uintMember(obj, "n", true, true)
	if err != nil {
		return err
	}
	e, err := uintMember(obj, "e", true, true)
	if err != nil {
		return err
	}
	if n.BitLen() > MaxRSABits {
		return memberErr("n", ErrUnsupported, "modulus of %d bits exceeds %d", n.BitLen(), MaxRSABits)
	}
	if n.BitLen() < minBits {
		return memberErr("n", ErrWeakKey, "modulus of %d bits is below %d", n.BitLen(), minBits)
	}
	if n.Bit(0) == 0 {
		return memberErr("n", ErrMalformed, "modulus is even")
	}
	if e.BitLen() > 31 || e.Int64() < 3 || e.Bit(0) == 0 {
		return memberErr("e", ErrWeakKey, "public exponent must be odd, at least 3 and below 2^31")
	}
	pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
	k.rsaPub = pub
	if !obj.Has("d") {
		for _, name := range []string{"p", "q", "dp", "dq", "qi"} {
			if obj.Has(name) {
				return memberErr(name, ErrMalformed, "present without \"d\"")
			}
		}
		return nil
	}
	if n.BitLen() > MaxRSAPrivateBits {
		return memberErr("d", ErrUnsupported, "private key of %d bits exceeds %d", n.BitLen(), MaxRSAPrivateBits)
	}
	d, err := uintMember(obj, "d", true, false)
	if err != nil {
		return err
	}
	crt := [5]*big.Int{}
	present := 0
	for i, name := range []string{"p", "q", "dp", "dq", "qi"} {
		if crt[i], err = uintMember(obj, name, false, false); err != nil {
			return err
		}
		if crt[i] != nil {
			present++
		}
	}
	// RFC 7518 §6.3.2: when any CRT member is present, all must be.
	if present != 0 && present != 5 {
		return memberErr("p", ErrMalformed, "CRT members p, q, dp, dq and qi must all be present or all absent")
	}
	priv := &rsa.PrivateKey{PublicKey: *pub, D: d}
	if present == 5 {
		priv.Primes = []*big.Int{crt[0], crt[1]}
		priv.Precomputed.Dp, priv.Precomputed.Dq, priv.Precomputed.Qinv = crt[2], crt[3], crt[4]
	} else {
		if n.BitLen() > maxRecoverBits {
			return memberErr("p", ErrUnsupported, "private keys over %d bits need the CRT members p, q, dp, dq and qi", maxRecoverBits)
		}
		p, q, err := recoverPrimes(n, e, d)
		if err != nil {
			return memberErr("d", ErrInconsistent, "private exponent does not belong to the modulus")
		}
		priv.Primes = []*big.Int{p, q}
	}
	if err := priv.Validate(); err != nil {
		return memberErr("d", ErrInconsistent, "private key does not match the public key")
	}
	priv.Precompute()
	k.rsaPriv = priv
	k.rsaPub = &priv.PublicKey
	return nil
}

// uintMember decodes a Base64urlUInt (RFC 7518 §2). When canonical is true
// a leading zero octet is refused (RFC 7518 §6.3.1.1 requires the minimal
// encoding of "n" and "e").
func uintMember(obj ijson.Object, name string, required, canonical bool) (*big.Int, error) {
	b, err := bytesMember(obj, name, required)
	if err != nil || b == nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, memberErr(name, ErrMalformed, "empty integer")
	}
	if canonical && b[0] == 0 {
		return nil, memberErr(name, ErrMalformed, "integer has a leading zero octet")
	}
	return new(big.Int).SetBytes(b), nil
}

func ellipticCurve(c jwa.Curve) elliptic.Curve {
	switch c {
	case jwa.P256:
		return elliptic.P256()
	case jwa.P384:
		return elliptic.P384()
	case jwa.P521:
		return elliptic.P521()
	}
	return nil
}

func (k *Key) parseEC(obj ijson.Object) error {
	crv, err := requiredString(obj, "crv")
	if err != nil {
		return err
	}
	k.crv = jwa.Curve(crv)
	curve := ellipticCurve(k.crv)
	if curve == nil {
		return memberErr("crv", ErrUnsupported, "unsupported EC curve %q", truncate(crv, 32))
	}
	size := k.crv.Size()
	x, err := fixedMember(obj, "x", size, true)
	if err != nil {
		return err
	}
	y, err := fixedMember(obj, "y", size, true)
	if err != nil {
		return err
	}
	point := make([]byte, 0, 1+2*size)
	point = append(append(append(point, 4), x...), y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
	if err != nil {
		return memberErr("x", ErrMalformed, "point is not on %s", k.crv)
	}
	k.ecPub = pub
	d, err := fixedMember(obj, "d", size, false)
	if err != nil || d == nil {
		return err
	}
	priv, err := ecdsa.ParseRawPrivateKey(curve, d)
	if err != nil {
		return memberErr("d", ErrMalformed, "invalid private scalar for %s", k.crv)
	}
	if !priv.PublicKey.Equal(pub) {
		return memberErr("d", ErrInconsistent, "private key does not match the public key")
	}
	k.ecPriv = priv
	k.ecPub = &priv.PublicKey
	return nil
}

// fixedMember decodes a base64url member of an exact length.
func fixedMember(obj ijson.Object, name string, size int, required bool) ([]byte, error) {
	b, err := bytesMember(obj, name, required)
	if err != nil || b == nil {
		return nil, err
	}
	if len(b) != size {
		return nil, memberErr(name, ErrMalformed, "length %d, want %d", len(b), size)
	}
	return b, nil
}

func (k *Key) parseOKP(obj ijson.Object) error {
	crv, err := requiredString(obj, "crv")
	if err != nil {
		return err
	}
	k.crv = jwa.Curve(crv)
	if k.crv != jwa.Ed25519 && k.crv != jwa.X25519 {
		return memberErr("crv", ErrUnsupported, "unsupported OKP curve %q", truncate(crv, 32))
	}
	x, err := fixedMember(obj, "x", 32, true)
	if err != nil {
		return err
	}
	d, err := fixedMember(obj, "d", 32, false)
	if err != nil {
		return err
	}
	if k.crv == jwa.Ed25519 {
		k.edPub = ed25519.PublicKey(x)
		if d != nil {
			priv := ed25519.NewKeyFromSeed(d)
			if subtle.ConstantTimeCompare(priv.Public().(ed25519.PublicKey), x) != 1 {
				return memberErr("d", ErrInconsistent, "private key does not match the public key")
			}
			k.edPriv = priv
			k.edPub = priv.Public().(ed25519.PublicKey)
		}
		return nil
	}
	pub, err := ecdh.X25519().NewPublicKey(x)
	if err != nil {
		return memberErr("x", ErrMalformed, "invalid X25519 public key")
	}
	k.xPub = pub
	if d != nil {
		priv, err := ecdh.X25519().NewPrivateKey(d)
		if err != nil {
			return memberErr("d", ErrMalformed, "invalid X25519 private key")
		}
		if !priv.PublicKey().Equal(pub) {
			return memberErr("d", ErrInconsistent, "private key does not match the public key")
		}
		k.xPriv = priv
		k.xPub = priv.PublicKey()
	}
	return nil
}

func (k *Key) parseOct(obj ijson.Object) error {
	secret, err := bytesMember(obj, "k", true)
	if err != nil {
		return err
	}
	if len(secret) == 0 {
		return memberErr("k", ErrWeakKey, "empty symmetric key")
	}
	k.secret = secret
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
