//go:build !unix

package bench

// cpuTime is not measured on this system: the benchmarks then report only
// the wall time.
func cpuTime() int64 { return -1 }
