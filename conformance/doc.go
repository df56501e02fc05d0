// Package conformance holds tests only: the RFC example vectors of the JOSE
// RFCs run through the public API of jwk, jws and jwe, and the interoperability
// matrix against go-jose (in process), the npm package jose, Python's
// jwcrypto and this module's own command-line tool, cmd/jose (out of
// process, through the drivers in peers/).
//
// Run it with
//
//	go test ./conformance
//
// The external peers are installed by .ci/install-peers; without them their
// columns are skipped with a one-line reason, unless JOSE_CONFORMANCE_REQUIRE_PEERS=1,
// which makes a missing peer a failure. The CLI peer needs only Go: the test
// builds cmd/jose and its driver, and never skips it. The matrix is written to MATRIX.md by
//
//	go test ./conformance -run TestInteropMatrix -update-matrix
//
// See README.md in this directory; disagreements between implementations are
// analysed in DISAGREEMENTS.md.
//
// Nothing imports this package.
package conformance
