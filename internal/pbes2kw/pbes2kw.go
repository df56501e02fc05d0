package pbes2kw

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"
)

// ErrUnsupportedAlgorithm is returned (wrapped) by [DeriveKEK] for an "alg"
// value that is not one of the three PBES2 algorithms.
var ErrUnsupportedAlgorithm = errors.New("pbes2kw: unsupported algorithm")

// ErrInvalidCount is returned (wrapped) by [DeriveKEK] for an iteration
// count below 1.
var ErrInvalidCount = errors.New("pbes2kw: invalid iteration count")

// DeriveKEK returns the key encryption key for the PBES2 algorithm alg
// (RFC 7518 §4.8.1): PBKDF2 with HMAC-SHA-n over password, with salt
// UTF8(alg) || 0x00 || p2s and p2c iterations, giving 16, 24 or 32 bytes
// for "PBES2-HS256+A128KW", "PBES2-HS384+A192KW" and "PBES2-HS512+A256KW".
//
// An unknown alg returns an error wrapping [ErrUnsupportedAlgorithm]; a
// p2c below 1 one wrapping [ErrInvalidCount]. The running time is
// proportional to p2c, which DeriveKEK does not bound. DeriveKEK returns a
// fresh slice, keeps no reference to its arguments and is safe for
// concurrent use.
func DeriveKEK(alg string, password, p2s []byte, p2c int) ([]byte, error) {
	var h func() hash.Hash
	var keyLen int
	switch alg {
	case "PBES2-HS256+A128KW":
		h, keyLen = sha256.New, 16
	case "PBES2-HS384+A192KW":
		h, keyLen = sha512.New384, 24
	case "PBES2-HS512+A256KW":
		h, keyLen = sha512.New, 32
	default:
		return nil, fmt.Errorf("pbes2kw: %q: %w", truncate(alg), ErrUnsupportedAlgorithm)
	}
	if p2c < 1 {
		return nil, fmt.Errorf("pbes2kw: \"p2c\" %d is below 1: %w", p2c, ErrInvalidCount)
	}
	// RFC 7518 §4.8.1.1: the salt is the algorithm name, a zero byte, and
	// the "p2s" salt input.
	salt := make([]byte, 0, len(alg)+1+len(p2s))
	salt = append(salt, alg...)
	salt = append(salt, 0)
	salt = append(salt, p2s...)
	key, err := pbkdf2.Key(h, string(password), salt, p2c, keyLen)
	if err != nil {
		// Only reachable in FIPS 140-3 mode, which refuses short passwords
		// and salts.
		return nil, fmt.Errorf("pbes2kw: %w", err)
	}
	return key, nil
}

// truncate shortens an unrecognized algorithm name for an error message,
// so that hostile input cannot make the message arbitrarily long.
func truncate(s string) string {
	const limit = 32
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}
