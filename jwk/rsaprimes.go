package jwk

import (
	"errors"
	"math/big"
)

// recoverPrimes factors n from a key's public and private exponents, for
// RSA private JWKs that omit the optional CRT members (RFC 7518 §6.3.2).
// It follows NIST SP 800-56B Rev. 2, Appendix C.2: with k = d·e - 1 = 2^t·r,
// a random base g yields a nontrivial square root of 1 mod n with
// probability at least 1/2, and gcd(root-1, n) is a prime factor. Small
// fixed bases make the result deterministic. A first check that d inverts e
// (2^(e·d) = 2 mod n) refuses inconsistent keys with one exponentiation, so
// that hostile input costs a bounded number of them: one check and at most
// maxPrimeBases tries, each failing with probability at most 1/2.
//
// The caller bounds n (MaxRSAPrivateBits).
// maxPrimeBases bounds the bases recoverPrimes tries.
const maxPrimeBases = 24

func recoverPrimes(n, e, d *big.Int) (p, q *big.Int, err error) {
	one := big.NewInt(1)
	if d.Sign() <= 0 || d.Cmp(n) >= 0 {
		return nil, nil, errors.New("private exponent out of range")
	}
	k := new(big.Int).Mul(d, e)
	k.Sub(k, one)
	if k.Bit(0) != 0 {
		return nil, nil, errors.New("d·e - 1 is odd")
	}
	two := big.NewInt(2)
	check := new(big.Int).Exp(two, e, n)
	if check.Exp(check, d, n).Cmp(two) != 0 {
		return nil, nil, errors.New("d does not invert e")
	}
	t := k.TrailingZeroBits()
	r := new(big.Int).Rsh(k, t)
	nMinus1 := new(big.Int).Sub(n, one)
	g := new(big.Int)
	y := new(big.Int)
	x := new(big.Int)
	for base := int64(2); base < 2+maxPrimeBases; base++ {
		g.SetInt64(base)
		y.Exp(g, r, n)
		if y.Cmp(one) == 0 || y.Cmp(nMinus1) == 0 {
			continue
		}
		for i := uint(1); i <= t; i++ {
			x.Mul(y, y)
			x.Mod(x, n)
			if x.Cmp(one) == 0 {
				// y is a nontrivial square root of 1.
				p = new(big.Int).Sub(y, one)
				p.GCD(nil, nil, p, n)
				if p.Cmp(one) == 0 || p.Cmp(n) == 0 {
					break
				}
				q = new(big.Int).Div(n, p)
				if p.Cmp(q) < 0 {
					p, q = q, p
				}
				return p, q, nil
			}
			if x.Cmp(nMinus1) == 0 {
				break
			}
			y.Set(x)
		}
	}
	return nil, nil, errors.New("no factorization found")
}
