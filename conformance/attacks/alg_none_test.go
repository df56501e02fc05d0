package attacks

import (
	"errors"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jws"
	"github.com/jose-suite/jose/jwt"
)

// Class: "alg":"none" and its spellings.
//
// Sources: RFC 8725 §2.1 and §3.1; CVE-2015-9235 (node-jsonwebtoken) and
// the 2015 "Critical vulnerabilities in JSON Web Token libraries" report
// (pyjwt, php-jwt, jsjws...); CVE-2018-1000531 (inversoft prime-jwt, "none"
// accepted with a signature present); golang-jwt's UnsafeAllowNoneSignatureType
// design. Package tests: jws/attack_test.go ("alg none ...") and
// jws/unsecured_test.go.

// TestAlgNoneRefused: a verifier never accepts an unsecured JWS, whatever
// the spelling of "none", with or without a signature part, and a policy
// cannot even list it.
func TestAlgNoneRefused(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	v := victimVerifier(t)
	jv := validator(t, victimPolicy(t))
	sig := func(hdr string) string { return forge(t, k.hmac, jwa.HS256, hdr, goodClaims) }
	cases := []struct {
		name  string
		token string
		want  error // the jws sentinel
	}{
		{"none (RFC 8725 §2.1, CVE-2015-9235)", b64(`{"alg":"none"}`) + "." + b64(goodClaims) + ".", jws.ErrUnsecured},
		{"none with a valid HS256 signature kept (CVE-2018-1000531)", replacePart(sig(`{"alg":"HS256"}`), 0, b64(`{"alg":"none"}`)), jws.ErrUnsecured},
		{"none escaped as non\\u0065", b64(`{"alg":"non\u0065"}`) + "." + b64(goodClaims) + ".", jws.ErrUnsecured},
		{"None", b64(`{"alg":"None"}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
		{"NONE", b64(`{"alg":"NONE"}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
		{"nOnE", b64(`{"alg":"nOnE"}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
		{"none with a trailing space", b64(`{"alg":"none "}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
		{"none with a NUL", b64(`{"alg":"none\u0000"}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
		{"empty alg", b64(`{"alg":""}`) + "." + b64(goodClaims) + ".", jws.ErrAlgorithmNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			exactly(t, verifyJWS(t, v, c.token), c.want)
			// The JWT validator refuses it at the policy stage, with the
			// jws reason reachable.
			exactly(t, verifyJWT(t, jv, c.token), jwt.ErrPolicy, c.want)
		})
	}
}

// TestAlgNoneCannotBeListed: "none" is not an algorithm a Policy can
// allow; the one way to read an unsecured JWS is jws.InsecureParseUnsecured,
// which returns a different type and refuses the other spellings
// (golang-jwt's UnsafeAllowNoneSignatureType, RFC 8725 §3.2).
func TestAlgNoneCannotBeListed(t *testing.T) {
	t.Parallel()
	k := fixture(t)
	_, err := jws.NewVerifier(jws.Policy{Algorithms: []jwa.SignatureAlgorithm{jwa.HS256, jwa.None}, Keys: jwkSet(k.hmac)})
	exactly(t, err, jws.ErrInvalidConfig)

	p := victimPolicy(t)
	p.Algorithms = append(p.Algorithms, jwa.None)
	_, err = jwt.NewValidator(p)
	if _, ok := errors.AsType[*jwt.PolicyError](err); !ok {
		t.Fatalf("NewValidator with none: %v, want a *jwt.PolicyError", err)
	}
	exactly(t, err, jws.ErrInvalidConfig)

	for _, alg := range []string{"None", "NONE", "nOnE", "HS256"} {
		_, err := jws.InsecureParseUnsecured(b64(`{"alg":"`+alg+`"}`) + "." + b64("x") + ".")
		exactly(t, err, jws.ErrAlgorithmNotAllowed)
	}
	u, err := jws.InsecureParseUnsecured(b64(`{"alg":"none"}`) + "." + b64("x") + ".")
	if err != nil || string(u.Payload()) != "x" {
		t.Fatalf("InsecureParseUnsecured(none) = %v, %v", u, err)
	}
}
