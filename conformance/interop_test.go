package conformance

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
)

// goJosePBES2Count is the "p2c" go-jose v4.1.9 encrypts with by default
// (symmetric.go, defaultP2C). This library refuses more than
// jwe.DefaultMaxPBES2Count (10,000) unless a policy raises the bound, so the
// interop test raises it, explicitly and only for tokens go-jose made.
const goJosePBES2Count = 600_000

// Directions of a matrix column.
const (
	dirOursToPeer = "ours→peer"
	dirPeerToOurs = "peer→ours"
)

// row is one line of the matrix: an algorithm (and enc, curve,
// serialization) exercised in both directions against each peer.
type row struct {
	section string // "JWS", "JWE", "JWE curves", "JWE zip", "JWK", "Nested JWT"
	label   string
	kind    string // "jws", "jwe", "jwk", "nested"
	alg     string // JWS or JWE alg; for "jwk", the alg whose key is used
	enc     string
	crv     string // ECDH-ES curve, or the key's curve/type for "jwk"
	ser     string // "compact", "json", "flattened"
	zip     bool
	// sigAlg and encAlg/enc describe a nested JWT.
	sigAlg string
}

// column is a peer and a direction.
type column struct {
	peer string
	dir  string
}

// cell is the outcome of one row in one column.
type cell struct {
	status string // "PASS", "FAIL", "N/A", "DIFF"
	reason string // N/A reason, FAIL detail, or disagreement id
}

func matrixRows() []row {
	var rows []row
	for _, alg := range jwa.SignatureAlgorithms() {
		for _, ser := range []string{"compact", "json", "flattened"} {
			label := fmt.Sprintf("%s %s", alg, serLabel(ser, "signatures"))
			rows = append(rows, row{section: "JWS", label: label, kind: "jws", alg: string(alg), ser: ser})
		}
	}
	for _, alg := range jwa.KeyAlgorithms() {
		for _, enc := range jwa.ContentEncryptions() {
			for _, ser := range []string{"compact", "json"} {
				r := row{section: "JWE", kind: "jwe", alg: string(alg), enc: string(enc), ser: ser}
				if strings.HasPrefix(r.alg, "ECDH-ES") {
					r.crv = "P-256"
				}
				if ser == "json" && isDirect(r.alg) {
					// dir and ECDH-ES fix the CEK with the key, so a JWE has
					// one recipient (RFC 7518 §4.5, §4.6).
					r.ser = "flattened"
				}
				r.label = fmt.Sprintf("%s %s %s", alg, enc, serLabel(r.ser, "recipients"))
				rows = append(rows, r)
			}
		}
	}
	for _, crv := range []string{"P-384", "P-521", "X25519"} {
		for _, alg := range []string{"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"} {
			for _, ser := range []string{"compact", "json"} {
				r := row{section: "JWE curves", kind: "jwe", alg: alg, enc: "A256GCM", crv: crv, ser: ser}
				if ser == "json" && isDirect(alg) {
					r.ser = "flattened"
				}
				r.label = fmt.Sprintf("%s %s %s %s", alg, crv, r.enc, serLabel(r.ser, "recipients"))
				rows = append(rows, r)
			}
		}
	}
	for _, enc := range jwa.ContentEncryptions() {
		r := row{section: "JWE zip", kind: "jwe", alg: "A256KW", enc: string(enc), ser: "compact", zip: true}
		r.label = fmt.Sprintf("A256KW %s compact, zip DEF", enc)
		rows = append(rows, r)
	}
	for _, k := range jwkRows {
		rows = append(rows, row{section: "JWK", label: k.label + ": parse, marshal, RFC 7638 thumbprint", kind: "jwk", alg: k.alg, crv: k.crv})
	}
	for _, n := range nestedRows {
		rows = append(rows, row{section: "Nested JWT", label: fmt.Sprintf("%s inside %s %s compact", n.sigAlg, n.alg, n.enc),
			kind: "nested", sigAlg: n.sigAlg, alg: n.alg, enc: n.enc, ser: "compact"})
	}
	return rows
}

// jwkRows lists the key types whose JWKs are exchanged, with the alg
// whose generated key stands for the type.
var jwkRows = []struct{ label, alg, crv string }{
	{"RSA", "RS256", ""},
	{"EC P-256", "ES256", "P-256"},
	{"EC P-384", "ES384", "P-384"},
	{"EC P-521", "ES512", "P-521"},
	{"OKP Ed25519", "EdDSA", "Ed25519"},
	{"OKP X25519", "ECDH-ES", "X25519"},
	{"oct", "HS256", ""},
}

var nestedRows = []struct{ sigAlg, alg, enc string }{
	{"RS256", "RSA-OAEP-256", "A256GCM"},
	{"ES256", "ECDH-ES+A128KW", "A128CBC-HS256"},
	{"EdDSA", "A256KW", "A256GCM"},
	{"PS256", "A128GCMKW", "A128GCM"},
	{"HS256", "A192KW", "A192CBC-HS384"},
}

// symmetricKeyManagement reports whether alg wraps the CEK with a shared
// secret key (AES key wrap, AES-GCM key wrap, dir).
func symmetricKeyManagement(alg string) bool {
	return alg == "dir" || (strings.HasPrefix(alg, "A") && strings.HasSuffix(alg, "KW"))
}

func serLabel(ser, many string) string {
	switch ser {
	case "json":
		return "general JSON, 2 " + many
	case "flattened":
		return "flattened JSON"
	}
	return ser
}

func isDirect(alg string) bool { return alg == "dir" || alg == "ECDH-ES" }

func (r row) id() string { return r.section + ": " + r.label }

// keyRef names one generated key: made by peer for alg (and enc for dir,
// crv for ECDH-ES), the idx-th of its kind.
type keyRef struct {
	peer, alg, enc, crv string
	idx                 int
}

// batch collects operations per peer with a callback for each answer, and
// runs every peer's batch at once, in parallel across peers.
type batch struct {
	ops    map[string][]op
	cbs    map[string][]func(result)
	late   []lateOp
	afters []func()
}

func newBatch() *batch { return &batch{ops: map[string][]op{}, cbs: map[string][]func(result){}} }

func (b *batch) add(p string, o op, cb func(result)) {
	b.ops[p] = append(b.ops[p], o)
	b.cbs[p] = append(b.cbs[p], cb)
}

func (b *batch) run(peers map[string]peer) (took map[string]time.Duration) {
	took = map[string]time.Duration{}
	for _, l := range b.late {
		if tok, ok := l.token(); ok {
			l.o.Token = tok
			b.add(l.peer, *l.o, l.cb)
		}
	}
	results := map[string][]result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, ops := range b.ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			r := peers[name].run(ops)
			mu.Lock()
			took[name] = time.Since(start).Round(time.Millisecond)
			results[name] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	for name, rs := range results {
		for i, r := range rs {
			b.cbs[name][i](r)
		}
	}
	for _, f := range b.afters {
		f()
	}
	return took
}

// interop runs the matrix. peers holds this library and every peer that
// can run; caps their capabilities.
type interop struct {
	peers map[string]peer
	caps  map[string]capabilities
	// capErr holds the peers whose capabilities op failed.
	capErr map[string]string
	rows   []row
	cols   []column

	keys      map[keyRef]json.RawMessage
	keyErr    map[keyRef]string
	passwords map[keyRef]string

	cells map[string]map[column]*cellRun

	// timings records how long each phase took, for the test log.
	timings []string
}

func (it *interop) timed(phase string, b *batch) {
	start := time.Now()
	took := b.run(it.peers)
	it.timings = append(it.timings, fmt.Sprintf("%s %v %v", phase, time.Since(start).Round(time.Millisecond), took))
}

// cellRun accumulates what happened in one cell.
type cellRun struct {
	na       string
	failures []string
	checks   int
}

func (c *cellRun) fail(format string, args ...any) {
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

func (c *cellRun) outcome() cell {
	switch {
	case c.na != "":
		return cell{status: "N/A", reason: c.na}
	case len(c.failures) > 0:
		return cell{status: "FAIL", reason: strings.Join(c.failures, "; ")}
	case c.checks == 0:
		return cell{status: "FAIL", reason: "no check ran"}
	}
	return cell{status: "PASS"}
}

func newInterop(peers map[string]peer, order []string) *interop {
	it := &interop{
		peers:     peers,
		caps:      map[string]capabilities{},
		capErr:    map[string]string{},
		rows:      matrixRows(),
		keys:      map[keyRef]json.RawMessage{},
		keyErr:    map[keyRef]string{},
		passwords: map[keyRef]string{},
		cells:     map[string]map[column]*cellRun{},
	}
	for _, p := range order {
		it.cols = append(it.cols, column{p, dirOursToPeer}, column{p, dirPeerToOurs})
	}
	return it
}

// producerConsumer returns who makes the token and who reads it.
func (c column) producerConsumer() (string, string) {
	if c.dir == dirOursToPeer {
		return oursName, c.peer
	}
	return c.peer, oursName
}

func (it *interop) runAll() {
	// Phase 0: capabilities.
	b := newBatch()
	for name := range it.peers {
		b.add(name, op{Op: "capabilities"}, func(r result) {
			if r.Error != "" || r.Name == "" {
				it.capErr[name] = firstNonEmpty(r.Error, "no capabilities returned")
				return
			}
			it.caps[name] = r.capabilities
		})
	}
	it.timed("capabilities", b)

	for _, r := range it.rows {
		it.cells[r.id()] = map[column]*cellRun{}
		for _, c := range it.cols {
			p, q := c.producerConsumer()
			cr := &cellRun{}
			if e, ok := it.capErr[c.peer]; ok {
				// A peer that cannot say what it supports fails every
				// cell; it never turns them into N/A.
				cr.fail("%s capabilities: %s", c.peer, e)
			} else {
				cr.na = it.notApplicable(r, p, q)
			}
			it.cells[r.id()][c] = cr
		}
	}

	// Phase 1: keys. JWS keys are made by the signer, JWE keys by the
	// recipient (who needs the private half), JWK keys by the producer.
	b = newBatch()
	it.forEachCell(func(r row, c column, cr *cellRun) {
		p, q := c.producerConsumer()
		for _, k := range it.keysFor(r, p, q) {
			it.needKey(b, k)
		}
	})
	it.timed("keygen", b)

	// Phase 2: produce (sign, encrypt; parse and thumbprint keys).
	// Phase 3: consume (verify, decrypt).
	produce, consume := newBatch(), newBatch()
	tokens := map[string]*result{} // shared productions (this library's JWS tokens serve every peer)
	it.forEachCell(func(r row, c column, cr *cellRun) {
		p, q := c.producerConsumer()
		for _, k := range it.keysFor(r, p, q) {
			if e, ok := it.keyErr[k]; ok {
				cr.fail("%s keygen %s: %s", k.peer, k.alg, e)
				return
			}
		}
		switch r.kind {
		case "jws":
			it.planJWS(produce, consume, tokens, r, c, cr)
		case "jwe":
			it.planJWE(produce, consume, r, c, cr)
		case "jwk":
			it.planJWK(produce, r, c, cr)
		case "nested":
			it.runNested(r, c, cr)
		}
	})
	it.timed("produce", produce)
	it.timed("consume", consume)
}

func (it *interop) forEachCell(f func(row, column, *cellRun)) {
	for _, r := range it.rows {
		for _, c := range it.cols {
			if cr := it.cells[r.id()][c]; cr.na == "" && len(cr.failures) == 0 {
				f(r, c, cr)
			}
		}
	}
}

// notApplicable returns why a row cannot run between producer p and
// consumer q, from their capabilities, or "".
func (it *interop) notApplicable(r row, p, q string) string {
	other := p
	if p == oursName {
		other = q
	}
	if r.kind == "nested" {
		if other != goJoseName {
			return "nested JWTs are exchanged with go-jose only (issue 6)"
		}
		if q == goJoseName && !symmetricKeyManagement(r.alg) {
			return "go-jose's jwt package refuses asymmetric and PBES2 key management for encrypted JWTs (jwt.validateKeyEncryptionAlgorithm)"
		}
	}
	if r.kind == "jwe" && isPBES2(r.alg) && r.ser == "json" {
		if reason, ok := it.caps[p].Missing[severalPasswords]; ok {
			return reason
		}
	}
	for _, name := range []string{p, q} {
		c := it.caps[name]
		if reason := missing(c, r); reason != "" {
			return reason
		}
	}
	return ""
}

// severalPasswords is the key of capabilities.missing by which a peer says
// that it encrypts to one password only: a general JSON row with two PBES2
// recipients is N/A when that peer makes the token (it may still decrypt
// one).
const severalPasswords = "several password recipients"

// missing says why capabilities c cannot serve row r, or "".
func missing(c capabilities, r row) string {
	why := func(what string) string {
		if m, ok := c.Missing[what]; ok {
			return m
		}
		return fmt.Sprintf("%s does not support %s", c.Name, what)
	}
	switch r.kind {
	case "jws":
		if c.JWS == nil || !slices.Contains(c.JWS.Algs, r.alg) {
			return why(r.alg)
		}
		if !slices.Contains(c.JWS.Serializations, r.ser) {
			return why(r.ser + " serialization")
		}
	case "jwe", "nested":
		if c.JWE == nil || !slices.Contains(c.JWE.Algs, r.alg) {
			return why(r.alg)
		}
		if !slices.Contains(c.JWE.Encs, r.enc) {
			return why(r.enc)
		}
		if !slices.Contains(c.JWE.Serializations, r.ser) {
			return why(r.ser + " serialization")
		}
		if r.zip && !c.JWE.Zip {
			return why(`"zip":"DEF"`)
		}
		if r.crv != "" && !slices.Contains(c.Curves, r.crv) {
			return why(r.crv)
		}
		if r.kind == "nested" && (c.JWS == nil || !slices.Contains(c.JWS.Algs, r.sigAlg)) {
			return why(r.sigAlg)
		}
	case "jwk":
		if c.JWS == nil || c.JWE == nil || !(slices.Contains(c.JWS.Algs, r.alg) || slices.Contains(c.JWE.Algs, r.alg)) {
			return why(r.alg)
		}
		if r.crv != "" && !slices.Contains(c.Curves, r.crv) {
			return why(r.crv)
		}
	}
	return ""
}

// keysFor lists the keys a cell needs: two per algorithm, for the JSON
// serializations with two signatures or recipients.
func (it *interop) keysFor(r row, p, q string) []keyRef {
	two := func(k keyRef) []keyRef {
		k2 := k
		k2.idx = 1
		return []keyRef{k, k2}
	}
	switch r.kind {
	case "jws":
		return two(keyRef{peer: p, alg: keyAlg(r.alg)})
	case "jwe":
		k := keyRef{peer: q, alg: keyAlg(r.alg), crv: r.crv}
		if r.alg == "dir" {
			k.enc = r.enc
		}
		return two(k)
	case "jwk":
		return []keyRef{{peer: p, alg: keyAlg(r.alg), crv: r.crv}}
	case "nested":
		// The signer's key, and the recipient's.
		return []keyRef{{peer: p, alg: keyAlg(r.sigAlg)}, {peer: q, alg: keyAlg(r.alg), crv: curveOf(r.alg)}}
	}
	return nil
}

// keyAlg maps an alg to the alg its keys are generated for: all RSA
// signature algorithms share the keys made for RS256, and all RSA key
// encryption algorithms those made for RSA-OAEP, so that each side makes
// four RSA keys per run instead of one pair per algorithm. These keys carry
// no "alg" member (see oursKeygen).
func keyAlg(alg string) string {
	switch {
	case strings.HasPrefix(alg, "RSA"):
		return "RSA-OAEP"
	case isRSAAlg(alg):
		return "RS256"
	}
	return alg
}

func curveOf(alg string) string {
	if strings.HasPrefix(alg, "ECDH-ES") {
		return "P-256"
	}
	return ""
}

func isPBES2(alg string) bool { return strings.HasPrefix(alg, "PBES2") }

// needKey adds the keygen op for k once; PBES2 passwords are made here,
// by the harness, for the recipient.
func (it *interop) needKey(b *batch, k keyRef) {
	if _, ok := it.keys[k]; ok {
		return
	}
	if isPBES2(k.alg) {
		var buf [12]byte
		rand.Read(buf[:])
		it.passwords[k] = "pw-" + hex.EncodeToString(buf[:])
		it.keys[k] = nil
		return
	}
	it.keys[k] = nil // reserved until the answer comes
	o := op{Op: "keygen", Alg: k.alg, Enc: k.enc, Crv: k.crv, Index: k.idx}
	if k.alg == "ECDH-ES" && k.crv == "" {
		o.Crv = "P-256"
	}
	b.add(k.peer, o, func(r result) {
		if r.Error != "" || len(r.JWK) == 0 {
			it.keyErr[k] = firstNonEmpty(r.Error, "no key returned")
			return
		}
		it.keys[k] = r.JWK
	})
}

func payloadFor(r row) []byte {
	return []byte(fmt.Sprintf(`{"row":%q,"note":"interop ✓"}`, r.label))
}

func (it *interop) planJWS(produce, consume *batch, tokens map[string]*result, r row, c column, cr *cellRun) {
	p, q := c.producerConsumer()
	keys := it.keysFor(r, p, q)
	if r.ser != "json" {
		keys = keys[:1]
	}
	payload := payloadFor(r)
	// A token made by this library serves every peer: make it once.
	tokenKey := p + "|" + r.id()
	if p != oursName {
		tokenKey += "|" + q
	}
	tok, made := tokens[tokenKey]
	if !made {
		tok = &result{}
		tokens[tokenKey] = tok
		o := op{Op: "sign", Payload: b64.EncodeToString(payload), Serialization: r.ser}
		for _, k := range keys {
			o.Signers = append(o.Signers, signerSpec{JWK: it.keys[k], Alg: r.alg})
		}
		produce.add(p, o, func(res result) { *tok = res })
	}
	for i, k := range keys {
		// The consumer gets the public half only.
		o := op{Op: "verify", JWK: publicJWK(it.keys[k]), Algs: []string{r.alg}}
		consume.addLate(q, &o, func() (string, bool) {
			if tok.Error != "" {
				return "", false
			}
			return tok.Token, true
		}, func(res result) {
			cr.checks++
			switch {
			case res.Error != "":
				cr.fail("%s verify (key %d): %s", q, i, res.Error)
			case res.Payload != b64.EncodeToString(payload):
				cr.fail("%s verify (key %d): payload differs", q, i)
			}
		})
	}
	consume.after(func() {
		if tok.Error != "" {
			cr.fail("%s sign: %s", p, tok.Error)
		}
	})
}

func (it *interop) planJWE(produce, consume *batch, r row, c column, cr *cellRun) {
	p, q := c.producerConsumer()
	keys := it.keysFor(r, p, q)
	if r.ser != "json" {
		keys = keys[:1]
	}
	plaintext := payloadFor(r)
	o := op{Op: "encrypt", Enc: r.enc, Plaintext: b64.EncodeToString(plaintext), Serialization: r.ser, Zip: r.zip}
	for _, k := range keys {
		rs := recipientSpec{Alg: r.alg}
		if isPBES2(r.alg) {
			rs.Password = it.passwords[k]
			if p == goJoseName && r.enc != "A128GCM" {
				// go-jose's default count (600,000) is exercised on the
				// A128GCM rows; elsewhere this library's default keeps
				// the run short.
				rs.P2C = jwe.DefaultPBES2Count
			}
		} else {
			rs.JWK = publicJWK(it.keys[k])
		}
		o.Recipients = append(o.Recipients, rs)
	}
	tok := &result{}
	produce.add(p, o, func(res result) { *tok = res })
	for i, k := range keys {
		d := op{Op: "decrypt", Algs: []string{r.alg}, Encs: []string{r.enc}}
		if isPBES2(r.alg) {
			d.Password = it.passwords[k]
			if q == oursName && p == goJoseName {
				d.MaxP2C = goJosePBES2Count
			}
		} else {
			d.JWK = it.keys[k]
		}
		consume.addLate(q, &d, func() (string, bool) {
			return tok.Token, tok.Error == ""
		}, func(res result) {
			cr.checks++
			switch {
			case res.Error != "":
				cr.fail("%s decrypt (recipient %d): %s", q, i, res.Error)
			case res.Plaintext != b64.EncodeToString(plaintext):
				cr.fail("%s decrypt (recipient %d): plaintext differs", q, i)
			}
		})
	}
	consume.after(func() {
		if tok.Error != "" {
			cr.fail("%s encrypt: %s", p, tok.Error)
		}
	})
}

// planJWK checks that the consumer parses and marshals the producer's key
// (private and public) without changing its key material, and that both
// compute the thumbprint RFC 7638 §3 defines, which the harness computes
// too.
func (it *interop) planJWK(produce *batch, r row, c column, cr *cellRun) {
	p, q := c.producerConsumer()
	priv := it.keys[it.keysFor(r, p, q)[0]]
	pub := publicJWK(priv)
	want, err := referenceThumbprint(priv)
	if err != nil {
		cr.fail("reference thumbprint: %v", err)
		return
	}
	for _, k := range []struct {
		name string
		jwk  json.RawMessage
	}{{"private", priv}, {"public", pub}} {
		if k.name == "public" && bytes.Equal(priv, pub) {
			continue // a secret has no public half
		}
		produce.add(q, op{Op: "jwk", JWK: k.jwk, Alg: r.alg}, func(res result) {
			cr.checks++
			if res.Error != "" {
				cr.fail("%s parses %s key: %s", q, k.name, res.Error)
				return
			}
			if d := materialDiff(k.jwk, res.JWK); d != "" {
				cr.fail("%s re-marshals %s key: %s", q, k.name, d)
			}
		})
		produce.add(q, op{Op: "thumbprint", JWK: k.jwk}, func(res result) {
			cr.checks++
			if res.Error != "" || res.Thumbprint != want {
				cr.fail("%s thumbprint of %s key %q (error %q), want %q", q, k.name, res.Thumbprint, res.Error, want)
			}
		})
	}
	produce.add(p, op{Op: "thumbprint", JWK: priv}, func(res result) {
		cr.checks++
		if res.Error != "" || res.Thumbprint != want {
			cr.fail("%s thumbprint of its own key %q (error %q), want %q", p, res.Thumbprint, res.Error, want)
		}
	})
}

// privateMembers are the JWK members of private keys (RFC 7518 §6.2.2,
// §6.3.2; RFC 8037 §2).
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth"}

// materialMembers are the members that carry key material, per "kty".
var materialMembers = map[string][]string{
	"RSA": {"kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"},
	"EC":  {"kty", "crv", "x", "y", "d"},
	"OKP": {"kty", "crv", "x", "d"},
	"oct": {"kty", "k"},
}

// publicJWK drops the private members of an asymmetric JWK, and "key_ops"
// (which may name private operations); a secret stays as it is.
func publicJWK(priv json.RawMessage) json.RawMessage {
	var m map[string]any
	if err := json.Unmarshal(priv, &m); err != nil || m["kty"] == "oct" {
		return priv
	}
	for _, k := range privateMembers {
		delete(m, k)
	}
	delete(m, "key_ops")
	b, _ := json.Marshal(m)
	return b
}

// materialDiff compares the key material of two JWKs, member by member.
func materialDiff(want, got json.RawMessage) string {
	var w, g map[string]any
	if err := json.Unmarshal(want, &w); err != nil {
		return err.Error()
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return err.Error()
	}
	kty, _ := w["kty"].(string)
	var diffs []string
	for _, m := range materialMembers[kty] {
		if fmt.Sprint(w[m]) != fmt.Sprint(g[m]) {
			if w[m] == nil {
				diffs = append(diffs, fmt.Sprintf("added %q", m))
			} else if g[m] == nil {
				diffs = append(diffs, fmt.Sprintf("dropped %q", m))
			} else {
				diffs = append(diffs, fmt.Sprintf("changed %q", m))
			}
		}
	}
	return strings.Join(diffs, ", ")
}

// referenceThumbprint computes the RFC 7638 §3 thumbprint (SHA-256) from
// the JSON members, independently of every implementation under test: the
// required members of the key type (§3.2), sorted, without whitespace.
func referenceThumbprint(jwk json.RawMessage) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(jwk, &m); err != nil {
		return "", err
	}
	required := map[string][]string{"RSA": {"e", "kty", "n"}, "EC": {"crv", "kty", "x", "y"}, "OKP": {"crv", "kty", "x"}, "oct": {"k", "kty"}}
	kty, _ := m["kty"].(string)
	members, ok := required[kty]
	if !ok {
		return "", fmt.Errorf("unknown kty %q", kty)
	}
	sort.Strings(members)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, name := range members {
		s, ok := m[name].(string)
		if !ok {
			return "", fmt.Errorf("member %q is not a string", name)
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "%q:%q", name, s) // base64url and names need no escaping
	}
	buf.WriteByte('}')
	sum := sha256.Sum256(buf.Bytes())
	return b64.EncodeToString(sum[:]), nil
}

// addLate adds an op whose token is known only once the produce batch has
// run: token is called just before the batch runs; when it reports false
// (the producer failed), the op is not sent and cb is not called.
func (b *batch) addLate(p string, o *op, token func() (string, bool), cb func(result)) {
	b.late = append(b.late, lateOp{peer: p, o: o, token: token, cb: cb})
}

// after registers f to run after the batch's callbacks.
func (b *batch) after(f func()) { b.afters = append(b.afters, f) }

type lateOp struct {
	peer  string
	o     *op
	token func() (string, bool)
	cb    func(result)
}
