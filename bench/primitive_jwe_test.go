package bench

// The primitive reference for JWE: the standard library's cryptography on
// the same bytes, with the few JOSE pieces it lacks written out here (AES
// key wrap, RFC 3394; the Concat KDF, RFC 7518 §4.6.2; AES-CBC-HMAC-SHA2,
// RFC 7518 §5.2). Decrypting finds the four dots and decodes the parts; it
// parses the header only where the key management needs it ("epk", "p2s",
// "p2c"), since the algorithm and key are known. Encrypting draws the CEK,
// IV, ephemeral key and salt from crypto/rand, as every library does.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
)

const kwIV = 0xA6A6A6A6A6A6A6A6 // RFC 3394 §2.2.3.1

// aesKeyWrap wraps cek (a multiple of 8 bytes) under kek, RFC 3394 §2.2.1.
func aesKeyWrap(kek, cek []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	n := len(cek) / 8
	out := make([]byte, 8+len(cek))
	copy(out[8:], cek)
	a := uint64(kwIV)
	var buf [16]byte
	for j := range 6 {
		for i := 1; i <= n; i++ {
			binary.BigEndian.PutUint64(buf[:8], a)
			copy(buf[8:], out[8*i:8*i+8])
			block.Encrypt(buf[:], buf[:])
			a = binary.BigEndian.Uint64(buf[:8]) ^ uint64(n*j+i)
			copy(out[8*i:], buf[8:])
		}
	}
	binary.BigEndian.PutUint64(out[:8], a)
	return out, nil
}

// aesKeyUnwrap unwraps wrapped under kek, RFC 3394 §2.2.2.
func aesKeyUnwrap(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped)%8 != 0 || len(wrapped) < 24 {
		return nil, errPrimitive
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	n := len(wrapped)/8 - 1
	r := make([]byte, 8*n)
	copy(r, wrapped[8:])
	a := binary.BigEndian.Uint64(wrapped[:8])
	var buf [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			binary.BigEndian.PutUint64(buf[:8], a^uint64(n*j+i))
			copy(buf[8:], r[8*(i-1):8*i])
			block.Decrypt(buf[:], buf[:])
			a = binary.BigEndian.Uint64(buf[:8])
			copy(r[8*(i-1):], buf[8:])
		}
	}
	var got, want [8]byte
	binary.BigEndian.PutUint64(got[:], a)
	binary.BigEndian.PutUint64(want[:], kwIV)
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return nil, errPrimitive
	}
	return r, nil
}

// concatKDF derives keyBits (at most 256) bits from the shared secret z,
// RFC 7518 §4.6.2 with NIST SP 800-56A's single-step KDF over SHA-256.
func concatKDF(z []byte, algID string, apu, apv []byte, keyBits int) []byte {
	h := sha256.New()
	var u32 [4]byte
	put := func(v int) {
		binary.BigEndian.PutUint32(u32[:], uint32(v))
		h.Write(u32[:])
	}
	put(1)
	h.Write(z)
	put(len(algID))
	h.Write([]byte(algID))
	put(len(apu))
	h.Write(apu)
	put(len(apv))
	h.Write(apv)
	put(keyBits)
	return h.Sum(nil)[:keyBits/8]
}

// cbcHMACTag is the A128CBC-HS256 tag, RFC 7518 §5.2.2.1.
func cbcHMACTag(macKey, aad, iv, ct []byte) []byte {
	m := hmac.New(sha256.New, macKey)
	m.Write(aad)
	m.Write(iv)
	m.Write(ct)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8)
	m.Write(al[:])
	return m.Sum(nil)[:16]
}

func cbcHMACSeal(cek, iv, plaintext, aad []byte) (ct, tag []byte, err error) {
	block, err := aes.NewCipher(cek[16:])
	if err != nil {
		return nil, nil, err
	}
	pad := 16 - len(plaintext)%16
	ct = make([]byte, len(plaintext)+pad)
	copy(ct, plaintext)
	for i := len(plaintext); i < len(ct); i++ {
		ct[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)
	return ct, cbcHMACTag(cek[:16], aad, iv, ct), nil
}

func cbcHMACOpen(cek, iv, ct, tag, aad []byte) ([]byte, error) {
	if len(ct) == 0 || len(ct)%16 != 0 || len(iv) != 16 {
		return nil, errPrimitive
	}
	if !hmac.Equal(cbcHMACTag(cek[:16], aad, iv, ct), tag) {
		return nil, errPrimitive
	}
	block, err := aes.NewCipher(cek[16:])
	if err != nil {
		return nil, err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad == 0 || pad > 16 {
		return nil, errPrimitive
	}
	for _, b := range pt[len(pt)-pad:] {
		if int(b) != pad {
			return nil, errPrimitive
		}
	}
	return pt[:len(pt)-pad], nil
}

func gcmSeal(cek, plaintext, aad []byte) (iv, ct, tag []byte, err error) {
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, nil, nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, nil, err
	}
	iv = make([]byte, gcm.NonceSize())
	rand.Read(iv)
	sealed := gcm.Seal(nil, iv, plaintext, aad)
	return iv, sealed[:len(plaintext)], sealed[len(plaintext):], nil
}

// primitiveHeader is what the key management reads from a protected header.
type primitiveHeader struct {
	EPK *struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		X   string `json:"x"`
		Y   string `json:"y"`
	} `json:"epk"`
	APU string `json:"apu"`
	APV string `json:"apv"`
	P2S string `json:"p2s"`
	P2C int    `json:"p2c"`
}

func primitiveEncrypt(tb testing.TB, c jweCase) encryptFunc {
	fixed := `{"alg":"` + string(c.alg) + `","enc":"` + string(c.enc) + `"`
	recipient := stdRecipientKey(tb, c)
	if c.key == "ec-enc" {
		// The key-agreement form, converted once: converting an
		// *ecdsa.PublicKey on every call would cost a point decoding.
		recipient = keys(tb).ecEncDH.PublicKey()
	}
	cekSize := 32
	if c.enc == jwa.A128GCM {
		cekSize = 16
	}
	return func(plaintext []byte) (string, error) {
		header := fixed
		var cek, ek []byte
		var err error
		switch c.alg {
		case jwa.Direct:
			cek = recipient.([]byte)
		case jwa.A128KW:
			cek = make([]byte, cekSize)
			rand.Read(cek)
			ek, err = aesKeyWrap(recipient.([]byte), cek)
		case jwa.RSA_OAEP_256:
			cek = make([]byte, cekSize)
			rand.Read(cek)
			ek, err = rsa.EncryptOAEP(sha256.New(), rand.Reader, recipient.(*rsa.PublicKey), cek, nil)
		case jwa.ECDH_ES_A128KW, jwa.ECDH_ES:
			pub := recipient.(*ecdh.PublicKey)
			eph, err := pub.Curve().GenerateKey(rand.Reader)
			if err != nil {
				return "", err
			}
			z, err := eph.ECDH(pub)
			if err != nil {
				return "", err
			}
			epk := eph.PublicKey().Bytes()
			if c.alg == jwa.ECDH_ES {
				header += `,"epk":{"kty":"OKP","crv":"X25519","x":"` + b64.EncodeToString(epk) + `"}`
				cek = concatKDF(z, string(c.enc), nil, nil, 8*cekSize)
			} else {
				header += `,"epk":{"kty":"EC","crv":"P-256","x":"` + b64.EncodeToString(epk[1:33]) + `","y":"` + b64.EncodeToString(epk[33:]) + `"}`
				kek := concatKDF(z, string(c.alg), nil, nil, 128)
				cek = make([]byte, cekSize)
				rand.Read(cek)
				ek, err = aesKeyWrap(kek, cek)
			}
		case jwa.PBES2_HS256_A128KW:
			p2s := make([]byte, 16)
			rand.Read(p2s)
			header += `,"p2c":` + strconv.Itoa(pbes2Count) + `,"p2s":"` + b64.EncodeToString(p2s) + `"`
			var kek []byte
			kek, err = pbkdf2.Key(sha256.New, string(recipient.([]byte)), append([]byte(string(c.alg)+"\x00"), p2s...), pbes2Count, 16)
			if err != nil {
				return "", err
			}
			cek = make([]byte, cekSize)
			rand.Read(cek)
			ek, err = aesKeyWrap(kek, cek)
		default:
			return "", errPrimitive
		}
		if err != nil {
			return "", err
		}
		aad := b64.AppendEncode(nil, []byte(header+"}"))
		var iv, ct, tag []byte
		if c.enc == jwa.A128CBC_HS256 {
			iv = make([]byte, 16)
			rand.Read(iv)
			ct, tag, err = cbcHMACSeal(cek, iv, plaintext, aad)
		} else {
			iv, ct, tag, err = gcmSeal(cek, plaintext, aad)
		}
		if err != nil {
			return "", err
		}
		out := make([]byte, 0, len(aad)+4+b64.EncodedLen(len(ek)+len(iv)+len(ct)+len(tag))+4)
		out = append(out, aad...)
		out = append(out, '.')
		out = b64.AppendEncode(out, ek)
		out = append(out, '.')
		out = b64.AppendEncode(out, iv)
		out = append(out, '.')
		out = b64.AppendEncode(out, ct)
		out = append(out, '.')
		out = b64.AppendEncode(out, tag)
		return string(out), nil
	}
}

func primitiveDecrypt(tb testing.TB, c jweCase) decryptFunc {
	key := stdDecryptionKey(tb, c)
	if c.key == "ec-enc" {
		// The key-agreement form, converted once: (*ecdsa.PrivateKey).ECDH
		// computes the public key, a scalar multiplication.
		key = keys(tb).ecEncDH
	}
	return func(token string) ([]byte, error) {
		var parts [5]string
		rest := token
		for i := range 4 {
			var ok bool
			parts[i], rest, ok = strings.Cut(rest, ".")
			if !ok {
				return nil, errPrimitive
			}
		}
		parts[4] = rest
		if strings.IndexByte(rest, '.') >= 0 {
			return nil, errPrimitive
		}
		aad := []byte(parts[0])
		ek, err := b64.DecodeString(parts[1])
		if err != nil {
			return nil, err
		}
		iv, err := b64.DecodeString(parts[2])
		if err != nil {
			return nil, err
		}
		// Ciphertext and tag are decoded into one buffer, which is the
		// form cipher.AEAD.Open takes.
		ctTag := make([]byte, b64.DecodedLen(len(parts[3]))+b64.DecodedLen(len(parts[4])))
		nct, err := b64.Decode(ctTag, []byte(parts[3]))
		if err != nil {
			return nil, err
		}
		ntag, err := b64.Decode(ctTag[nct:], []byte(parts[4]))
		if err != nil {
			return nil, err
		}
		ctTag = ctTag[:nct+ntag]

		var cek []byte
		switch c.alg {
		case jwa.Direct:
			cek = key.([]byte)
		case jwa.A128KW:
			cek, err = aesKeyUnwrap(key.([]byte), ek)
		case jwa.RSA_OAEP_256:
			cek, err = rsa.DecryptOAEP(sha256.New(), nil, key.(*rsa.PrivateKey), ek, nil)
		case jwa.ECDH_ES_A128KW, jwa.ECDH_ES, jwa.PBES2_HS256_A128KW:
			hdr, err := b64.DecodeString(parts[0])
			if err != nil {
				return nil, err
			}
			var h primitiveHeader
			if err := json.Unmarshal(hdr, &h); err != nil {
				return nil, err
			}
			cek, err = primitiveDerive(c, key, &h, ek)
		default:
			return nil, errPrimitive
		}
		if err != nil {
			return nil, err
		}
		if c.enc == jwa.A128CBC_HS256 {
			if len(cek) != 32 || ntag != 16 {
				return nil, errPrimitive
			}
			return cbcHMACOpen(cek, iv, ctTag[:nct], ctTag[nct:], aad)
		}
		block, err := aes.NewCipher(cek)
		if err != nil {
			return nil, err
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		if len(iv) != gcm.NonceSize() || ntag != gcm.Overhead() {
			return nil, errPrimitive
		}
		return gcm.Open(ctTag[:0], iv, ctTag, aad)
	}
}

// primitiveDerive recovers the CEK for ECDH-ES, ECDH-ES+A128KW and PBES2
// from the header's parameters.
func primitiveDerive(c jweCase, key any, h *primitiveHeader, ek []byte) ([]byte, error) {
	if c.alg == jwa.PBES2_HS256_A128KW {
		p2s, err := b64.DecodeString(h.P2S)
		if err != nil || len(p2s) < 8 || h.P2C < 1000 || h.P2C > pbes2Count {
			return nil, errPrimitive
		}
		kek, err := pbkdf2.Key(sha256.New, string(key.([]byte)), append([]byte(string(c.alg)+"\x00"), p2s...), h.P2C, 16)
		if err != nil {
			return nil, err
		}
		return aesKeyUnwrap(kek, ek)
	}
	if h.EPK == nil {
		return nil, errPrimitive
	}
	x, err := b64.DecodeString(h.EPK.X)
	if err != nil {
		return nil, err
	}
	apu, err := b64.DecodeString(h.APU)
	if err != nil {
		return nil, err
	}
	apv, err := b64.DecodeString(h.APV)
	if err != nil {
		return nil, err
	}
	priv := key.(*ecdh.PrivateKey)
	var pub *ecdh.PublicKey
	if c.alg == jwa.ECDH_ES {
		if h.EPK.Kty != "OKP" || h.EPK.Crv != "X25519" {
			return nil, errPrimitive
		}
		pub, err = ecdh.X25519().NewPublicKey(x)
	} else {
		y, err := b64.DecodeString(h.EPK.Y)
		if err != nil || h.EPK.Kty != "EC" || h.EPK.Crv != "P-256" || len(x) != 32 || len(y) != 32 {
			return nil, errPrimitive
		}
		pub, err = ecdh.P256().NewPublicKey(append(append([]byte{4}, x...), y...))
		if err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	z, err := priv.ECDH(pub) // refuses X25519's low-order points
	if err != nil {
		return nil, err
	}
	if c.alg == jwa.ECDH_ES {
		return concatKDF(z, string(c.enc), apu, apv, 128), nil
	}
	return aesKeyUnwrap(concatKDF(z, string(c.alg), apu, apv, 128), ek)
}
