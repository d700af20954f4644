package sandbox

import (
	"errors"
	"sync"
	"time"
)

// scheduler fires alarms. With the real clock a timer drives it; with a
// VirtualClock only Runtime.Advance does.
type scheduler struct {
	rt      *Runtime
	mu      sync.Mutex
	entries map[*record]alarmEntry
	timer   *time.Timer
	stopped bool
}

type alarmEntry struct {
	at    time.Time
	retry int
}

func newScheduler(rt *Runtime) *scheduler {
	return &scheduler{rt: rt, entries: map[*record]alarmEntry{}}
}

func (s *scheduler) set(r *record, at time.Time, retry int) {
	s.mu.Lock()
	s.entries[r] = alarmEntry{at: at, retry: retry}
	s.mu.Unlock()
	s.rearm()
}

func (s *scheduler) cancel(r *record) {
	s.mu.Lock()
	delete(s.entries, r)
	s.mu.Unlock()
	s.rearm()
}

func (s *scheduler) stop() {
	s.mu.Lock()
	s.stopped = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
}

// next returns the earliest alarm due at or before limit.
func (s *scheduler) next(limit time.Time) (*record, alarmEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *record
	var be alarmEntry
	for r, e := range s.entries {
		if e.at.After(limit) {
			continue
		}
		if best == nil || e.at.Before(be.at) {
			best, be = r, e
		}
	}
	if best != nil {
		delete(s.entries, best)
	}
	return best, be, best != nil
}

func (s *scheduler) rearm() {
	if s.rt.vclock != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	var earliest time.Time
	for _, e := range s.entries {
		if earliest.IsZero() || e.at.Before(earliest) {
			earliest = e.at
		}
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	if earliest.IsZero() {
		return
	}
	s.timer = time.AfterFunc(time.Until(earliest), func() {
		for {
			r, e, ok := s.next(time.Now())
			if !ok {
				break
			}
			go s.fire(r, e)
		}
		s.rearm()
	})
}

// fire runs one alarm and waits for the handler to finish.
func (s *scheduler) fire(r *record, e alarmEntry) {
	done := make(chan struct{})
	r.deliver(&event{kind: evAlarm, retry: e.retry, scheduled: e.at, reply: func(*httpMsg, []byte, *ScriptError) { close(done) }})
	<-done
}

// Advance moves a VirtualClock forward by d, running every alarm that falls
// due on the way (including retries scheduled by failing handlers) in time
// order, each to completion.
func (rt *Runtime) Advance(d time.Duration) error {
	if rt.vclock == nil {
		return errors.New("sandbox: Advance needs Options.Clock to be a *VirtualClock")
	}
	target := rt.vclock.Now().Add(d)
	for {
		r, e, ok := rt.alarms.next(target)
		if !ok {
			break
		}
		rt.vclock.set(e.at)
		rt.alarms.fire(r, e)
	}
	rt.vclock.set(target)
	return nil
}
