package jwa_test

import (
	"crypto"
	"testing"

	"github.com/jose-suite/jose/jwa"
)

func TestSignatureAlgorithmFacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg     jwa.SignatureAlgorithm
		kty     jwa.KeyType
		crv     jwa.Curve
		hash    crypto.Hash
		minBits int
	}{
		{jwa.HS256, jwa.Oct, "", crypto.SHA256, 256},
		{jwa.HS384, jwa.Oct, "", crypto.SHA384, 384},
		{jwa.HS512, jwa.Oct, "", crypto.SHA512, 512},
		{jwa.RS256, jwa.RSA, "", crypto.SHA256, 2048},
		{jwa.RS384, jwa.RSA, "", crypto.SHA384, 2048},
		{jwa.RS512, jwa.RSA, "", crypto.SHA512, 2048},
		{jwa.PS256, jwa.RSA, "", crypto.SHA256, 2048},
		{jwa.PS384, jwa.RSA, "", crypto.SHA384, 2048},
		{jwa.PS512, jwa.RSA, "", crypto.SHA512, 2048},
		{jwa.ES256, jwa.EC, jwa.P256, crypto.SHA256, 256},
		{jwa.ES384, jwa.EC, jwa.P384, crypto.SHA384, 384},
		{jwa.ES512, jwa.EC, jwa.P521, crypto.SHA512, 521},
		{jwa.EdDSA, jwa.OKP, jwa.Ed25519, 0, 256},
		{jwa.SigEd25519, jwa.OKP, jwa.Ed25519, 0, 256},
		{jwa.None, "", "", 0, 0},
		{"none ", "", "", 0, 0},
		{"hs256", "", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg), func(t *testing.T) {
			if got := tt.alg.KeyType(); got != tt.kty {
				t.Errorf("KeyType() = %q, want %q", got, tt.kty)
			}
			if got := tt.alg.Curve(); got != tt.crv {
				t.Errorf("Curve() = %q, want %q", got, tt.crv)
			}
			if got := tt.alg.Hash(); got != tt.hash {
				t.Errorf("Hash() = %v, want %v", got, tt.hash)
			}
			if got := tt.alg.MinKeyBits(); got != tt.minBits {
				t.Errorf("MinKeyBits() = %d, want %d", got, tt.minBits)
			}
			if got, want := tt.alg.Supported(), tt.kty != ""; got != want {
				t.Errorf("Supported() = %v, want %v", got, want)
			}
			if got, want := tt.alg.IsSymmetric(), tt.kty == jwa.Oct; got != want {
				t.Errorf("IsSymmetric() = %v, want %v", got, want)
			}
		})
	}
}

func TestListsAreCompleteAndFresh(t *testing.T) {
	t.Parallel()
	sig := jwa.SignatureAlgorithms()
	if len(sig) != 14 {
		t.Errorf("SignatureAlgorithms() has %d entries, want 14", len(sig))
	}
	seen := map[jwa.SignatureAlgorithm]bool{}
	for _, a := range sig {
		if !a.Supported() || seen[a] || a == jwa.None {
			t.Errorf("SignatureAlgorithms() entry %q unsupported, duplicated or none", a)
		}
		seen[a] = true
	}
	sig[0] = "tampered"
	if jwa.SignatureAlgorithms()[0] == "tampered" {
		t.Error("SignatureAlgorithms() returned shared storage")
	}
	if got := len(jwa.KeyAlgorithms()); got != 19 {
		t.Errorf("KeyAlgorithms() has %d entries, want 19", got)
	}
	for _, a := range jwa.KeyAlgorithms() {
		if !a.Supported() {
			t.Errorf("KeyAlgorithms() entry %q unsupported", a)
		}
	}
	if got := len(jwa.ContentEncryptions()); got != 6 {
		t.Errorf("ContentEncryptions() has %d entries, want 6", got)
	}
	for _, c := range jwa.Curves() {
		if !c.Supported() || !c.KeyType().Supported() {
			t.Errorf("curve %q unsupported", c)
		}
	}
	for _, kt := range jwa.KeyTypes() {
		if !kt.Supported() {
			t.Errorf("key type %q unsupported", kt)
		}
	}
}

func TestKeyAlgorithmFacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg     jwa.KeyAlgorithm
		family  jwa.KeyFamily
		keySize int
		hash    crypto.Hash
		wraps   bool
	}{
		{jwa.RSA1_5, jwa.FamilyRSA, 0, 0, true},
		{jwa.RSA_OAEP, jwa.FamilyRSA, 0, crypto.SHA1, true},
		{jwa.RSA_OAEP_256, jwa.FamilyRSA, 0, crypto.SHA256, true},
		{jwa.RSA_OAEP_384, jwa.FamilyRSA, 0, crypto.SHA384, true},
		{jwa.RSA_OAEP_512, jwa.FamilyRSA, 0, crypto.SHA512, true},
		{jwa.A128KW, jwa.FamilyAESKW, 16, 0, true},
		{jwa.A192KW, jwa.FamilyAESKW, 24, 0, true},
		{jwa.A256KW, jwa.FamilyAESKW, 32, 0, true},
		{jwa.Direct, jwa.FamilyDirect, 0, 0, false},
		{jwa.ECDH_ES, jwa.FamilyECDH, 0, 0, false},
		{jwa.ECDH_ES_A128KW, jwa.FamilyECDH, 16, 0, true},
		{jwa.ECDH_ES_A192KW, jwa.FamilyECDH, 24, 0, true},
		{jwa.ECDH_ES_A256KW, jwa.FamilyECDH, 32, 0, true},
		{jwa.A128GCMKW, jwa.FamilyAESGCMKW, 16, 0, true},
		{jwa.A192GCMKW, jwa.FamilyAESGCMKW, 24, 0, true},
		{jwa.A256GCMKW, jwa.FamilyAESGCMKW, 32, 0, true},
		{jwa.PBES2_HS256_A128KW, jwa.FamilyPBES2, 16, crypto.SHA256, true},
		{jwa.PBES2_HS384_A192KW, jwa.FamilyPBES2, 24, crypto.SHA384, true},
		{jwa.PBES2_HS512_A256KW, jwa.FamilyPBES2, 32, crypto.SHA512, true},
		{"RSA-OAEP-1024", jwa.FamilyUnknown, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg), func(t *testing.T) {
			if got := tt.alg.Family(); got != tt.family {
				t.Errorf("Family() = %v, want %v", got, tt.family)
			}
			if got := tt.alg.KeySize(); got != tt.keySize {
				t.Errorf("KeySize() = %d, want %d", got, tt.keySize)
			}
			if got := tt.alg.Hash(); got != tt.hash {
				t.Errorf("Hash() = %v, want %v", got, tt.hash)
			}
			if got := tt.alg.WrapsKey(); got != tt.wraps {
				t.Errorf("WrapsKey() = %v, want %v", got, tt.wraps)
			}
		})
	}
	if !jwa.ECDH_ES.AcceptsKeyType(jwa.OKP) || !jwa.ECDH_ES.AcceptsKeyType(jwa.EC) || jwa.ECDH_ES.AcceptsKeyType(jwa.RSA) {
		t.Error("ECDH-ES must accept EC and OKP keys only")
	}
	if jwa.A128KW.AcceptsKeyType(jwa.RSA) || !jwa.A128KW.AcceptsKeyType(jwa.Oct) {
		t.Error("A128KW must accept oct keys only")
	}
}

func TestContentEncryptionFacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		enc              jwa.ContentEncryption
		key, iv, tag     int
		isGCM, isCBCHMAC bool
	}{
		{jwa.A128CBC_HS256, 32, 16, 16, false, true},
		{jwa.A192CBC_HS384, 48, 16, 24, false, true},
		{jwa.A256CBC_HS512, 64, 16, 32, false, true},
		{jwa.A128GCM, 16, 12, 16, true, false},
		{jwa.A192GCM, 24, 12, 16, true, false},
		{jwa.A256GCM, 32, 12, 16, true, false},
		{"A512GCM", 0, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.enc), func(t *testing.T) {
			if tt.enc.KeySize() != tt.key || tt.enc.IVSize() != tt.iv || tt.enc.TagSize() != tt.tag {
				t.Errorf("sizes = %d/%d/%d, want %d/%d/%d", tt.enc.KeySize(), tt.enc.IVSize(), tt.enc.TagSize(), tt.key, tt.iv, tt.tag)
			}
			if tt.enc.IsGCM() != tt.isGCM || tt.enc.IsCBCHMAC() != tt.isCBCHMAC {
				t.Errorf("IsGCM/IsCBCHMAC = %v/%v", tt.enc.IsGCM(), tt.enc.IsCBCHMAC())
			}
			if tt.enc.Supported() != (tt.key != 0) {
				t.Errorf("Supported() = %v", tt.enc.Supported())
			}
		})
	}
}

func TestCurveFacts(t *testing.T) {
	t.Parallel()
	sizes := map[jwa.Curve]int{jwa.P256: 32, jwa.P384: 48, jwa.P521: 66, jwa.Ed25519: 32, jwa.X25519: 32, "Ed448": 0, "secp256k1": 0}
	for c, want := range sizes {
		if got := c.Size(); got != want {
			t.Errorf("%s.Size() = %d, want %d", c, got, want)
		}
	}
	if jwa.X25519.KeyType() != jwa.OKP || jwa.P521.KeyType() != jwa.EC {
		t.Error("curve key types wrong")
	}
	if !jwa.Deflate.Supported() || jwa.Compression("GZIP").Supported() {
		t.Error("only DEF is a supported compression")
	}
}
