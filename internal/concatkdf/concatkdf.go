package concatkdf

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// MaxKeyLen is the largest output [Derive] produces, in bytes: 64 SHA-256
// rounds, far above the 64 bytes JOSE needs (A256CBC-HS512).
const MaxKeyLen = 64 * sha256.Size

// ErrInvalidInput is returned (wrapped, so test it with [errors.Is]) when an
// argument of [Derive] is out of range: a key length outside 1..[MaxKeyLen],
// an empty Z, or a field too long for its 32-bit length prefix.
var ErrInvalidInput = errors.New("concatkdf: invalid input")

// Derive returns keyLen bytes (1..[MaxKeyLen]) derived from the shared
// secret z with the Concat KDF of RFC 7518 §4.6.2 using SHA-256.
//
// algID is the AlgorithmID: the "enc" value for direct key agreement
// ("ECDH-ES"), or the "alg" value (for example "ECDH-ES+A128KW") when the
// result wraps a key. apu and apv are the decoded "apu" and "apv" header
// values (PartyUInfo and PartyVInfo), possibly empty. SuppPubInfo is keyLen
// in bits; SuppPrivInfo is empty.
//
// Errors wrap [ErrInvalidInput]. Derive returns a fresh slice, keeps no
// reference to its arguments and is safe for concurrent use.
func Derive(z []byte, algID string, apu, apv []byte, keyLen int) ([]byte, error) {
	if keyLen < 1 || keyLen > MaxKeyLen {
		return nil, fmt.Errorf("concatkdf: key length %d outside 1..%d: %w", keyLen, MaxKeyLen, ErrInvalidInput)
	}
	if len(z) == 0 {
		return nil, fmt.Errorf("concatkdf: empty shared secret: %w", ErrInvalidInput)
	}
	// RFC 7518 §4.6.2: each variable-length field carries a 32-bit length.
	if n := max(len(algID), len(apu), len(apv)); uint64(n) > math.MaxUint32 {
		return nil, fmt.Errorf("concatkdf: a %d-byte field is too long for its 32-bit length prefix: %w", n, ErrInvalidInput)
	}

	var u32 [4]byte
	// sha256.New is called directly, and algID written as a []byte rather
	// than through io.WriteString, so that the compiler sees the concrete
	// hash: it stays on the stack, and so does the conversion of a short
	// algID.
	h := sha256.New()
	rounds := (keyLen + sha256.Size - 1) / sha256.Size
	out := make([]byte, 0, rounds*sha256.Size)
	for i := 1; i <= rounds; i++ {
		h.Reset()
		// Writes to a hash.Hash never fail.
		h.Write(binary.BigEndian.AppendUint32(u32[:0], uint32(i)))
		h.Write(z)
		h.Write(binary.BigEndian.AppendUint32(u32[:0], uint32(len(algID))))
		h.Write([]byte(algID))
		h.Write(binary.BigEndian.AppendUint32(u32[:0], uint32(len(apu))))
		h.Write(apu)
		h.Write(binary.BigEndian.AppendUint32(u32[:0], uint32(len(apv))))
		h.Write(apv)
		h.Write(binary.BigEndian.AppendUint32(u32[:0], uint32(keyLen*8))) // SuppPubInfo: keydatalen in bits
		out = h.Sum(out)
	}
	// Trim, and clear the unused tail so no extra key material lingers.
	clear(out[keyLen:])
	return out[:keyLen:keyLen], nil
}
