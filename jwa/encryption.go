package jwa

import "crypto"

// KeyAlgorithm is a JWE "alg" value: how the content encryption key is
// encrypted, wrapped, agreed or used directly (RFC 7518 §4.1).
type KeyAlgorithm string

// Key management algorithms.
const (
	RSA1_5       KeyAlgorithm = "RSA1_5"       // RSAES-PKCS1-v1_5, RFC 7518 §4.2; off unless a policy allows it
	RSA_OAEP     KeyAlgorithm = "RSA-OAEP"     // RSAES-OAEP with SHA-1 and MGF1-SHA-1, RFC 7518 §4.3
	RSA_OAEP_256 KeyAlgorithm = "RSA-OAEP-256" // RSAES-OAEP with SHA-256 and MGF1-SHA-256
	RSA_OAEP_384 KeyAlgorithm = "RSA-OAEP-384" // RSAES-OAEP with SHA-384 and MGF1-SHA-384
	RSA_OAEP_512 KeyAlgorithm = "RSA-OAEP-512" // RSAES-OAEP with SHA-512 and MGF1-SHA-512

	A128KW KeyAlgorithm = "A128KW" // AES Key Wrap with a 128-bit key, RFC 7518 §4.4
	A192KW KeyAlgorithm = "A192KW" // AES Key Wrap with a 192-bit key
	A256KW KeyAlgorithm = "A256KW" // AES Key Wrap with a 256-bit key

	Direct KeyAlgorithm = "dir" // the shared key is the CEK, RFC 7518 §4.5

	ECDH_ES        KeyAlgorithm = "ECDH-ES"        // ECDH-ES direct key agreement, RFC 7518 §4.6
	ECDH_ES_A128KW KeyAlgorithm = "ECDH-ES+A128KW" // ECDH-ES, then A128KW
	ECDH_ES_A192KW KeyAlgorithm = "ECDH-ES+A192KW" // ECDH-ES, then A192KW
	ECDH_ES_A256KW KeyAlgorithm = "ECDH-ES+A256KW" // ECDH-ES, then A256KW

	A128GCMKW KeyAlgorithm = "A128GCMKW" // AES-GCM key wrap with a 128-bit key, RFC 7518 §4.7
	A192GCMKW KeyAlgorithm = "A192GCMKW" // AES-GCM key wrap with a 192-bit key
	A256GCMKW KeyAlgorithm = "A256GCMKW" // AES-GCM key wrap with a 256-bit key

	PBES2_HS256_A128KW KeyAlgorithm = "PBES2-HS256+A128KW" // PBES2 with HMAC-SHA-256 and A128KW, RFC 7518 §4.8
	PBES2_HS384_A192KW KeyAlgorithm = "PBES2-HS384+A192KW" // PBES2 with HMAC-SHA-384 and A192KW
	PBES2_HS512_A256KW KeyAlgorithm = "PBES2-HS512+A256KW" // PBES2 with HMAC-SHA-512 and A256KW
)

// KeyAlgorithms returns every supported key management algorithm, in a fresh
// slice.
func KeyAlgorithms() []KeyAlgorithm {
	return []KeyAlgorithm{
		RSA1_5, RSA_OAEP, RSA_OAEP_256, RSA_OAEP_384, RSA_OAEP_512,
		A128KW, A192KW, A256KW,
		Direct,
		ECDH_ES, ECDH_ES_A128KW, ECDH_ES_A192KW, ECDH_ES_A256KW,
		A128GCMKW, A192GCMKW, A256GCMKW,
		PBES2_HS256_A128KW, PBES2_HS384_A192KW, PBES2_HS512_A256KW,
	}
}

// KeyFamily groups key management algorithms that work the same way.
type KeyFamily int

// Key management families.
const (
	FamilyUnknown  KeyFamily = iota
	FamilyRSA                // RSA1_5 and RSA-OAEP*: the CEK is encrypted to an RSA public key
	FamilyAESKW              // A*KW: the CEK is wrapped with a shared AES key
	FamilyDirect             // dir: the shared key is the CEK
	FamilyECDH               // ECDH-ES and ECDH-ES+A*KW: key agreement with an ephemeral key
	FamilyAESGCMKW           // A*GCMKW: the CEK is encrypted with AES-GCM under a shared key
	FamilyPBES2              // PBES2-*: a key derived from a password wraps the CEK
)

// Family returns the family of alg, or FamilyUnknown.
func (alg KeyAlgorithm) Family() KeyFamily {
	switch alg {
	case RSA1_5, RSA_OAEP, RSA_OAEP_256, RSA_OAEP_384, RSA_OAEP_512:
		return FamilyRSA
	case A128KW, A192KW, A256KW:
		return FamilyAESKW
	case Direct:
		return FamilyDirect
	case ECDH_ES, ECDH_ES_A128KW, ECDH_ES_A192KW, ECDH_ES_A256KW:
		return FamilyECDH
	case A128GCMKW, A192GCMKW, A256GCMKW:
		return FamilyAESGCMKW
	case PBES2_HS256_A128KW, PBES2_HS384_A192KW, PBES2_HS512_A256KW:
		return FamilyPBES2
	}
	return FamilyUnknown
}

// Supported reports whether alg is a supported key management algorithm.
func (alg KeyAlgorithm) Supported() bool { return alg.Family() != FamilyUnknown }

// KeyType returns the key type of the recipient key alg needs: RSA for the
// RSA family, EC or OKP (either may serve) are reported as EC for ECDH-ES
// (use [KeyAlgorithm.AcceptsKeyType]), Oct for AES key wrap, GCM key wrap,
// dir and PBES2 (a password is an octet sequence), "" for unknown names.
func (alg KeyAlgorithm) KeyType() KeyType {
	switch alg.Family() {
	case FamilyRSA:
		return RSA
	case FamilyECDH:
		return EC
	case FamilyAESKW, FamilyAESGCMKW, FamilyDirect, FamilyPBES2:
		return Oct
	}
	return ""
}

// AcceptsKeyType reports whether a recipient key of type kt can serve alg:
// ECDH-ES accepts EC keys and OKP (X25519) keys; every other algorithm the
// single type of [KeyAlgorithm.KeyType].
func (alg KeyAlgorithm) AcceptsKeyType(kt KeyType) bool {
	if alg.Family() == FamilyECDH {
		return kt == EC || kt == OKP
	}
	return kt != "" && alg.KeyType() == kt
}

// KeySize returns the size in bytes of the symmetric key alg uses to wrap the
// CEK: 16, 24 or 32 for A*KW, A*GCMKW, ECDH-ES+A*KW and PBES2-*, and 0 when the
// size is not fixed by alg (RSA, dir, ECDH-ES, where it follows "enc").
func (alg KeyAlgorithm) KeySize() int {
	switch alg {
	case A128KW, A128GCMKW, ECDH_ES_A128KW, PBES2_HS256_A128KW:
		return 16
	case A192KW, A192GCMKW, ECDH_ES_A192KW, PBES2_HS384_A192KW:
		return 24
	case A256KW, A256GCMKW, ECDH_ES_A256KW, PBES2_HS512_A256KW:
		return 32
	}
	return 0
}

// Hash returns the hash alg uses: the OAEP hash for RSA-OAEP* (SHA-1 for
// RSA-OAEP), the PRF hash for PBES2-*, and 0 otherwise.
func (alg KeyAlgorithm) Hash() crypto.Hash {
	switch alg {
	case RSA_OAEP:
		return crypto.SHA1
	case RSA_OAEP_256, PBES2_HS256_A128KW:
		return crypto.SHA256
	case RSA_OAEP_384, PBES2_HS384_A192KW:
		return crypto.SHA384
	case RSA_OAEP_512, PBES2_HS512_A256KW:
		return crypto.SHA512
	}
	return 0
}

// MinKeyBits returns the smallest recipient key alg accepts, in bits: 2048
// for RSA (RFC 7518 §4.2, §4.3), the wrapping key size for AES and GCM key
// wrap, and 0 where the size follows "enc" or a curve (dir, ECDH-ES, PBES2).
func (alg KeyAlgorithm) MinKeyBits() int {
	switch alg.Family() {
	case FamilyRSA:
		return 2048
	case FamilyAESKW, FamilyAESGCMKW:
		return alg.KeySize() * 8
	}
	return 0
}

// WrapsKey reports whether alg produces a non-empty JWE Encrypted Key. It is
// false for dir and ECDH-ES (direct key agreement), whose Encrypted Key must
// be empty (RFC 7516 §5.1 step 5, RFC 7518 §4.6).
func (alg KeyAlgorithm) WrapsKey() bool {
	return alg.Supported() && alg != Direct && alg != ECDH_ES
}

// String returns the registered name.
func (alg KeyAlgorithm) String() string { return string(alg) }

// ContentEncryption is a JWE "enc" value (RFC 7518 §5.1).
type ContentEncryption string

// Content encryption algorithms.
const (
	A128CBC_HS256 ContentEncryption = "A128CBC-HS256" // AES-128-CBC with HMAC-SHA-256, RFC 7518 §5.2.3
	A192CBC_HS384 ContentEncryption = "A192CBC-HS384" // AES-192-CBC with HMAC-SHA-384, RFC 7518 §5.2.4
	A256CBC_HS512 ContentEncryption = "A256CBC-HS512" // AES-256-CBC with HMAC-SHA-512, RFC 7518 §5.2.5
	A128GCM       ContentEncryption = "A128GCM"       // AES-128-GCM, RFC 7518 §5.3
	A192GCM       ContentEncryption = "A192GCM"       // AES-192-GCM
	A256GCM       ContentEncryption = "A256GCM"       // AES-256-GCM
)

// ContentEncryptions returns every supported content encryption algorithm,
// in a fresh slice.
func ContentEncryptions() []ContentEncryption {
	return []ContentEncryption{A128CBC_HS256, A192CBC_HS384, A256CBC_HS512, A128GCM, A192GCM, A256GCM}
}

// Supported reports whether enc is a supported content encryption algorithm.
func (enc ContentEncryption) Supported() bool { return enc.KeySize() != 0 }

// KeySize returns the CEK size in bytes: 32, 48 or 64 for the CBC-HMAC
// algorithms (MAC key and encryption key together), 16, 24 or 32 for GCM,
// and 0 for unknown names.
func (enc ContentEncryption) KeySize() int {
	switch enc {
	case A128CBC_HS256:
		return 32
	case A192CBC_HS384:
		return 48
	case A256CBC_HS512:
		return 64
	case A128GCM:
		return 16
	case A192GCM:
		return 24
	case A256GCM:
		return 32
	}
	return 0
}

// IVSize returns the initialization vector size in bytes: 16 for CBC-HMAC,
// 12 for GCM (RFC 7518 §5.2.2.1, §5.3), 0 for unknown names.
func (enc ContentEncryption) IVSize() int {
	switch {
	case enc.IsCBCHMAC():
		return 16
	case enc.IsGCM():
		return 12
	}
	return 0
}

// TagSize returns the authentication tag size in bytes: 16, 24 or 32 for
// CBC-HMAC, 16 for GCM, 0 for unknown names. Tags of any other length are
// rejected.
func (enc ContentEncryption) TagSize() int {
	switch enc {
	case A128CBC_HS256:
		return 16
	case A192CBC_HS384:
		return 24
	case A256CBC_HS512:
		return 32
	case A128GCM, A192GCM, A256GCM:
		return 16
	}
	return 0
}

// IsGCM reports whether enc is one of the AES-GCM algorithms.
func (enc ContentEncryption) IsGCM() bool {
	return enc == A128GCM || enc == A192GCM || enc == A256GCM
}

// IsCBCHMAC reports whether enc is one of the AES-CBC-HMAC-SHA2 algorithms.
func (enc ContentEncryption) IsCBCHMAC() bool {
	return enc == A128CBC_HS256 || enc == A192CBC_HS384 || enc == A256CBC_HS512
}

// String returns the registered name.
func (enc ContentEncryption) String() string { return string(enc) }
