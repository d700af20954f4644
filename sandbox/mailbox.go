package sandbox

import "sync"

// mailbox is an unbounded FIFO in front of something that may block: a
// loop's bounded task channel, or the start of an object's instance.
//
// One event loop must never wait for another: with the Worker's loop
// blocked posting a request into an object's full queue while the object's
// loop is blocked posting a reply into the Worker's full queue, both stop
// for good. So a loop only ever appends here, which does not block; a
// goroutine of the mailbox's own, started while there is something to
// move, does the waiting. It handles items one at a time, in order.
// Memory is bounded by what produces the items: the HTTP edge limits the
// requests in flight, and script code can only queue what its CPU and
// memory limits let it create.
type mailbox[T any] struct {
	mu      sync.Mutex
	head    *mailItem[T]
	tail    *mailItem[T]
	running bool
	handle  func(T)
}

type mailItem[T any] struct {
	v    T
	next *mailItem[T]
}

func newMailbox[T any](handle func(T)) *mailbox[T] { return &mailbox[T]{handle: handle} }

// put queues v; it never blocks. Safe from any goroutine.
func (m *mailbox[T]) put(v T) {
	it := &mailItem[T]{v: v}
	m.mu.Lock()
	if m.tail == nil {
		m.head = it
	} else {
		m.tail.next = it
	}
	m.tail = it
	if m.running {
		m.mu.Unlock()
		return
	}
	m.running = true
	m.mu.Unlock()
	go m.pump()
}

func (m *mailbox[T]) pump() {
	for {
		m.mu.Lock()
		it := m.head
		if it == nil {
			m.running = false
			m.mu.Unlock()
			return
		}
		m.head = it.next
		if m.head == nil {
			m.tail = nil
		}
		m.mu.Unlock()
		m.handle(it.v)
	}
}

// loopTask is a task for an isolate's loop; lost, when set, runs instead
// if the loop has stopped and refuses it.
type loopTask struct {
	fn    func()
	event bool
	lost  func()
}

// post queues fn on the isolate's loop without blocking the caller, which
// may be another isolate's loop. Tasks posted this way run in order.
func (iso *isolate) post(fn func(), event bool) { iso.postOr(fn, event, nil) }

// postOr is post with lost run when the loop has stopped.
func (iso *isolate) postOr(fn func(), event bool, lost func()) {
	iso.inbox.put(loopTask{fn: fn, event: event, lost: lost})
}

func (iso *isolate) forward(t loopTask) {
	if !iso.loop.Post(t.fn, t.event) && t.lost != nil {
		t.lost()
	}
}
