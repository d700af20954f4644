//go:build !unix

package corpus

import "time"

// CPUTime is not measured on this system; zero means unknown.
func CPUTime() time.Duration { return 0 }
