package jwk

import (
	"slices"

	"github.com/jose-suite/jose/jwa"
)

// PermitsSignature reports, as a nil error, whether k may perform op (OpSign
// or OpVerify) with alg. It checks, in order:
//   - the key's type and curve fit alg, and its size is at least
//     alg.MinKeyBits() (an HMAC secret shorter than its hash, RFC 7518
//     §3.2, is refused; so is an RSA, EC or OKP key used as an HMAC secret);
//   - OpSign needs private material;
//   - the key's "use", when present, is "sig";
//   - its "key_ops", when present, lists op;
//   - its "alg", when present, equals alg, except that EdDSA and Ed25519
//     (RFC 9864) name the same Ed25519 signatures and serve each other.
//
// Otherwise it returns a [*UsageError] that wraps [ErrKeyUsage]. [None] is
// never permitted.
func (k *Key) PermitsSignature(op Operation, alg jwa.SignatureAlgorithm) error {
	deny := func(reason string) error {
		return &UsageError{KeyID: k.meta.KeyID, Operation: op, Algorithm: string(alg), Reason: reason}
	}
	if op != OpSign && op != OpVerify {
		return deny("not a signature operation")
	}
	if !alg.Supported() {
		return deny("unsupported signature algorithm")
	}
	if alg.KeyType() != k.kty {
		return deny("needs a " + string(alg.KeyType()) + " key, this is " + string(k.kty))
	}
	if c := alg.Curve(); c != "" && c != k.crv {
		return deny("needs curve " + string(c) + ", this key is on " + string(k.crv))
	}
	if k.Size() < alg.MinKeyBits() {
		return deny("key of " + itoa(k.Size()) + " bits is below the " + itoa(alg.MinKeyBits()) + " bits it needs")
	}
	if op == OpSign && k.Signer() == nil && k.secret == nil {
		return deny("signing needs a private key")
	}
	if err := k.checkDeclared(op, string(alg), deny); err != nil {
		return err
	}
	return nil
}

// PermitsKeyManagement reports, as a nil error, whether k may perform op
// with the JWE key management algorithm alg. The operations are OpEncrypt,
// OpWrapKey or OpDeriveKey for the sender and OpDecrypt, OpUnwrapKey or
// OpDeriveKey for the recipient. It checks the key's type (RSA for RSA1_5
// and RSA-OAEP*, EC or X25519 for ECDH-ES*, oct for the others), the exact
// size of AES and AES-GCM wrapping keys, the 2048-bit RSA minimum, that
// recipient operations have private material, and the key's "use"
// ("enc"), "key_ops" and "alg" members as [Key.PermitsSignature] does.
// Whether a "dir" key fits the content encryption is checked by the jwe
// package, which knows "enc"; a "dir" key whose "alg" names a content
// encryption algorithm (RFC 7520 §5.6) is accepted here for that reason.
func (k *Key) PermitsKeyManagement(op Operation, alg jwa.KeyAlgorithm) error {
	deny := func(reason string) error {
		return &UsageError{KeyID: k.meta.KeyID, Operation: op, Algorithm: string(alg), Reason: reason}
	}
	if op.use() != UseEncryption {
		return deny("not a key management operation")
	}
	if !alg.Supported() {
		return deny("unsupported key management algorithm")
	}
	if !alg.AcceptsKeyType(k.kty) {
		return deny("does not accept a " + string(k.kty) + " key")
	}
	if k.kty == jwa.OKP && k.crv != jwa.X25519 {
		return deny("needs an X25519 key, this key is on " + string(k.crv))
	}
	switch alg.Family() {
	case jwa.FamilyRSA:
		if k.Size() < alg.MinKeyBits() {
			return deny("RSA key of " + itoa(k.Size()) + " bits is below 2048")
		}
	case jwa.FamilyAESKW, jwa.FamilyAESGCMKW:
		if len(k.secret) != alg.KeySize() {
			return deny("needs a " + itoa(alg.KeySize()) + "-byte key, have " + itoa(len(k.secret)))
		}
	}
	if op == OpDecrypt || op == OpUnwrapKey {
		switch {
		case alg.Family() == jwa.FamilyRSA && k.Decrypter() == nil,
			alg.Family() == jwa.FamilyECDH && k.KeyExchanger() == nil:
			return deny("decryption needs a private key")
		}
	}
	declared := string(alg)
	if alg == jwa.Direct && jwa.ContentEncryption(k.meta.Algorithm).Supported() {
		// A dir key may name the content encryption it serves, as RFC
		// 7520 §5.6 does ("alg":"A128GCM"); parsing accepts such a key
		// when the size fits, and the jwe package matches it with "enc".
		declared = k.meta.Algorithm
	}
	return k.checkDeclared(op, declared, deny)
}

// checkDeclared enforces the key's own "use", "key_ops" and "alg".
func (k *Key) checkDeclared(op Operation, alg string, deny func(string) error) error {
	m := &k.meta
	if m.Use != "" && m.Use != op.use() {
		return deny("key use is " + string(m.Use))
	}
	if m.Operations != nil && !slices.Contains(m.Operations, op) && !impliedOp(m.Operations, op) {
		return deny("key_ops does not list " + string(op))
	}
	if m.Algorithm != "" && m.Algorithm != alg && !sameEd25519(m.Algorithm, alg) {
		return deny("key is restricted to " + truncate(m.Algorithm, 32))
	}
	return nil
}

// impliedOp maps the JWE operations onto each other where RFC 7517 §4.3
// leaves the choice to the application: a key listing "wrapKey" serves key
// wrapping whichever of encrypt/wrapKey the caller names, and likewise for
// unwrapping. ECDH-ES recipients commonly list "deriveKey" or "deriveBits".
func impliedOp(ops []Operation, op Operation) bool {
	switch op {
	case OpEncrypt:
		return slices.Contains(ops, OpWrapKey) || slices.Contains(ops, OpDeriveKey)
	case OpWrapKey:
		return slices.Contains(ops, OpEncrypt) || slices.Contains(ops, OpDeriveKey)
	case OpDecrypt:
		return slices.Contains(ops, OpUnwrapKey) || slices.Contains(ops, OpDeriveKey) || slices.Contains(ops, OpDeriveBits)
	case OpUnwrapKey:
		return slices.Contains(ops, OpDecrypt) || slices.Contains(ops, OpDeriveKey) || slices.Contains(ops, OpDeriveBits)
	}
	return false
}

func sameEd25519(a, b string) bool {
	ed := func(s string) bool {
		return s == string(jwa.EdDSA) || s == string(jwa.SigEd25519)
	}
	return ed(a) && ed(b)
}
