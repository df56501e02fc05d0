package fuzz_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/internal/header"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// disagreement is one documented difference between this suite and
// go-jose v4: which side refuses, the RFC text that decides the case, and
// our position. The differential targets accept a disagreement only when
// it matches an entry; TestKnownDisagreements checks every entry's example.
type disagreement struct {
	id      string
	target  string // "JWS", "JWE" or "JWK"
	ourSide string // "refuse" or "accept": what this suite does
	rfc     string // the RFC text that decides
	note    string // our position, and why
	match   func(c *diffCase) bool
	example diffExample
	// exampleFn, when set, builds the example with the targets' keys
	// (for examples that need a valid signature or tag).
	exampleFn func(*diffKeys) diffExample
}

// diffExample is an input that shows a disagreement, in the targets'
// argument form: a mode, and the header (or whole input) and payload.
type diffExample struct {
	mode            uint8
	header, payload string
}

// Predicates on our error.

func ourIs(target error) func(*diffCase) bool {
	return func(c *diffCase) bool { return errors.Is(c.ours, target) }
}

// ourPart matches a jws or jwe FormatError, or a header error, on one of
// the given parts or header members.
func ourPart(parts ...string) func(*diffCase) bool {
	return func(c *diffCase) bool {
		if fe, ok := errors.AsType[*jws.FormatError](c.ours); ok {
			return slices.Contains(parts, fe.Part)
		}
		if fe, ok := errors.AsType[*jwe.FormatError](c.ours); ok && slices.Contains(parts, fe.Part) {
			return true
		}
		if he, ok := errors.AsType[*header.Error](c.ours); ok {
			return slices.Contains(parts, he.Member)
		}
		return false
	}
}

// ourMember matches a jwk MemberError on a member with the sentinel.
func ourMember(sentinel error, members ...string) func(*diffCase) bool {
	return func(c *diffCase) bool {
		me, ok := errors.AsType[*jwk.MemberError](c.ours)
		return ok && errors.Is(c.ours, sentinel) && slices.Contains(members, me.Member)
	}
}

// theirsSays matches go-jose's error text (go-jose has few sentinels).
func theirsSays(substrs ...string) func(*diffCase) bool {
	return func(c *diffCase) bool {
		if c.theirs == nil {
			return false
		}
		for _, s := range substrs {
			if strings.Contains(c.theirs.Error(), s) {
				return true
			}
		}
		return false
	}
}

// laxHeader reads the forged header (or, in raw modes, the protected
// header of a compact input) the way encoding/json does.
func laxHeader(c *diffCase) map[string]any {
	h := c.header
	if h == nil {
		first, _, _ := strings.Cut(string(c.input), ".")
		h, _ = base64url.Decode(first)
	}
	var m map[string]any
	json.Unmarshal(h, &m)
	return m
}

func headerHas(names ...string) func(*diffCase) bool {
	return func(c *diffCase) bool {
		m := laxHeader(c)
		for _, n := range names {
			if _, ok := m[n]; ok {
				return true
			}
		}
		return false
	}
}

func both(a, b func(*diffCase) bool) func(*diffCase) bool {
	return func(c *diffCase) bool { return a(c) && b(c) }
}

// jsonStrictness matches our strict reader's refusals that encoding/json
// (and go-jose's fork of it) lets through.
var jsonStrictness = func(c *diffCase) bool {
	return errors.Is(c.ours, ijson.ErrSyntax) || errors.Is(c.ours, ijson.ErrDuplicateMember) || errors.Is(c.ours, ijson.ErrTooDeep)
}

var knownDisagreements = []disagreement{
	// Both targets read JSON.
	{
		id: "strict JSON: duplicates, invalid UTF-8, lone surrogates, depth", target: "JWS", ourSide: "refuse",
		rfc:     `RFC 7515 §4: "The Header Parameter names within the JOSE Header MUST be unique; JWS parsers MUST either reject JWSs with duplicate Header Parameter names or use a JSON parser that returns only the lexically last duplicate member name". RFC 8259 §8.1: "JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8"; §8.2 leaves unpaired surrogates unpredictable; §9: "An implementation may set limits on the maximum depth of nesting."`,
		note:    "Both refuse duplicate members. go-jose's encoding/json fork replaces invalid UTF-8 and unpaired surrogates with U+FFFD and nests without a small bound, so two parsers can read different strings; we refuse (RFC 8725 §3.1 asks for unambiguous input, §3.7 for UTF-8).",
		match:   jsonStrictness,
		example: diffExample{0, `{"alg":"HS256","kid":"\ud800"}`, "x"},
	},
	{
		id: "strict JSON (JWE)", target: "JWE", ourSide: "refuse",
		rfc:     `RFC 7516 §4: "The Header Parameter names within the JOSE Header MUST be unique; JWE parsers MUST either reject JWEs with duplicate Header Parameter names or use a JSON parser that returns only the lexically last duplicate member name". RFC 8259 §8.1, §8.2, §9 as for JWS.`,
		note:    "As for JWS.",
		match:   jsonStrictness,
		example: diffExample{0, "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"x\":\"\xff\"}", "x"},
	},
	{
		id: "numbers beyond float64 in uninterpreted members", target: "JWS", ourSide: "accept",
		rfc:     `RFC 8259 §6: "This specification allows implementations to set limits on the range and precision of numbers accepted."`,
		note:    "go-jose decodes every header member into Go values and refuses 1e400; we keep members we do not interpret as their JSON text (Header.Get) and parse numbers only where a member is a number (p2c, b64 is a boolean).",
		match:   theirsSays("cannot unmarshal number"),
		example: diffExample{0, `{"alg":"HS256","x":1e400}`, "x"},
	},
	{
		id: "numbers beyond float64 (JWE)", target: "JWE", ourSide: "accept",
		rfc:     `RFC 8259 §6, as for JWS.`,
		note:    "As for JWS.",
		match:   theirsSays("cannot unmarshal number"),
		example: diffExample{0, `{"alg":"dir","enc":"A128GCM","x":1e400}`, "x"},
	},

	{
		id: "size limits (JWK)", target: "JWK", ourSide: "refuse",
		rfc:     `RFC 8259 §9: "An implementation may set limits on the size of texts that it accepts."; RFC 7517 §4.7 ("x5c") sets no bound on the chain.`,
		note:    "Every parser is bounded (STYLE): a JWK document of jwk.DefaultMaxKeySize, an x5c chain of jwk.MaxX509Chain certificates, an RSA modulus of jwk.MaxRSABits. go-jose has no such bounds.",
		match:   ourIs(jwk.ErrTooLarge),
		example: diffExample{0, `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","x":"` + strings.Repeat("a", jwk.DefaultMaxKeySize) + `"}`, ""},
	},
	{
		id: "size limits (JWS)", target: "JWS", ourSide: "refuse",
		rfc:     `RFC 8259 §9: "An implementation may set limits on the size of texts that it accepts."`,
		note:    "A JWS is bounded (jws.DefaultMaxTokenSize, DefaultMaxHeaderSize, DefaultMaxSignatures); go-jose bounds only the number of signatures.",
		match:   ourIs(jws.ErrTooLarge),
		example: diffExample{0, `{"alg":"HS256","x":"` + strings.Repeat("a", jws.DefaultMaxHeaderSize) + `"}`, "x"},
	},
	{
		id: "size limits (JWE)", target: "JWE", ourSide: "refuse",
		rfc:     `RFC 8259 §9, as for JWS.`,
		note:    "A JWE is bounded (jwe.DefaultMaxTokenSize, DefaultMaxHeaderSize, DefaultMaxCiphertextSize, DefaultMaxDecompressedSize, DefaultMaxRecipients); go-jose bounds recipients and decompression (to 250 kB or ten times the compressed size, whichever is larger).",
		match:   ourIs(jwe.ErrTooLarge),
		example: diffExample{0, `{"alg":"dir","enc":"A128GCM","x":"` + strings.Repeat("a", jwe.DefaultMaxHeaderSize) + `"}`, "x"},
	},

	// JWS.
	{
		id: "a kid that names no key", target: "JWS", ourSide: "refuse",
		rfc:  `RFC 7515 §4.1.4: "The "kid" (key ID) Header Parameter is a hint indicating which key was used to secure the JWS. ... When used with a JWK, the "kid" value is used to match a JWK "kid" parameter value."`,
		note: `Our policy's keys are JWKs: a header "kid" selects the keys with exactly that "kid" (jws.Policy.Keys), so a key without "kid" does not serve a token that names one. go-jose, given a bare []byte key, ignores "kid". (jwe falls back to keys without "kid"; jws does not.)`,
		match: func(c *diffCase) bool {
			ke, ok := errors.AsType[*jws.KeyError](c.ours)
			return ok && ke.KeyID != ""
		},
		example: diffExample{0, `{"alg":"HS256","kid":"k"}`, "x"},
	},
	{
		id: `"crit" empty or otherwise invalid`, target: "JWS", ourSide: "refuse",
		rfc:     `RFC 7515 §4.1.11: "Producers MUST NOT use the empty list "[]" as the "crit" value. Recipients MAY consider the JWS to be invalid if the critical list contains any Header Parameter names defined by this specification or [JWA] for use with JWS or if any other constraints on its use are violated."`,
		note:    "We take the MAY: a malformed \"crit\" is refused (ErrCritical). go-jose accepts an empty list.",
		match:   ourIs(jws.ErrCritical),
		example: diffExample{0, `{"alg":"HS256","crit":[]}`, "x"},
	},
	{
		id: `registered header members of the wrong type`, target: "JWS", ourSide: "refuse",
		rfc:     `RFC 7515 §4.1.9 and §4.1.10: "typ" and "cty" hold media types (strings); §4.1.4: the "kid" value "MUST be a case-sensitive string"; RFC 7797 §3: "The "b64" value is a JSON boolean, with a default value of "true"."`,
		note:    `go-jose does not read "typ" and "cty" for JWS, and treats a "b64" that is not a boolean as true; we refuse the header (ErrMalformed).`,
		match:   both(ourIs(jws.ErrMalformed), ourPart("typ", "cty", "b64", "kid", "x5t", "x5t#S256", "jku", "x5u")),
		example: diffExample{0, `{"alg":"HS256","b64":"false","crit":["b64"]}`, "x"},
	},
	{
		id: `unencoded payload (RFC 7797) in the compact serialization`, target: "JWS", ourSide: "accept",
		rfc:     `RFC 7797 §3 and §5: with "b64":false the JWS Signing Input ends with the JWS Payload itself, unencoded, and in the compact serialization the payload part is that unencoded payload (which therefore must not contain '.').`,
		note:    `go-jose base64url-decodes the payload part even when "b64" is false, so its signing input differs and a valid unencoded compact JWS fails there. We follow RFC 7797.`,
		match:   func(c *diffCase) bool { return laxHeader(c)["b64"] == false },
		example: diffExample{0, `{"alg":"HS256","b64":false,"crit":["b64"]}`, "eyJzdWIiOiJhbGljZSJ9"},
	},
	{
		id: `"jwk", "x5c" and other key members we never use`, target: "JWS", ourSide: "accept",
		rfc:     `RFC 7515 §4.1.3 ("jwk") and §4.1.6 ("x5c") describe what a producer puts there; RFC 8725 §3.10: such keys must not be trusted without validation.`,
		note:    `We never use "jwk", "jku", "x5u", and use "x5c" only under Policy.X509Roots, so we do not parse them either; go-jose parses "jwk" and "x5c" and refuses a token whose embedded key or certificate is malformed (or private).`,
		match:   both(headerHas("jwk", "x5c"), theirsSays("JWK", "x5c", "x509", "jwk", "key")),
		example: diffExample{0, `{"alg":"HS256","x5c":["AAAA"]}`, "x"},
	},

	{
		id: `"alg" in the unprotected header of a JSON JWS`, target: "JWS", ourSide: "refuse",
		rfc:   `RFC 7515 §7.2.1 lets any Header Parameter sit in the unprotected "header" member; §4.1.1: "alg" "MUST be present and MUST be understood and processed by implementations"; RFC 8725 §3.1: the algorithm is an input the verifier must control.`,
		note:  `An unprotected "alg" can be changed by anyone on the path without breaking the signature, so we require "alg" (and "b64") in the protected header; go-jose reads it from the merged headers.`,
		match: ourPart("alg", "signatures[0].alg", "signatures[1].alg"),
		exampleFn: func(k *diffKeys) diffExample {
			return diffExample{3, `{"payload":"eA","header":{"alg":"HS256"},"signature":"` + base64url.Encode(hmacSHA256(k.hmac, []byte(".eA"))) + `"}`, ""}
		},
	},
	{
		id: "several signatures, not all valid", target: "JWS", ourSide: "refuse",
		rfc:   `RFC 7515 §5.2: "In the JWS JSON Serialization case, ... it is an application decision which signatures must successfully validate for the JWS to be accepted. In some cases, all must successfully validate, or the JWS will be considered invalid."`,
		note:  "Our default policy requires every signature (jws.Policy.MinValidSignatures says otherwise, counting distinct keys); go-jose's VerifyMulti accepts when any one verifies.",
		match: func(c *diffCase) bool { _, ok := errors.AsType[*jws.SignaturesError](c.ours); return ok },
		exampleFn: func(k *diffKeys) diffExample {
			prot := base64url.Encode([]byte(`{"alg":"HS256"}`))
			good := base64url.Encode(hmacSHA256(k.hmac, []byte(prot+".eA")))
			return diffExample{3, `{"payload":"eA","signatures":[{"protected":"` + prot + `","signature":"` + good + `"},{"protected":"` + prot + `","signature":"AAAA"}]}`, ""}
		},
	},
	{
		id: `"zip" outside the protected header`, target: "JWE", ourSide: "refuse",
		rfc:   `RFC 7516 §4.1.3: "This Header Parameter MUST be integrity protected; therefore, it MUST occur only within the JWE Protected Header."`,
		note:  "go-jose accepts \"zip\" from any header.",
		match: both(ourIs(jwe.ErrMalformed), ourPart("zip")),
		exampleFn: func(k *diffKeys) diffExample {
			return diffExample{2, string(jweFlattenedDoc(sealDir(k, []byte(`{"alg":"dir","enc":"A128GCM"}`), []byte("x")), `{"zip":"DEF"}`)), ""}
		},
	},
	{
		id: "registered header members of the wrong type (JWE)", target: "JWE", ourSide: "refuse",
		rfc:     `RFC 7516 §4.1.11 and §4.1.12: "typ" and "cty" hold media types (strings), as in RFC 7515; §4.1.6: "kid" as in RFC 7515 §4.1.4, a string.`,
		note:    `go-jose does not read "typ" and "cty"; we refuse a registered member of the wrong type (ErrMalformed).`,
		match:   both(ourIs(jwe.ErrMalformed), ourPart("typ", "cty", "kid", "zip", "crit", "jku", "x5u", "x5t", "x5t#S256")),
		example: diffExample{0, `{"alg":"dir","enc":"A128GCM","typ":1}`, "x"},
	},

	{
		id: "JSON serialization members missing or mistyped", target: "JWS", ourSide: "refuse",
		rfc:  `RFC 7515 §7.2.1: in each element of "signatures", "The "signature" member MUST be present and contain the value BASE64URL(JWS Signature)"; "protected" and "header" are a string and a JSON object; §7.2.2 likewise for the flattened serialization.`,
		note: "A malformed signature entry makes the whole JWS malformed (ErrMalformed) before any cryptography; go-jose's VerifyMulti skips the broken entry and accepts when another one verifies.",
		match: func(c *diffCase) bool {
			fe, ok := errors.AsType[*jws.FormatError](c.ours)
			if !ok || !errors.Is(c.ours, jws.ErrMalformed) {
				return false
			}
			for _, m := range []string{"signature", "protected", "header", "payload", "signatures"} {
				if fe.Part == m || strings.HasSuffix(fe.Part, "."+m) {
					return true
				}
			}
			return false
		},
		exampleFn: func(k *diffKeys) diffExample {
			prot := base64url.Encode([]byte(`{"alg":"HS256"}`))
			good := base64url.Encode(hmacSHA256(k.hmac, []byte(prot+".eA")))
			return diffExample{3, `{"payload":"eA","signatures":[{"protected":"` + prot + `","signature":"` + good + `"},{"protected":"` + prot + `"}]}`, ""}
		},
	},

	// JWK.
	{
		id: `"x5c" and thumbprints that are empty or do not match`, target: "JWK", ourSide: "refuse",
		rfc:  `RFC 7517 §4.7: "The "x5c" (X.509 certificate chain) parameter contains a chain of one or more PKIX certificates [RFC5280]. ... The key in the first certificate MUST match the public key represented by other members of the JWK."; §4.8, §4.9: "x5t" and "x5t#S256" are digests of the DER of that certificate.`,
		note: `An empty chain, a certificate that does not parse or holds another key, or a thumbprint that does not match is refused (ErrMalformed, ErrInconsistent); go-jose accepts an empty "x5c".`,
		match: func(c *diffCase) bool {
			me, ok := errors.AsType[*jwk.MemberError](c.ours)
			return ok && (me.Member == "x5t" || me.Member == "x5t#S256" || strings.HasPrefix(me.Member, "x5c"))
		},
		example: diffExample{0, `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","x5c":[]}`, ""},
	},
	{
		id: "private parts that are invalid or do not belong to the public part", target: "JWK", ourSide: "refuse",
		rfc:  `RFC 7518 §6.2.2.1: "The "d" (ECC private key) parameter contains the Elliptic Curve private key value"; §6.3.2: the RSA private key parameters are those of the key whose public parameters are "n" and "e"; RFC 8037 §2: "d" is the private key of the same key as "x".`,
		note: "A JWK is one key. We check that a private member is well formed (an EC scalar of the curve's size, in [1, n-1]: ErrMalformed) and belongs to the public part (ErrInconsistent): a signer holding a mismatched key makes signatures nobody can verify with the published key, and a thumbprint names the public part only. go-jose checks Ed25519 keys but not EC ones.",
		match: func(c *diffCase) bool {
			private := []string{"d", "p", "q", "dp", "dq", "qi"}
			return ourMember(jwk.ErrInconsistent, private...)(c) || ourMember(jwk.ErrMalformed, private...)(c)
		},
		example: diffExample{0, `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`, ""},
	},
	{
		id: "RSA integers that are not minimal Base64urlUInt or not a usable public key", target: "JWK", ourSide: "refuse",
		rfc:  `RFC 7518 §2, Base64urlUInt: "The octet sequence MUST utilize the minimum number of octets needed to represent the value. Zero is represented as BASE64URL(single zero-valued octet), which is "AA"."; §6.3.1.1 ("n") and §6.3.1.2 ("e") are Base64urlUInt values; an RSA public key needs an odd modulus and an exponent of at least 3.`,
		note: `We refuse an empty, zero-padded or zero "n" and an empty, even or tiny "e" when the key is parsed; go-jose accepts, for instance, "n":"" (a zero modulus), and such a key can only fail later.`,
		match: func(c *diffCase) bool {
			return ourMember(jwk.ErrMalformed, "n", "e")(c) || ourMember(jwk.ErrWeakKey, "e")(c)
		},
		example: diffExample{0, `{"kty":"RSA","n":"","e":"000"}`, ""},
	},
	{
		id: "members of another key type", target: "JWK", ourSide: "accept",
		rfc:     `RFC 7517 §4: "Additional members can be present in the JWK; if not understood by implementations encountering them, they MUST be ignored."`,
		note:    `A member another key type defines ("e" in an "oct" key, say) is not understood for this key, so we keep it unread and marshal it back unchanged; go-jose decodes every member name it knows whatever the "kty", and refuses the key when such a member is not base64url, or not a string ("x":[] in an RSA key). (Every member we do read decoded, or we would not have accepted the key.)`,
		match:   theirsSays("illegal base64 data", "cannot unmarshal"),
		example: diffExample{0, `{"kty":"oct","k":"AAPapAv4LbFbiVawEjagUBluYqN5rhna-8nuldDvOx8","e":"c"}`, ""},
	},
	{
		id: "strict JSON (JWK)", target: "JWK", ourSide: "refuse",
		rfc:     `RFC 7517 §4: "The member names within a JWK MUST be unique; JWK parsers MUST either reject JWKs with duplicate member names or use a JSON parser that returns only the lexically last duplicate member name"; RFC 8259 §8.1, §8.2, §9 as for JWS.`,
		note:    "As for JWS.",
		match:   jsonStrictness,
		example: diffExample{0, "{\"kty\":\"oct\",\"kid\":\"\xff\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAA\"}", ""},
	},
	{
		id: "non-canonical base64url (JWK)", target: "JWK", ourSide: "refuse",
		rfc:     `RFC 7515 §2 (used by RFC 7517 §1.1): Base64url Encoding "with all trailing '=' characters omitted ... and without the inclusion of any line breaks, whitespace, or other additional characters"; RFC 4648 §3.5: encoders set the pad bits to zero, and decoders MAY reject encodings whose pad bits are not zero.`,
		note:    "We take the MAY: one spelling per value, so that a key, a thumbprint input or a token has a single encoding. go-jose decodes with encoding/base64's non-strict RawURLEncoding.",
		match:   ourIs(base64url.ErrInvalid),
		example: diffExample{0, `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAB"}`, ""},
	},
	{
		id: "empty symmetric keys", target: "JWK", ourSide: "refuse",
		rfc:     `RFC 7518 §6.4.1: "The "k" (key value) parameter contains the value of the symmetric (or other single-valued) key."; §3.2: "A key of the same size as the hash output ... or larger MUST be used".`,
		note:    "An empty key is no key: refused when parsed (ErrWeakKey). Sizes per algorithm are checked at use (jwk.Key.PermitsSignature).",
		match:   ourMember(jwk.ErrWeakKey, "k"),
		example: diffExample{0, `{"kty":"oct","k":""}`, ""},
	},
	{
		id: `"alg", "use" and "key_ops" that contradict the key or each other`, target: "JWK", ourSide: "refuse",
		rfc:     `RFC 7517 §4.3: "The "use" and "key_ops" JWK members SHOULD NOT be used together; however, if both are used, the information they convey MUST be consistent."; §4.4: "alg" "identifies the algorithm intended for use with the key".`,
		note:    `We refuse a key whose metadata cannot be honoured (an RSA "alg" on an oct key, "use":"enc" with "key_ops":["sign"]): keys are bound to algorithms (STYLE). go-jose keeps these members and ignores them when verifying.`,
		match:   ourMember(jwk.ErrInconsistent, "alg", "use", "key_ops"),
		example: diffExample{0, `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","alg":"RS256"}`, ""},
	},
	{
		id: "RSA moduli under 2048 bits", target: "JWK", ourSide: "refuse",
		rfc:     `RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms." (likewise §3.5, §4.2, §4.3)`,
		note:    "We refuse weak RSA keys when they are parsed (ErrWeakKey; jwk.ParseOptions.InsecureMinRSABits for legacy material); go-jose parses them and refuses them only at use.",
		match:   ourMember(jwk.ErrWeakKey, "n"),
		example: diffExample{0, `{"kty":"RSA","n":"AQAB","e":"AQAB"}`, ""},
	},
	{
		id: "X25519 keys", target: "JWK", ourSide: "accept",
		rfc:     `RFC 8037 §2: "The parameter "crv" MUST be present and contain the subtype of the key (from the "JSON Web Elliptic Curve" registry)", which registers X25519 for ECDH-ES (RFC 8037 §3.2).`,
		note:    "go-jose v4 does not implement X25519 JWKs.",
		match:   func(c *diffCase) bool { m := laxHeader(&diffCase{header: c.input}); return m["crv"] == "X25519" },
		example: diffExample{0, `{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}`, ""},
	},
}

// exampleOf returns d's example.
func (d *disagreement) exampleOf(k *diffKeys) diffExample {
	if d.exampleFn != nil {
		return d.exampleFn(k)
	}
	return d.example
}

// jweFlattenedDoc turns a compact dir JWE into the flattened JSON
// serialization with the given shared unprotected header.
func jweFlattenedDoc(compact, unprotected string) []byte {
	p := strings.Split(compact, ".") // the target's own token
	return []byte(`{"protected":"` + p[0] + `","unprotected":` + unprotected + `,"iv":"` + p[2] + `","ciphertext":"` + p[3] + `","tag":"` + p[4] + `"}`)
}

// classify returns the documented disagreement c matches, or nil.
func classify(c *diffCase) *disagreement {
	for i := range knownDisagreements {
		d := &knownDisagreements[i]
		if d.target != c.target || (d.ourSide == "refuse") != (c.ours != nil) {
			continue
		}
		if d.match(c) {
			return d
		}
	}
	return nil
}

// TestKnownDisagreements checks that every entry's example still shows a
// disagreement, and that the example is classified under that entry: an
// entry that no longer describes go-jose, or that another entry shadows,
// fails here.
func TestKnownDisagreements(t *testing.T) {
	k := mustDiffKeys(t)
	seen := map[string]bool{}
	for _, d := range knownDisagreements {
		t.Run(d.target+" "+d.id, func(t *testing.T) {
			if seen[d.target+d.id] {
				t.Fatal("duplicate id")
			}
			seen[d.target+d.id] = true
			if d.rfc == "" || d.note == "" || (d.ourSide != "refuse" && d.ourSide != "accept") {
				t.Fatal("entry without RFC text, note or side")
			}
			c := runExample(t, k, d)
			if (c.ours == nil) == (c.theirs == nil) {
				t.Fatalf("the example no longer disagrees:\n%v", c)
			}
			if got := classify(c); got == nil || got.id != d.id {
				t.Fatalf("the example is classified as %v:\n%v", got, c)
			}
		})
	}
}

// runExample runs a disagreement's example through its target's logic.
func runExample(t *testing.T, k *diffKeys, d disagreement) *diffCase {
	t.Helper()
	c := &diffCase{target: d.target}
	e := d.exampleOf(k)
	switch d.target {
	case "JWS":
		switch e.mode % 4 {
		case 0, 1:
			alg := "HS256"
			if e.mode%4 == 1 {
				alg = "HS512"
			}
			c.mode, c.header = "forged "+alg, []byte(e.header)
			c.input = []byte(forgeJWS(k, jwsAlg(alg), []byte(e.header), []byte(e.payload)))
			runJWS(k, c, false)
		case 2:
			c.mode, c.input = "raw compact", []byte(e.header)
			runJWS(k, c, false)
		case 3:
			c.mode, c.input = "raw JSON", []byte(e.header)
			runJWS(k, c, true)
		}
	case "JWE":
		switch e.mode % 3 {
		case 0:
			c.mode, c.header = "forged", []byte(e.header)
			c.input = []byte(sealDir(k, []byte(e.header), []byte(e.payload)))
			runJWE(k, c, false)
		case 1:
			c.mode, c.input = "raw compact", []byte(e.header)
			runJWE(k, c, false)
		case 2:
			c.mode, c.input = "raw JSON", []byte(e.header)
			runJWE(k, c, true)
		}
	case "JWK":
		*c = *runJWK([]byte(e.header))
	}
	return c
}
