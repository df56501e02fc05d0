package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// samples holds every run of one benchmark.
type samples struct {
	ns, cpu, bytes, allocs []float64 // cpu may be empty
}

// results is the parsed input: the samples per operation and library, the
// operations in the order they first appear, and the configuration lines
// (the last value of each key wins).
type results struct {
	ops    []string
	cells  map[string]map[string]*samples // op → lib → samples
	config map[string]string
	procs  string // the -N suffix of the benchmark names (GOMAXPROCS)
}

// parse reads `go test -bench` output. Lines other than benchmark results
// and configuration lines (PASS, ok, test log output) are ignored; a
// benchmark line that cannot be read is an error.
func parse(r io.Reader) (*results, error) {
	res := &results{cells: map[string]map[string]*samples{}, config: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "Benchmark") {
			if err := res.addBenchmark(line); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			continue
		}
		if k, v, ok := configLine(line); ok {
			res.config[k] = v
		}
	}
	return res, sc.Err()
}

// configLine reads a benchfmt configuration line: a key that starts with
// a lower-case letter and has no space or upper-case letter, ": ", value.
func configLine(line string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(line, ":")
	if !ok || key == "" || key[0] < 'a' || key[0] > 'z' || strings.ContainsAny(key, " \t") || strings.ToLower(key) != key {
		return "", "", false
	}
	return key, strings.TrimSpace(value), true
}

func (res *results) addBenchmark(line string) error {
	fields := strings.Fields(line)
	if len(fields) < 4 || len(fields)%2 != 0 {
		return fmt.Errorf("not a benchmark result: %q", line)
	}
	name := strings.TrimPrefix(fields[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			res.procs = name[i+1:]
			name = name[:i]
		}
	}
	op, lib, ok := strings.Cut(name, "/lib=")
	if !ok || op == "" || lib == "" || strings.Contains(lib, "/") {
		return fmt.Errorf("benchmark %q is not named <Op>/<params>/lib=<name>", fields[0])
	}
	var ns, cpu, bytes, allocs float64 = -1, -1, -1, -1
	for i := 2; i+1 < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return fmt.Errorf("benchmark %q: value %q: %v", fields[0], fields[i], err)
		}
		switch fields[i+1] {
		case "ns/op":
			ns = v
		case "cpu-ns/op":
			cpu = v
		case "B/op":
			bytes = v
		case "allocs/op":
			allocs = v
		}
	}
	if ns < 0 || bytes < 0 || allocs < 0 {
		return fmt.Errorf("benchmark %q lacks ns/op, B/op or allocs/op (run with -benchmem)", fields[0])
	}
	libs := res.cells[op]
	if libs == nil {
		libs = map[string]*samples{}
		res.cells[op] = libs
		res.ops = append(res.ops, op)
	}
	s := libs[lib]
	if s == nil {
		s = &samples{}
		libs[lib] = s
	}
	s.ns = append(s.ns, ns)
	if cpu >= 0 {
		s.cpu = append(s.cpu, cpu)
	}
	s.bytes = append(s.bytes, bytes)
	s.allocs = append(s.allocs, allocs)
	return nil
}

// median returns the median of xs (the mean of the middle two for an even
// count), or 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// spread returns half the range of xs relative to its median, in percent:
// how far the runs strayed.
func spread(xs []float64) float64 {
	m := median(xs)
	if m == 0 || len(xs) < 2 {
		return 0
	}
	return (slices.Max(xs) - slices.Min(xs)) / 2 / m * 100
}
