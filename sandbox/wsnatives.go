package sandbox

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// socketNatives are the host functions behind WebSocket and
// WebSocketPair (workers.js), by the name workers.js calls them.
var socketNatives = map[string]func(*isolate, goja.FunctionCall) goja.Value{
	"wsPair":          (*isolate).wsPair,
	"wsState":         (*isolate).wsState,
	"wsAccept":        (*isolate).wsAccept,
	"wsSend":          (*isolate).wsSend,
	"wsClose":         (*isolate).wsClose,
	"wsSetAttachment": (*isolate).wsSetAttachment,
	"wsGetAttachment": (*isolate).wsGetAttachment,
}

// hibernationNatives are the host functions behind the hibernation API of
// DurableObjectState; only an object's isolate has them.
var hibernationNatives = map[string]func(*isolate, goja.FunctionCall) goja.Value{
	"acceptWebSocket":       (*isolate).acceptWebSocket,
	"getWebSockets":         (*isolate).getWebSockets,
	"getTags":               (*isolate).getTags,
	"setAutoResponse":       (*isolate).setAutoResponse,
	"getAutoResponse":       (*isolate).getAutoResponse,
	"autoResponseTimestamp": (*isolate).autoResponseTimestamp,
}

func (iso *isolate) installWebSocketNatives(do *goja.Object) {
	install := func(table map[string]func(*isolate, goja.FunctionCall) goja.Value) {
		for name, fn := range table {
			do.Set(name, func(c goja.FunctionCall) goja.Value { return fn(iso, c) })
		}
	}
	install(socketNatives)
	if iso.actor != nil {
		install(hibernationNatives)
	}
}

func (iso *isolate) wsPair(_ goja.FunctionCall) goja.Value {
	x, y := &wsEnd{state: 1}, &wsEnd{state: 1}
	x.peer, y.peer = y, x
	return iso.vm.NewArray(x, y)
}

func (iso *isolate) wsState(c goja.FunctionCall) goja.Value {
	e := endOf(c.Argument(0))
	e.mu.Lock()
	defer e.mu.Unlock()
	return iso.vm.ToValue(e.state)
}

func (iso *isolate) wsAccept(c goja.FunctionCall) goja.Value {
	e := endOf(c.Argument(0))
	e.mu.Lock()
	if e.hib != nil {
		e.mu.Unlock()
		iso.throw("TypeError", "Can't accept() WebSocket after enabling hibernation.")
	}
	e.accepted = true
	e.iso = iso
	e.obj = c.Argument(1).ToObject(iso.vm)
	iso.wsObjs[e] = e.obj
	q := e.queue
	e.queue = nil
	e.mu.Unlock()
	for _, m := range q {
		m := m
		iso.post(func() { iso.dispatchWS(e, e.obj, m) }, true)
	}
	return goja.Undefined()
}

func (iso *isolate) wsSend(c goja.FunctionCall) goja.Value {
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
}

func (iso *isolate) wsClose(c goja.FunctionCall) goja.Value {
	e := endOf(c.Argument(0))
	e.mu.Lock()
	e.state = 3
	e.mu.Unlock()
	m := WSMessage{Close: true, Code: int(c.Argument(1).ToInteger()), Reason: c.Argument(2).String()}
	iso.output(func() { e.send(m) })
	return goja.Undefined()
}

func (iso *isolate) wsSetAttachment(c goja.FunctionCall) goja.Value {
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
}

func (iso *isolate) wsGetAttachment(c goja.FunctionCall) goja.Value {
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
}

func (iso *isolate) acceptWebSocket(c goja.FunctionCall) goja.Value {
	rec := iso.actor.rec
	wo, ok := c.Argument(0).(*goja.Object)
	var e *wsEnd
	if ok {
		e = iso.wsHandle(wo)
	}
	if e == nil {
		iso.throw("TypeError", "Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.")
	}
	tags := strList(iso.vm, c.Argument(1))
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
	rec.mu.Lock()
	if len(rec.sockets) >= 32768 {
		rec.mu.Unlock()
		e.mu.Unlock()
		iso.throw("Error", "only 32768 websockets can be accepted on a single Durable Object instance")
	}
	h := &hibSocket{rec: rec, end: e, tags: uniq}
	rec.sockets = append(rec.sockets, h)
	rec.mu.Unlock()
	e.hib = h
	iso.wsObjs[e] = wo
	q := e.queue
	e.queue = nil
	e.mu.Unlock()
	for _, m := range q {
		h.deliver(m)
	}
	return goja.Undefined()
}

func (iso *isolate) getWebSockets(c goja.FunctionCall) goja.Value {
	rec := iso.actor.rec
	rec.mu.Lock()
	socks := append([]*hibSocket(nil), rec.sockets...)
	rec.mu.Unlock()
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
	return iso.vm.NewArray(out...)
}

func (iso *isolate) getTags(c goja.FunctionCall) goja.Value {
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
	return iso.vm.NewArray(out...)
}

func (iso *isolate) setAutoResponse(c goja.FunctionCall) goja.Value {
	rec := iso.actor.rec
	rec.mu.Lock()
	if goja.IsNull(c.Argument(0)) {
		rec.auto = nil
	} else {
		rec.auto = &[2]string{c.Argument(0).String(), c.Argument(1).String()}
	}
	rec.mu.Unlock()
	return goja.Undefined()
}

func (iso *isolate) getAutoResponse(_ goja.FunctionCall) goja.Value {
	rec := iso.actor.rec
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.auto == nil {
		return goja.Null()
	}
	return iso.vm.NewArray(rec.auto[0], rec.auto[1])
}

func (iso *isolate) autoResponseTimestamp(c goja.FunctionCall) goja.Value {
	rec := iso.actor.rec
	wo, _ := c.Argument(0).(*goja.Object)
	if wo == nil {
		return goja.Null()
	}
	e := iso.wsHandle(wo)
	if e == nil || e.hib == nil {
		return goja.Null()
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if e.hib.autoTS == nil {
		return goja.Null()
	}
	return iso.vm.ToValue(e.hib.autoTS.UnixMilli())
}
