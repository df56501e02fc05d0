package jwe

import (
	"crypto/rand"
	"errors"

	"github.com/jose-suite/jose/internal/aeskw"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/internal/pbes2kw"
	"github.com/jose-suite/jose/jwa"
)

// PBES2-HS256+A128KW, PBES2-HS384+A192KW and PBES2-HS512+A256KW (RFC 7518
// §4.8): PBKDF2 derives a key from a password, the salt input "p2s" and the
// iteration count "p2c", and the key wraps the CEK with AES key wrap.
//
// The sender picks "p2c", and each iteration costs the recipient an HMAC,
// so "p2c" is bounded by [Policy.MaxPBES2Count] before PBKDF2 runs.

// pbes2Params are the header parameters of PBES2.
type pbes2Params struct {
	p2s []byte
	p2c int
}

// parsePBES2Params reads "p2s" and "p2c" and checks them against the
// bounds: "p2c" from [MinPBES2Count] to maxCount, "p2s" at least
// [MinPBES2SaltSize] bytes (RFC 7518 §4.8.1.1).
func parsePBES2Params(h *Header, maxCount int) (pbes2Params, error) {
	var p pbes2Params
	v, _, ok := h.h.Get("p2c")
	if !ok {
		return p, malformed("p2c", "missing")
	}
	n, err := v.Int64()
	if err != nil {
		if errors.Is(err, ijson.ErrNumberRange) {
			// An integer beyond int64 is above any bound.
			return p, &FormatError{Part: "p2c", Reason: "exceeds limit " + itoa(maxCount), Err: ErrTooLarge}
		}
		return p, malformedCause("p2c", "not an integer", err)
	}
	switch {
	case n > int64(maxCount):
		return p, &FormatError{Part: "p2c", Reason: formatInt(n) + " exceeds limit " + itoa(maxCount), Err: ErrTooLarge}
	case n < MinPBES2Count:
		return p, malformed("p2c", formatInt(n)+" is below the minimum "+itoa(MinPBES2Count))
	}
	p.p2c = int(n)
	if p.p2s, err = h.bytesMember("p2s", true); err != nil {
		return p, err
	}
	if len(p.p2s) < MinPBES2SaltSize {
		return p, malformed("p2s", itoa(len(p.p2s))+" bytes, at least "+itoa(MinPBES2SaltSize)+" are needed (RFC 7518 §4.8.1.1)")
	}
	return p, nil
}

// pbes2Unwrap derives the key from password and unwraps the CEK.
func pbes2Unwrap(alg jwa.KeyAlgorithm, password string, p *pbes2Params, ek []byte) ([]byte, error) {
	kek, err := pbes2kw.DeriveKEK(string(alg), []byte(password), p.p2s, p.p2c)
	if err != nil {
		return nil, ErrDecryption
	}
	defer clear(kek)
	return aeskwUnwrapKey(kek, ek)
}

// pbes2Wrap derives the key from password with p2s (random when nil) and
// p2c, wraps cek, and returns the wrapped key and the salt input.
func pbes2Wrap(alg jwa.KeyAlgorithm, password string, p2s []byte, p2c int, cek []byte) (ek, salt []byte, err error) {
	if p2s == nil {
		p2s = make([]byte, PBES2SaltSize)
		rand.Read(p2s) // never fails (crypto/rand, Go 1.24+)
	}
	kek, err := pbes2kw.DeriveKEK(string(alg), []byte(password), p2s, p2c)
	if err != nil {
		return nil, nil, err
	}
	defer clear(kek)
	ek, err = aeskw.Wrap(kek, cek)
	return ek, p2s, err
}
