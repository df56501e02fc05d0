package attacks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// Class: MACs, tags and secrets compared in variable time. A comparison
// that stops at the first differing byte (==, !=, bytes.Equal,
// reflect.DeepEqual, strings.Compare...) lets an attacker who measures
// response times find a valid MAC or tag byte by byte.
//
// Sources: RFC 7515 §10.7 and RFC 7518 §3.2 ("constant-time comparison");
// RFC 7518 §5.2.2.2; the timing-leak fixes of early JWT libraries, which
// moved from == to constant-time comparison (PyJWT, ruby-jwt); STYLE "Compare MACs, tags and secrets with hmac.Equal or
// crypto/subtle". Package tests: none; this test walks the source.
//
// The test parses every non-test .go file of the module (nested modules
// such as bench/, testdata and node_modules are skipped) and looks for
//   - a == or != comparison, and
//   - a call to bytes.Equal, bytes.Compare, reflect.DeepEqual,
//     slices.Equal, strings.Compare or strings.EqualFold,
//
// where an operand names a secret.
//
// The heuristic: an operand's name is the identifier it ends in (x for x,
// a.b.x, x[i], x[:n], *x; for a call, the function's name, or the argument
// of a conversion such as string(x); a jwa.Name identifier constant has
// none). The name is split into words at case
// changes, digits and underscores ("expectedMAC" → expected, mac;
// "hmacKey" → hmac, key). It names a secret when one word is mac, hmac,
// tag, sig, signature, secret, cek, kek, key, password or passwd, and no
// word says the name is about the secret rather than the secret itself
// (id, type, size, len, bits, ops, use, alg, name, count, kind, err...):
// keyID, tagSize and sigAlg are fine. A comparison with nil, a literal, or
// len(...)/cap(...) is fine whatever the names. What remains and is
// justified goes in constantTimeAllowlist with the reason; the test also
// fails on allowlist entries that no longer match, so the list cannot rot.
func TestSecretsComparedInConstantTime(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	var findings []string
	files := 0
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module (bench/)
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			fn := "(package level)"
			if fd, ok := decl.(*ast.FuncDecl); ok {
				fn = fd.Name.Name
				if fd.Recv != nil && len(fd.Recv.List) == 1 {
					fn = types.ExprString(fd.Recv.List[0].Type) + "." + fn
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if expr, ok := comparesSecret(n); ok {
					findings = append(findings, rel+": "+fn+": "+expr)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range findings {
		if _, ok := constantTimeAllowlist[f]; ok {
			used[f] = true
			continue
		}
		t.Errorf("variable-time comparison of a secret: %s\n\t(use hmac.Equal or crypto/subtle, or add it to constantTimeAllowlist with the reason)", f)
	}
	var stale []string
	for entry := range constantTimeAllowlist {
		if !used[entry] {
			stale = append(stale, entry)
		}
	}
	sort.Strings(stale)
	for _, s := range stale {
		t.Errorf("constantTimeAllowlist entry matches nothing any more: %s", s)
	}
	if files < 50 {
		t.Fatalf("walked only %d files under %s: the walk is broken", files, root)
	}
	t.Logf("walked %d files, %d allowlisted comparisons", files, len(used))
}

// TestSecretComparisonDetector checks the detector on code that compares
// secrets wrongly and rightly.
func TestSecretComparisonDetector(t *testing.T) {
	t.Parallel()
	const src = `package p
func f() {
	_ = string(mac) == string(expected) // flagged
	_ = bytes.Equal(tag, computed)      // flagged
	_ = reflect.DeepEqual(k.SymmetricKey(), other) // flagged
	_ = [32]byte(sig) != want           // flagged
	_ = strings.EqualFold(secret, s)    // flagged
	_ = hmac.Equal(mac, expected)
	_ = subtle.ConstantTimeCompare(tag, computed) == 1
	_ = mac == nil
	_ = len(tag) != 16
	_ = keyID == kid
	_ = alg == jwa.SigEd25519
	_ = tagSize == enc.TagSize()
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if expr, ok := comparesSecret(n); ok {
			got = append(got, expr)
		}
		return true
	})
	want := []string{
		"string(mac) == string(expected)",
		"bytes.Equal(tag, computed)",
		"reflect.DeepEqual(k.SymmetricKey(), other)",
		"[32]byte(sig) != want",
		"strings.EqualFold(secret, s)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("flagged:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// constantTimeAllowlist holds the justified exceptions, as
// "file: function: expression", with the reason.
var constantTimeAllowlist = map[string]string{}

// variableTimeFuncs are the comparison functions that return early.
var variableTimeFuncs = map[string]map[string]bool{
	"bytes":   {"Equal": true, "Compare": true, "EqualFold": true},
	"reflect": {"DeepEqual": true},
	"slices":  {"Equal": true, "Compare": true},
	"strings": {"Compare": true, "EqualFold": true},
}

// comparesSecret reports whether n compares a secret-named operand in
// variable time, and the expression.
func comparesSecret(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.BinaryExpr:
		if n.Op != token.EQL && n.Op != token.NEQ {
			return "", false
		}
		if trivialOperand(n.X) || trivialOperand(n.Y) {
			return "", false
		}
		if secretName(operandName(n.X)) || secretName(operandName(n.Y)) {
			return types.ExprString(n), true
		}
	case *ast.CallExpr:
		sel, ok := n.Fun.(*ast.SelectorExpr)
		if !ok {
			return "", false
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || !variableTimeFuncs[pkg.Name][sel.Sel.Name] {
			return "", false
		}
		for _, a := range n.Args {
			if !trivialOperand(a) && secretName(operandName(a)) {
				return types.ExprString(n), true
			}
		}
	}
	return "", false
}

// trivialOperand reports operands whose comparison leaks nothing: nil,
// literals, true/false, len(...) and cap(...).
func trivialOperand(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return e.Name == "nil" || e.Name == "true" || e.Name == "false"
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
			return true
		}
	case *ast.UnaryExpr:
		return trivialOperand(e.X)
	}
	return false
}

// operandName returns the identifier an operand ends in (see the test's
// doc comment).
func operandName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if pkg, ok := e.X.(*ast.Ident); ok && pkg.Name == "jwa" {
			return "" // an algorithm identifier such as jwa.SigEd25519
		}
		return e.Sel.Name
	case *ast.IndexExpr:
		return operandName(e.X)
	case *ast.SliceExpr:
		return operandName(e.X)
	case *ast.StarExpr:
		return operandName(e.X)
	case *ast.UnaryExpr:
		return operandName(e.X)
	case *ast.CallExpr:
		// A conversion: string(x), []byte(x), [32]byte(x).
		switch f := ast.Unparen(e.Fun).(type) {
		case *ast.ArrayType:
			if len(e.Args) == 1 {
				return operandName(e.Args[0])
			}
		case *ast.Ident:
			if (f.Name == "string" || f.Name == "any") && len(e.Args) == 1 {
				return operandName(e.Args[0])
			}
			return f.Name
		case *ast.SelectorExpr:
			return f.Sel.Name
		}
	}
	return ""
}

var (
	secretWords = map[string]bool{
		"mac": true, "hmac": true, "tag": true, "sig": true, "signature": true,
		"secret": true, "cek": true, "kek": true, "key": true,
		"password": true, "passwd": true,
	}
	// metaWords mark a name that is about a secret (its identifier, size,
	// type, algorithm...) rather than the secret.
	metaWords = map[string]bool{
		"id": true, "ids": true, "type": true, "kind": true, "size": true, "len": true,
		"length": true, "bits": true, "ops": true, "op": true, "use": true, "usage": true,
		"alg": true, "algorithm": true, "algorithms": true, "name": true, "count": true,
		"index": true, "idx": true, "format": true, "family": true, "curve": true, "crv": true,
		"err": true, "error": true, "set": true, "source": true, "policy": true, "part": true,
		"member": true, "header": true, "hdr": true, "opts": true, "options": true,
		"field": true, "mode": true, "url": true, "uri": true, "path": true, "n": true,
		"management": true, "agreement": true, "exchanger": true, "usages": true, "operations": true,
	}
)

// secretName reports whether name names a secret (see the heuristic).
func secretName(name string) bool {
	words := splitWords(name)
	secret := false
	for _, w := range words {
		if metaWords[w] {
			return false
		}
		secret = secret || secretWords[w]
	}
	return secret
}

// splitWords splits an identifier into lower-case words at case changes,
// digits and underscores: "expectedMAC" → [expected mac], "hmacKey" →
// [hmac key], "KeyID" → [key id], "sig2" → [sig].
func splitWords(name string) []string {
	var words []string
	rs := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '_' || unicode.IsDigit(r):
			flush(i)
			start = i + 1
		case unicode.IsUpper(r) && i > start:
			prevLower := unicode.IsLower(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (nextLower && unicode.IsUpper(rs[i-1])) {
				flush(i)
				start = i
			}
		}
	}
	flush(len(rs))
	return words
}

// TestSecretNameHeuristic pins the heuristic on examples.
func TestSecretNameHeuristic(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"mac": true, "expectedMAC": true, "hmacKey": true, "tag": true, "authTag": true,
		"sig": true, "signature": true, "secret": true, "cek": true, "SymmetricKey": true,
		"key": true, "password": true, "kek": true,
		"KeyID": false, "kid": false, "tagSize": false, "TagSize": false, "sigAlg": false,
		"keyType": false, "KeyAlgorithm": false, "alg": false, "payload": false, "sigLen": false,
		"keyOps": false, "Use": false, "mackerel": false, "stage": false, "signer": false,
	} {
		if got := secretName(name); got != want {
			t.Errorf("secretName(%q) = %v, want %v (words %q)", name, got, want, splitWords(name))
		}
	}
	for name, want := range map[string]string{
		"expectedMAC": "expected mac", "hmacKey": "hmac key", "KeyID": "key id",
		"sig2": "sig", "JWKSet": "jwk set", "x5tS256": "x t s", "p2s": "p s",
	} {
		if got := strings.Join(splitWords(name), " "); got != want {
			t.Errorf("splitWords(%q) = %q, want %q", name, got, want)
		}
	}
}

// moduleRoot walks up from the working directory to the go.mod that
// declares the module.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(data), "module github.com/jose-suite/jose\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod of github.com/jose-suite/jose above the working directory")
		}
		dir = parent
	}
}
