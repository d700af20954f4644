package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// maxAttachment is the largest serialized attachment workerd accepts. Older
// workerd releases allowed 2048 bytes; the limit does not depend on the
// compatibility date.
const maxAttachment = 16384

// WSMessage is a frame seen by the Go side of a WebSocket.
type WSMessage struct {
	Text   string
	Data   []byte
	Binary bool
	// Close frames carry Code and Reason.
	Close  bool
	Code   int
	Reason string
}

// wsEnd is one end of a WebSocketPair. Messages sent on an end arrive at its
// peer, wherever the peer lives: a Go client, an accept()ed JS socket or a
// hibernatable socket of a Durable Object.
type wsEnd struct {
	mu         sync.Mutex
	peer       *wsEnd
	state      int // 1 open, 2 closing, 3 closed
	accepted   bool
	iso        *isolate     // accept(): isolate holding the listeners
	obj        *goja.Object // accept(): the JS object (used on iso's loop only)
	hib        *hibSocket
	goSide     *WebSocketConn
	queue      []WSMessage
	attachment []byte
}

// hibSocket is a socket accepted with state.acceptWebSocket(); it survives
// instance resets and hibernation.
type hibSocket struct {
	rec    *record
	end    *wsEnd
	tags   []string
	autoTS *time.Time
}

// WebSocketConn is the client end of a WebSocket returned by the Worker.
type WebSocketConn struct {
	end  *wsEnd
	msgs chan WSMessage
}

// ConnectWebSocket sends req (which should carry Upgrade: websocket) to the
// Worker; a 101 response with a webSocket yields a connection.
func (rt *Runtime) ConnectWebSocket(req *http.Request) (*WebSocketConn, *http.Response, error) {
	msg, err := requestFromHTTP(req)
	if err != nil {
		return nil, nil, err
	}
	res, serr := rt.fetchMsg(msg)
	if serr != nil {
		return nil, nil, serr
	}
	return clientConn(res, req)
}

// clientConn takes the client end of the WebSocket in a 101 response.
func clientConn(res *httpMsg, req *http.Request) (*WebSocketConn, *http.Response, error) {
	hres := res.toHTTP(req)
	if res.Status != 101 || res.WS == nil {
		return nil, hres, fmt.Errorf("sandbox: the Worker answered %d without a WebSocket", res.Status)
	}
	c := &WebSocketConn{end: res.WS, msgs: make(chan WSMessage, 1024)}
	res.WS.mu.Lock()
	res.WS.goSide = c
	res.WS.accepted = true
	q := res.WS.queue
	res.WS.queue = nil
	res.WS.mu.Unlock()
	for _, m := range q {
		c.msgs <- m
	}
	return c, hres, nil
}

// Messages delivers frames sent by the Worker.
func (c *WebSocketConn) Messages() <-chan WSMessage { return c.msgs }

// Receive waits up to timeout for the next frame.
func (c *WebSocketConn) Receive(timeout time.Duration) (WSMessage, error) {
	select {
	case m := <-c.msgs:
		return m, nil
	case <-time.After(timeout):
		return WSMessage{}, errors.New("sandbox: no WebSocket message within timeout")
	}
}

// SendText sends a text frame to the Worker.
func (c *WebSocketConn) SendText(s string) { c.end.send(WSMessage{Text: s}) }

// SendBinary sends a binary frame to the Worker.
func (c *WebSocketConn) SendBinary(b []byte) {
	c.end.send(WSMessage{Data: append([]byte(nil), b...), Binary: true})
}

// Close sends a close frame.
func (c *WebSocketConn) Close(code int, reason string) {
	c.end.mu.Lock()
	c.end.state = 3
	c.end.mu.Unlock()
	c.end.send(WSMessage{Close: true, Code: code, Reason: reason})
}

// send delivers m to the peer of e.
func (e *wsEnd) send(m WSMessage) {
	p := e.peer
	p.mu.Lock()
	switch {
	case p.goSide != nil:
		c := p.goSide
		p.mu.Unlock()
		select {
		case c.msgs <- m:
		default:
		}
		return
	case p.hib != nil:
		h := p.hib
		if m.Close && p.state == 1 {
			// A client-initiated close; after the object's own close()
			// the socket is already closed.
			p.state = 2
		}
		p.mu.Unlock()
		h.deliver(m)
		return
	case p.accepted && p.iso != nil:
		iso, obj := p.iso, p.obj
		if m.Close {
			p.state = 3
		}
		p.mu.Unlock()
		// The sender may be another isolate's loop.
		iso.post(func() { iso.dispatchWS(p, obj, m) }, true)
		return
	}
	p.queue = append(p.queue, m)
	p.mu.Unlock()
}

// output sends through the output gate of the isolate's Durable Object, if
// it is one; the Worker has no storage to wait for.
func (iso *isolate) output(fn func()) {
	if iso.actor != nil {
		iso.actor.output(fn)
		return
	}
	fn()
}

func (iso *isolate) dispatchWS(end *wsEnd, obj *goja.Object, m WSMessage) {
	vm := iso.vm
	dispatch, _ := goja.AssertFunction(vm.Get("__wsDispatch"))
	init := vm.NewObject()
	typ := "message"
	switch {
	case m.Close:
		typ = "close"
		init.Set("code", m.Code)
		init.Set("reason", m.Reason)
		init.Set("wasClean", true)
		if iso.rt.compat.autoReplyClose {
			end.mu.Lock()
			end.state = 3
			end.mu.Unlock()
			end.send(WSMessage{Close: true, Code: m.Code, Reason: m.Reason})
		}
	case m.Binary:
		init.Set("data", vm.NewArrayBuffer(append([]byte(nil), m.Data...)))
	default:
		init.Set("data", m.Text)
	}
	if _, err := dispatch(goja.Undefined(), obj, vm.ToValue(typ), init); err != nil {
		iso.check(err)
		iso.host.Uncaught(err)
	}
}

// deliver hands a frame from the client to the object, answering configured
// auto-responses without waking it.
func (h *hibSocket) deliver(m WSMessage) {
	r := h.rec
	if !m.Close && !m.Binary {
		r.mu.Lock()
		auto := r.auto
		r.mu.Unlock()
		if auto != nil && m.Text == auto[0] {
			now := r.ns.rt.clock.Now()
			r.mu.Lock()
			h.autoTS = &now
			r.mu.Unlock()
			h.end.send(WSMessage{Text: auto[1]})
			return
		}
	}
	ev := &event{sock: h, text: m.Text, data: m.Data, binary: m.Binary}
	switch {
	case m.Close:
		ev.kind, ev.code, ev.reason, ev.wasClean = evWSClose, m.Code, m.Reason, true
	default:
		ev.kind = evWSMessage
	}
	r.deliver(ev)
}

func (a *actor) wsObject(h *hibSocket) goja.Value { return a.iso.wsObject(h.end) }

func (a *actor) wsEvent(ev *event) {
	iso := a.iso
	vm := iso.vm
	name := map[evKind]string{evWSMessage: "webSocketMessage", evWSClose: "webSocketClose", evWSError: "webSocketError"}[ev.kind]
	fn, ok := goja.AssertFunction(a.inst.Get(name))
	ws := a.wsObject(ev.sock)
	var args []goja.Value
	switch ev.kind {
	case evWSMessage:
		if ev.binary {
			args = []goja.Value{ws, vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), ev.data...)))}
		} else {
			args = []goja.Value{ws, vm.ToValue(ev.text)}
		}
	case evWSClose:
		args = []goja.Value{ws, vm.ToValue(ev.code), vm.ToValue(ev.reason), vm.ToValue(ev.wasClean)}
	default:
		args = []goja.Value{ws, vm.ToValue(ev.text)}
	}
	finish := func(se *ScriptError) {
		if ev.kind == evWSClose {
			a.rec.removeSocket(ev.sock)
		}
		if se != nil {
			iso.rt.log("error", "Uncaught "+se.Error(), iso.label)
		}
		ev.respond(nil, nil, se)
	}
	if !ok {
		finish(nil)
		return
	}
	res, err := fn(a.inst, args...)
	if se := iso.check(err); se != nil {
		finish(se)
		return
	}
	iso.then(res, func(goja.Value) { finish(nil) }, func(v goja.Value) { finish(iso.scriptError(v)) })
}

func (r *record) removeSocket(h *hibSocket) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, s := range r.sockets {
		if s == h {
			r.sockets = append(r.sockets[:i:i], r.sockets[i+1:]...)
			break
		}
	}
	h.end.mu.Lock()
	h.end.state = 3
	h.end.mu.Unlock()
}

// wsObject returns this isolate's JS WebSocket for e, creating it once.
func (iso *isolate) wsObject(e *wsEnd) *goja.Object {
	if o, ok := iso.wsObjs[e]; ok {
		return o
	}
	o, err := iso.vm.New(iso.vm.Get("WebSocket"), iso.vm.ToValue(e))
	if err != nil {
		panic(err)
	}
	iso.wsObjs[e] = o
	return o
}

func (iso *isolate) wsHandle(o *goja.Object) *wsEnd {
	return endOf(o.Get("_h"))
}

func endOf(v goja.Value) *wsEnd {
	if v == nil || isPlainObject(v) {
		// User code may pass anything here; exporting a plain object
		// would copy it whole, as deep as it nests.
		return nil
	}
	e, _ := v.Export().(*wsEnd)
	return e
}
