//go:build !race

package jws

// raceEnabled reports whether the race detector is on; it makes sync.Pool
// drop items at random, so the allocation pin skips.
const raceEnabled = false
