package main

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"

	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

var cmdJWSSign = &command{
	name:    "jws sign",
	args:    "--key KEY [--alg ALG] [flags] < payload",
	summary: "sign a payload (compact, JSON, detached)",
	desc: `Sign the payload read from standard input (or --in) and print the JWS: the
compact serialization by default, the general JSON serialization with --json
(one signature per --key), the flattened one with --flattened.

Each key signs with --alg, or with its own "alg" member when --alg is not
given. Give --alg once for every key, or once per key in the order of the
--key flags. The key's "kid" goes in the protected header unless --kid
overrides it.

--header NAME=VALUE adds a protected header member; VALUE is taken as JSON
when it parses as JSON (123, true, {"a":1}, "quoted") and as a string
otherwise.`,
	example: `jose jwk gen --alg ES256 --kid k1 > es256.jwk
printf 'hello' | jose jws sign --key es256.jwk
printf 'hello' | jose jws sign --key es256.jwk --key rsa.jwk --alg ES256 --alg PS256 --json`,
	run: runJWSSign,
}

func runJWSSign(c *cmdContext, args []string) error {
	keySpecs := c.list("key", "a private `KEY` to sign with (repeatable with --json): a file, \"-\", or env:NAME")
	algFlags := c.list("alg", "the signature algorithm `ALG` (repeatable: once, or once per --key); default: the key's \"alg\"")
	in := c.fs.String("in", "", "read the payload from `FILE` instead of standard input")
	asJSON := c.fs.Bool("json", false, "write the general JSON serialization")
	flattened := c.fs.Bool("flattened", false, "write the flattened JSON serialization")
	detached := c.fs.Bool("detached", false, "leave the payload out of the JWS (RFC 7515 Appendix F)")
	unencoded := c.fs.Bool("unencoded", false, "sign the payload unencoded: \"b64\": false (RFC 7797)")
	headers := c.list("header", "add the protected header member `NAME=VALUE` (repeatable)")
	kid := c.fs.String("kid", "", "put \"kid\" `ID` in the header instead of the key's own")
	typ := c.fs.String("typ", "", "put \"typ\" `TYPE` in the protected header")
	cty := c.fs.String("cty", "", "put \"cty\" `TYPE` in the protected header")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if err := c.reserveInput(*in, "payload"); err != nil {
		return err
	}
	if len(*keySpecs) == 0 {
		return usagef("give the signing key with --key")
	}
	if *asJSON && *flattened {
		return usagef("give --json or --flattened, not both")
	}
	if len(*keySpecs) > 1 && !*asJSON {
		return usagef("several --key flags make several signatures, which need --json")
	}
	if *kid != "" && len(*keySpecs) > 1 {
		return usagef("--kid applies to one key only; with several, each key's own \"kid\" is used")
	}
	opts := jws.SignerOptions{KeyID: *kid, Type: *typ, ContentType: *cty, Unencoded: *unencoded}
	for _, h := range *headers {
		name, value, err := headerParam(h)
		if err != nil {
			return err
		}
		if err := setTypedHeader(name, value, &opts.KeyID, &opts.Type, &opts.ContentType); err != nil {
			return err
		}
		if name == "kid" || name == "typ" || name == "cty" {
			continue
		}
		if opts.Protected == nil {
			opts.Protected = map[string]json.RawMessage{}
		}
		if _, dup := opts.Protected[name]; dup {
			return usagef("--header %s given twice", name)
		}
		opts.Protected[name] = value
	}

	keys := make([]*jwk.Key, len(*keySpecs))
	for i, s := range *keySpecs {
		k, err := c.loadOneKey(s, "signing key", false)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	algs, err := pairAlgs(*algFlags, len(keys), func(i int) (string, string) {
		return keys[i].Algorithm(), keyName(keys[i], i)
	})
	if err != nil {
		return err
	}
	signers := make([]*jws.Signer, len(keys))
	for i, k := range keys {
		alg, err := parseSigAlg(algs[i])
		if err != nil {
			return err
		}
		if signers[i], err = jws.NewSigner(k, alg, opts); err != nil {
			return err
		}
	}

	payload, err := c.readInput(*in, "payload")
	if err != nil {
		return err
	}
	var out []byte
	switch {
	case *asJSON && *detached:
		out, err = jws.SignJSONDetached(payload, signers...)
	case *asJSON:
		out, err = jws.SignJSON(payload, signers...)
	case *flattened && *detached:
		out, err = signers[0].SignFlattenedDetached(payload)
	case *flattened:
		out, err = signers[0].SignFlattened(payload)
	default:
		var s string
		if *detached {
			s, err = signers[0].SignDetached(payload)
		} else {
			s, err = signers[0].Sign(payload)
		}
		out = []byte(s)
	}
	if err != nil {
		return err
	}
	return c.writeOutput("", append(out, '\n'))
}

// setTypedHeader routes "kid", "typ" and "cty" given with --header to the
// typed options, which is where the library wants them.
func setTypedHeader(name string, value json.RawMessage, kid, typ, cty *string) error {
	var dst *string
	switch name {
	case "kid":
		dst = kid
	case "typ":
		dst = typ
	case "cty":
		dst = cty
	default:
		return nil
	}
	s, ok := jsonString(value)
	if !ok {
		return usagef("--header %s: the value must be a string", name)
	}
	if *dst != "" && *dst != s {
		return usagef("--header %s contradicts --%s", name, name)
	}
	*dst = s
	return nil
}

var cmdJWSVerify = &command{
	name:    "jws verify",
	args:    "(--key KEY | --jwks FILE)... [--alg ALG]... [flags] < jws",
	summary: "verify a JWS and print its payload",
	desc: `Verify the JWS read from standard input (or --in), compact or JSON, and print
its payload exactly as signed. On any failure nothing is printed on standard
output, the reason goes to standard error, and the exit status is 1.

The accepted algorithms are the --alg values; without --alg, the "alg"
members of the keys, which every key must then have. The token's header only
chooses among them, and never "none". A key serves an algorithm only if its
type, size, "use", "key_ops" and "alg" allow it.

A JSON JWS with several signatures verifies when all of them do, or at least
--min-valid of them. --json prints a report instead of the payload: the payload
in base64url and, for each signature, its header, whether it verified, and the
kid and RFC 7638 thumbprint of the key that verified it.`,
	example: `jose jwk pub --key es256.jwk > es256.pub.jwk
printf 'hello' | jose jws sign --key es256.jwk | jose jws verify --key es256.pub.jwk
jose jws verify --jwks jwks.json --alg RS256 --alg ES256 --in token.txt`,
	run: runJWSVerify,
}

func runJWSVerify(c *cmdContext, args []string) error {
	keySpecs := c.list("key", "a verification `KEY` (repeatable): a JWK, JWK Set or PEM file, \"-\", or env:NAME")
	jwksSpecs := c.list("jwks", "a JWK Set `FILE` of verification keys (repeatable); same as --key")
	algFlags := c.list("alg", "accept the signature algorithm `ALG` (repeatable); default: the keys' \"alg\" members")
	in := c.fs.String("in", "", "read the JWS from `FILE` instead of standard input")
	payloadFile := c.fs.String("payload", "", "the detached payload, from `FILE`")
	minValid := c.fs.Int("min-valid", 0, "accept a JSON JWS when at least `N` signatures verify (default: all)")
	critical := c.list("critical", "accept the \"crit\" header extension `NAME` (repeatable)")
	report := c.fs.Bool("json", false, "print a JSON report instead of the payload")
	if err := c.noArgs(args); err != nil {
		return err
	}
	if err := c.reserveInput(*in, "JWS"); err != nil {
		return err
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
	if *minValid < 0 {
		return usagef("--min-valid must not be negative")
	}
	v, err := jws.NewVerifier(jws.Policy{
		Algorithms:         algs,
		Keys:               jwk.NewSet(keys...),
		Critical:           *critical,
		MinValidSignatures: *minValid,
	})
	if err != nil {
		return err
	}
	var detached []byte
	if *payloadFile != "" {
		if detached, err = c.readFile(*payloadFile, "--payload", maxInputSize); err != nil {
			return err
		}
	}
	input, err := c.readInput(*in, "JWS")
	if err != nil {
		return err
	}
	input = bytes.TrimSpace(input)

	var payload []byte
	var results []sigReport
	if bytes.HasPrefix(input, []byte("{")) {
		var vj *jws.VerifiedJSON
		if *payloadFile != "" {
			vj, err = v.VerifyJSONDetached(input, detached)
		} else {
			vj, err = v.VerifyJSON(input)
		}
		if err != nil {
			return err
		}
		payload = vj.Payload()
		for _, r := range vj.Signatures() {
			results = append(results, newSigReport(r.Index, r.Header, r.Key, r.Err))
		}
	} else {
		var vd *jws.Verified
		if *payloadFile != "" {
			vd, err = v.VerifyDetached(string(input), detached)
		} else {
			vd, err = v.Verify(string(input))
		}
		if err != nil {
			return err
		}
		payload = vd.Payload()
		results = append(results, newSigReport(0, vd.Header(), vd.Key(), nil))
	}
	if !*report {
		return c.writeOutput("", payload)
	}
	return c.writeJSON(struct {
		Payload    string      `json:"payload"`
		Signatures []sigReport `json:"signatures"`
	}{base64.RawURLEncoding.EncodeToString(payload), results})
}

// sigReport is one signature in the --json report of jws verify.
type sigReport struct {
	Index    int             `json:"index"`
	Alg      string          `json:"alg,omitempty"`
	Header   json.RawMessage `json:"header,omitempty"`
	Verified bool            `json:"verified"`
	Key      *keyReport      `json:"key,omitempty"`
	Error    string          `json:"error,omitempty"`
}

// keyReport names the key that verified or decrypted.
type keyReport struct {
	KeyID      string `json:"kid,omitempty"`
	Thumbprint string `json:"thumbprint,omitempty"`
}

func newKeyReport(k *jwk.Key) *keyReport {
	if k == nil {
		return nil
	}
	r := &keyReport{KeyID: k.KeyID()}
	if t, err := k.Thumbprint(crypto.SHA256); err == nil {
		r.Thumbprint = base64.RawURLEncoding.EncodeToString(t)
	}
	return r
}

func newSigReport(i int, h *jws.Header, k *jwk.Key, err error) sigReport {
	r := sigReport{Index: i, Verified: err == nil, Key: newKeyReport(k)}
	if h != nil {
		r.Alg = string(h.Algorithm())
		r.Header = headerObject(h.Names(), h.Get)
	}
	if err != nil {
		r.Error = oneLine(err.Error())
		r.Key = nil
	}
	return r
}

// headerObject rebuilds a header as one JSON object, members in order.
func headerObject[T ~[]byte](names []string, get func(string) (T, bool)) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, name := range names {
		v, ok := get(name)
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// writeJSON prints v as indented JSON, without escaping <, > and & (the
// output is for programs and people, not for HTML).
func (c *cmdContext) writeJSON(v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return c.writeOutput("", b.Bytes())
}
