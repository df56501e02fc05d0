package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
)

var cmdJWEEncrypt = &command{
	name:    "jwe encrypt",
	args:    "(--key KEY | --password-file FILE | --password-env NAME)... [--alg ALG] [flags] < plaintext",
	summary: "encrypt to one or more recipients",
	desc: `Encrypt the plaintext read from standard input (or --in) and print the JWE:
the compact serialization by default, the general JSON serialization with --json
(one recipient per --key, plus one for a password), the flattened one with
--flattened.

Each key is used with --alg, or with its own "alg" member when --alg is not
given. Give --alg once for every recipient, or once per recipient in order:
the keys first, then the password. A PBES2 algorithm (PBES2-HS256+A128KW...)
makes a password recipient; the password comes from --password-file,
--password-env, or else a prompt on the terminal, never from the command line.

--enc is the content encryption (default A256GCM). --zip compresses the
plaintext first: do not compress secrets mixed with data an attacker chooses.`,
	example: `jose jwk gen --alg ECDH-ES+A256KW --kid bob > bob.jwk
printf 'secret' | jose jwe encrypt --key bob.jwk
printf 'secret' | jose jwe encrypt --key bob.jwk --key rsa.jwk --alg ECDH-ES+A256KW --alg RSA-OAEP-256 --json
printf 'secret' | jose jwe encrypt --alg PBES2-HS256+A128KW --password-file pw.txt`,
	run: runJWEEncrypt,
}

func runJWEEncrypt(c *cmdContext, args []string) error {
	keySpecs := c.list("key", "a recipient `KEY` (repeatable with --json): a file, \"-\", or env:NAME; public keys suffice")
	algFlags := c.list("alg", "the key management algorithm `ALG` (repeatable: once, or once per recipient); default: the key's \"alg\"")
	encFlag := c.fs.String("enc", string(jwa.A256GCM), "the content encryption `ENC`")
	in := c.fs.String("in", "", "read the plaintext from `FILE` instead of standard input")
	asJSON := c.fs.Bool("json", false, "write the general JSON serialization")
	flattened := c.fs.Bool("flattened", false, "write the flattened JSON serialization")
	zip := c.fs.Bool("zip", false, "compress the plaintext with DEFLATE (\"zip\": \"DEF\")")
	pw := c.passwordFlags()
	p2c := c.fs.Int("p2c", 0, fmt.Sprintf("PBES2 iteration `COUNT` (default %d)", jwe.DefaultPBES2Count))
	headers := c.list("header", "add the protected header member `NAME=VALUE` (repeatable)")
	typ := c.fs.String("typ", "", "put \"typ\" `TYPE` in the protected header")
	cty := c.fs.String("cty", "", "put \"cty\" `TYPE` in the protected header (\"JWT\" for a nested token)")
	aadFile := c.fs.String("aad", "", "authenticate the contents of `FILE` as \"aad\" (JSON serializations only)")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if err := c.reserveInput(*in, "plaintext"); err != nil {
		return err
	}
	if *asJSON && *flattened {
		return usagef("give --json or --flattened, not both")
	}
	if *aadFile != "" && !*asJSON && !*flattened {
		return usagef("--aad needs --json or --flattened: the compact serialization has no \"aad\"")
	}
	enc, err := parseEnc(*encFlag)
	if err != nil {
		return err
	}
	keys := make([]*jwk.Key, len(*keySpecs))
	for i, s := range *keySpecs {
		if keys[i], err = c.loadOneKey(s, "recipient key", false); err != nil {
			return err
		}
	}
	withPassword := pw.given() || slices.ContainsFunc(*algFlags, func(a string) bool {
		return jwa.KeyAlgorithm(a).Family() == jwa.FamilyPBES2
	})
	n := len(keys)
	if withPassword {
		n++
	}
	if n == 0 {
		return usagef("give a recipient with --key, or a PBES2 --alg with a password")
	}
	if n > 1 && !*asJSON {
		return usagef("%d recipients need --json", n)
	}
	algs, err := pairAlgs(*algFlags, n, func(i int) (string, string) {
		if i == len(keys) {
			return "", "the password recipient"
		}
		return dirAlg(keys[i].Algorithm()), keyName(keys[i], i)
	})
	if err != nil {
		return err
	}
	// A dir key whose "alg" names its content encryption (RFC 7520 §5.6)
	// sets --enc when it was not given.
	if len(keys) == 1 && !c.flagGiven("enc") && jwa.ContentEncryption(keys[0].Algorithm()).Supported() {
		enc = jwa.ContentEncryption(keys[0].Algorithm())
	}
	recipients := make([]jwe.Recipient, n)
	for i := range recipients {
		alg, err := parseKeyAlg(algs[i])
		if err != nil {
			return err
		}
		recipients[i] = jwe.Recipient{Algorithm: alg}
		if alg.Family() == jwa.FamilyPBES2 {
			recipients[i].PBES2Count = *p2c
		}
		if i < len(keys) {
			recipients[i].Key = keys[i]
		} else if alg.Family() != jwa.FamilyPBES2 {
			return usagef("a password needs a PBES2 algorithm, not %s", alg)
		}
	}
	opts := jwe.EncrypterOptions{ContentEncryption: enc, Compress: *zip, Type: *typ, ContentType: *cty}
	var unusedKid string
	for _, h := range *headers {
		name, value, err := headerParam(h)
		if err != nil {
			return err
		}
		if name == "kid" {
			return usagef("--header kid: a recipient's \"kid\" comes from its key")
		}
		if err := setTypedHeader(name, value, &unusedKid, &opts.Type, &opts.ContentType); err != nil {
			return err
		}
		if name == "typ" || name == "cty" {
			continue
		}
		opts.Protected = append(opts.Protected, jwe.Parameter{Name: name, Value: value})
	}
	// Check the configuration before asking for a password.
	if _, err := jwe.NewEncrypter(opts, withDummyPassword(recipients)...); err != nil {
		return err
	}
	if withPassword {
		p, err := c.password(pw, true)
		if err != nil {
			return err
		}
		recipients[n-1].Password = p
	}
	e, err := jwe.NewEncrypter(opts, recipients...)
	if err != nil {
		return err
	}
	var aad []byte
	if *aadFile != "" {
		if aad, err = c.readFile(*aadFile, "--aad", maxInputSize); err != nil {
			return err
		}
	}
	plaintext, err := c.readInput(*in, "plaintext")
	if err != nil {
		return err
	}
	var out []byte
	switch {
	case *asJSON:
		out, err = e.EncryptJSON(plaintext, aad)
	case *flattened:
		out, err = e.EncryptFlattenedJSON(plaintext, aad)
	default:
		var s string
		s, err = e.Encrypt(plaintext)
		out = []byte(s)
	}
	if err != nil {
		return err
	}
	return c.writeOutput("", append(out, '\n'))
}

// withDummyPassword returns a copy of recipients in which a password
// recipient has a placeholder password, so that the rest of the
// configuration is checked before the user is asked for the real one.
func withDummyPassword(rs []jwe.Recipient) []jwe.Recipient {
	out := slices.Clone(rs)
	for i := range out {
		if out[i].Key == nil {
			out[i].Password = "placeholder"
		}
	}
	return out
}

var cmdJWEDecrypt = &command{
	name:    "jwe decrypt",
	args:    "(--key KEY | --password-file FILE | --password-env NAME)... [--alg ALG]... [--enc ENC]... [flags] < jwe",
	summary: "decrypt a JWE and print its plaintext",
	desc: `Decrypt the JWE read from standard input (or --in), compact or JSON, and print
the plaintext. On any failure nothing is printed on standard output, the reason
goes to standard error, and the exit status is 1.

The accepted key management algorithms are the --alg values; without --alg,
the "alg" members of the keys, which every key must then have (a password has
none: name its PBES2 algorithm with --alg). RSA1_5 is accepted only when listed.
The accepted content encryptions are the --enc values; without --enc, any of
the six of RFC 7518, which are all authenticated encryption.

A PBES2 password comes from --password-file, --password-env, or else a
prompt on the terminal when --alg lists PBES2 and no key is given.
--json prints a report instead of the plaintext: the plaintext in base64url,
the header, which recipient decrypted and with which key.`,
	example: `jose jwe encrypt --key bob.jwk --in msg.txt | jose jwe decrypt --key bob.jwk
jose jwe decrypt --alg PBES2-HS256+A128KW --password-env JWE_PASSWORD < msg.jwe`,
	run: runJWEDecrypt,
}

func runJWEDecrypt(c *cmdContext, args []string) error {
	keySpecs := c.list("key", "a private `KEY` (repeatable): a JWK, JWK Set or PEM file, \"-\", or env:NAME")
	algFlags := c.list("alg", "accept the key management algorithm `ALG` (repeatable); default: the keys' \"alg\" members")
	encFlags := c.list("enc", "accept the content encryption `ENC` (repeatable); default: all six")
	in := c.fs.String("in", "", "read the JWE from `FILE` instead of standard input")
	pw := c.passwordFlags()
	maxP2C := c.fs.Int("max-p2c", 0, fmt.Sprintf("accept PBES2 iteration counts up to `COUNT` (default %d)", jwe.DefaultMaxPBES2Count))
	critical := c.list("critical", "accept the \"crit\" header extension `NAME` (repeatable)")
	report := c.fs.Bool("json", false, "print a JSON report instead of the plaintext")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if err := c.reserveInput(*in, "JWE"); err != nil {
		return err
	}
	keys, err := c.loadAllKeys(*keySpecs, "decryption key")
	if err != nil {
		return err
	}
	if len(*algFlags) == 0 && pw.given() {
		return usagef("a password has no \"alg\": name its PBES2 algorithm with --alg")
	}
	if len(keys) == 0 && len(*algFlags) == 0 {
		return usagef("give the decryption key with --key, or a PBES2 --alg and a password")
	}
	algs, err := keyAlgAllowlist(*algFlags, keys)
	if err != nil {
		return err
	}
	encs, err := encAllowlist(*encFlags)
	if err != nil {
		return err
	}
	if slices.Contains(algs, jwa.RSA1_5) {
		fmt.Fprintf(c.stderr, "jose %s: warning: RSA1_5 is open to padding-oracle attacks (RFC 8725 §3.3); accept it only for legacy senders\n", c.cmd.name)
	}
	usesPBES2 := slices.ContainsFunc(algs, func(a jwa.KeyAlgorithm) bool { return a.Family() == jwa.FamilyPBES2 })
	if pw.given() && !usesPBES2 {
		return usagef("a password needs a PBES2 algorithm in --alg")
	}
	policy := jwe.Policy{
		KeyAlgorithms:     algs,
		ContentEncryption: encs,
		Critical:          *critical,
		MaxPBES2Count:     *maxP2C,
	}
	if len(keys) > 0 {
		policy.Keys = jwk.NewSet(keys...)
	}
	if pw.given() || (usesPBES2 && len(keys) == 0) {
		// Check the configuration before asking for a password.
		check := policy
		check.Passwords = []string{"placeholder"}
		if _, err := jwe.NewDecrypter(check); err != nil {
			return err
		}
		p, err := c.password(pw, false)
		if err != nil {
			return err
		}
		policy.Passwords = []string{p}
	}
	d, err := jwe.NewDecrypter(policy)
	if err != nil {
		return err
	}
	input, err := c.readInput(*in, "JWE")
	if err != nil {
		return err
	}
	input = bytes.TrimSpace(input)
	var res *jwe.Decrypted
	if bytes.HasPrefix(input, []byte("{")) {
		res, err = d.DecryptJSON(input)
	} else {
		res, err = d.Decrypt(string(input))
	}
	if err != nil {
		return err
	}
	if !*report {
		return c.writeOutput("", res.Plaintext())
	}
	h := res.Header()
	r := struct {
		Plaintext string          `json:"plaintext"`
		Header    json.RawMessage `json:"header"`
		Recipient int             `json:"recipient"`
		Key       *keyReport      `json:"key,omitempty"`
		Password  bool            `json:"password,omitempty"`
	}{
		Plaintext: base64.RawURLEncoding.EncodeToString(res.Plaintext()),
		Header:    headerObject(h.Names(), h.Raw),
		Recipient: res.Recipient(),
		Key:       newKeyReport(res.Key()),
	}
	_, r.Password = res.Password()
	return c.writeJSON(r)
}

// dirAlg reads a key's "alg" member for encryption: a content encryption
// there (RFC 7520 §5.6) means a dir key.
func dirAlg(a string) string {
	if jwa.ContentEncryption(a).Supported() {
		return string(jwa.Direct)
	}
	return a
}
