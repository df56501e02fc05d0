package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

const sample = `date: 2026-01-02T03:04Z
goos: linux
goarch: amd64
pkg: github.com/jose-suite/jose/bench
cpu: Test CPU
BenchmarkJWSVerify/HS256/lib=ours-2         	  100	      3000 ns/op	     864 B/op	       5 allocs/op
BenchmarkJWSVerify/HS256/lib=primitive-2    	  100	      2000 ns/op	    1216 B/op	       9 allocs/op
BenchmarkJWSVerify/HS256/lib=jwx-fast-2     	  100	     10000 ns/op	    1885 B/op	      27 allocs/op
BenchmarkJWSVerify/HS256/lib=golang-jwt-2   	  100	     14000 ns/op	    2912 B/op	      36 allocs/op
BenchmarkJWKThumbprint/EC-P256/lib=ours-2   	  100	      2000 ns/op	     800 B/op	       3 allocs/op
BenchmarkJWKThumbprint/EC-P256/lib=jwx-2    	  100	      1900 ns/op	    1152 B/op	      23 allocs/op
PASS
goos: linux
BenchmarkJWSVerify/HS256/lib=ours-2         	  100	      5000 ns/op	     864 B/op	       5 allocs/op
BenchmarkJWSVerify/HS256/lib=ours-2         	  100	      3500 ns/op	     864 B/op	       5 allocs/op
BenchmarkJWSSign/HS256/lib=ours-2           	  100	      4000 ns/op	     864 B/op	       9 allocs/op
ok  	github.com/jose-suite/jose/bench	1.0s
`

func TestParseAndAnalyze(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(res.ops, " "), "JWSVerify/HS256 JWKThumbprint/EC-P256 JWSSign/HS256"; got != want {
		t.Errorf("ops = %q, want %q", got, want)
	}
	if res.procs != "2" || res.config["cpu"] != "Test CPU" || res.config["date"] != "2026-01-02T03:04Z" {
		t.Errorf("procs %q, config %v", res.procs, res.config)
	}
	rep := analyze(res, true) // no cpu-ns/op in sample: wall time
	if rep.cpu {
		t.Error("uses CPU time, which sample lacks")
	}
	// Sorted by family: JWSSign, JWSVerify, JWKThumbprint.
	verify := rep.rows[1]
	if verify.ours.ns != 3500 || verify.ours.runs != 3 {
		t.Errorf("ours: median %v of %d runs, want 3500 of 3", verify.ours.ns, verify.ours.runs)
	}
	if verify.fastest.lib != "jwx-fast" {
		t.Errorf("fastest other = %s, want jwx-fast", verify.fastest.lib)
	}
	for m, want := range map[metric]float64{vsPrimitive: 1.75, vsFastest: 0.35, allocsVsFastest: 5.0 / 27} {
		if got := verify.ratios[m]; got != want {
			t.Errorf("%v = %v, want %v", m, got, want)
		}
	}
	// T1 (1.75 ≤ 2), T2 (0.35 ≤ 0.5) and T3 (5/27 ≤ 1/3) are met.
	if len(verify.checks) != 3 {
		t.Fatalf("JWSVerify/HS256 has %d checks, want 3", len(verify.checks))
	}
	for _, c := range verify.checks {
		if !c.met {
			t.Errorf("%s missed with %v", c.target.id, c.value)
		}
	}
	thumb := rep.rows[2]
	if len(thumb.checks) != 1 || thumb.checks[0].met || thumb.checks[0].target.id != "T6" {
		t.Errorf("JWKThumbprint/EC-P256 checks = %+v, want T6 missed", thumb.checks)
	}
	if sign := rep.rows[0]; len(sign.checks) != 0 || len(sign.ratios) != 0 {
		t.Errorf("JWSSign/HS256 alone has checks %v and ratios %v", sign.checks, sign.ratios)
	}
	if met, missed := rep.targetCounts(); met != 3 || missed != 1 {
		t.Errorf("targetCounts = %d, %d; want 3, 1", met, missed)
	}
}

func TestParseRefusesBadLines(t *testing.T) {
	for name, line := range map[string]string{
		"no lib":      "BenchmarkJWSVerify/HS256-2 100 3000 ns/op 864 B/op 5 allocs/op",
		"no benchmem": "BenchmarkJWSVerify/HS256/lib=ours-2 100 3000 ns/op",
		"bad number":  "BenchmarkJWSVerify/HS256/lib=ours-2 100 x ns/op 864 B/op 5 allocs/op",
	} {
		if _, err := parse(strings.NewReader(line + "\n")); err == nil {
			t.Errorf("%s: parse accepts %q", name, line)
		}
	}
}

func TestWriters(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	rep := analyze(res, false)
	var md bytes.Buffer
	if err := writeMarkdown(&md, rep, markdownOptions{command: "./run.sh", svg: "ratios.svg", benchstat: "table"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2026-01-02T03:04Z", "Test CPU", "GOMAXPROCS=2", "| JWSVerify/HS256 | 3.50 µs | 2.00 µs | 10.0 µs (jwx-fast) | 1.75× ✅ | 0.35× ✅ |", "❌ missed", "ratios.svg"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("RESULTS.md lacks %q", want)
		}
	}
	var svg bytes.Buffer
	if err := writeSVG(&svg, rep); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML.
	d := xml.NewDecoder(&svg)
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
	}
}

// TestCPUTime checks that the ratios use cpu-ns/op when every benchmark
// has it, and still report the wall-time ratios.
func TestCPUTime(t *testing.T) {
	const in = `BenchmarkJWSVerify/HS256/lib=ours-2 100 9000 ns/op 3000 cpu-ns/op 864 B/op 5 allocs/op
BenchmarkJWSVerify/HS256/lib=primitive-2 100 3000 ns/op 2000 cpu-ns/op 1216 B/op 9 allocs/op
BenchmarkJWSVerify/HS256/lib=jwx-fast-2 100 6000 ns/op 7000 cpu-ns/op 1885 B/op 27 allocs/op
BenchmarkJWSVerify/HS256/lib=golang-jwt-2 100 5000 ns/op 9000 cpu-ns/op 2912 B/op 36 allocs/op
`
	res, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	rep := analyze(res, true)
	if !rep.cpu {
		t.Fatal("does not use CPU time")
	}
	r := rep.rows[0]
	if r.fastest.lib != "jwx-fast" {
		t.Errorf("fastest other by CPU time = %s, want jwx-fast", r.fastest.lib)
	}
	if r.ratios[vsPrimitive] != 1.5 || r.wall[vsPrimitive] != 3 {
		t.Errorf("vs primitive: CPU %v, wall %v; want 1.5, 3", r.ratios[vsPrimitive], r.wall[vsPrimitive])
	}
	if r.ratios[vsFastest] != 3.0/7 || r.wall[vsFastest] != 1.5 {
		t.Errorf("vs fastest: CPU %v, wall %v; want 3/7, 1.5", r.ratios[vsFastest], r.wall[vsFastest])
	}
	// Fastest runs: a single run each, so the same as the medians.
	if c := r.checks[0]; c.noisy() || c.best != c.value {
		t.Errorf("check %+v: best differs from the only run", c)
	}
	if wall := analyze(res, false); wall.cpu || wall.rows[0].fastest.lib != "golang-jwt" {
		t.Errorf("-time wall: cpu %v, fastest %s", wall.cpu, wall.rows[0].fastest.lib)
	}
}

// TestNoisy checks the verdict on the fastest runs: the medians miss the
// 1.1x target, the fastest runs meet it.
func TestNoisy(t *testing.T) {
	const in = `BenchmarkJWSVerify/ES256/lib=ours-2 1 100 ns/op 100 cpu-ns/op 1 B/op 1 allocs/op
BenchmarkJWSVerify/ES256/lib=primitive-2 1 100 ns/op 100 cpu-ns/op 1 B/op 1 allocs/op
BenchmarkJWSVerify/ES256/lib=ours-2 1 130 ns/op 130 cpu-ns/op 1 B/op 1 allocs/op
BenchmarkJWSVerify/ES256/lib=primitive-2 1 100 ns/op 100 cpu-ns/op 1 B/op 1 allocs/op
BenchmarkJWSVerify/ES256/lib=ours-2 1 130 ns/op 130 cpu-ns/op 1 B/op 1 allocs/op
BenchmarkJWSVerify/ES256/lib=primitive-2 1 100 ns/op 100 cpu-ns/op 1 B/op 1 allocs/op
`
	res, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	c := analyze(res, true).rows[0].checks[0]
	if c.target.id != "T5" || c.met || !c.bestMet || !c.noisy() || c.value != 1.3 || c.best != 1 {
		t.Errorf("check = %+v, want T5 missed at 1.3x, met at 1x on the fastest runs", c)
	}
}
