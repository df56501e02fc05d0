package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

var cmdJWTSign = &command{
	name:    "jwt sign",
	args:    "--key KEY [--alg ALG] [claims flags] [--encrypt-key KEY] [< claims.json]",
	summary: "mint a signed (or nested signed-then-encrypted) JWT",
	desc: `Make a JWT signed with --key and print it. The claims come from a JSON object
(--claims FILE, or standard input when no claim flag is given) and from the
claim flags, which override it: --iss, --sub, --aud (repeatable), --exp, --nbf,
--iat, --jti, and --claim NAME=VALUE for any other (VALUE is JSON when it parses
as JSON, a string otherwise). "iat" is set to now unless --no-iat.

Times are a duration from now (30s, 15m, 1h, 7d), seconds since the epoch, or
RFC 3339. Verifiers require "exp" by default: give --exp.

With --encrypt-key the signed token is encrypted to that key (a nested JWT,
RFC 7519 §5.2, "cty": "JWT") with --encrypt-alg (default: the key's "alg")
and --enc.`,
	example: `jose jwt sign --key es256.jwk --iss https://idp.example --sub alice --aud api --exp 1h
echo '{"sub":"alice","scope":"read"}' | jose jwt sign --key es256.jwk --iss me --exp 15m
jose jwt sign --key es256.jwk --iss me --exp 5m --encrypt-key bob.pub.jwk`,
	run: runJWTSign,
}

func runJWTSign(c *cmdContext, args []string) error {
	keySpec := c.fs.String("key", "", "the private signing `KEY`: a file, \"-\", or env:NAME")
	alg := c.fs.String("alg", "", "the signature algorithm `ALG`; default: the key's \"alg\"")
	claimsFile := c.fs.String("claims", "", "read the claims JSON object from `FILE` (\"-\" for standard input)")
	iss := c.fs.String("iss", "", "the issuer claim `ISS`")
	sub := c.fs.String("sub", "", "the subject claim `SUB`")
	aud := c.list("aud", "an audience `AUD` (repeatable: one gives a string, several an array)")
	exp := c.fs.String("exp", "", "expiry `TIME`: a duration from now such as 1h, epoch seconds, or RFC 3339")
	nbf := c.fs.String("nbf", "", "not-before `TIME`, as for --exp")
	iat := c.fs.String("iat", "", "issued-at `TIME`, as for --exp (default: now)")
	noIat := c.fs.Bool("no-iat", false, "leave \"iat\" out")
	jti := c.fs.String("jti", "", "the token ID claim `ID`")
	extra := c.list("claim", "set the claim `NAME=VALUE` (repeatable)")
	typ := c.fs.String("typ", "", "the \"typ\" header `TYPE` (default JWT; at+jwt for RFC 9068 access tokens)")
	kid := c.fs.String("kid", "", "put \"kid\" `ID` in the header instead of the key's own")
	encKeySpec := c.fs.String("encrypt-key", "", "encrypt the signed token to the recipient `KEY` (nested JWT)")
	encAlg := c.fs.String("encrypt-alg", "", "the key management algorithm `ALG` for --encrypt-key; default: that key's \"alg\"")
	encFlag := c.fs.String("enc", string(jwa.A256GCM), "the content encryption `ENC` for --encrypt-key")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if *keySpec == "" {
		return usagef("give the signing key with --key")
	}
	if *noIat && *iat != "" {
		return usagef("give --iat or --no-iat, not both")
	}
	flagsGiven := *iss != "" || *sub != "" || len(*aud) > 0 || *exp != "" || *nbf != "" || *jti != "" || len(*extra) > 0
	claimsFromStdin := *claimsFile == "-" || (*claimsFile == "" && !flagsGiven)
	if claimsFromStdin {
		if *claimsFile == "" && c.stdinTTY {
			return usagef("no claims: pipe a JSON object on standard input, or give --iss, --sub, --exp, --claim...")
		}
		if err := c.reserveInput("-", "claims"); err != nil {
			return err
		}
	}
	now, err := c.now()
	if err != nil {
		return err
	}
	key, err := c.loadOneKey(*keySpec, "signing key", false)
	if err != nil {
		return err
	}
	sigAlg := *alg
	if sigAlg == "" {
		if sigAlg = key.Algorithm(); sigAlg == "" {
			return usagef(`the signing key has no "alg" member: give --alg`)
		}
	}
	sa, err := parseSigAlg(sigAlg)
	if err != nil {
		return err
	}
	opts := jwt.SignerOptions{Type: *typ, KeyID: *kid}
	if *encKeySpec != "" {
		ek, err := c.loadOneKey(*encKeySpec, "encryption key", false)
		if err != nil {
			return err
		}
		ka := *encAlg
		if ka == "" {
			if ka = dirAlg(ek.Algorithm()); ka == "" {
				return usagef(`the encryption key has no "alg" member: give --encrypt-alg`)
			}
		}
		kalg, err := parseKeyAlg(ka)
		if err != nil {
			return err
		}
		enc, err := parseEnc(*encFlag)
		if err != nil {
			return err
		}
		// A dir key whose "alg" names its content encryption (RFC 7520
		// §5.6) sets --enc when it was not given.
		if e := jwa.ContentEncryption(ek.Algorithm()); e.Supported() && !c.flagGiven("enc") {
			enc = e
		}
		opts.Encryption = &jwt.Encryption{
			Recipient:         jwe.Recipient{Key: ek, Algorithm: kalg},
			ContentEncryption: enc,
		}
	} else if *encAlg != "" {
		return usagef("--encrypt-alg needs --encrypt-key")
	}
	signer, err := jwt.NewSigner(key, sa, opts)
	if err != nil {
		return err
	}

	// Claims: a JSON object, then the flags on top.
	var claims claimSet
	var data []byte
	switch {
	case claimsFromStdin:
		data, err = c.readInput("", "claims")
	case *claimsFile != "":
		data, err = c.readFile(*claimsFile, "--claims", maxInputSize)
	}
	if err != nil {
		return err
	}
	if data != nil {
		if claims, err = parseClaimSet(data); err != nil {
			return err
		}
	}
	setString := func(name, v string) {
		if v != "" {
			b, _ := json.Marshal(v)
			claims.set(name, b)
		}
	}
	setTime := func(name, v string) error {
		if v == "" {
			return nil
		}
		t, err := parseTime(v, now)
		if err != nil {
			return usagef("--%s: %v", name, err)
		}
		claims.set(name, json.RawMessage(strconv.FormatInt(t.Unix(), 10)))
		return nil
	}
	setString("iss", *iss)
	setString("sub", *sub)
	switch len(*aud) {
	case 0:
	case 1:
		setString("aud", (*aud)[0])
	default:
		b, _ := json.Marshal([]string(*aud))
		claims.set("aud", b)
	}
	if err := setTime("exp", *exp); err != nil {
		return err
	}
	if err := setTime("nbf", *nbf); err != nil {
		return err
	}
	switch {
	case *iat != "":
		if err := setTime("iat", *iat); err != nil {
			return err
		}
	case *noIat:
		claims.remove("iat")
	case !claims.has("iat"):
		claims.set("iat", json.RawMessage(strconv.FormatInt(now.Unix(), 10)))
	}
	setString("jti", *jti)
	for _, e := range *extra {
		name, value, err := headerParam(e)
		if err != nil {
			return usagef("--claim %q: want NAME=VALUE", e)
		}
		claims.set(name, value)
	}
	if !claims.has("exp") {
		fmt.Fprintf(c.stderr, "jose %s: warning: the token has no \"exp\"; verifiers refuse that by default\n", c.cmd.name)
	}
	token, err := signer.Sign(claims.marshal())
	if err != nil {
		return err
	}
	return c.writeOutput("", []byte(token+"\n"))
}

// claimSet is a JSON object whose members keep their order.
type claimSet struct {
	names  []string
	values []json.RawMessage
}

func (s *claimSet) index(name string) int {
	for i, n := range s.names {
		if n == name {
			return i
		}
	}
	return -1
}

func (s *claimSet) has(name string) bool { return s.index(name) >= 0 }

func (s *claimSet) set(name string, v json.RawMessage) {
	if i := s.index(name); i >= 0 {
		s.values[i] = v
		return
	}
	s.names = append(s.names, name)
	s.values = append(s.values, v)
}

func (s *claimSet) remove(name string) {
	if i := s.index(name); i >= 0 {
		s.names = append(s.names[:i], s.names[i+1:]...)
		s.values = append(s.values[:i], s.values[i+1:]...)
	}
}

func (s *claimSet) marshal() json.RawMessage {
	return headerObject(s.names, func(n string) (json.RawMessage, bool) {
		return s.values[s.index(n)], true
	})
}

// parseClaimSet reads a JSON object, refusing duplicate member names (which
// encoding/json would silently resolve to the last one).
func parseClaimSet(data []byte) (claimSet, error) {
	o, err := parseObject(data)
	if err != nil {
		return claimSet{}, fmt.Errorf("the claims: %v", err)
	}
	if len(o.dups) > 0 {
		return claimSet{}, fmt.Errorf("the claims repeat %q", o.dups[0])
	}
	return claimSet{names: o.names, values: o.values}, nil
}

var cmdJWTVerify = &command{
	name:    "jwt verify",
	args:    "(--key KEY | --jwks FILE)... --iss ISS [--aud AUD] [flags] < token",
	summary: "verify and validate a JWT, print its claims",
	desc: `Verify the JWT read from standard input (or --in) and check its claims, in one
step, and print the claims set as JSON. On any failure nothing is printed on
standard output, the reason goes to standard error, and the exit status is 1.

The accepted signature algorithms are the --alg values; without --alg, the
"alg" members of the keys. The claims must satisfy: "iss" one of --iss (or
--ignore-iss); "aud" naming one of --aud (a token with "aud" is refused when no
--aud is given, unless --ignore-aud); "exp" present (unless --allow-no-exp) and
not past, "nbf" and "iat" not in the future, each within --leeway; "typ" is
--typ, or absent or "JWT" without --typ.

For a nested (signed, then encrypted) token give --decrypt-key: the token must
then be encrypted, with --decrypt-alg (default: the decryption keys' "alg")
and --enc (default: any of the six). --json prints the headers, the claims and
the keys that verified and decrypted.`,
	example: `jose jwt sign --key es256.jwk --iss me --aud api --exp 1h |
  jose jwt verify --key es256.pub.jwk --iss me --aud api
jose jwt verify --jwks jwks.json --alg RS256 --iss https://idp.example --aud api --leeway 30s < token.txt`,
	run: runJWTVerify,
}

func runJWTVerify(c *cmdContext, args []string) error {
	keySpecs := c.list("key", "a verification `KEY` (repeatable): a JWK, JWK Set or PEM file, \"-\", or env:NAME")
	jwksSpecs := c.list("jwks", "a JWK Set `FILE` of verification keys (repeatable); same as --key")
	algFlags := c.list("alg", "accept the signature algorithm `ALG` (repeatable); default: the keys' \"alg\" members")
	in := c.fs.String("in", "", "read the token from `FILE` instead of standard input")
	issuers := c.list("iss", "accept the issuer `ISS` (repeatable)")
	ignoreIss := c.fs.Bool("ignore-iss", false, "accept any issuer, or none")
	audiences := c.list("aud", "accept the audience `AUD` (repeatable)")
	ignoreAud := c.fs.Bool("ignore-aud", false, "skip the audience check")
	sub := c.fs.String("sub", "", "require the subject `SUB`")
	typ := c.fs.String("typ", "", "require the \"typ\" header `TYPE`, such as at+jwt")
	leeway := c.duration("leeway", "allow `DURATION` of clock skew for exp, nbf and iat (at most 5m)")
	maxAge := c.duration("max-age", "refuse tokens whose \"iat\" is older than `DURATION`")
	require := c.list("require", "require the claim `NAME` (repeatable)")
	allowNoExp := c.fs.Bool("allow-no-exp", false, "accept a token without \"exp\"")
	decKeySpecs := c.list("decrypt-key", "a decryption `KEY` for nested tokens (repeatable)")
	decAlgFlags := c.list("decrypt-alg", "accept the JWE key management algorithm `ALG` (repeatable); default: the decryption keys' \"alg\"")
	encFlags := c.list("enc", "accept the content encryption `ENC` (repeatable); default: all six")
	critical := c.list("critical", "accept the \"crit\" header extension `NAME` (repeatable)")
	report := c.fs.Bool("json", false, "print a JSON report: headers, claims, keys")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if err := c.reserveInput(*in, "token"); err != nil {
		return err
	}
	if len(*issuers) == 0 && !*ignoreIss {
		return usagef("give the accepted issuer with --iss (or --ignore-iss)")
	}
	if len(*issuers) > 0 && *ignoreIss {
		return usagef("give --iss or --ignore-iss, not both")
	}
	if len(*audiences) > 0 && *ignoreAud {
		return usagef("give --aud or --ignore-aud, not both")
	}
	keys, err := c.loadAllKeys(append(*keySpecs, *jwksSpecs...), "verification key")
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return usagef("give the verification keys with --key or --jwks")
	}
	algs, err := sigAllowlist(*algFlags, keys)
	if err != nil {
		return err
	}
	clock, err := c.clockFunc()
	if err != nil {
		return err
	}
	policy := jwt.Policy{
		Algorithms:         algs,
		Keys:               jwk.NewSet(keys...),
		Critical:           *critical,
		Issuers:            *issuers,
		IgnoreIssuer:       *ignoreIss,
		Audiences:          *audiences,
		IgnoreAudience:     *ignoreAud,
		Subject:            *sub,
		Type:               *typ,
		RequiredClaims:     *require,
		AllowMissingExpiry: *allowNoExp,
		Leeway:             leeway.d,
		MaxAge:             maxAge.d,
		Now:                clock,
	}
	if len(*decKeySpecs) > 0 {
		dkeys, err := c.loadAllKeys(*decKeySpecs, "decryption key")
		if err != nil {
			return err
		}
		kalgs, err := keyAlgAllowlist(*decAlgFlags, dkeys)
		if err != nil {
			return err
		}
		encs, err := encAllowlist(*encFlags)
		if err != nil {
			return err
		}
		policy.Decryption = &jwt.DecryptionPolicy{
			KeyAlgorithms:     kalgs,
			ContentEncryption: encs,
			Keys:              jwk.NewSet(dkeys...),
			Critical:          *critical,
		}
	} else if len(*decAlgFlags) > 0 || len(*encFlags) > 0 {
		return usagef("--decrypt-alg and --enc need --decrypt-key")
	}
	v, err := jwt.NewValidator(policy)
	if err != nil {
		return err
	}
	input, err := c.readInput(*in, "token")
	if err != nil {
		return err
	}
	tok, err := v.Verify(context.Background(), string(bytes.TrimSpace(input)))
	if err != nil {
		return err
	}
	if !*report {
		return c.writeOutput("", append(tok.Payload(), '\n'))
	}
	type encReport struct {
		Header json.RawMessage `json:"header"`
		Key    *keyReport      `json:"key,omitempty"`
	}
	r := struct {
		Alg        string          `json:"alg,omitempty"`
		Header     json.RawMessage `json:"header,omitempty"`
		Claims     json.RawMessage `json:"claims"`
		Key        *keyReport      `json:"key,omitempty"`
		Encryption *encReport      `json:"encryption,omitempty"`
	}{
		Alg:    string(tok.Algorithm()),
		Claims: tok.Payload(),
		Key:    newKeyReport(tok.Key()),
	}
	if h := tok.Header(); h != nil {
		r.Header = headerObject(h.Names(), h.Get)
	}
	if eh := tok.EncryptionHeader(); eh != nil {
		r.Encryption = &encReport{Header: headerObject(eh.Names(), eh.Raw), Key: newKeyReport(tok.DecryptionKey())}
	}
	return c.writeJSON(r)
}
