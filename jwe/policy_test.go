package jwe

import (
	"errors"
	"sync"
	"testing"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwk"
)

// TestNewDecrypterRejects checks that NewDecrypter refuses incomplete or
// contradictory policies with an error that names the field.
func TestNewDecrypterRejects(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	algs := []jwa.KeyAlgorithm{jwa.A128KW}
	encs := []jwa.ContentEncryption{jwa.A128GCM}
	keys := jwk.NewSet(f.oct[16])
	sig := mustKey(t)(jwk.GenerateForSignature(jwa.HS256))
	tests := []struct {
		name  string
		p     Policy
		field string
	}{
		{"no algorithms", Policy{ContentEncryption: encs, Keys: keys}, "Policy.KeyAlgorithms"},
		{"unsupported algorithm", Policy{KeyAlgorithms: []jwa.KeyAlgorithm{"none"}, ContentEncryption: encs, Keys: keys}, "Policy.KeyAlgorithms[0]"},
		{"no content encryption", Policy{KeyAlgorithms: algs, Keys: keys}, "Policy.ContentEncryption"},
		{"unsupported content encryption", Policy{KeyAlgorithms: algs, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM, "A128CTR"}, Keys: keys}, "Policy.ContentEncryption[1]"},
		{"no keys", Policy{KeyAlgorithms: algs, ContentEncryption: encs}, "Policy.Keys"},
		{"empty key set", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Keys: jwk.NewSet()}, "Policy.Keys"},
		{"keys that serve no algorithm", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Keys: jwk.NewSet(f.rsa, f.oct[32])}, "Policy.Keys"},
		{"a signing key", Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, Keys: jwk.NewSet(sig)}, "Policy.Keys"},
		{"a public RSA key", Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.RSA_OAEP}, ContentEncryption: encs, Keys: jwk.NewSet(mustKey(t)(f.rsa.Public()))}, "Policy.Keys"},
		{"a dir key of no allowed size", Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.Direct}, ContentEncryption: encs, Keys: jwk.NewSet(f.oct[32])}, "Policy.Keys"},
		{"passwords without PBES2", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Passwords: []string{"pw"}}, "Policy.KeyAlgorithms"},
		{"empty password", Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.PBES2_HS256_A128KW}, ContentEncryption: encs, Passwords: []string{""}}, "Policy.Passwords[0]"},
		{"keys and KeysPerCall", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Keys: keys, KeysPerCall: true}, "Policy.Keys"},
		{"negative limit", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Keys: keys, MaxTokenSize: -1}, "Policy.MaxTokenSize"},
		{"PBES2 bound below the minimum", Policy{KeyAlgorithms: algs, ContentEncryption: encs, Keys: keys, MaxPBES2Count: 999}, "Policy.MaxPBES2Count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := NewDecrypter(tt.p)
			if d != nil || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("NewDecrypter = %v, %v; want ErrInvalidConfig", d, err)
			}
			ce, ok := errors.AsType[*ConfigError](err)
			if !ok || ce.Field != tt.field {
				t.Errorf("error %v names %q, want %q", err, ce.Field, tt.field)
			}
		})
	}
}

// TestPolicyIsCopied checks that changing a Policy after NewDecrypter
// changes nothing.
func TestPolicyIsCopied(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	p := policyFor(jwa.A128KW, jwa.A128GCM, f.oct[16])
	p.Critical = []string{"exp"}
	d := mustDecrypter(t, p)
	tok, err := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Key: f.oct[16], Algorithm: jwa.A128KW}).Encrypt([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	p.KeyAlgorithms[0] = jwa.A256KW
	p.ContentEncryption[0] = jwa.A256GCM
	p.Critical[0] = "other"
	if _, err := d.Decrypt(tok); err != nil {
		t.Errorf("after changing the policy: %v", err)
	}
}

// TestKeysPerCall checks DecryptWithKeys: the policy's allowlists and
// limits apply to the keys of each call, which are checked for usage.
func TestKeysPerCall(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	d := mustDecrypter(t, Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.ECDH_ES_A256KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A256GCM}, KeysPerCall: true})
	r, key := f.pair(t, jwa.ECDH_ES_A256KW, jwa.A256GCM, jwa.P256)
	tok, err := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A256GCM}, r).Encrypt([]byte("per call"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.DecryptWithKeys(tok, jwk.NewSet(f.curve2[jwa.P256], key))
	if err != nil || res.Key() != key {
		t.Fatalf("DecryptWithKeys: %v", err)
	}
	_, err = d.Decrypt(tok)
	wantErr(t, err, ErrNoKey)
	_, err = d.DecryptWithKeys(tok, nil)
	wantErr(t, err, ErrNoKey)
	// A key whose "use" is "sig" is never used.
	m := key.Metadata()
	m.Use = jwk.UseSignature
	_, err = d.DecryptWithKeys(tok, jwk.NewSet(mustKey(t)(key.WithMetadata(m))))
	wantErr(t, err, ErrNoKey)
	// A key restricted to another "alg" is never used.
	m = key.Metadata()
	m.Algorithm = string(jwa.ECDH_ES)
	_, err = d.DecryptWithKeys(tok, jwk.NewSet(mustKey(t)(key.WithMetadata(m))))
	wantErr(t, err, ErrNoKey)
	// The allowlist still applies.
	kw, _ := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A256GCM}, Recipient{Key: f.oct[32], Algorithm: jwa.A256KW}).Encrypt([]byte("x"))
	_, err = d.DecryptWithKeys(kw, jwk.NewSet(f.oct[32]))
	wantErr(t, err, ErrAlgorithmNotAllowed)
}

// TestKeySelection checks which keys are tried: with a "kid", those with
// that "kid", else those without one; without a "kid", all.
func TestKeySelection(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	a := withKeyID(t, f.oct[16], "a")
	b := withKeyID(t, mustKey(t)(jwk.GenerateSymmetric(16)), "b")
	anon := mustKey(t)(jwk.GenerateSymmetric(16))
	enc := func(k *jwk.Key) string {
		tok, err := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM}, Recipient{Key: k, Algorithm: jwa.A128KW}).Encrypt([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	d := mustDecrypter(t, Policy{KeyAlgorithms: []jwa.KeyAlgorithm{jwa.A128KW}, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM}, Keys: jwk.NewSet(a, b, anon)})
	for _, k := range []*jwk.Key{a, b, anon} {
		res, err := d.Decrypt(enc(k))
		if err != nil || res.Key() != k {
			t.Errorf("kid %q: %v", k.KeyID(), err)
		}
		if res != nil && res.Header().KeyID() != k.KeyID() {
			t.Errorf("header kid %q, want %q", res.Header().KeyID(), k.KeyID())
		}
	}
	// A "kid" no key has falls back to keys without a "kid" only.
	other := withKeyID(t, anon, "c")
	res, err := d.Decrypt(enc(other))
	if err != nil || res.Key() != anon {
		t.Errorf("unknown kid, anonymous key: %v", err)
	}
	// A token for key a that claims kid b is not tried with a.
	lying := withKeyID(t, a, "b")
	_, err = d.Decrypt(enc(lying))
	if err != ErrDecryption {
		t.Errorf("wrong kid: %v, want ErrDecryption (key b tried)", err)
	}
}

// TestDecrypterConcurrent decrypts from many goroutines at once; run with
// -race.
func TestDecrypterConcurrent(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	algs := []jwa.KeyAlgorithm{jwa.Direct, jwa.A128KW, jwa.ECDH_ES}
	p := Policy{KeyAlgorithms: algs, ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM, jwa.A128CBC_HS256}, Keys: jwk.NewSet(f.oct[16], f.oct[32], f.curve[jwa.X25519])}
	d := mustDecrypter(t, p)
	var toks []string
	for _, alg := range algs {
		for _, enc := range p.ContentEncryption {
			r, _ := f.pair(t, alg, enc, jwa.X25519)
			tok, err := mustEncrypter(t, EncrypterOptions{ContentEncryption: enc}, r).Encrypt([]byte("concurrent"))
			if err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tok)
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				res, err := d.Decrypt(toks[(g+i)%len(toks)])
				if err != nil || string(res.Plaintext()) != "concurrent" {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestGoJoseTopLevelKey checks checkTopLevelKey's decision: the general
// syntax with the first recipient's encrypted key repeated at the top
// level, as go-jose writes it, decrypts for both recipients.
func TestGoJoseTopLevelKey(t *testing.T) {
	t.Parallel()
	f := testKeys(t)
	e := mustEncrypter(t, EncrypterOptions{ContentEncryption: jwa.A128GCM},
		Recipient{Key: f.oct[16], Algorithm: jwa.A128KW}, Recipient{Key: f.oct[32], Algorithm: jwa.A256KW})
	msg, err := e.EncryptJSON([]byte("go-jose"), nil)
	if err != nil {
		t.Fatal(err)
	}
	msg = editJSON(t, msg, func(m map[string]any) {
		m["encrypted_key"] = m["recipients"].([]any)[0].(map[string]any)["encrypted_key"]
	})
	for i, p := range []Policy{policyFor(jwa.A128KW, jwa.A128GCM, f.oct[16]), policyFor(jwa.A256KW, jwa.A128GCM, f.oct[32])} {
		res, err := mustDecrypter(t, p).DecryptJSON(msg)
		if err != nil || res.Recipient() != i {
			t.Errorf("recipient %d: %v", i, err)
		}
	}
}
