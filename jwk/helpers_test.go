package jwk_test

import (
	"crypto/ecdsa"
	"encoding/json"
	"testing"

	"github.com/jose-suite/jose/jwk"
)

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func jsonMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ecdsaVerifyASN1(k *jwk.Key, digest, sig []byte) bool {
	return ecdsa.VerifyASN1(k.ECDSAPublicKey(), digest, sig)
}
