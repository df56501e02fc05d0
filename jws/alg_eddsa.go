package jws

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
)

// EdDSA with Ed25519 (RFC 8037 §3.1), under its polymorphic name "EdDSA"
// and its fully specified name "Ed25519" (RFC 9864 §2.2): both produce and
// accept the same signatures.

// signEd25519 signs input with an Ed25519 crypto.Signer (pure Ed25519: the
// message is not hashed first).
func signEd25519(s crypto.Signer, input []byte) ([]byte, error) {
	if priv, ok := s.(ed25519.PrivateKey); ok && len(priv) == ed25519.PrivateKeySize {
		// The standard library's key directly, without the interface
		// dispatch and option checks of crypto.SignMessage.
		return ed25519.Sign(priv, input), nil
	}
	sig, err := crypto.SignMessage(s, rand.Reader, input, crypto.Hash(0))
	if err != nil {
		return nil, err
	}
	if len(sig) != ed25519.SignatureSize {
		return nil, errors.New("jws: Ed25519 signer returned a signature of the wrong length")
	}
	return sig, nil
}

// verifyEd25519 reports whether sig is a valid Ed25519 signature of input.
// crypto/ed25519 refuses non-canonical S values (RFC 8032 §5.1.7).
func verifyEd25519(pub ed25519.PublicKey, input, sig []byte) bool {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(pub, input, sig)
}
