package jwk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

const (
	goodEC  = `{"kty":"EC","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `","kid":"ec1","use":"sig"}`
	goodOct = `{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","kid":"oct1"}`
	goodEd  = `{"kty":"OKP","crv":"Ed25519","x":"` + edX + `","kid":"ed1","alg":"EdDSA"}`
)

// TestParseSetSkipsUnknownTypes: RFC 7517 §5 says to ignore keys of types
// one does not understand; the set still works and lists them.
func TestParseSetSkipsUnknownTypes(t *testing.T) {
	t.Parallel()
	doc := `{"keys":[` + goodEC + `,{"kty":"PQC","kid":"future","pub":"AAAA"},` +
		`{"kty":"OKP","crv":"Ed448","x":"AAAA","kid":"ed448"},` + goodEd + `]}`
	set, err := jwk.ParseSet([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", set.Len())
	}
	sk := set.Skipped()
	if len(sk) != 2 {
		t.Fatalf("Skipped() has %d entries, want 2", len(sk))
	}
	if sk[0].Index != 1 || sk[0].KeyType != "PQC" || sk[0].KeyID != "future" || !errors.Is(sk[0].Err, jwk.ErrUnsupported) {
		t.Errorf("skipped[0] = %+v", sk[0])
	}
	if sk[1].Index != 2 || sk[1].Curve != "Ed448" || !errors.Is(sk[1].Err, jwk.ErrUnsupported) {
		t.Errorf("skipped[1] = %+v", sk[1])
	}
}

func TestParseSetMalformedKnownKey(t *testing.T) {
	t.Parallel()
	bad := `{"kty":"EC","crv":"P-256","x":"` + ecX + `","y":"` + flipLast(ecY) + `","kid":"bad"}`
	doc := []byte(`{"keys":[` + goodOct + `,` + bad + `]}`)
	_, err := jwk.ParseSet(doc)
	if !errors.Is(err, jwk.ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	me, ok := errors.AsType[*jwk.MemberError](err)
	if !ok || me.Member != "keys[1].x" {
		t.Fatalf("error %v does not name keys[1].x", err)
	}
	set, err := jwk.ParseSetWith(doc, jwk.ParseOptions{SkipInvalid: true})
	if err != nil {
		t.Fatalf("SkipInvalid: %v", err)
	}
	if set.Len() != 1 || len(set.Skipped()) != 1 || set.Skipped()[0].KeyID != "bad" || !errors.Is(set.Skipped()[0].Err, jwk.ErrMalformed) {
		t.Fatalf("SkipInvalid: %d keys, skipped %+v", set.Len(), set.Skipped())
	}
}

func TestParseSetRejects(t *testing.T) {
	t.Parallel()
	many := `{"keys":[` + strings.Repeat(goodOct+",", jwk.DefaultMaxSetKeys) + goodOct + `]}`
	tests := []struct {
		name string
		doc  string
		want error
	}{
		{"no keys member", `{"k":[]}`, jwk.ErrMalformed},
		{"keys not an array", `{"keys":{}}`, jwk.ErrMalformed},
		{"key not an object", `{"keys":[1]}`, jwk.ErrMalformed},
		{"duplicate keys member", `{"keys":[],"keys":[]}`, jwk.ErrMalformed},
		{"too many keys", many, jwk.ErrTooLarge},
		{"too large", `{"keys":[],"pad":"` + strings.Repeat("x", jwk.DefaultMaxSetSize) + `"}`, jwk.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := jwk.ParseSet([]byte(tt.doc)); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSetLookupAndMarshal(t *testing.T) {
	t.Parallel()
	doc := `{"keys":[` + goodEC + `,` + goodOct + `,` + goodEd + `],"x-provider":"example"}`
	set, err := jwk.ParseSet([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := set.LookupKeyID("ed1"); len(got) != 1 || got[0].Curve() != jwa.Ed25519 {
		t.Errorf("LookupKeyID(ed1) = %v", got)
	}
	if got := set.LookupKeyID("../../etc/passwd"); len(got) != 0 {
		t.Errorf("LookupKeyID of an unknown kid found %d keys", len(got))
	}
	if got := set.ForSignature(jwk.OpVerify, jwa.ES256); len(got) != 1 || got[0].KeyID() != "ec1" {
		t.Errorf("ForSignature(verify, ES256) = %v", got)
	}
	// The oct key is 16 bytes: too short for HS256.
	if got := set.ForSignature(jwk.OpVerify, jwa.HS256); len(got) != 0 {
		t.Errorf("ForSignature(verify, HS256) found a 16-byte key")
	}
	if got := set.ByUse(jwk.UseEncryption); len(got) != 2 {
		t.Errorf("ByUse(enc) = %d keys, want 2 (keys without use)", len(got))
	}
	pub := set.Public()
	if pub.Len() != 2 {
		t.Fatalf("Public() has %d keys, want 2 (no oct)", pub.Len())
	}
	out, err := pub.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"x-provider":"example"`) || strings.Contains(string(out), `"k":`) {
		t.Errorf("public set JSON: %s", out)
	}
	back, err := jwk.ParseSet(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range back.All() {
		if !k.Equal(pub.Keys()[i]) {
			t.Errorf("key %d changed in the round trip", i)
		}
	}
}
