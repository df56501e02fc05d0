//go:build !race

package concatkdf

// raceEnabled reports whether the race detector is on; it changes
// allocation counts, so allocation tests skip.
const raceEnabled = false
