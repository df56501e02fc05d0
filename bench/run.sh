#!/usr/bin/env bash
# Runs the comparison benchmarks on 2 cores and writes RESULTS.md and
# ratios.svg (see README.md). Takes about 6 minutes on a 2-core machine.
#
# Environment (all optional):
#   ROUNDS     runs of each benchmark, interleaved (default 10)
#   BENCHTIME  -benchtime of each run (default 150ms)
#   BENCH      -bench pattern (default ".", everything)
#   CPU        GOMAXPROCS of the benchmarks (default 2)
#   RATIO_TIME time the report's ratios use: cpu (cpu-ns/op, default) or wall (ns/op)
set -euo pipefail
cd "$(dirname "$0")"

ROUNDS=${ROUNDS:-10}
BENCHTIME=${BENCHTIME:-200ms}
BENCH=${BENCH:-.}
CPU=${CPU:-2}
RATIO_TIME=${RATIO_TIME:-cpu}

mkdir -p results
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== build"
go test -c -o "$tmp/bench.test" .

# Never compare different work: every library must accept the same tokens
# and produce tokens the others accept.
echo "== equivalence tests"
"$tmp/bench.test" -test.run . -test.count 1

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
	benchstat="$(go env GOPATH)/bin/benchstat"
	if [ ! -x "$benchstat" ]; then
		echo "== installing benchstat"
		go install golang.org/x/perf/cmd/benchstat@latest
	fi
fi

raw=results/raw.txt
{
	# benchfmt configuration lines, read by cmd/report (and benchstat).
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "go: $(go env GOVERSION)"
	echo "ncpu: $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
	# The replace directive builds the library from the working tree: say
	# when it differs from the commit.
	dirty=$(git status --porcelain -- ../go.mod ../jwa ../jwk ../jws ../jwe ../jwt ../internal 2>/dev/null | head -1)
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')${dirty:+ (library with uncommitted changes)}"
	echo "versions: $(go list -m -f '{{.Path}} {{.Version}}' github.com/go-jose/go-jose/v4 github.com/lestrrat-go/jwx/v3 github.com/golang-jwt/jwt/v5 | paste -sd, - | sed 's/,/, /g')"
	echo "benchtime: $BENCHTIME"
} >"$raw"

# Rounds rather than -count: each round runs the whole suite once, so that
# a burst of load on the machine spreads over all libraries instead of
# hitting every run of one benchmark.
start=$(date +%s)
for i in $(seq "$ROUNDS"); do
	echo "== round $i of $ROUNDS ($(($(date +%s) - start))s elapsed)"
	"$tmp/bench.test" -test.run '^$' -test.bench "$BENCH" -test.benchtime "$BENCHTIME" \
		-test.benchmem -test.cpu "$CPU" -test.count 1 >>"$raw"
done
echo "== benchmarks took $(($(date +%s) - start))s"

"$benchstat" -col /lib "$raw" >results/benchstat.txt
go run ./cmd/report -in "$raw" -benchstat results/benchstat.txt -time "$RATIO_TIME" -out RESULTS.md -svg ratios.svg
