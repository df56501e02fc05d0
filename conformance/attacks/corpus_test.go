package attacks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/jose-suite/jose/jwk"
)

// The attack inputs seed the fuzz targets of package fuzz. Run
//
//	ATTACKS_RECORD_CORPUS=$PWD/fuzz/testdata/fuzz go test ./conformance/attacks
//
// from the module root to write every input the attack tests build (up to
// maxSeedSize bytes) as a seed file "attack-<hash>" of the fuzz target
// that reads that kind of input, then commit the files. Without the
// variable nothing is written. Tokens carry random IVs and signatures, so a
// new recording adds files rather than reproducing the old ones; that is
// harmless, since seeds are only starting points.

const maxSeedSize = 8 << 10

var corpusDir = os.Getenv("ATTACKS_RECORD_CORPUS")

var corpusMu sync.Mutex

// record writes one seed of target, in the "go test fuzz v1" format, when
// recording is on.
func record(target string, args ...any) {
	if corpusDir == "" {
		return
	}
	size := 0
	for _, a := range args {
		switch a := a.(type) {
		case string:
			size += len(a)
		case []byte:
			size += len(a)
		}
	}
	if size > maxSeedSize {
		return
	}
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch a := a.(type) {
		case string:
			b.WriteString("string(" + strconv.Quote(a) + ")\n")
		case []byte:
			b.WriteString("[]byte(" + strconv.Quote(string(a)) + ")\n")
		case byte:
			fmt.Fprintf(&b, "byte(%q)\n", a)
		default:
			panic(fmt.Sprintf("record: argument of type %T", a))
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	dir := filepath.Join(corpusDir, target)
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	name := filepath.Join(dir, "attack-"+hex.EncodeToString(sum[:8]))
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		panic(err)
	}
}

// recordCompactJWS records a compact JWS (or anything given as one) for
// the JWS and differential targets, and its payload for the claims target.
func recordCompactJWS(token string) {
	if corpusDir == "" {
		return
	}
	record("FuzzJWSCompact", token)
	parts := strings.Split(token, ".") // our own token, to record
	if len(parts) == 3 {
		h, errH := b64url.DecodeString(parts[0])
		p, errP := b64url.DecodeString(parts[1])
		if errH == nil && errP == nil {
			record("FuzzDifferentialJWS", byte(0), h, p) // forged mode: the header, signed validly
			record("FuzzJWTClaims", p)
			return
		}
	}
	record("FuzzDifferentialJWS", byte(2), []byte(token), []byte{})
}

func recordJWSJSON(doc []byte) {
	record("FuzzJWSJSON", doc)
	record("FuzzDifferentialJWS", byte(3), doc, []byte{})
}

func recordCompactJWE(token string) {
	record("FuzzJWECompact", token)
	record("FuzzDifferentialJWE", byte(1), []byte(token), []byte{})
	if h, err := b64url.DecodeString(strings.SplitN(token, ".", 2)[0]); err == nil {
		record("FuzzDifferentialJWE", byte(0), h, []byte(goodClaims)) // forged mode
	}
}

func recordJWEJSON(doc []byte) {
	record("FuzzJWEJSON", doc)
	record("FuzzDifferentialJWE", byte(2), doc, []byte{})
}

// recordToken records a token given to a JWT validator.
func recordToken(token string) {
	if strings.Count(token, ".") == 4 {
		recordCompactJWE(token)
		return
	}
	recordCompactJWS(token)
}

// parseKey is jwk.ParseKey, recorded for the JWK targets.
func parseKey(data []byte) (*jwk.Key, error) {
	record("FuzzJWK", data)
	record("FuzzDifferentialJWK", data)
	return jwk.ParseKey(data)
}

// parseSet is jwk.ParseSet, recorded for the JWK Set target.
func parseSet(data []byte) (*jwk.Set, error) {
	record("FuzzJWKS", data)
	return jwk.ParseSet(data)
}
