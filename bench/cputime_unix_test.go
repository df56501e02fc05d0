//go:build unix

package bench

import "syscall"

// cpuTime returns the CPU time the process has used so far (user and
// system, every thread), in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
