// Command report turns the output of the bench module's benchmarks into
// RESULTS.md and the ratio chart ratios.svg.
//
// It reads the text of any number of `go test -bench -benchmem` runs,
// whose benchmarks are named Benchmark<Op>/<params>/lib=<name>, and takes
// per operation and library the median ns/op, cpu-ns/op, B/op and
// allocs/op. For this project ("ours") it computes two ratios: to the
// "primitive" reference and to the fastest other library, and checks them
// against the targets of issue 9. The ratios use the CPU time per op
// (cpu-ns/op, which the benchmarks report) unless -time wall is given or a
// benchmark lacks it: on a shared machine the wall time swings with the
// other tenants' load, the CPU time much less. Configuration lines of the input ("key: value", as go test and
// run.sh write them) give the machine, the date and the versions.
//
// Usage:
//
//	go run ./cmd/report -in results/raw.txt -benchstat results/benchstat.txt -out RESULTS.md -svg ratios.svg
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	in := flag.String("in", "results/raw.txt", "raw `go test -bench` output")
	out := flag.String("out", "RESULTS.md", "Markdown report to write")
	svg := flag.String("svg", "ratios.svg", "SVG chart to write")
	benchstat := flag.String("benchstat", "", "benchstat output to append to the report (optional)")
	command := flag.String("command", "./run.sh", "the command that produced the input, quoted in the report")
	timeBase := flag.String("time", "cpu", "time the ratios use: `cpu` (cpu-ns/op, when every benchmark has it) or wall (ns/op)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("report: ")

	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	res, err := parse(f)
	f.Close()
	if err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	if len(res.ops) == 0 {
		log.Fatalf("%s: no benchmark results", *in)
	}
	var bs string
	if *benchstat != "" {
		b, err := os.ReadFile(*benchstat)
		if err != nil {
			log.Fatal(err)
		}
		bs = string(b)
	}
	if *timeBase != "cpu" && *timeBase != "wall" {
		log.Fatalf("-time %q: want cpu or wall", *timeBase)
	}
	rep := analyze(res, *timeBase == "cpu")
	svgName, err := filepath.Rel(filepath.Dir(*out), *svg)
	if err != nil {
		svgName = *svg
	}
	if err := writeFile(*out, func(w io.Writer) error {
		return writeMarkdown(w, rep, markdownOptions{command: *command, svg: filepath.ToSlash(svgName), benchstat: bs})
	}); err != nil {
		log.Fatal(err)
	}
	if err := writeFile(*svg, func(w io.Writer) error { return writeSVG(w, rep) }); err != nil {
		log.Fatal(err)
	}
	met, missed := rep.targetCounts()
	fmt.Printf("report: %d operations, %d targets met, %d missed; wrote %s and %s\n", len(rep.rows), met, missed, *out, *svg)
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// libOrder is the order of the columns; unknown libraries come after.
var libOrder = []string{"ours", "primitive", "go-jose", "jwx", "jwx-fast", "golang-jwt"}

func libRank(name string) int {
	for i, l := range libOrder {
		if l == name {
			return i
		}
	}
	return len(libOrder)
}

// isOther reports whether lib is another library, one that "ours" is
// compared with.
func isOther(lib string) bool { return lib != "ours" && lib != "primitive" }

func family(op string) string {
	f, _, _ := strings.Cut(op, "/")
	return f
}

func params(op string) string {
	_, p, _ := strings.Cut(op, "/")
	return p
}
