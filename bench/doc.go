// Package bench compares this project with the other Go JOSE libraries
// (go-jose v4, jwx v3, golang-jwt v5) and with a "primitive" reference that
// does only the unavoidable work with the standard library: base64url and
// the cryptography on the same bytes (and, for JWTs, a minimal
// encoding/json decode of the claims with the exp/nbf/iat/iss/aud checks).
//
// It is a nested module so that the root go.mod never requires the other
// libraries. The package holds only tests and benchmarks; run.sh runs
// them and cmd/report turns the output into RESULTS.md and ratios.svg.
// See README.md.
//
// Every benchmark is named Benchmark<Op>/<params>/lib=<name>, so that
// benchstat -col /lib puts the libraries side by side. Each library does
// the same work on the same keys, payload and tokens: equivalence_test.go
// checks that every library accepts the tokens each benchmark feeds it and
// that what the signing and encrypting benchmarks produce is accepted by
// the others.
package bench
