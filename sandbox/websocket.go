package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
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

func (iso *isolate) installWebSocketNatives(do *goja.Object) {
	vm := iso.vm
	a := iso.actor
	do.Set("wsPair", func(goja.FunctionCall) goja.Value {
		x, y := &wsEnd{state: 1}, &wsEnd{state: 1}
		x.peer, y.peer = y, x
		return vm.NewArray(x, y)
	})
	do.Set("wsState", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		e.mu.Lock()
		defer e.mu.Unlock()
		return vm.ToValue(e.state)
	})
	do.Set("wsAccept", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		e.mu.Lock()
		if e.hib != nil {
			e.mu.Unlock()
			iso.throw("TypeError", "Can't accept() WebSocket after enabling hibernation.")
		}
		e.accepted = true
		e.iso = iso
		e.obj = c.Argument(1).ToObject(vm)
		iso.wsObjs[e] = e.obj
		q := e.queue
		e.queue = nil
		e.mu.Unlock()
		for _, m := range q {
			m := m
			iso.post(func() { iso.dispatchWS(e, e.obj, m) }, true)
		}
		return goja.Undefined()
	})
	do.Set("wsSend", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		e.mu.Lock()
		ok := e.accepted || e.hib != nil
		st := e.state
		e.mu.Unlock()
		if !ok {
			iso.throw("TypeError", "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.")
		}
		if st == 3 {
			iso.throw("TypeError", "Can't call WebSocket send() after close().")
		}
		var m WSMessage
		if c.Argument(2).ToBoolean() {
			m = WSMessage{Data: append([]byte(nil), c.Argument(1).Export().(goja.ArrayBuffer).Bytes()...), Binary: true}
		} else {
			m = WSMessage{Text: c.Argument(1).String()}
		}
		iso.output(func() { e.send(m) })
		return goja.Undefined()
	})
	do.Set("wsClose", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		e.mu.Lock()
		e.state = 3
		e.mu.Unlock()
		m := WSMessage{Close: true, Code: int(c.Argument(1).ToInteger()), Reason: c.Argument(2).String()}
		iso.output(func() { e.send(m) })
		return goja.Undefined()
	})
	do.Set("wsSetAttachment", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		b, err := iso.host.Cloner.Serialize(c.Argument(1), clone.Options{})
		if err != nil {
			panic(iso.host.DOMException(err.Error(), "DataCloneError"))
		}
		if limit := maxAttachment; len(b) > limit {
			iso.throw("Error", fmt.Sprintf("A WebSocket 'attachment' cannot be larger than %d bytes.'attachment' was %d bytes.", limit, len(b)))
		}
		e.mu.Lock()
		e.attachment = b
		e.mu.Unlock()
		return goja.Undefined()
	})
	do.Set("wsGetAttachment", func(c goja.FunctionCall) goja.Value {
		e := endOf(c.Argument(0))
		e.mu.Lock()
		b := e.attachment
		e.mu.Unlock()
		if b == nil {
			return goja.Null()
		}
		v, err := iso.host.Cloner.Deserialize(b)
		if err != nil {
			return goja.Null()
		}
		return v
	})
	if a == nil {
		return
	}
	do.Set("acceptWebSocket", func(c goja.FunctionCall) goja.Value {
		wo, ok := c.Argument(0).(*goja.Object)
		var e *wsEnd
		if ok {
			e = iso.wsHandle(wo)
		}
		if e == nil {
			iso.throw("TypeError", "Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.")
		}
		tags := strList(vm, c.Argument(1))
		var uniq []string
		seen := map[string]bool{}
		for _, t := range tags {
			if len(t) > 256 {
				iso.throw("Error", fmt.Sprintf("\"%s\" is longer than the max tag length (256 characters).", t))
			}
			if !seen[t] {
				seen[t] = true
				uniq = append(uniq, t)
			}
		}
		if len(uniq) > 10 {
			iso.throw("Error", "a Hibernatable WebSocket cannot have more than 10 tags")
		}
		e.mu.Lock()
		if e.accepted || e.hib != nil {
			e.mu.Unlock()
			iso.throw("Error", "Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`")
		}
		a.rec.mu.Lock()
		if len(a.rec.sockets) >= 32768 {
			a.rec.mu.Unlock()
			e.mu.Unlock()
			iso.throw("Error", "only 32768 websockets can be accepted on a single Durable Object instance")
		}
		h := &hibSocket{rec: a.rec, end: e, tags: uniq}
		a.rec.sockets = append(a.rec.sockets, h)
		a.rec.mu.Unlock()
		e.hib = h
		iso.wsObjs[e] = wo
		q := e.queue
		e.queue = nil
		e.mu.Unlock()
		for _, m := range q {
			h.deliver(m)
		}
		return goja.Undefined()
	})
	do.Set("getWebSockets", func(c goja.FunctionCall) goja.Value {
		a.rec.mu.Lock()
		socks := append([]*hibSocket(nil), a.rec.sockets...)
		a.rec.mu.Unlock()
		var out []any
		if goja.IsNull(c.Argument(0)) {
			for i := len(socks) - 1; i >= 0; i-- {
				out = append(out, iso.wsObject(socks[i].end))
			}
		} else {
			tag := c.Argument(0).String()
			for _, s := range socks {
				for _, t := range s.tags {
					if t == tag {
						out = append(out, iso.wsObject(s.end))
						break
					}
				}
			}
		}
		return vm.NewArray(out...)
	})
	do.Set("getTags", func(c goja.FunctionCall) goja.Value {
		wo, _ := c.Argument(0).(*goja.Object)
		var e *wsEnd
		if wo != nil {
			e = iso.wsHandle(wo)
		}
		if e == nil || e.hib == nil {
			iso.throw("Error", "only hibernatable websockets can have tags.")
		}
		out := make([]any, len(e.hib.tags))
		for i, t := range e.hib.tags {
			out[i] = t
		}
		return vm.NewArray(out...)
	})
	do.Set("setAutoResponse", func(c goja.FunctionCall) goja.Value {
		a.rec.mu.Lock()
		if goja.IsNull(c.Argument(0)) {
			a.rec.auto = nil
		} else {
			a.rec.auto = &[2]string{c.Argument(0).String(), c.Argument(1).String()}
		}
		a.rec.mu.Unlock()
		return goja.Undefined()
	})
	do.Set("getAutoResponse", func(goja.FunctionCall) goja.Value {
		a.rec.mu.Lock()
		defer a.rec.mu.Unlock()
		if a.rec.auto == nil {
			return goja.Null()
		}
		return vm.NewArray(a.rec.auto[0], a.rec.auto[1])
	})
	do.Set("autoResponseTimestamp", func(c goja.FunctionCall) goja.Value {
		wo, _ := c.Argument(0).(*goja.Object)
		if wo == nil {
			return goja.Null()
		}
		e := iso.wsHandle(wo)
		if e == nil || e.hib == nil {
			return goja.Null()
		}
		a.rec.mu.Lock()
		defer a.rec.mu.Unlock()
		if e.hib.autoTS == nil {
			return goja.Null()
		}
		return vm.ToValue(e.hib.autoTS.UnixMilli())
	})
}
