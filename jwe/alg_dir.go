package jwe

// dir (RFC 7518 §4.5): the shared symmetric key is the CEK, and the JWE
// Encrypted Key is empty.

// checkEmptyKey checks that the JWE Encrypted Key of dir or ECDH-ES (direct
// key agreement) is empty (RFC 7516 §5.1 step 5, RFC 7518 §4.5, §4.6).
func checkEmptyKey(part string, ek []byte) error {
	if len(ek) != 0 {
		return malformed(part, "must be empty for direct encryption and direct key agreement, has "+itoa(len(ek))+" bytes")
	}
	return nil
}

// dirCipher returns the content cipher of a dir key for enc: the one built
// when the policy was, or a new one.
func dirCipher(k *decryptKey, encIsGCM bool) (contentCipher, bool) {
	switch {
	case encIsGCM && k.gcm != nil:
		return contentCipher{gcm: k.gcm}, true
	case !encIsGCM && k.cbc != nil:
		return contentCipher{cbc: k.cbc}, true
	}
	return contentCipher{}, false
}
