package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

type markdownOptions struct {
	command   string
	svg       string
	benchstat string
}

func fmtNs(v float64) string {
	switch {
	case v < 1e3:
		return fmt.Sprintf("%.0f ns", v)
	case v < 1e4:
		return fmt.Sprintf("%.2f µs", v/1e3)
	case v < 1e6:
		return fmt.Sprintf("%.1f µs", v/1e3)
	default:
		return fmt.Sprintf("%.2f ms", v/1e6)
	}
}

func fmtRatio(v float64) string {
	switch {
	case v == 1.0/3:
		return "1/3×"
	case v < 0.1:
		return fmt.Sprintf("%.3f×", v)
	default:
		return fmt.Sprintf("%.2f×", v)
	}
}

func fmtCount(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

func mark(c check) string {
	switch {
	case c.met && c.noisy():
		return "✅ met (not on the fastest runs: noise)"
	case c.met:
		return "✅ met"
	case c.noisy():
		return "❌ missed (met on the fastest runs: noise)"
	}
	return "❌ missed"
}

// ratioCell is a ratio with the mark of the target on it, if any.
func (r *row) ratioCell(m metric) string {
	v, ok := r.ratios[m]
	if !ok {
		return "—"
	}
	s := fmtRatio(v)
	if c, ok := r.checkFor(m); ok {
		if c.met {
			s += " ✅"
		} else {
			s = "**" + s + "** ❌"
		}
	}
	return s
}

func writeMarkdown(w io.Writer, rep *report, o markdownOptions) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	cfg := rep.config

	p("# Benchmark results: this project against go-jose, jwx, golang-jwt and the primitives\n\n")
	p("Written by `%s` (bench/cmd/report from the raw `go test -bench` output in `results/raw.txt`); do not edit by hand. See [README.md](README.md) for what is measured and how.\n\n", o.command)
	date := cfg["date"]
	if date == "" {
		date = time.Now().UTC().Format(time.RFC3339)
	}
	p("- **Date:** %s\n", date)
	p("- **Machine:** %s/%s, cpu: %s, %s cores online; benchmarks run with GOMAXPROCS=%s\n", cfg["goos"], cfg["goarch"], orDash(cfg["cpu"]), orDash(cfg["ncpu"]), orDash(rep.procs))
	if v := cfg["go"]; v != "" {
		p("- **Go:** %s\n", v)
	}
	if v := cfg["commit"]; v != "" {
		p("- **This project:** commit %s\n", v)
	}
	if v := cfg["versions"]; v != "" {
		p("- **Other libraries:** %s\n", v)
	}
	runs := 0
	for _, r := range rep.rows {
		for _, s := range r.libs {
			runs = max(runs, s.runs)
		}
	}
	p("- **Method:** %d runs of each benchmark, interleaved (each run goes through the whole suite)", runs)
	if v := cfg["benchtime"]; v != "" {
		p(", -benchtime %s", v)
	}
	p("; every figure is the median of the runs. ± is half the range of the runs, relative to the median.")
	p(" CPU time per op is the process's user and system time over the iterations (every thread, so garbage collection counts).")
	if v := cfg["load"]; v != "" {
		p(" Load average before the runs: %s (the machine is shared, so expect noise).", v)
	}
	p("\n- **Ratios:** ours / primitive and ours / fastest other library, by median %s; below 1 means ours is faster.", rep.timeName())
	if rep.cpu {
		p(" The targets are judged on CPU time because this machine is shared: the wall time of one benchmark swings two or three times over with other tenants' load, its CPU time by a few percent. The wall-time ratios are given next to them.")
	}
	p("\n\n")

	// Targets.
	met, missed := rep.targetCounts()
	noisy := 0
	for _, r := range rep.rows {
		for _, c := range r.checks {
			if !c.met && c.noisy() {
				noisy++
			}
		}
	}
	p("## Targets of issue 9\n\n")
	p("%d checks met, %d missed", met, missed)
	if noisy > 0 {
		p(" (of which %d met on the fastest runs: within the noise of the machine)", noisy)
	}
	p(".\n\n")
	p("The verdict is on the ratio of the medians. \"Fastest runs\" is the same ratio taken from each library's fastest run: other tenants of a shared machine only ever slow a run down, so where the two verdicts differ, the difference is within the noise of the machine.")
	if rep.cpu {
		p(" \"Wall time\" is the ratio of the medians of the wall time.")
	}
	p("\n\n| Target | Operation | Measured | Fastest runs | Limit | | Wall time |\n|---|---|---:|---:|---:|---|---:|\n")
	for _, t := range targets {
		for _, r := range rep.rows {
			for _, c := range r.checks {
				if c.target != t {
					continue
				}
				wall := "—"
				if v, ok := r.wall[t.metric]; ok && rep.cpu {
					wall = fmtRatio(v)
				}
				p("| %s: %s | %s | %s | %s | %s | %s | %s |\n", t.id, t.text, r.op, fmtRatio(c.value), fmtRatio(c.best), t.limit(), mark(c), wall)
			}
		}
	}
	p("\nHS256 signing and PBES2 are measured but the issue sets them no target. Every target is measured with the strict checks on: allowlists, strict parsing with duplicate-member rejection, and claim validation.\n\n")

	// Headline.
	p("## Headline\n\nTimes are medians of the %s.\n\n", rep.timeName())
	if o.svg != "" {
		p("![ours / primitive and ours / fastest other library, per operation](%s)\n\n", o.svg)
	}
	p("| Operation | ours | primitive | fastest other | ours / primitive | ours / fastest other | allocs ours | allocs primitive | allocs fastest other |\n")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rep.rows {
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.op,
			nsOf(r.ours), nsOf(r.prim), fastestCell(r),
			r.ratioCell(vsPrimitive), r.ratioCell(vsFastest),
			allocsOf(r.ours), allocsOf(r.prim), allocsFastestCell(r))
	}
	p("\n")

	// Everything.
	p("## All results\n\n")
	p("Medians per library; \"vs ours\" compares the %s. golang-jwt has no JWE or JWK support, and go-jose v4 no X25519 key agreement; jwx-fast is jwx's `jws.VerifyCompactFast`.\n", rep.timeName())
	fam := ""
	for _, r := range rep.rows {
		if f := family(r.op); f != fam {
			fam = f
			p("\n### %s\n\n| Parameters | Library | CPU time/op | ± | wall time/op | ± | B/op | allocs/op | vs ours |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n", f)
		}
		for _, s := range r.libs {
			vs := "—"
			if r.ours != nil && s != r.ours && r.ours.t > 0 {
				vs = fmtRatio(s.t / r.ours.t)
			}
			lib := s.lib
			if s == r.ours {
				lib = "**ours**"
			}
			cpu, cpuSpread := "—", "—"
			if s.cpu > 0 {
				cpu, cpuSpread = fmtNs(s.cpu), fmt.Sprintf("%.0f%%", s.cpuSpread)
			}
			p("| %s | %s | %s | %s | %s | %.0f%% | %s | %s | %s |\n", params(r.op), lib, cpu, cpuSpread, fmtNs(s.ns), s.nsSpread, fmtCount(s.bytes), fmtCount(s.allocs), vs)
		}
	}
	if o.benchstat != "" {
		p("\n## benchstat\n\n<details><summary><code>benchstat -col /lib results/raw.txt</code></summary>\n\n```\n%s\n```\n\n</details>\n", strings.TrimRight(o.benchstat, "\n"))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func nsOf(s *stat) string {
	if s == nil {
		return "—"
	}
	return fmtNs(s.t)
}

func allocsOf(s *stat) string {
	if s == nil {
		return "—"
	}
	return fmtCount(s.allocs)
}

func fastestCell(r *row) string {
	if r.fastest == nil {
		return "—"
	}
	return fmt.Sprintf("%s (%s)", fmtNs(r.fastest.t), r.fastest.lib)
}

func allocsFastestCell(r *row) string {
	if r.fastest == nil {
		return "—"
	}
	s := fmtCount(r.fastest.allocs)
	if c, ok := r.checkFor(allocsVsFastest); ok {
		s += fmt.Sprintf(" (ours %s %s)", fmtRatio(c.value), map[bool]string{true: "✅", false: "❌"}[c.met])
	}
	return s
}
