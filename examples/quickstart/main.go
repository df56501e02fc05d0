// Command quickstart shows the library's main job on a fresh machine: it
// generates a signing key, publishes its public half as a JWK Set, and
// prints the key's RFC 9278 thumbprint URI.
//
//	go run ./examples/quickstart
package main

import (
	"crypto"
	"fmt"
	"log"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

func main() {
	key, err := jwk.GenerateForSignature(jwa.ES256)
	if err != nil {
		log.Fatal(err)
	}
	uri, err := key.ThumbprintURI(crypto.SHA256)
	if err != nil {
		log.Fatal(err)
	}
	jwks, err := jwk.NewSet(key).Public().MarshalJSON()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("thumbprint:", uri)
	fmt.Println("public JWK Set:", string(jwks))
}
