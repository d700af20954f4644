//go:build race

package verify

// raceEnabled is set when the tests run under the race detector, which
// slows the sandbox's JavaScript some tenfold.
const raceEnabled = true
