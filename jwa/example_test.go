package jwa_test

import (
	"fmt"

	"github.com/jose-suite/jose/jwa"
)

// What key does ES384 need, and how large is the CEK of A256CBC-HS512?
func Example() {
	alg := jwa.ES384
	fmt.Println(alg.KeyType(), alg.Curve(), alg.Hash())

	enc := jwa.A256CBC_HS512
	fmt.Println(enc.KeySize(), enc.IVSize(), enc.TagSize())

	fmt.Println(jwa.None.Supported())
	// Output:
	// EC P-384 SHA-384
	// 64 16 32
	// false
}

func ExampleKeyAlgorithm_AcceptsKeyType() {
	fmt.Println(jwa.ECDH_ES_A128KW.AcceptsKeyType(jwa.OKP))
	fmt.Println(jwa.RSA_OAEP_256.AcceptsKeyType(jwa.Oct))
	// Output:
	// true
	// false
}
