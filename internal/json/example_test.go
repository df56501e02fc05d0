package json_test

import (
	"errors"
	"fmt"

	"github.com/jose-suite/jose/internal/json"
)

func ExampleParseObject() {
	header := []byte(`{"alg":"ES256","kid":"2024-01","typ":"JWT"}`)
	h, err := json.ParseObject(header, json.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	alg, ok, err := h.String("alg")
	if err != nil || !ok {
		fmt.Println("no usable alg:", err)
		return
	}
	fmt.Println(alg)
	// Output: ES256
}

func ExampleParseObject_duplicate() {
	_, err := json.ParseObject([]byte(`{"alg":"ES256","alg":"none"}`), json.Limits{})
	fmt.Println(errors.Is(err, json.ErrDuplicateMember))
	fmt.Println(err)
	// Output:
	// true
	// json: duplicate member name at alg (offset 15)
}

func ExampleAppendString() {
	b := []byte(`{"kid":`)
	b = json.AppendString(b, "key \"1\"")
	b = append(b, '}')
	fmt.Println(string(b))
	// Output: {"kid":"key \"1\""}
}
