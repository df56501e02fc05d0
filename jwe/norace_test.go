//go:build !race

package jwe

// raceEnabled reports whether the race detector is on; it changes
// allocation counts, so allocation tests skip.
const raceEnabled = false
