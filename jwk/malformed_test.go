package jwk_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jose-suite/jose/internal/base64url"
	ijson "github.com/jose-suite/jose/internal/json"
	"github.com/jose-suite/jose/jwk"
)

// Members of keys from RFC 7517 Appendix A, used to build bad keys.
const (
	ecX   = "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4"
	ecY   = "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"
	ecD   = "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"
	rsaN  = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	rsaD  = "X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLWY2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lGVkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q"
	edX   = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	edD   = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
	small = "AQAB"
	// A 512-bit odd modulus: tiny RSA.
	tinyN = "yIGzoEbtixPn2ZnGE1fWw_bn4J4U97ByOJJePSIDk6ChB8KiaLsK1cfQ4qLjqVPtfhsPsFqzA3JKPxNHTTNlhw"
)

func ecJWK(x, y, d string) string {
	s := `{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + y + `"`
	if d != "" {
		s += `,"d":"` + d + `"`
	}
	return s + "}"
}

// flipLast changes the last base64url character of s to another that keeps
// the encoding canonical for a 32-byte value (the last character of 43
// carries 4 significant bits: A, E, I, ...).
func flipLast(s string) string {
	last := s[len(s)-1]
	repl := byte('A')
	if last == 'A' {
		repl = 'E'
	}
	return s[:len(s)-1] + string(repl)
}

func TestParseKeyRejectsMalformed(t *testing.T) {
	t.Parallel()
	zero32 := strings.Repeat("A", 43)
	huge := `{"kty":"oct","k":"` + strings.Repeat("A", jwk.DefaultMaxKeySize) + `"}`
	deep := `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`
	tests := []struct {
		name   string
		jwk    string
		want   error
		member string // expected MemberError.Member, when set
	}{
		{"empty", ``, jwk.ErrMalformed, ""},
		{"not an object", `["kty"]`, jwk.ErrMalformed, ""},
		{"trailing data", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA"} x`, jwk.ErrMalformed, ""},
		{"missing kty", `{"k":"AAAA"}`, jwk.ErrMalformed, "kty"},
		{"kty not a string", `{"kty":5}`, jwk.ErrMalformed, "kty"},
		{"unknown kty", `{"kty":"XYZ"}`, jwk.ErrUnsupported, "kty"},
		{"kty case differs", `{"kty":"ec","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `"}`, jwk.ErrUnsupported, "kty"},
		{"duplicate member", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","k":"BBBBBBBBBBBBBBBBBBBBBB"}`, jwk.ErrMalformed, ""},
		{"duplicate kty via escape", `{"kty":"oct","k\u0074y":"RSA","k":"AAAAAAAAAAAAAAAAAAAAAA"}`, jwk.ErrMalformed, ""},
		{"huge input", huge, jwk.ErrTooLarge, ""},
		{"deep nesting", deep, jwk.ErrMalformed, ""},
		{"kid not a string", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","kid":7}`, jwk.ErrMalformed, "kid"},
		{"key_ops not an array", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","key_ops":"sign"}`, jwk.ErrMalformed, "key_ops"},
		{"key_ops duplicated", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","key_ops":["sign","sign"]}`, jwk.ErrMalformed, "key_ops"},
		{"use contradicts key_ops", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","use":"sig","key_ops":["encrypt"]}`, jwk.ErrInconsistent, "key_ops"},

		{"oct missing k", `{"kty":"oct"}`, jwk.ErrMalformed, "k"},
		{"oct empty k", `{"kty":"oct","k":""}`, jwk.ErrWeakKey, "k"},
		{"oct padded k", `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA=="}`, jwk.ErrMalformed, "k"},
		{"oct std base64 k", `{"kty":"oct","k":"AAAA+/AAAAAAAAAAAAAAAA"}`, jwk.ErrMalformed, "k"},
		{"oct whitespace in k", `{"kty":"oct","k":"AAAA AAAAAAAAAAAAAAAAAA"}`, jwk.ErrMalformed, "k"},
		{"oct newline in k", `{"kty":"oct","k":"AAAA\nAAAAAAAAAAAAAAAAAA"}`, jwk.ErrMalformed, "k"},
		{"oct non-canonical k", `{"kty":"oct","k":"AB"}`, jwk.ErrMalformed, "k"},
		{"A128KW alg on a 32-byte key", `{"kty":"oct","alg":"A128KW","k":"` + zero32 + `"}`, jwk.ErrInconsistent, "alg"},
		{"RS256 alg on an oct key", `{"kty":"oct","alg":"RS256","k":"` + zero32 + `"}`, jwk.ErrInconsistent, "alg"},

		{"EC missing crv", `{"kty":"EC","x":"` + ecX + `","y":"` + ecY + `"}`, jwk.ErrMalformed, "crv"},
		{"EC unknown crv", `{"kty":"EC","crv":"P-192","x":"` + ecX + `","y":"` + ecY + `"}`, jwk.ErrUnsupported, "crv"},
		{"EC missing y", `{"kty":"EC","crv":"P-256","x":"` + ecX + `"}`, jwk.ErrMalformed, "y"},
		{"EC short x", ecJWK(ecX[:42], ecY, ""), jwk.ErrMalformed, "x"},
		{"EC long y", ecJWK(ecX, ecY+"AA", ""), jwk.ErrMalformed, "y"},
		{"EC off-curve point", ecJWK(ecX, flipLast(ecY), ""), jwk.ErrMalformed, "x"},
		{"EC point at infinity", ecJWK(zero32, zero32, ""), jwk.ErrMalformed, "x"},
		{"EC private part of another key", ecJWK(ecX, ecY, flipLast(ecD)), jwk.ErrInconsistent, "d"},
		{"EC zero scalar", ecJWK(ecX, ecY, zero32), jwk.ErrMalformed, "d"},
		{"EC short d", ecJWK(ecX, ecY, ecD[:40]), jwk.ErrMalformed, "d"},
		{"ES384 alg on a P-256 key", `{"kty":"EC","alg":"ES384","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `"}`, jwk.ErrInconsistent, "alg"},
		{"HS256 alg on an EC key", `{"kty":"EC","alg":"HS256","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `"}`, jwk.ErrInconsistent, "alg"},

		{"RSA missing n", `{"kty":"RSA","e":"AQAB"}`, jwk.ErrMalformed, "n"},
		{"RSA missing e", `{"kty":"RSA","n":"` + rsaN + `"}`, jwk.ErrMalformed, "e"},
		{"RSA tiny modulus", `{"kty":"RSA","n":"` + tinyN + `","e":"AQAB"}`, jwk.ErrWeakKey, "n"},
		{"RSA exponent 1", `{"kty":"RSA","n":"` + rsaN + `","e":"AQ"}`, jwk.ErrWeakKey, "e"},
		{"RSA even exponent", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAA"}`, jwk.ErrWeakKey, "e"},
		{"RSA huge exponent", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAAAAAB"}`, jwk.ErrWeakKey, "e"},
		{"RSA leading zero in n", `{"kty":"RSA","n":"AA` + rsaN + `","e":"AQAB"}`, jwk.ErrMalformed, "n"},
		{"RSA multi-prime", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","d":"` + rsaD + `","oth":[]}`, jwk.ErrUnsupported, "oth"},
		{"RSA private exponent of another key", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","d":"` + flipLast(rsaD) + `"}`, jwk.ErrInconsistent, "d"},
		{"RSA partial CRT", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","d":"` + rsaD + `","p":"AQAB"}`, jwk.ErrMalformed, "p"},
		{"RSA CRT without d", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","p":"AQAB"}`, jwk.ErrMalformed, "p"},
		{"RSA n not a string", `{"kty":"RSA","n":12345,"e":"AQAB"}`, jwk.ErrMalformed, "n"},

		{"OKP unsupported curve", `{"kty":"OKP","crv":"Ed448","x":"` + edX + `"}`, jwk.ErrUnsupported, "crv"},
		{"OKP short x", `{"kty":"OKP","crv":"Ed25519","x":"` + edX[:40] + `"}`, jwk.ErrMalformed, "x"},
		{"OKP private part of another key", `{"kty":"OKP","crv":"Ed25519","x":"` + edX + `","d":"` + flipLast(edD) + `"}`, jwk.ErrInconsistent, "d"},
		{"X25519 alg on an Ed25519 key", `{"kty":"OKP","crv":"Ed25519","alg":"ECDH-ES","x":"` + edX + `"}`, jwk.ErrInconsistent, "alg"},

		{"x5c not base64", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","x5c":["%%%"]}`, jwk.ErrMalformed, "x5c[0]"},
		{"x5c empty", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","x5c":[]}`, jwk.ErrMalformed, "x5c"},
		{"x5c not a certificate", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","x5c":["AAAA"]}`, jwk.ErrMalformed, "x5c[0]"},
		{"x5t wrong length", `{"kty":"RSA","n":"` + rsaN + `","e":"AQAB","x5t":"AAAA"}`, jwk.ErrMalformed, "x5t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := jwk.ParseKey([]byte(tt.jwk))
			if err == nil {
				t.Fatalf("ParseKey accepted it: %v", k)
			}
			if k != nil {
				t.Errorf("ParseKey returned a key with an error")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %q does not match %v", err, tt.want)
			}
			if tt.member != "" {
				me, ok := errors.AsType[*jwk.MemberError](err)
				if !ok {
					t.Fatalf("error %q is not a *MemberError", err)
				}
				if me.Member != tt.member {
					t.Errorf("MemberError.Member = %q, want %q", me.Member, tt.member)
				}
			}
			if strings.Contains(err.Error(), rsaD[:16]) || strings.Contains(err.Error(), ecD[:16]) {
				t.Errorf("error message leaks key material: %q", err)
			}
		})
	}
}

func TestParseKeyDuplicateIsJSONError(t *testing.T) {
	t.Parallel()
	_, err := jwk.ParseKey([]byte(`{"kty":"oct","kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA"}`))
	if !errors.Is(err, ijson.ErrDuplicateMember) || !errors.Is(err, jwk.ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed and ErrDuplicateMember", err)
	}
}

func TestParseKeyLegacyRSAOption(t *testing.T) {
	t.Parallel()
	// A 512-bit key is below even the legacy floor.
	tiny := []byte(`{"kty":"RSA","n":"` + tinyN + `","e":"AQAB"}`)
	if _, err := jwk.ParseKeyWith(tiny, jwk.ParseOptions{InsecureMinRSABits: 512}); !errors.Is(err, jwk.ErrWeakKey) {
		t.Fatalf("InsecureMinRSABits 512: err = %v, want ErrWeakKey", err)
	}
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	legacy := []byte(`{"kty":"RSA","n":"` + base64url.Encode(priv.N.Bytes()) + `","e":"AQAB"}`)
	if _, err := jwk.ParseKey(legacy); !errors.Is(err, jwk.ErrWeakKey) {
		t.Fatalf("default options: err = %v, want ErrWeakKey for a 1024-bit key", err)
	}
	k, err := jwk.ParseKeyWith(legacy, jwk.ParseOptions{InsecureMinRSABits: 1024})
	if err != nil {
		t.Fatalf("InsecureMinRSABits 1024: %v", err)
	}
	if k.Size() != 1024 {
		t.Errorf("Size() = %d, want 1024", k.Size())
	}
}

func TestUnknownMembersRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","kid":"a","ext":true,"x-custom":{"nested":[1,2.5,"s"]},"iat":1700000000}`
	k, err := jwk.ParseKey([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if want["x-custom"] == nil || got["x-custom"] == nil {
		t.Fatal("x-custom lost")
	}
	for _, name := range []string{"ext", "x-custom", "iat"} {
		if !jsonEqual(want[name], got[name]) {
			t.Errorf("member %q: got %v, want %v", name, got[name], want[name])
		}
	}
	if !strings.Contains(string(out), `"x-custom":{"nested":[1,2.5,"s"]}`) {
		t.Errorf("unknown member not kept byte for byte: %s", out)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestHostileRSAPrivateKeyBounded: a private JWK with a huge modulus and a
// bogus private exponent must be refused after bounded work (found by
// FuzzJWK: prime recovery once took minutes on such input).
func TestHostileRSAPrivateKeyBounded(t *testing.T) {
	t.Parallel()
	key := func(bits int, crt bool) []byte {
		n := make([]byte, bits/8)
		d := make([]byte, bits/8-1)
		rand.Read(n)
		rand.Read(d)
		n[0] |= 0x80
		n[len(n)-1] |= 1
		d[len(d)-1] |= 1 // d·e - 1 even, so recovery is attempted
		s := `{"kty":"RSA","n":"` + base64url.Encode(n) + `","e":"AQAB","d":"` + base64url.Encode(d) + `"`
		if crt {
			p := base64url.Encode(n[:bits/16])
			s += `,"p":"` + p + `","q":"` + p + `","dp":"` + p + `","dq":"` + p + `","qi":"` + p + `"`
		}
		return []byte(s + "}")
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"2048 bits without CRT", key(2048, false), jwk.ErrInconsistent},
		{"8192 bits without CRT", key(8192, false), jwk.ErrUnsupported},
		{"8192 bits with bogus CRT", key(8192, true), jwk.ErrInconsistent},
		{"16384 bits private", key(16384, true), jwk.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := jwk.ParseKey(tt.data); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
