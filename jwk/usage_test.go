package jwk_test

import (
	"errors"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

func TestPermitsSignature(t *testing.T) {
	t.Parallel()
	must := mustKey(t)
	rsaPriv := must(jwk.NewRSAPrivateKey(rsaKey()))
	rsaPub := must(rsaPriv.Public())
	ec := must(jwk.GenerateCurve(jwa.P256))
	ecPub := must(ec.Public())
	ed := must(jwk.GenerateCurve(jwa.Ed25519))
	hs32 := must(jwk.NewSymmetricKey(make32()))
	hs16 := must(jwk.NewSymmetricKey(make32()[:16]))
	x := must(jwk.GenerateCurve(jwa.X25519))
	withMeta := func(k *jwk.Key, m jwk.Metadata) *jwk.Key {
		t.Helper()
		nk, err := k.WithMetadata(m)
		if err != nil {
			t.Fatal(err)
		}
		return nk
	}
	tests := []struct {
		name string
		key  *jwk.Key
		op   jwk.Operation
		alg  jwa.SignatureAlgorithm
		ok   bool
	}{
		{"RSA verifies RS256", rsaPub, jwk.OpVerify, jwa.RS256, true},
		{"RSA verifies PS512", rsaPub, jwk.OpVerify, jwa.PS512, true},
		{"RSA public key as HMAC secret", rsaPub, jwk.OpVerify, jwa.HS256, false},
		{"EC public key as HMAC secret", ecPub, jwk.OpVerify, jwa.HS256, false},
		{"OKP public key as HMAC secret", must(ed.Public()), jwk.OpVerify, jwa.HS256, false},
		{"RSA public key cannot sign", rsaPub, jwk.OpSign, jwa.RS256, false},
		{"RSA private key signs", rsaPriv, jwk.OpSign, jwa.RS256, true},
		{"P-256 key with ES384", ecPub, jwk.OpVerify, jwa.ES384, false},
		{"P-256 key with ES256", ecPub, jwk.OpVerify, jwa.ES256, true},
		{"Ed25519 with EdDSA", ed, jwk.OpSign, jwa.EdDSA, true},
		{"Ed25519 with Ed25519", ed, jwk.OpSign, jwa.SigEd25519, true},
		{"X25519 key cannot sign", x, jwk.OpSign, jwa.EdDSA, false},
		{"32-byte secret with HS256", hs32, jwk.OpVerify, jwa.HS256, true},
		{"32-byte secret with HS384 is too short", hs32, jwk.OpVerify, jwa.HS384, false},
		{"16-byte secret with HS256 is too short", hs16, jwk.OpVerify, jwa.HS256, false},
		{"none is never permitted", hs32, jwk.OpVerify, jwa.None, false},
		{"use enc refuses verify", withMeta(ecPub, jwk.Metadata{Use: jwk.UseEncryption}), jwk.OpVerify, jwa.ES256, false},
		{"use sig allows verify", withMeta(ecPub, jwk.Metadata{Use: jwk.UseSignature}), jwk.OpVerify, jwa.ES256, true},
		{"key_ops without verify", withMeta(ec, jwk.Metadata{Operations: []jwk.Operation{jwk.OpSign}}), jwk.OpVerify, jwa.ES256, false},
		{"key_ops with verify", withMeta(ec, jwk.Metadata{Operations: []jwk.Operation{jwk.OpVerify}}), jwk.OpVerify, jwa.ES256, true},
		{"alg RS256 refuses PS256", withMeta(rsaPub, jwk.Metadata{Algorithm: "RS256"}), jwk.OpVerify, jwa.PS256, false},
		{"alg EdDSA serves Ed25519", withMeta(ed, jwk.Metadata{Algorithm: "EdDSA"}), jwk.OpVerify, jwa.SigEd25519, true},
		{"unknown use refuses everything", withMeta(ecPub, jwk.Metadata{Use: "tls"}), jwk.OpVerify, jwa.ES256, false},
		{"encrypt is not a signature operation", ecPub, jwk.OpEncrypt, jwa.ES256, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.key.PermitsSignature(tt.op, tt.alg)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok {
				if !errors.Is(err, jwk.ErrKeyUsage) {
					t.Fatalf("err = %v, want ErrKeyUsage", err)
				}
				if _, ok := errors.AsType[*jwk.UsageError](err); !ok {
					t.Errorf("err %v is not a *UsageError", err)
				}
			}
		})
	}
}

func TestPermitsKeyManagement(t *testing.T) {
	t.Parallel()
	must := mustKey(t)
	rsaPriv := must(jwk.NewRSAPrivateKey(rsaKey()))
	rsaPub := must(rsaPriv.Public())
	ec := must(jwk.GenerateCurve(jwa.P384))
	x := must(jwk.GenerateCurve(jwa.X25519))
	ed := must(jwk.GenerateCurve(jwa.Ed25519))
	k16 := must(jwk.NewSymmetricKey(make32()[:16]))
	k32 := must(jwk.NewSymmetricKey(make32()))
	tests := []struct {
		name string
		key  *jwk.Key
		op   jwk.Operation
		alg  jwa.KeyAlgorithm
		ok   bool
	}{
		{"RSA public encrypts RSA-OAEP-256", rsaPub, jwk.OpEncrypt, jwa.RSA_OAEP_256, true},
		{"RSA public cannot decrypt", rsaPub, jwk.OpDecrypt, jwa.RSA_OAEP_256, false},
		{"RSA private decrypts", rsaPriv, jwk.OpDecrypt, jwa.RSA_OAEP, true},
		{"RSA key for A128KW", rsaPriv, jwk.OpUnwrapKey, jwa.A128KW, false},
		{"EC key for ECDH-ES", ec, jwk.OpDecrypt, jwa.ECDH_ES_A256KW, true},
		{"X25519 key for ECDH-ES", x, jwk.OpDecrypt, jwa.ECDH_ES, true},
		{"Ed25519 key for ECDH-ES", ed, jwk.OpDecrypt, jwa.ECDH_ES, false},
		{"16-byte key for A128KW", k16, jwk.OpWrapKey, jwa.A128KW, true},
		{"16-byte key for A256KW", k16, jwk.OpWrapKey, jwa.A256KW, false},
		{"32-byte key for A256GCMKW", k32, jwk.OpUnwrapKey, jwa.A256GCMKW, true},
		{"32-byte key for dir", k32, jwk.OpDecrypt, jwa.Direct, true},
		{"sign is not a key management operation", k32, jwk.OpSign, jwa.Direct, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.key.PermitsKeyManagement(tt.op, tt.alg)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && !errors.Is(err, jwk.ErrKeyUsage) {
				t.Fatalf("err = %v, want ErrKeyUsage", err)
			}
		})
	}
}

func make32() []byte {
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}
