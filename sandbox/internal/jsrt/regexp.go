package jsrt

import (
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// goja runs the patterns that Go's regexp cannot (lookaround,
// backreferences) on regexp2, a backtracking engine whose catastrophic
// cases run for hours inside one native call, where no interrupt lands.
// regexp2 gives each pattern a match timeout on the wall clock, fixed when
// goja compiles the pattern (with the Worker's program, or on first use);
// a match that times out counts as no match. The timeout is the CPU limit:
// a match that long has used up its task's time (wall time is at least
// CPU time), and matchEnded turns its "no match" into the CPU limit error.
// On a busy machine this may end a task whose thread got less than its
// CPU time, never one that used more. The setting is process-wide, so the
// latest loop's limit holds.
var matchTimeout struct {
	sync.Mutex
	d time.Duration
}

// SetMatchTimeout bounds regexp2 matches of patterns compiled from now on
// by the CPU limit d; NewLoop calls it, and so must whoever compiles a
// program before creating its loops.
func SetMatchTimeout(d time.Duration) {
	if d <= 0 {
		return
	}
	matchTimeout.Lock()
	defer matchTimeout.Unlock()
	if matchTimeout.d != d {
		matchTimeout.d = d
		regexp2.DefaultMatchTimeout = d
	}
}

// matchStarted and matchEnded bracket each regular expression method
// (prelude.js). A match that lasted its whole timeout was cut short, and
// its "no match" is not the answer: it ends the task with the CPU limit
// error even when a busy machine has given the thread less CPU time than
// the wall time the timeout measures.
func matchStarted() int64 { return time.Now().UnixNano() }

func (l *Loop) matchEnded(start int64) {
	matchTimeout.Lock()
	d := matchTimeout.d
	matchTimeout.Unlock()
	if d > 0 && time.Duration(time.Now().UnixNano()-start) >= d {
		Abort(ErrCPU)
	}
}
