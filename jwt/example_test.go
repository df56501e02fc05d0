package jwt_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jose-suite/jose/jwa"
	"github.com/jose-suite/jose/jwe"
	"github.com/jose-suite/jose/jwk"
	"github.com/jose-suite/jose/jwt"
)

// The Ed25519 key of RFC 8037 Appendix A.1, with a kid. Ed25519
// signatures are deterministic, so the examples' output is too.
const providerKey = `{"kty":"OKP","crv":"Ed25519","kid":"idp-2026",
 "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
 "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`

var exampleNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// An OpenID Connect relying party checks an ID token: signature, issuer,
// its own client ID as audience, expiry, and the nonce it sent.
func Example_idToken() {
	key, err := jwk.ParseKey([]byte(providerKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The provider signs an ID token.
	signer, err := jwt.NewSigner(key, jwa.EdDSA, jwt.SignerOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	idToken, err := signer.Sign(map[string]any{
		"iss": "https://idp.example", "sub": "248289761001", "aud": "s6BhdRkqt3",
		"nonce": "n-0S6_WzA2Mj", "iat": exampleNow.Unix(), "exp": exampleNow.Add(10 * time.Minute).Unix(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The relying party has the provider's public keys (from a RemoteSet
	// in production).
	pub, err := key.Public()
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms:     []jwa.SignatureAlgorithm{jwa.EdDSA, jwa.ES256},
		Keys:           jwk.NewSet(pub),
		Issuers:        []string{"https://idp.example"},
		Audiences:      []string{"s6BhdRkqt3"},
		RequiredClaims: []string{"nonce", "iat"},
		MaxAge:         time.Hour,
		Now:            func() time.Time { return exampleNow.Add(time.Minute) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := v.Verify(context.Background(), idToken)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	nonce, _, err := tok.ClaimString("nonce")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Claims().Subject, nonce, tok.Key().KeyID())

	// The same token an hour later is expired.
	late, _ := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.EdDSA}, Keys: jwk.NewSet(pub),
		Issuers: []string{"https://idp.example"}, Audiences: []string{"s6BhdRkqt3"},
		Now: func() time.Time { return exampleNow.Add(time.Hour) },
	})
	_, err = late.Verify(context.Background(), idToken)
	fmt.Println(errors.Is(err, jwt.ErrExpired))
	// Output:
	// 248289761001 n-0S6_WzA2Mj idp-2026
	// true
}

// A resource server checks an OAuth 2.0 access token in the JWT profile of
// RFC 9068: "typ" must be "at+jwt", so an ID token is never accepted in its
// place.
func Example_accessToken() {
	key, err := jwk.ParseKey([]byte(providerKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, _ := key.Public()
	claims := map[string]any{
		"iss": "https://idp.example", "sub": "5ba552d67", "aud": "https://rs.example/orders",
		"client_id": "s6BhdRkqt3", "scope": "orders:read", "jti": "dbe39bf3a3ba4238a513f51d6e1691c4",
		"iat": exampleNow.Unix(), "exp": exampleNow.Add(5 * time.Minute).Unix(),
	}
	atSigner, _ := jwt.NewSigner(key, jwa.EdDSA, jwt.SignerOptions{Type: "at+jwt"})
	accessToken, err := atSigner.Sign(claims)
	if err != nil {
		fmt.Println(err)
		return
	}
	idSigner, _ := jwt.NewSigner(key, jwa.EdDSA, jwt.SignerOptions{})
	idToken, _ := idSigner.Sign(claims)

	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms:     []jwa.SignatureAlgorithm{jwa.EdDSA},
		Keys:           jwk.NewSet(pub),
		Issuers:        []string{"https://idp.example"},
		Audiences:      []string{"https://rs.example/orders"},
		Type:           "at+jwt",
		RequiredClaims: []string{"sub", "client_id", "iat", "jti"},
		Now:            func() time.Time { return exampleNow },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := v.Verify(context.Background(), accessToken)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	var at struct {
		ClientID string `json:"client_id"`
		Scope    string `json:"scope"`
	}
	if err := tok.DecodeClaims(&at); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(at.ClientID, at.Scope)

	_, err = v.Verify(context.Background(), idToken)
	fmt.Println(errors.Is(err, jwt.ErrPolicy))
	// Output:
	// s6BhdRkqt3 orders:read
	// true
}

// A nested JWT is signed, then encrypted, in one call; and decrypted, then
// verified under its own allowlist, in one call.
func Example_nested() {
	signKey, _ := jwk.ParseKey([]byte(providerKey))
	encKey, err := jwk.ParseKey([]byte(`{"kty":"oct","kid":"enc-1","k":"GawgguFyGrWKav7AX4VKUg"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := jwt.NewSigner(signKey, jwa.EdDSA, jwt.SignerOptions{Encryption: &jwt.Encryption{
		Recipient:         jwe.Recipient{Key: encKey, Algorithm: jwa.A128KW},
		ContentEncryption: jwa.A128GCM,
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	token, err := s.Sign(jwt.Claims{Issuer: "https://idp.example", Subject: "alice",
		Expiry: jwt.NewNumericDate(exampleNow.Add(time.Minute))})
	if err != nil {
		fmt.Println(err)
		return
	}
	pub, _ := signKey.Public()
	v, err := jwt.NewValidator(jwt.Policy{
		Algorithms: []jwa.SignatureAlgorithm{jwa.EdDSA},
		Keys:       jwk.NewSet(pub),
		Decryption: &jwt.DecryptionPolicy{
			KeyAlgorithms:     []jwa.KeyAlgorithm{jwa.A128KW},
			ContentEncryption: []jwa.ContentEncryption{jwa.A128GCM},
			Keys:              jwk.NewSet(encKey),
		},
		Issuers: []string{"https://idp.example"},
		Now:     func() time.Time { return exampleNow },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := v.Verify(context.Background(), token)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(tok.Claims().Subject, tok.EncryptionHeader().ContentType(), tok.Algorithm())
	// Output: alice JWT EdDSA
}
