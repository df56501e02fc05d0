package attacks

import (
	"fmt"
	"testing"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwt"
)

// Class: "exp"/"nbf"/"iat" as strings, floats, huge values. Libraries have
// read a string "exp" as absent (a token that never expires), overflowed
// int64 or time arithmetic on huge values (wrapping to the past or the
// future), truncated floats in the attacker's favour, or failed open on
// NaN and infinities.
//
// Sources: RFC 7519 §2 (NumericDate: a JSON numeric value, possibly
// non-integer), §4.1.4-§4.1.6; RFC 8725 §3.10 (do not trust received
// claims); jwt-go v3 MapClaims (a non-numeric "exp" skipped the check);
// CVE-2024-51744 (golang-jwt: expiry errors mixed with signature errors).
// Package tests: jwt/claims_internal_test.go TestParseClaimsTypes and
// jwt/validator_test.go.
func TestTimeClaimTricksRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := validator(t, victimPolicy(t))
	sign := func(members ...string) string {
		return forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, claimsWith(members...))
	}
	future := fmt.Sprint(now.Add(time.Hour).Unix())
	past := fmt.Sprint(now.Add(-time.Hour).Unix())
	for _, c := range []struct {
		name    string
		members []string
		want    []error
	}{
		// Wrong types: refused outright, never read as absent.
		{"exp as a string", []string{"exp", `"` + future + `"`}, []error{jwt.ErrMalformed}},
		{"exp as a far-future string", []string{"exp", `"99999999999"`}, []error{jwt.ErrMalformed}},
		{"exp as an empty string", []string{"exp", `""`}, []error{jwt.ErrMalformed}},
		{"exp as true", []string{"exp", `true`}, []error{jwt.ErrMalformed}},
		{"exp as null", []string{"exp", `null`}, []error{jwt.ErrMalformed}},
		{"exp as an array", []string{"exp", `[` + future + `]`}, []error{jwt.ErrMalformed}},
		{"exp as an object", []string{"exp", `{"$date":` + future + `}`}, []error{jwt.ErrMalformed}},
		{"nbf as a string", []string{"nbf", `"0"`}, []error{jwt.ErrMalformed}},
		{"iat as a string", []string{"iat", `"` + fmt.Sprint(now.Unix()) + `"`}, []error{jwt.ErrMalformed}},
		// Out of range: no overflow, no wrap-around.
		{"exp 2^63-1", []string{"exp", `9223372036854775807`}, []error{jwt.ErrMalformed}},
		{"exp 2^63", []string{"exp", `9223372036854775808`}, []error{jwt.ErrMalformed}},
		{"exp 2^64+1", []string{"exp", `18446744073709551617`}, []error{jwt.ErrMalformed}},
		{"exp 1e20", []string{"exp", `1e20`}, []error{jwt.ErrMalformed}},
		{"exp 1e400", []string{"exp", `1e400`}, []error{jwt.ErrMalformed}},
		{"exp year 10000", []string{"exp", `253402300800`}, []error{jwt.ErrMalformed}},
		{"exp negative", []string{"exp", `-1`}, []error{jwt.ErrMalformed}},
		{"exp -2^63 (wraps to the future as unsigned)", []string{"exp", `-9223372036854775808`}, []error{jwt.ErrMalformed}},
		{"exp -1e400", []string{"exp", `-1e400`}, []error{jwt.ErrMalformed}},
		{"nbf 2^63", []string{"nbf", `9223372036854775808`}, []error{jwt.ErrMalformed}},
		{"iat 1e400", []string{"iat", `1e400`}, []error{jwt.ErrMalformed}},
		// Floats: the fraction counts, in neither party's favour.
		{"exp half a second ago", []string{"exp", fmt.Sprint(now.Unix()) + ".0", "iat", past}, []error{jwt.ErrExpired}},
		{"exp 0.999999 s before now", []string{"exp", fmt.Sprint(now.Unix()-1) + ".000001", "iat", past}, []error{jwt.ErrExpired}},
		{"exp in exponent form, past", []string{"exp", fmt.Sprintf("%.6e", float64(now.Add(-time.Hour).Unix())), "iat", past}, []error{jwt.ErrExpired}},
		{"nbf a fraction after now", []string{"nbf", fmt.Sprint(now.Unix()) + ".5"}, []error{jwt.ErrNotYetValid}},
		// Extremes within range are honoured, not wrapped.
		{"nbf year 9999", []string{"nbf", `253402300799`}, []error{jwt.ErrNotYetValid}},
		{"iat year 9999 (issued in the future)", []string{"iat", `253402300799`}, []error{jwt.ErrNotYetValid}},
		{"exp the epoch", []string{"exp", `0`, "iat", `0`}, []error{jwt.ErrExpired}},
		{"exp missing (required by default)", []string{"exp", ``}, []error{jwt.ErrMissingClaim}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWT(t, v, sign(c.members...)), c.want...)
		})
	}
	// Accepted: fractional and exponent-form dates in range, and the last
	// second of year 9999.
	for _, exp := range []string{future + ".5", fmt.Sprintf("%.9e", float64(now.Add(time.Hour).Unix())), `253402300799`} {
		if _, err := v.Verify(t.Context(), sign("exp", exp)); err != nil {
			t.Errorf("exp %s: %v", exp, err)
		}
	}
}

// TestTimeClaimFractionsReadExactly: fractional dates are read from their
// decimal text to the microsecond, truncated, never rounded by a float64
// across a second (found by FuzzJWTRoundTrip: 94402424585.999999 was read
// as 94402424586).
func TestTimeClaimFractionsReadExactly(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := validator(t, victimPolicy(t))
	for lit, want := range map[string]time.Time{
		"94402424585.999999":    time.Unix(94402424585, 999999000),
		"253402300798.999999":   time.Unix(253402300798, 999999000),
		"2000000000.000001":     time.Unix(2000000000, 1000),
		"2000000000.0000019":    time.Unix(2000000000, 1000),
		"2.0000000000000001e9":  time.Unix(2000000000, 0),
		"20000000000000001e-7":  time.Unix(2000000000, 0),
		"0.2000000000000001e10": time.Unix(2000000000, 1000),
		"2534023007990e-1":      time.Unix(253402300799, 0),
		"253402300799.0":        time.Unix(253402300799, 0),
		"2000000000.5000000e0":  time.Unix(2000000000, 500000000),
		"200000000000000000e-8": time.Unix(2000000000, 0),
		"2000000000000000.0E-6": time.Unix(2000000000, 0),
		"1999999999.9999999999": time.Unix(1999999999, 999999000),
	} {
		tok := forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, claimsWith("exp", lit))
		res, err := v.Verify(t.Context(), tok)
		if err != nil {
			t.Errorf("exp %s: %v", lit, err)
			continue
		}
		if got := res.Claims().Expiry.Time(); !got.Equal(want) {
			t.Errorf("exp %s read as %v, want %v", lit, got.UTC(), want.UTC())
		}
	}
	for _, lit := range []string{"253402300799.000001", "253402300799.0000001", "2534023007991e-1", "-0.000001", "1e13"} {
		tok := forge(t, k.hmac, jwa.HS256, `{"alg":"HS256"}`, claimsWith("exp", lit))
		exactly(t, verifyJWT(t, v, tok), jwt.ErrMalformed)
	}
}
