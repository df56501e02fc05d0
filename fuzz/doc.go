// Package fuzz holds the suite's fuzz targets; it has no API. The targets
// live in _test.go files, one per package they exercise (jwk_test.go,
// jws_test.go, ...), and check properties rather than outputs: no input
// panics, every error matches one documented sentinel, parse → serialize
// → parse is stable, a verified token verifies again, and sign → verify
// round-trips. Their seeds come from the RFC vectors in the packages'
// testdata folders and from the attack cases; a seed loader that finds no
// vectors fails, so a moved folder cannot silently empty a corpus.
//
// A plain "go test ./fuzz" runs every target once over its seed corpus
// (the f.Add seeds plus testdata/fuzz/<Target>/), which keeps each past
// crasher as a regression test.
//
// To fuzz one target for real, give its name and a duration:
//
//	go test -run=XXX -fuzz=FuzzJWSCompact -fuzztime=1h ./fuzz
//	go test -run=XXX -fuzz=FuzzJWSJSON -fuzztime=1h ./fuzz
//	go test -run=XXX -fuzz=FuzzJWK -fuzztime=1h ./fuzz
//
// Only one target runs per invocation: -fuzz must match exactly one name.
// To fuzz for hours, run one command per target, each in its own shell or
// tmux window, and add -parallel=N to choose how many cores a target uses
// (the default is GOMAXPROCS). The generated corpus accumulates in the Go
// build cache ($(go env GOCACHE)/fuzz/...) and is reused by the next run;
// delete it with "go clean -fuzzcache".
//
// When a run finds a failure it writes the input to
// testdata/fuzz/<Target>/<hash> and stops. Reproduce it with
//
//	go test -run=FuzzJWSCompact/<hash> ./fuzz
//
// fix the bug, and commit the file with the fix: it then runs with every
// "go test ./fuzz".
package fuzz
