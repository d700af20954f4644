package jsrt

// Kill interrupts running JavaScript and stops the loop. Safe from any
// goroutine.
func (l *Loop) Kill(err error) {
	l.mu.Lock()
	l.halt(err)
	l.mu.Unlock()
	l.Stop()
}

// TakeHeld removes and returns the events held by the input gate.
func (l *Loop) TakeHeld() []func() {
	var out []func()
	for _, t := range l.held {
		out = append(out, t.fn)
	}
	l.held = nil
	return out
}

// Stopped reports whether the loop has been stopped: tasks that still run
// belong to an isolate that is going away. Safe from any goroutine.
func (l *Loop) Stopped() bool { return l.closed.Load() }
