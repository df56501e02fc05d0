package jwt

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseClaimsTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		payload string
		want    error // nil: accepted
	}{
		{"all registered", `{"iss":"a","sub":"b","aud":"c","exp":1700000000,"nbf":1600000000,"iat":1600000000,"jti":"j"}`, nil},
		{"aud array", `{"aud":["x","y"]}`, nil},
		{"aud empty array", `{"aud":[]}`, nil},
		{"fractional exp", `{"exp":1700000000.25}`, nil},
		{"exponent exp", `{"exp":1.7e9}`, nil},
		{"exp string", `{"exp":"1700000000"}`, ErrMalformed},
		{"exp bool", `{"exp":true}`, ErrMalformed},
		{"exp null", `{"exp":null}`, ErrMalformed},
		{"exp negative", `{"exp":-1}`, ErrMalformed},
		{"exp huge", `{"exp":1e300}`, ErrMalformed},
		{"exp 1e400", `{"exp":1e400}`, ErrMalformed},
		{"exp past year 9999", `{"exp":253402300800}`, ErrMalformed},
		{"nbf int64 overflow", `{"nbf":9223372036854775808}`, ErrMalformed},
		{"iss number", `{"iss":1}`, ErrMalformed},
		{"aud number", `{"aud":1}`, ErrMalformed},
		{"aud mixed array", `{"aud":["a",1]}`, ErrMalformed},
		{"aud object", `{"aud":{"a":1}}`, ErrMalformed},
		{"duplicate claim", `{"iss":"a","iss":"b"}`, ErrMalformed},
		{"duplicate via escape", `{"sub":"a","s\u0075b":"b"}`, ErrMalformed},
		{"names differ only in case", `{"admin":false,"Admin":true}`, ErrMalformed},
		{"kelvin sign fold", `{"kid":1,"\u212aid":2}`, ErrMalformed},
		{"registered name in upper case", `{"SUB":"admin"}`, ErrMalformed},
		{"registered name capitalized", `{"Exp":1}`, ErrMalformed},
		{"registered name with long s", `{"\u017fub":"admin"}`, ErrMalformed},
		{"unregistered capitalized name", `{"Scope":"x"}`, nil},
		{"not an object", `["iss"]`, ErrMalformed},
		{"trailing data", `{"iss":"a"}{}`, ErrMalformed},
		{"invalid UTF-8", "{\"iss\":\"\xff\"}", ErrMalformed},
		{"BOM", "\ufeff{\"iss\":\"a\"}", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := parseClaims([]byte(tt.payload), 0)
			if tt.want == nil && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, _, err := parseClaims(make([]byte, DefaultMaxClaimsSize+1), 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized claims: err = %v", err)
	}
}

func TestClaimsValuesAndRoundTrip(t *testing.T) {
	t.Parallel()
	c, _, err := parseClaims([]byte(`{"iss":"joe","aud":"one","exp":1300819380,"iat":1300819380.5}`), 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "joe" || c.Audience.IsArray() || !c.Audience.Contains("one") {
		t.Errorf("claims = %+v", c)
	}
	if got := c.Expiry.Time().Unix(); got != 1300819380 {
		t.Errorf("exp = %d", got)
	}
	if got := c.IssuedAt.Time().UnixMilli(); got != 1300819380500 {
		t.Errorf("iat ms = %d", got)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"iss":"joe","aud":"one","exp":1300819380,"iat":1300819380.5}`, string(out)); diff != "" {
		t.Errorf("marshal (-want +got):\n%s", diff)
	}
	arr, _, err := parseClaims([]byte(`{"aud":["one"]}`), 0)
	if err != nil {
		t.Fatal(err)
	}
	out, _ = json.Marshal(arr)
	if string(out) != `{"aud":["one"]}` {
		t.Errorf("one-element array audience marshaled as %s", out)
	}
}

func TestCheckClaims(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	base := claimsPolicy{Issuers: []string{"https://idp.example"}, Audiences: []string{"api"}, Leeway: 30 * time.Second}
	tests := []struct {
		name    string
		claims  string
		policy  func(p *claimsPolicy)
		want    []error
		claimIn string // a ClaimError must name this claim
	}{
		{"valid", `{"iss":"https://idp.example","aud":"api","exp":1700000100}`, nil, nil, ""},
		{"aud array contains", `{"iss":"https://idp.example","aud":["x","api"],"exp":1700000100}`, nil, nil, ""},
		{"expired", `{"iss":"https://idp.example","aud":"api","exp":1699999000}`, nil, []error{ErrExpired}, "exp"},
		{"expired within leeway is valid", `{"iss":"https://idp.example","aud":"api","exp":1699999971}`, nil, nil, ""},
		{"exactly at exp plus leeway is expired", `{"iss":"https://idp.example","aud":"api","exp":1699999970}`, nil, []error{ErrExpired}, "exp"},
		{"not yet valid", `{"iss":"https://idp.example","aud":"api","exp":1700001000,"nbf":1700000031}`, nil, []error{ErrNotYetValid}, "nbf"},
		{"nbf within leeway", `{"iss":"https://idp.example","aud":"api","exp":1700001000,"nbf":1700000030}`, nil, nil, ""},
		{"issued in the future", `{"iss":"https://idp.example","aud":"api","exp":1700001000,"iat":1700000100}`, nil, []error{ErrNotYetValid}, "iat"},
		{"missing exp", `{"iss":"https://idp.example","aud":"api"}`, nil, []error{ErrMissingClaim}, "exp"},
		{"missing exp allowed", `{"iss":"https://idp.example","aud":"api"}`, func(p *claimsPolicy) { p.AllowMissingExpiry = true }, nil, ""},
		{"wrong issuer", `{"iss":"https://evil.example","aud":"api","exp":1700000100}`, nil, []error{ErrIssuer}, "iss"},
		{"missing issuer", `{"aud":"api","exp":1700000100}`, nil, []error{ErrIssuer}, "iss"},
		{"issuer case differs", `{"iss":"https://IDP.example","aud":"api","exp":1700000100}`, nil, []error{ErrIssuer}, "iss"},
		{"wrong audience string", `{"iss":"https://idp.example","aud":"other","exp":1700000100}`, nil, []error{ErrAudience}, "aud"},
		{"wrong audience array", `{"iss":"https://idp.example","aud":["other","api2"],"exp":1700000100}`, nil, []error{ErrAudience}, "aud"},
		{"empty audience array", `{"iss":"https://idp.example","aud":[],"exp":1700000100}`, nil, []error{ErrAudience}, "aud"},
		{"missing audience", `{"iss":"https://idp.example","exp":1700000100}`, nil, []error{ErrAudience}, "aud"},
		{"audience but policy names none", `{"iss":"https://idp.example","aud":"api","exp":1700000100}`, func(p *claimsPolicy) { p.Audiences = nil }, []error{ErrAudience}, "aud"},
		{"audience ignored", `{"iss":"https://idp.example","aud":"zzz","exp":1700000100}`, func(p *claimsPolicy) { p.IgnoreAudience = true }, nil, ""},
		{"wrong subject", `{"iss":"https://idp.example","aud":"api","sub":"bob","exp":1700000100}`, func(p *claimsPolicy) { p.Subject = "alice" }, []error{ErrSubject}, "sub"},
		{"max age exceeded", `{"iss":"https://idp.example","aud":"api","exp":1700000100,"iat":1699990000}`, func(p *claimsPolicy) { p.MaxAge = time.Hour }, []error{ErrTooOld}, "iat"},
		{"max age needs iat", `{"iss":"https://idp.example","aud":"api","exp":1700000100}`, func(p *claimsPolicy) { p.MaxAge = time.Hour }, []error{ErrMissingClaim}, "iat"},
		{"required claim missing", `{"iss":"https://idp.example","aud":"api","exp":1700000100}`, func(p *claimsPolicy) { p.RequiredClaims = []string{"nonce"} }, []error{ErrMissingClaim}, "nonce"},
		{"several failures joined", `{"iss":"x","aud":"y","exp":1}`, nil, []error{ErrExpired, ErrIssuer, ErrAudience}, "exp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := base.clone()
			if tt.policy != nil {
				tt.policy(&p)
			}
			if err := p.check(); err != nil {
				t.Fatal(err)
			}
			c, obj, err := parseClaims([]byte(tt.claims), 0)
			if err != nil {
				t.Fatal(err)
			}
			err = p.checkClaims(&c, obj, now)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
			ce, ok := errors.AsType[*ClaimError](err)
			if !ok || ce.Claim != tt.claimIn {
				t.Errorf("first ClaimError names %v, want %q", ce, tt.claimIn)
			}
		})
	}
}

func TestCheckType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		want, typ string
		present   bool
		ok        bool
	}{
		{"", "", false, true},
		{"", "JWT", true, true},
		{"", "jwt", true, true},
		{"", "application/jwt", true, true},
		{"", "at+jwt", true, false},
		{"at+jwt", "at+jwt", true, true},
		{"at+jwt", "AT+JWT", true, true},
		{"at+jwt", "application/at+jwt", true, true},
		{"at+jwt", "JWT", true, false},
		{"at+jwt", "", false, false},
		{"at+jwt", "application/x/at+jwt", true, false},
		{"logout+jwt", "at+jwt", true, false},
	}
	for _, tt := range tests {
		p := claimsPolicy{Type: tt.want}
		err := p.checkType(tt.typ, tt.present)
		if (err == nil) != tt.ok {
			t.Errorf("policy %q, typ %q (present %v): err = %v, want ok=%v", tt.want, tt.typ, tt.present, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrPolicy) {
			t.Errorf("err %v is not ErrPolicy", err)
		}
	}
}

func TestClaimsPolicyCheck(t *testing.T) {
	t.Parallel()
	var pe *PolicyError
	for name, p := range map[string]claimsPolicy{
		"no issuers":      {},
		"huge leeway":     {IgnoreIssuer: true, Leeway: time.Hour},
		"empty issuer":    {Issuers: []string{""}},
		"negative maxage": {IgnoreIssuer: true, MaxAge: -1},
	} {
		if err := p.check(); !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want *PolicyError", name, err)
		}
	}
}
