package jwt_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// The Ed25519 key of RFC 8037 Appendix A.1, with a "kid": an identity
// provider's signing key.
const exampleProviderKey = `{"kty":"OKP","crv":"Ed25519",
 "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
 "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
 "kid":"ed-2026","alg":"EdDSA","use":"sig"}`

// A relying party fetches its identity provider's keys from the jwks_uri
// and hands the RemoteSet to its Validator as the KeySource.
func ExampleRemoteSet() {
	// The provider publishes the public half of RFC 8037 A.1.
	const jwks = `{"keys":[{"kty":"OKP","crv":"Ed25519",
	 "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
	 "kid":"ed-2026","alg":"EdDSA","use":"sig"}]}`
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "public, max-age=600")
		io.WriteString(w, jwks)
	}))
	defer idp.Close()

	keys, err := jwt.NewRemoteSet(jwt.RemoteSetConfig{
		URL: idp.URL + "/.well-known/jwks.json",
		// Only because the test server speaks plain HTTP on loopback: a
		// real jwks_uri is https, and over http anyone on the path could
		// swap the keys and forge tokens.
		AllowInsecureHTTP: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keys.Start(ctx) // optional: refresh in the background before expiry

	// What a Validator does for a token whose header has "kid":"ed-2026".
	set, err := keys.KeySet(ctx, "ed-2026")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range set.LookupKeyID("ed-2026") {
		fmt.Println("found", k.KeyID(), k.Curve(), k.Algorithm(), "private:", k.IsPrivate())
	}
	// Output: found ed-2026 Ed25519 EdDSA private: false
}

// An identity provider publishes its keys at its jwks_uri. Only public
// halves are served, whatever the set holds.
func ExampleKeySetHandler() {
	key, err := jwk.ParseKey([]byte(exampleProviderKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	rot, err := jwt.NewRotation(key)
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/jwks.json", jwt.KeySetHandler(rot, 10*time.Minute))

	// A request, as a relying party would send it.
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/.well-known/jwks.json", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Header().Get("Cache-Control"))
	fmt.Println(rec.Body)
	// Output:
	// 200 application/jwk-set+json
	// public, max-age=600
	// {"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","use":"sig","alg":"EdDSA","kid":"ed-2026"}]}
}

// Rotating keeps the previous key published, so that tokens it signed
// still verify until they expire.
func ExampleRotation_Rotate() {
	current, err := jwk.ParseKey([]byte(exampleProviderKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	rot, err := jwt.NewRotation(current)
	if err != nil {
		fmt.Println(err)
		return
	}

	next, err := jwk.GenerateForSignature(jwa.EdDSA)
	if err != nil {
		fmt.Println(err)
		return
	}
	meta := next.Metadata()
	meta.KeyID = "ed-2027"
	if next, err = next.WithMetadata(meta); err != nil {
		fmt.Println(err)
		return
	}
	if err := rot.Rotate(next, 1); err != nil { // keep one previous key
		fmt.Println(err)
		return
	}

	fmt.Println("signing with", rot.Current().KeyID())
	for _, k := range rot.Public().All() {
		fmt.Println("published", k.KeyID())
	}
	// Output:
	// signing with ed-2027
	// published ed-2027
	// published ed-2026
}
