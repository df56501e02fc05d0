package base64url_test

import (
	"errors"
	"fmt"

	"github.com/jose-suite/jose/internal/base64url"
)

func ExampleDecode() {
	b, err := base64url.Decode("A-z_4ME")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b)

	_, err = base64url.Decode("A-z_4ME=")
	fmt.Println(errors.Is(err, base64url.ErrInvalid), err)
	// Output:
	// [3 236 255 224 193]
	// true base64url: invalid encoding at offset 7: padding character '=' not allowed
}
