package jws

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/jose-suite/jose/jwk"
)

// x509Key returns the leaf key of h's "x5c" chain (RFC 7515 §4.1.6) once
// the chain verifies to the policy's roots, prepared to verify h's "alg".
// It is called only when the policy sets X509Roots. Its errors wrap no
// jws sentinel: the caller reports them inside a [KeyError].
func (v *Verifier) x509Key(h *Header) (*verifyKey, error) {
	val, _, _ := h.h.Get("x5c")
	certs, err := val.StringArray()
	if err != nil {
		return nil, errors.Join(errors.New(`jws: "x5c" is not an array of strings`), err)
	}
	if len(certs) == 0 || len(certs) > jwk.MaxX509Chain {
		return nil, errors.New(`jws: "x5c" needs between 1 and ` + strconv.Itoa(jwk.MaxX509Chain) + " certificates")
	}
	ders := make([][]byte, len(certs))
	for i, c := range certs {
		// RFC 7515 §4.1.6: base64 (not base64url) DER.
		if ders[i], err = base64.StdEncoding.Strict().DecodeString(c); err != nil {
			return nil, errors.Join(errors.New(`jws: "x5c[`+strconv.Itoa(i)+`]" is not base64`), err)
		}
	}
	key, err := jwk.ParseCertificate(ders...)
	if err != nil {
		return nil, err
	}
	chain := key.Metadata().X509Chain
	p := v.x509
	inter := x509.NewCertPool()
	if p.intermediates != nil {
		inter = p.intermediates.Clone()
	}
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	now := time.Now
	if p.clock != nil {
		now = p.clock
	}
	opts := x509.VerifyOptions{
		Roots:         p.roots,
		Intermediates: inter,
		KeyUsages:     p.usages,
		CurrentTime:   now(),
	}
	if _, err := chain[0].Verify(opts); err != nil {
		return nil, errors.Join(errors.New("jws: x5c chain does not verify"), err)
	}
	return newVerifyKey(key, h.alg)
}
