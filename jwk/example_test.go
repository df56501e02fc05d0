package jwk_test

import (
	"crypto"
	"errors"
	"fmt"

	"github.com/jose-suite/jose/internal/base64url"
	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// The RSA public key of RFC 7517 Appendix A.1 (and RFC 7638 §3.1).
const rfc7517RSA = `{"kty":"RSA",
 "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
 "e":"AQAB","alg":"RS256","kid":"2011-04-29"}`

func ExampleParseKey() {
	key, err := jwk.ParseKey([]byte(rfc7517RSA))
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	fmt.Println(key.Type(), key.Size(), key.KeyID(), key.IsPrivate())
	// Output: RSA 2048 2011-04-29 false
}

func ExampleKey_ThumbprintURI() {
	key, err := jwk.ParseKey([]byte(rfc7517RSA))
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	sum, err := key.Thumbprint(crypto.SHA256)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(base64url.Encode(sum))
	uri, err := key.ThumbprintURI(crypto.SHA256)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(uri)
	// Output:
	// NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs
	// urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs
}

// A key set from an identity provider may contain key types this version
// does not know; they are skipped and listed rather than failing the set.
func ExampleParseSet() {
	doc := `{"keys":[
	  {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"ed-1","alg":"EdDSA"},
	  {"kty":"ML-DSA","kid":"pq-1","pub":"AAAA"}
	]}`
	set, err := jwk.ParseSet([]byte(doc))
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	for _, k := range set.LookupKeyID("ed-1") {
		fmt.Println("found", k.KeyID(), k.Curve())
	}
	for _, s := range set.Skipped() {
		fmt.Println("skipped", s.KeyID, errors.Is(s.Err, jwk.ErrUnsupported))
	}
	// Output:
	// found ed-1 Ed25519
	// skipped pq-1 true
}

// Keys are bound to algorithms: an RSA public key is never an HMAC secret.
func ExampleKey_PermitsSignature() {
	key, err := jwk.ParseKey([]byte(rfc7517RSA))
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	fmt.Println(key.PermitsSignature(jwk.OpVerify, jwa.RS256) == nil)
	err = key.PermitsSignature(jwk.OpVerify, jwa.HS256)
	fmt.Println(errors.Is(err, jwk.ErrKeyUsage))
	err = key.PermitsSignature(jwk.OpVerify, jwa.PS256) // the key's "alg" is RS256
	fmt.Println(errors.Is(err, jwk.ErrKeyUsage))
	// Output:
	// true
	// true
	// true
}

// Generate a key for an algorithm and publish its public half.
func ExampleGenerateForSignature() {
	key, err := jwk.GenerateForSignature(jwa.ES256)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, err := key.Public()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(key.IsPrivate(), pub.IsPrivate(), pub.Curve(), pub.Algorithm(), pub.Use())
	// Output: true false P-256 ES256 sig
}
