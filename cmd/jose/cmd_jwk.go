package main

import (
	"bytes"
	"crypto"
	_ "crypto/sha256" // thumbprint hashes
	_ "crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

var cmdJWKGen = &command{
	name:    "jwk gen",
	args:    "(--alg ALG | --crv CRV | --kty KTY) [flags]",
	summary: "generate a private JWK",
	desc: `Generate a new private key and print it as a JWK.

With --alg, the key is made for that JWS or JWE algorithm and gets "alg" and
"use" members: a 2048-bit RSA key for RS*, PS* and RSA-OAEP* (or --bits),
a key on the algorithm's curve for ES* and EdDSA, a P-256 key for ECDH-ES*
(or --crv P-384, P-521, X25519), a secret of the right size for HS*, A*KW,
A*GCMKW, and for dir one of the size of --enc. PBES2 takes a password, not
a key. Without --alg, --crv or --kty (with --bits) give a key for no
particular algorithm.

The key is private: keep it to yourself, or publish 'jose jwk pub' of it.
--out writes it to a file readable by its owner only.`,
	example: `jose jwk gen --alg ES256 --kid 2024-01 > es256.jwk
jose jwk gen --alg ECDH-ES+A256KW --crv X25519 --out enc.jwk
jose jwk gen --kty RSA --bits 3072 --use sig`,
	run: runJWKGen,
}

func runJWKGen(c *cmdContext, args []string) error {
	alg := c.fs.String("alg", "", "make the key for the JWS or JWE algorithm `ALG`, and set its \"alg\" and \"use\"")
	enc := c.fs.String("enc", "", "for --alg dir: the content encryption `ENC` whose key size the key has")
	crv := c.fs.String("crv", "", "the curve `CRV`: P-256, P-384, P-521, Ed25519 or X25519")
	kty := c.fs.String("kty", "", "the key type `KTY` when no --alg or --crv is given: RSA, EC, OKP or oct")
	bits := c.fs.Int("bits", 0, "key size in `BITS`: the RSA modulus (2048 to 8192), or the size of an oct secret")
	kid := c.fs.String("kid", "", "set the key ID \"kid\" to `ID`")
	tkid := c.fs.Bool("thumbprint-kid", false, "set \"kid\" to the key's RFC 7638 SHA-256 thumbprint")
	use := c.fs.String("use", "", "set \"use\" to `USE`: sig or enc")
	out := c.fs.String("out", "", "write the key to `FILE` (mode 0600) instead of standard output")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if *kid != "" && *tkid {
		return usagef("give --kid or --thumbprint-kid, not both")
	}
	if *use != "" && *use != string(jwk.UseSignature) && *use != string(jwk.UseEncryption) {
		return usagef("--use %q: want sig or enc", *use)
	}
	key, err := generate(*alg, *enc, *crv, *kty, *bits)
	if err != nil {
		return err
	}
	m := key.Metadata()
	if *use != "" {
		if m.Use != "" && string(m.Use) != *use {
			return usagef("--use %s contradicts --alg %s, whose keys have \"use\" %q", *use, *alg, m.Use)
		}
		m.Use = jwk.Use(*use)
	}
	m.KeyID = *kid
	if *tkid {
		t, err := key.Thumbprint(crypto.SHA256)
		if err != nil {
			return err
		}
		m.KeyID = base64.RawURLEncoding.EncodeToString(t)
	}
	if key, err = key.WithMetadata(m); err != nil {
		return err
	}
	data, err := key.MarshalJSON()
	if err != nil {
		return err
	}
	return c.writeOutput(*out, append(data, '\n'))
}

// generate makes the key jwk gen asks for, before "kid" and "use" are set.
func generate(alg, enc, crv, kty string, bits int) (*jwk.Key, error) {
	if enc != "" && alg != string(jwa.Direct) {
		return nil, usagef("--enc is only for --alg dir")
	}
	if bits < 0 {
		return nil, usagef("--bits must be positive")
	}
	if alg != "" {
		if kty != "" {
			return nil, usagef("give --alg or --kty, not both")
		}
		if sa := jwa.SignatureAlgorithm(alg); sa.Supported() {
			return generateForSignature(sa, crv, bits)
		}
		if ka := jwa.KeyAlgorithm(alg); ka.Supported() {
			return generateForEncryption(ka, enc, crv, bits)
		}
		if alg == string(jwa.None) {
			return nil, usagef(`"none" takes no key`)
		}
		return nil, usagef("unknown algorithm %q (see 'jose algs')", alg)
	}
	if crv != "" {
		if bits != 0 {
			return nil, usagef("--bits does not apply to curves")
		}
		c, err := parseCurve(crv)
		if err != nil {
			return nil, err
		}
		if kty != "" && jwa.KeyType(kty) != c.KeyType() {
			return nil, usagef("--kty %s does not match --crv %s", kty, crv)
		}
		return jwk.GenerateCurve(c)
	}
	switch jwa.KeyType(kty) {
	case jwa.RSA:
		if bits == 0 {
			bits = jwk.MinRSABits
		}
		k, err := jwk.GenerateRSA(bits)
		return k, usageWrap(err)
	case jwa.Oct:
		if bits == 0 {
			bits = 256
		}
		if bits%8 != 0 {
			return nil, usagef("--bits %d: an oct key is whole bytes", bits)
		}
		k, err := jwk.GenerateSymmetric(bits / 8)
		return k, usageWrap(err)
	case jwa.EC:
		if bits != 0 {
			return nil, usagef("--bits does not apply to EC keys: give --crv")
		}
		return jwk.GenerateCurve(jwa.P256)
	case jwa.OKP:
		return nil, usagef("--kty OKP needs --crv Ed25519 or --crv X25519")
	case "":
		return nil, usagef("give --alg, --crv or --kty")
	}
	return nil, usagef("unknown key type %q: want RSA, EC, OKP or oct", kty)
}

func generateForSignature(alg jwa.SignatureAlgorithm, crv string, bits int) (*jwk.Key, error) {
	if crv != "" && jwa.Curve(crv) != alg.Curve() {
		return nil, usagef("--crv %s does not fit %s", crv, alg)
	}
	if bits == 0 {
		return jwk.GenerateForSignature(alg)
	}
	var key *jwk.Key
	var err error
	switch alg.KeyType() {
	case jwa.RSA:
		key, err = jwk.GenerateRSA(bits)
	case jwa.Oct:
		if bits%8 != 0 || bits < alg.MinKeyBits() {
			return nil, usagef("--bits %d: %s needs a whole number of bytes, at least %d bits", bits, alg, alg.MinKeyBits())
		}
		key, err = jwk.GenerateSymmetric(bits / 8)
	default:
		return nil, usagef("--bits does not apply to %s, whose curve fixes the size", alg)
	}
	if err != nil {
		return nil, usageWrap(err)
	}
	return key.WithMetadata(jwk.Metadata{Algorithm: string(alg), Use: jwk.UseSignature})
}

func generateForEncryption(alg jwa.KeyAlgorithm, enc, crv string, bits int) (*jwk.Key, error) {
	meta := jwk.Metadata{Algorithm: string(alg), Use: jwk.UseEncryption}
	switch alg.Family() {
	case jwa.FamilyPBES2:
		return nil, usagef("%s derives its key from a password: there is no key to generate (see 'jose jwe encrypt --help')", alg)
	case jwa.FamilyDirect:
		if enc == "" {
			return nil, usagef("--alg dir needs --enc, the content encryption the key is for")
		}
		e, err := parseEnc(enc)
		if err != nil {
			return nil, err
		}
		if bits != 0 || crv != "" {
			return nil, usagef("--enc fixes the size of a dir key")
		}
		return jwk.GenerateForEncryption(alg, e)
	case jwa.FamilyECDH:
		if bits != 0 {
			return nil, usagef("--bits does not apply to %s: give --crv", alg)
		}
		if crv == "" {
			return jwk.GenerateForEncryption(alg, "")
		}
		c, err := parseCurve(crv)
		if err != nil {
			return nil, err
		}
		if c == jwa.Ed25519 {
			return nil, usagef("%s needs an EC curve or X25519, not Ed25519", alg)
		}
		key, err := jwk.GenerateCurve(c)
		if err != nil {
			return nil, err
		}
		return key.WithMetadata(meta)
	case jwa.FamilyRSA:
		if crv != "" {
			return nil, usagef("--crv does not apply to %s", alg)
		}
		if bits == 0 {
			return jwk.GenerateForEncryption(alg, "")
		}
		key, err := jwk.GenerateRSA(bits)
		if err != nil {
			return nil, usageWrap(err)
		}
		return key.WithMetadata(meta)
	}
	if bits != 0 || crv != "" {
		return nil, usagef("%s fixes the key size", alg)
	}
	return jwk.GenerateForEncryption(alg, "")
}

var cmdJWKPub = &command{
	name:    "jwk pub",
	args:    "[--key KEY] [flags]",
	summary: "print the public half of a JWK (or of every key of a set)",
	desc: `Print the public half of a private key, with the same "kid", "alg" and "use",
ready to publish. Given a JWK Set, print the set of public halves; symmetric
keys have no public half and are left out of a set (and refused alone).`,
	example: `jose jwk gen --alg ES256 | jose jwk pub
jose jwk pub --key es256.jwk > es256.pub.jwk`,
	run: runJWKPub,
}

func runJWKPub(c *cmdContext, args []string) error {
	keySpec := c.fs.String("key", "-", "the private `KEY`: a file, \"-\" for standard input, or env:NAME")
	if err := c.noArgs(args); err != nil {
		return err
	}
	data, err := c.readSpec(*keySpec, "key", maxKeyFileSize)
	if err != nil {
		return err
	}
	trimmed := bytes.TrimSpace(data)
	if isKeySet(trimmed) {
		set, err := jwk.ParseSet(trimmed)
		if err != nil {
			return err
		}
		c.noteSkipped(set)
		pub := set.Public()
		if n := set.Len() - pub.Len(); n > 0 {
			fmt.Fprintf(c.stderr, "jose %s: note: left out %d symmetric key(s), which have no public half\n", c.cmd.name, n)
		}
		out, err := pub.MarshalJSON()
		if err != nil {
			return err
		}
		return c.writeOutput("", append(out, '\n'))
	}
	keys, err := c.parseKeys(data)
	if err != nil {
		return err
	}
	pub, err := keys[0].Public()
	if err != nil {
		return err
	}
	out, err := pub.MarshalJSON()
	if err != nil {
		return err
	}
	return c.writeOutput("", append(out, '\n'))
}

var cmdJWKThumbprint = &command{
	name:    "jwk thumbprint",
	args:    "[--key KEY] [--hash HASH] [--uri]",
	summary: "print a key's RFC 7638 thumbprint (or RFC 9278 URI)",
	desc: `Print the RFC 7638 JWK thumbprint of a key, base64url without padding: the
hash of its required public members in canonical JSON. A private key and its
public half have the same thumbprint. With --uri, print the RFC 9278 JWK
Thumbprint URI instead.`,
	example: `jose jwk thumbprint --key es256.jwk
jose jwk thumbprint --uri < es256.pub.jwk`,
	run: runJWKThumbprint,
}

func runJWKThumbprint(c *cmdContext, args []string) error {
	keySpec := c.fs.String("key", "-", "the `KEY`: a file, \"-\" for standard input, or env:NAME")
	hashName := c.fs.String("hash", "sha256", "the hash `HASH`: sha256, sha384 or sha512")
	uri := c.fs.Bool("uri", false, "print the RFC 9278 thumbprint URI (urn:ietf:params:oauth:jwk-thumbprint:...)")
	if err := c.noArgs(args); err != nil {
		return err
	}
	var h crypto.Hash
	switch strings.ToLower(strings.ReplaceAll(*hashName, "-", "")) {
	case "sha256":
		h = crypto.SHA256
	case "sha384":
		h = crypto.SHA384
	case "sha512":
		h = crypto.SHA512
	default:
		return usagef("--hash %q: want sha256, sha384 or sha512", *hashName)
	}
	key, err := c.loadOneKey(*keySpec, "key", true)
	if err != nil {
		return err
	}
	var out string
	if *uri {
		out, err = key.ThumbprintURI(h)
	} else {
		var t []byte
		t, err = key.Thumbprint(h)
		out = base64.RawURLEncoding.EncodeToString(t)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.stdout, out)
	return err
}

var cmdJWKCheck = &command{
	name:    "jwk check",
	args:    "[--key KEY] [--alg ALG]",
	summary: "validate a JWK strictly and print it re-encoded",
	desc: `Parse a JWK with the library's strict rules (canonical base64url, points on
their curve, RSA of at least 2048 bits, private part matching the public part,
"alg" fitting the key...) and print it as the library marshals it. With --alg,
also check that the key may serve that algorithm: sign or verify for a JWS
algorithm, decrypt or encrypt for a JWE one, as its "use", "key_ops" and "alg"
allow. A one-line description goes to standard error. Exit status 1 when the
key is refused.`,
	example: `jose jwk check --key es256.jwk --alg ES256`,
	run:     runJWKCheck,
}

func runJWKCheck(c *cmdContext, args []string) error {
	keySpec := c.fs.String("key", "-", "the `KEY`: a file, \"-\" for standard input, or env:NAME")
	alg := c.fs.String("alg", "", "check that the key may serve the JWS or JWE algorithm `ALG`")
	if err := c.noArgs(args); err != nil {
		return err
	}
	key, err := c.loadOneKey(*keySpec, "key", true)
	if err != nil {
		return err
	}
	if *alg != "" {
		if err := checkKeyFor(key, *alg); err != nil {
			return err
		}
	}
	out, err := key.MarshalJSON()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "jose %s: ok: %s\n", c.cmd.name, describeKey(key))
	return c.writeOutput("", append(out, '\n'))
}

// checkKeyFor reports whether key may serve alg in the role its material
// allows: signing or decrypting for a private key, verifying or encrypting
// for a public one.
func checkKeyFor(key *jwk.Key, alg string) error {
	if sa := jwa.SignatureAlgorithm(alg); sa.Supported() {
		op := jwk.OpVerify
		if key.IsPrivate() {
			op = jwk.OpSign
		}
		return key.PermitsSignature(op, sa)
	}
	if ka := jwa.KeyAlgorithm(alg); ka.Supported() {
		op := jwk.OpWrapKey
		switch {
		case ka == jwa.Direct:
			op = jwk.OpDecrypt
		case key.IsPrivate() && key.Type() != jwa.Oct:
			op = jwk.OpUnwrapKey
		}
		return key.PermitsKeyManagement(op, ka)
	}
	return usagef("unknown algorithm %q (see 'jose algs')", alg)
}

// describeKey is a one-line description: "EC P-256 private key, kid "x",
// alg ES256, use sig".
func describeKey(k *jwk.Key) string {
	var b strings.Builder
	b.WriteString(string(k.Type()))
	if crv := k.Curve(); crv != "" {
		b.WriteString(" " + string(crv))
	} else {
		fmt.Fprintf(&b, " %d-bit", k.Size())
	}
	switch {
	case k.Type() == jwa.Oct:
		b.WriteString(" secret key")
	case k.IsPrivate():
		b.WriteString(" private key")
	default:
		b.WriteString(" public key")
	}
	if kid := k.KeyID(); kid != "" {
		fmt.Fprintf(&b, ", kid %q", kid)
	}
	if a := k.Algorithm(); a != "" {
		b.WriteString(", alg " + a)
	}
	if u := k.Use(); u != "" {
		b.WriteString(", use " + string(u))
	}
	return b.String()
}

var cmdJWKImport = &command{
	name:    "jwk import",
	args:    "[--in FILE] [flags]",
	summary: "convert a PEM or DER key or certificate to a JWK",
	desc: `Read a key in PEM or DER and print it as a JWK: PKCS #8 and PKCS #1 and SEC 1
private keys, SubjectPublicKeyInfo and PKCS #1 public keys, or X.509
certificates (the certificate's key, with the chain as "x5c"; the chain is not
verified). Encrypted PEM is not supported. --kid, --alg and --use set the
key's members.`,
	example: `jose jwk import --in cert.pem > cert.jwk
openssl genpkey -algorithm ed25519 | jose jwk import --alg EdDSA --kid ed1`,
	run: runJWKImport,
}

func runJWKImport(c *cmdContext, args []string) error {
	in := c.fs.String("in", "", "read the PEM or DER key from `FILE` instead of standard input")
	kid := c.fs.String("kid", "", "set the key ID \"kid\" to `ID`")
	alg := c.fs.String("alg", "", "set \"alg\" to `ALG`")
	use := c.fs.String("use", "", "set \"use\" to `USE`: sig or enc")
	out := c.fs.String("out", "", "write the JWK to `FILE` (mode 0600) instead of standard output")
	if err := c.noArgs(args); err != nil {
		return err
	}
	data, err := c.readInput(*in, "key")
	if err != nil {
		return err
	}
	key, err := importKey(data)
	if err != nil {
		return err
	}
	m := key.Metadata()
	if *kid != "" {
		m.KeyID = *kid
	}
	if *alg != "" {
		m.Algorithm = *alg
	}
	if *use != "" {
		if *use != string(jwk.UseSignature) && *use != string(jwk.UseEncryption) {
			return usagef("--use %q: want sig or enc", *use)
		}
		m.Use = jwk.Use(*use)
	}
	if key, err = key.WithMetadata(m); err != nil {
		return usageWrap(err)
	}
	j, err := key.MarshalJSON()
	if err != nil {
		return err
	}
	return c.writeOutput(*out, append(j, '\n'))
}

// importKey parses PEM, or DER of any form the jwk package reads.
func importKey(data []byte) (*jwk.Key, error) {
	if t := bytes.TrimSpace(data); bytes.HasPrefix(t, []byte("-----BEGIN")) {
		return jwk.ParsePEM(t)
	}
	if len(data) == 0 {
		return nil, errors.New("empty input")
	}
	if k, err := jwk.ParsePKCS8PrivateKey(data); err == nil {
		return k, nil
	}
	if k, err := jwk.ParsePKIXPublicKey(data); err == nil {
		return k, nil
	}
	if k, err := jwk.ParseCertificate(data); err == nil {
		return k, nil
	}
	// PKCS #1 and SEC 1 DER have no parser of their own in the jwk
	// package; its PEM parser reads them under their block types.
	for _, typ := range []string{"RSA PRIVATE KEY", "EC PRIVATE KEY", "RSA PUBLIC KEY"} {
		if k, err := jwk.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: data})); err == nil {
			return k, nil
		}
	}
	return nil, errors.New("not a PEM or DER key: want PKCS #8, PKCS #1, SEC 1, SubjectPublicKeyInfo or an X.509 certificate")
}

var cmdJWKExport = &command{
	name:    "jwk export",
	args:    "[--key KEY] [--der] [--public] [--out FILE]",
	summary: "convert a JWK to PEM or DER",
	desc: `Print a JWK as PEM: a private key as PKCS #8 ("PRIVATE KEY"), a public key as
SubjectPublicKeyInfo ("PUBLIC KEY"). --public exports the public half of a
private key; --der writes binary DER instead of PEM (not to a terminal).
Symmetric keys have no PEM form.`,
	example: `jose jwk export --key es256.jwk --public > es256.pub.pem
jose jwk export --key rsa.jwk --der --out rsa.p8`,
	run: runJWKExport,
}

func runJWKExport(c *cmdContext, args []string) error {
	keySpec := c.fs.String("key", "-", "the `KEY`: a file, \"-\" for standard input, or env:NAME")
	der := c.fs.Bool("der", false, "write DER (PKCS #8 or SubjectPublicKeyInfo) instead of PEM")
	public := c.fs.Bool("public", false, "export the public half only")
	out := c.fs.String("out", "", "write to `FILE` (mode 0600) instead of standard output")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if *der && (*out == "" || *out == "-") && c.stdoutTTY {
		return usagef("refusing to write binary DER to a terminal: redirect the output or give --out")
	}
	key, err := c.loadOneKey(*keySpec, "key", true)
	if err != nil {
		return err
	}
	if key.Type() == jwa.Oct {
		return usagef("a symmetric (oct) key has no PEM or DER form")
	}
	if *public {
		if key, err = key.Public(); err != nil {
			return err
		}
	}
	var data []byte
	switch {
	case !*der:
		data, err = key.MarshalPEM()
	case key.IsPrivate():
		data, err = key.MarshalPKCS8PrivateKey()
	default:
		data, err = key.MarshalPKIXPublicKey()
	}
	if err != nil {
		return err
	}
	return c.writeOutput(*out, data)
}

var cmdJWKS = &command{
	name:    "jwks",
	args:    "[--public] [--out FILE] [KEYFILE...]",
	summary: "build a JWK Set from keys",
	desc: `Build a JWK Set from the keys in the files given ("-" or no file at all for
standard input, env:NAME for an environment variable). Each input may hold one
or more JWKs one after the other, JWK Sets (their keys are merged in order), or
a PEM key. --public publishes the set: the public half of every key, with
symmetric keys left out.`,
	example: `jose jwks --public es256.jwk rsa.jwk > jwks.json
{ jose jwk gen --alg ES256 --kid a; jose jwk gen --alg EdDSA --kid b; } | jose jwks`,
	run: runJWKS,
}

func runJWKS(c *cmdContext, args []string) error {
	public := c.fs.Bool("public", false, "publish: public halves only, symmetric keys left out")
	out := c.fs.String("out", "", "write the set to `FILE` (mode 0600) instead of standard output")
	files, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	var keys []*jwk.Key
	for _, f := range files {
		data, err := c.readSpec(f, "key file", maxKeyFileSize)
		if err != nil {
			return err
		}
		ks, err := c.parseKeyStream(data)
		if err != nil {
			return fmt.Errorf("%s: %w", keyInputName(f), err)
		}
		keys = append(keys, ks...)
	}
	set := jwk.NewSet(keys...)
	if *public {
		pub := set.Public()
		if n := set.Len() - pub.Len(); n > 0 {
			fmt.Fprintf(c.stderr, "jose %s: note: left out %d symmetric key(s), which are never published\n", c.cmd.name, n)
		}
		set = pub
	}
	data, err := set.MarshalJSON()
	if err != nil {
		return err
	}
	return c.writeOutput(*out, append(data, '\n'))
}

// parseKeyStream reads a PEM key, or a sequence of JSON values each of
// which is a JWK or a JWK Set.
func (c *cmdContext) parseKeyStream(data []byte) ([]*jwk.Key, error) {
	if t := bytes.TrimSpace(data); !bytes.HasPrefix(t, []byte("{")) {
		return c.parseKeys(t)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var keys []*jwk.Key
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("document %d: not JSON: %v", n, err)
		}
		ks, err := c.parseKeys(raw)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		keys = append(keys, ks...)
	}
	if len(keys) == 0 {
		return nil, errors.New("no keys")
	}
	return keys, nil
}
