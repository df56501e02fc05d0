package jwe_test

import (
	"fmt"
	"log"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
)

// bobJWK is a P-256 private key (Bob's key of RFC 7518 Appendix C).
const bobJWK = `{"kty":"EC","kid":"bob","crv":"P-256",
 "x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
 "y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck",
 "d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}`

// sharedJWK is a 128-bit AES key wrapping key (RFC 7516 Appendix A.3).
const sharedJWK = `{"kty":"oct","kid":"shared","k":"GawgguFyGrWKav7AX4VKUg"}`

// Encrypt to one recipient's public key, then decrypt with its private
// key under a policy that names the accepted algorithms.
func Example() {
	bob, err := jwk.ParseKey([]byte(bobJWK))
	if err != nil {
		log.Fatal(err)
	}
	bobPublic, err := bob.Public()
	if err != nil {
		log.Fatal(err)
	}

	// The sender.
	enc, err := jwe.NewEncrypter(
		jwe.EncrypterOptions{ContentEncryption: jwa.A256GCM},
		jwe.Recipient{Key: bobPublic, Algorithm: jwa.ECDH_ES_A256KW},
	)
	if err != nil {
		log.Fatal(err)
	}
	token, err := enc.Encrypt([]byte("Live long and prosper."))
	if err != nil {
		log.Fatal(err)
	}

	// The recipient.
	dec, err := jwe.NewDecrypter(jwe.Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.ECDH_ES_A256KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM},
		Keys:              jwk.NewSet(bob),
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := dec.Decrypt(token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (kid %q)\n", res.Plaintext(), res.Header().KeyID())
	// Output: Live long and prosper. (kid "bob")
}

// Encrypt one message to several recipients with keys of different types:
// the general JSON serialization carries one encrypted key per recipient,
// and each recipient decrypts with its own key.
func ExampleEncrypter_EncryptJSON() {
	bob, err := jwk.ParseKey([]byte(bobJWK))
	if err != nil {
		log.Fatal(err)
	}
	bobPublic, err := bob.Public()
	if err != nil {
		log.Fatal(err)
	}
	shared, err := jwk.ParseKey([]byte(sharedJWK))
	if err != nil {
		log.Fatal(err)
	}

	enc, err := jwe.NewEncrypter(
		jwe.EncrypterOptions{ContentEncryption: jwa.A128CBC_HS256},
		jwe.Recipient{Key: bobPublic, Algorithm: jwa.ECDH_ES_A128KW},
		jwe.Recipient{Key: shared, Algorithm: jwa.A128KW},
	)
	if err != nil {
		log.Fatal(err)
	}
	msg, err := enc.EncryptJSON([]byte("to both of you"), []byte("authenticated, not encrypted"))
	if err != nil {
		log.Fatal(err)
	}

	for _, p := range []jwe.Policy{
		{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.ECDH_ES_A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128CBC_HS256}, Keys: jwk.NewSet(bob)},
		{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128CBC_HS256}, Keys: jwk.NewSet(shared)},
	} {
		dec, err := jwe.NewDecrypter(p)
		if err != nil {
			log.Fatal(err)
		}
		res, err := dec.DecryptJSON(msg)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("recipient %d (%s, kid %q): %s; aad: %s\n", res.Recipient(), res.Header().KeyAlgorithm(), res.Key().KeyID(), res.Plaintext(), res.AAD())
	}
	// Output:
	// recipient 0 (ECDH-ES+A128KW, kid "bob"): to both of you; aad: authenticated, not encrypted
	// recipient 1 (A128KW, kid "shared"): to both of you; aad: authenticated, not encrypted
}

// Encrypt with a password (PBES2). The iteration count defaults to
// DefaultPBES2Count, which a decrypter with the default policy accepts.
func ExampleRecipient_password() {
	enc, err := jwe.NewEncrypter(
		jwe.EncrypterOptions{ContentEncryption: jwa.A256GCM, ContentType: "text/plain"},
		jwe.Recipient{Password: "Thus from my lips, by yours, my sin is purged.", Algorithm: jwa.PBES2_HS512_A256KW},
	)
	if err != nil {
		log.Fatal(err)
	}
	token, err := enc.Encrypt([]byte("a secret note"))
	if err != nil {
		log.Fatal(err)
	}

	dec, err := jwe.NewDecrypter(jwe.Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.PBES2_HS512_A256KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM},
		Passwords:         []string{"Thus from my lips, by yours, my sin is purged."},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := dec.Decrypt(token)
	if err != nil {
		log.Fatal(err)
	}
	i, _ := res.Password()
	fmt.Printf("%s (%s, password %d)\n", res.Plaintext(), res.Header().ContentType(), i)
	// Output: a secret note (text/plain, password 0)
}

// Decrypt the compact JWE of RFC 7516 Appendix A.3. A decrypter refuses
// what its policy does not list, before any cryptography.
func ExampleDecrypter_Decrypt() {
	const token = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0." +
		"6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ." +
		"AxY8DCtDaGlsbGljb3RoZQ." +
		"KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY." +
		"U0m_YmjN04DJvceFICbCVQ"
	key, err := jwk.ParseKey([]byte(sharedJWK))
	if err != nil {
		log.Fatal(err)
	}
	dec, err := jwe.NewDecrypter(jwe.Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.A128KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A128CBC_HS256},
		Keys:              jwk.NewSet(key),
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := dec.Decrypt(token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", res.Plaintext())

	strict, err := jwe.NewDecrypter(jwe.Policy{
		KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.A128KW},
		ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM},
		Keys:              jwk.NewSet(key),
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = strict.Decrypt(token)
	fmt.Println(err)
	// Output:
	// Live long and prosper.
	// jwe: "enc": "A128CBC-HS256" is not allowed by the policy
}
