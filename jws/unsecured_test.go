package jws

import (
	"testing"

	"github.com/jose-suite/jose/jwa"
)

func TestInsecureParseUnsecured(t *testing.T) {
	t.Parallel()
	hk := mustKey(t, jwa.HS256)
	signed, err := mustSigner(t, hk, jwa.HS256, SignerOptions{}).Sign([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, token string
		want        error // nil: accepted
	}{
		{"none", b64(`{"alg":"none"}`) + "." + b64("hello") + ".", nil},
		{"none, unencoded", b64(`{"alg":"none","b64":false,"crit":["b64"]}`) + ".hello.", nil},
		{"a signed JWS", signed, ErrAlgorithmNotAllowed},
		{"None", b64(`{"alg":"None"}`) + "." + b64("hello") + ".", ErrAlgorithmNotAllowed},
		{"none with a signature", b64(`{"alg":"none"}`) + "." + b64("hello") + ".AAAA", ErrMalformed},
		{"none with crit", b64(`{"alg":"none","crit":["ext"],"ext":1}`) + "." + b64("hello") + ".", ErrCritical},
		{"none in the payload only", b64(`{}`) + "." + b64("hello") + ".", ErrMalformed},
		{"bad payload", b64(`{"alg":"none"}`) + ".!!.", ErrMalformed},
		{"two parts", b64(`{"alg":"none"}`) + "." + b64("hello"), ErrMalformed},
		{"too large", string(make([]byte, DefaultMaxTokenSize+1)), ErrTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := InsecureParseUnsecured(tt.token)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if string(u.Payload()) != "hello" || u.Header().Algorithm() != jwa.None {
					t.Errorf("payload %q, alg %s", u.Payload(), u.Header().Algorithm())
				}
				return
			}
			if u != nil {
				t.Error("result not nil on error")
			}
			exactSentinel(t, err, tt.want)
		})
	}
}
