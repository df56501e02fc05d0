package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

func parseSigAlg(s string) (jwa.SignatureAlgorithm, error) {
	alg := jwa.SignatureAlgorithm(s)
	if alg == jwa.None {
		return "", usagef(`"none" is not a signature algorithm this tool uses (an unsecured JWS protects nothing)`)
	}
	if !alg.Supported() {
		return "", usagef("unknown signature algorithm %q (see 'jose algs')", s)
	}
	return alg, nil
}

func parseKeyAlg(s string) (jwa.KeyAlgorithm, error) {
	alg := jwa.KeyAlgorithm(s)
	if !alg.Supported() {
		return "", usagef("unknown JWE key management algorithm %q (see 'jose algs')", s)
	}
	return alg, nil
}

func parseEnc(s string) (jwa.ContentEncryption, error) {
	enc := jwa.ContentEncryption(s)
	if !enc.Supported() {
		return "", usagef("unknown JWE content encryption %q (see 'jose algs')", s)
	}
	return enc, nil
}

func parseCurve(s string) (jwa.Curve, error) {
	crv := jwa.Curve(s)
	if !crv.Supported() {
		return "", usagef("unknown curve %q (see 'jose algs')", s)
	}
	return crv, nil
}

// keyName describes a key in messages: its "kid", or its position.
func keyName(k *jwk.Key, i int) string {
	if kid := k.KeyID(); kid != "" {
		return fmt.Sprintf("key %q", kid)
	}
	return fmt.Sprintf("key %d", i+1)
}

// sigAllowlist returns the accepted signature algorithms: the --alg values
// when given, and otherwise the "alg" member of every key, which each key
// must then have. There is no "any algorithm".
func sigAllowlist(flags []string, keys []*jwk.Key) ([]jwa.SignatureAlgorithm, error) {
	var algs []jwa.SignatureAlgorithm
	if len(flags) > 0 {
		for _, f := range flags {
			alg, err := parseSigAlg(f)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(algs, alg) {
				algs = append(algs, alg)
			}
		}
		return algs, nil
	}
	for i, k := range keys {
		a := k.Algorithm()
		if a == "" {
			return nil, usagef(`%s has no "alg" member: name the accepted algorithms with --alg`, keyName(k, i))
		}
		alg := jwa.SignatureAlgorithm(a)
		if !alg.Supported() {
			return nil, usagef(`%s has "alg" %q, which is not a signature algorithm: name the accepted algorithms with --alg`, keyName(k, i), a)
		}
		if !slices.Contains(algs, alg) {
			algs = append(algs, alg)
		}
	}
	return algs, nil
}

// keyAlgAllowlist is sigAllowlist for JWE key management algorithms.
// Keys whose "alg" names a content encryption (a dir key, RFC 7520 §5.6)
// count as "dir".
func keyAlgAllowlist(flags []string, keys []*jwk.Key) ([]jwa.KeyAlgorithm, error) {
	var algs []jwa.KeyAlgorithm
	add := func(a jwa.KeyAlgorithm) {
		if !slices.Contains(algs, a) {
			algs = append(algs, a)
		}
	}
	if len(flags) > 0 {
		for _, f := range flags {
			alg, err := parseKeyAlg(f)
			if err != nil {
				return nil, err
			}
			add(alg)
		}
		return algs, nil
	}
	for i, k := range keys {
		a := k.Algorithm()
		switch {
		case a == "":
			return nil, usagef(`%s has no "alg" member: name the accepted algorithms with --alg`, keyName(k, i))
		case jwa.KeyAlgorithm(a).Supported():
			add(jwa.KeyAlgorithm(a))
		case jwa.ContentEncryption(a).Supported():
			add(jwa.Direct)
		default:
			return nil, usagef(`%s has "alg" %q, which is not a JWE key management algorithm: name the accepted algorithms with --alg`, keyName(k, i), a)
		}
	}
	return algs, nil
}

// encAllowlist returns the accepted content encryptions: the --enc values,
// or every one. All six of RFC 7518 §5 are authenticated encryption with
// no known weakness, so accepting any of them lets no sender downgrade
// anything; the key management algorithm is the choice that matters,
// and it must always be named.
func encAllowlist(flags []string) ([]jwa.ContentEncryption, error) {
	if len(flags) == 0 {
		return jwa.ContentEncryptions(), nil
	}
	var encs []jwa.ContentEncryption
	for _, f := range flags {
		enc, err := parseEnc(f)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(encs, enc) {
			encs = append(encs, enc)
		}
	}
	return encs, nil
}

// pairAlgs gives each of n keys its algorithm for signing or encrypting:
// one --alg for all, one --alg per key in order, or else each key's own
// "alg" member. own returns a key's "alg", or "".
func pairAlgs(flags []string, n int, own func(i int) (string, string)) ([]string, error) {
	out := make([]string, n)
	switch {
	case len(flags) == 1:
		for i := range out {
			out[i] = flags[0]
		}
	case len(flags) == n:
		copy(out, flags)
	case len(flags) == 0:
		for i := range out {
			a, name := own(i)
			if a == "" {
				return nil, usagef(`%s has no "alg" member: give --alg`, name)
			}
			out[i] = a
		}
	default:
		return nil, usagef("give --alg once for all keys, or once per key in order (%d --alg for %d keys)", len(flags), n)
	}
	return out, nil
}

// headerParam parses a --header NAME=VALUE flag. VALUE is used as JSON when
// it is valid JSON (a number, true, an object, a quoted string) and as a
// string otherwise.
func headerParam(s string) (string, json.RawMessage, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return "", nil, usagef("--header %q: want NAME=VALUE", s)
	}
	return name, jsonValue(value), nil
}

// jsonValue returns v itself when it is a JSON value, and v as a JSON
// string otherwise.
func jsonValue(v string) json.RawMessage {
	if json.Valid([]byte(v)) {
		return json.RawMessage(strings.TrimSpace(v))
	}
	b, _ := json.Marshal(v)
	return b
}

// jsonString returns the string of a JSON string value, and false for any
// other value.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}
