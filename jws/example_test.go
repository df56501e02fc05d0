package jws_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jws"
)

// The keys of RFC 7520 §3.5 (HMAC) and RFC 8037 Appendix A.1 (Ed25519,
// given a "kid" here), as in testdata. Real keys come from a key store.
const (
	hmacJWK    = `{"kty":"oct","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037","use":"sig","alg":"HS256","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}`
	ed25519JWK = `{"kty":"OKP","crv":"Ed25519","kid":"ed-1","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`
)

func mustParseKey(s string) *jwk.Key {
	k, err := jwk.ParseKey([]byte(s))
	if err != nil {
		log.Fatal(err)
	}
	return k
}

// Sign a payload in the compact serialization, then verify it under a
// policy that names the accepted algorithm and key.
func Example() {
	key := mustParseKey(hmacJWK)

	signer, err := jws.NewSigner(key, jwa.HS256, jws.SignerOptions{})
	if err != nil {
		log.Fatal(err)
	}
	token, err := signer.Sign([]byte(`{"msg":"hello"}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)

	verifier, err := jws.NewVerifier(jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256},
		Keys:       jwk.NewSet(key),
	})
	if err != nil {
		log.Fatal(err)
	}
	verified, err := verifier.Verify(token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s signed by %s\n", verified.Payload(), verified.Header().KeyID())

	// A changed payload fails, and so does "none".
	_, err = verifier.Verify(token[:len(token)-3] + "AAA")
	fmt.Println(errors.Is(err, jws.ErrSignatureInvalid))
	_, err = verifier.Verify("eyJhbGciOiJub25lIn0.eyJtc2ciOiJoZWxsbyJ9.")
	fmt.Println(errors.Is(err, jws.ErrUnsecured))
	// Output:
	// eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.eyJtc2ciOiJoZWxsbyJ9.oAQpm4VbrjtRVrQ76xOygje3l-ybbqXhs8YsU3qa_T8
	// {"msg":"hello"} signed by 018c0ae5-4d9b-471b-bfd6-eef314bc7037
	// true
	// true
}

// Verify a token against a JWK Set: the token's "kid" picks the key, and
// the key must fit the token's "alg".
func ExampleVerifier_Verify() {
	// The verifier holds public keys only.
	edPub, err := mustParseKey(ed25519JWK).Public()
	if err != nil {
		log.Fatal(err)
	}
	set := jwk.NewSet(mustParseKey(hmacJWK), edPub)
	verifier, err := jws.NewVerifier(jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA},
		Keys:       set,
	})
	if err != nil {
		log.Fatal(err)
	}

	// A token from the holder of the Ed25519 private key.
	signer, err := jws.NewSigner(mustParseKey(ed25519JWK), jwa.EdDSA, jws.SignerOptions{Type: "JWT"})
	if err != nil {
		log.Fatal(err)
	}
	token, err := signer.Sign([]byte(`{"sub":"alice"}`))
	if err != nil {
		log.Fatal(err)
	}

	verified, err := verifier.Verify(token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(verified.Algorithm(), verified.Key().KeyID(), verified.Header().Type())
	fmt.Printf("%s\n", verified.Payload())
	// Output:
	// EdDSA ed-1 JWT
	// {"sub":"alice"}
}

// Sign a payload twice, with an HMAC and an Ed25519 key, in the general
// JSON serialization, and learn which signature verified with which key.
func ExampleSignJSON() {
	hmacKey := mustParseKey(hmacJWK)
	edKey := mustParseKey(ed25519JWK)
	s1, err := jws.NewSigner(hmacKey, jwa.HS256, jws.SignerOptions{})
	if err != nil {
		log.Fatal(err)
	}
	s2, err := jws.NewSigner(edKey, jwa.EdDSA, jws.SignerOptions{})
	if err != nil {
		log.Fatal(err)
	}
	doc, err := jws.SignJSON([]byte("two signatures"), s1, s2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", doc)

	edPub, err := edKey.Public()
	if err != nil {
		log.Fatal(err)
	}
	// By default every signature must verify.
	verifier, err := jws.NewVerifier(jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA},
		Keys:       jwk.NewSet(hmacKey, edPub),
	})
	if err != nil {
		log.Fatal(err)
	}
	verified, err := verifier.VerifyJSON(doc)
	if err != nil {
		log.Fatal(err)
	}
	for _, sig := range verified.Signatures() {
		fmt.Println(sig.Index, sig.Algorithm(), sig.Key.KeyID(), sig.Err)
	}

	// A verifier without the Ed25519 key reports which signature passed.
	strict, err := jws.NewVerifier(jws.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.EdDSA},
		Keys:       jwk.NewSet(hmacKey),
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = strict.VerifyJSON(doc)
	if se, ok := errors.AsType[*jws.SignaturesError](err); ok {
		for _, sig := range se.Signatures {
			fmt.Println(sig.Index, sig.Algorithm(), sig.Err == nil, errors.Is(sig.Err, jws.ErrNoKey))
		}
	}
	// Output:
	// {"payload":"dHdvIHNpZ25hdHVyZXM","signatures":[{"protected":"eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9","signature":"RBAUXhH5n7Hg5wFzD5uOBgsF5vsscMakeDvlyu0DD3U"},{"protected":"eyJhbGciOiJFZERTQSIsImtpZCI6ImVkLTEifQ","signature":"3Fe2c_TZplk7T9pViZmFA3BpuCgzFvRGc3Y3Uanq2p0jhdcsvsG0_5CL09DuQbly3S8794JTsh8Qa6AAjTVCAw"}]}
	// 0 HS256 018c0ae5-4d9b-471b-bfd6-eef314bc7037 <nil>
	// 1 EdDSA ed-1 <nil>
	// 0 HS256 true false
	// 1 EdDSA false true
}

// Read an Unsecured JWS ("alg":"none"), which no Verifier accepts, through
// the one function named for the risk. Its payload is not protected.
func ExampleInsecureParseUnsecured() {
	u, err := jws.InsecureParseUnsecured("eyJhbGciOiJub25lIn0.eyJtc2ciOiJoZWxsbyJ9.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %s\n", u.Header().Algorithm(), u.Payload())
	// Output: none {"msg":"hello"}
}
