package conformance

import (
	"errors"
	"net/http"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
)

type wsClient struct {
	conn *sandbox.WebSocketConn
}

func (r *sandboxRun) connect(st *Step) any {
	req, err := http.NewRequest("GET", "http://localhost"+*st.Connect, nil)
	if err != nil {
		return errResult(err)
	}
	req.Header.Set("Upgrade", "websocket")
	conn, res, err := r.rt.ConnectWebSocket(req)
	if conn == nil {
		if res != nil {
			defer res.Body.Close()
			return map[string]any{"status": res.StatusCode, "body": readBody(res.Body)}
		}
		return errResult(err)
	}
	r.conns[st.Conn] = &wsClient{conn: conn}
	return map[string]any{"status": res.StatusCode}
}

func (r *sandboxRun) client(name string) (*wsClient, error) {
	c := r.conns[name]
	if c == nil {
		return nil, errors.New("no connection " + name)
	}
	return c, nil
}

func (r *sandboxRun) send(st *Step) any {
	c, err := r.client(*st.Send)
	if err != nil {
		return errResult(err)
	}
	if st.Binary != nil {
		c.conn.SendBinary(st.Binary)
	} else {
		c.conn.SendText(st.Text)
	}
	return nil
}

// recv mirrors the driver: the next frame as {text}, {binary: [bytes]} or
// {close: {code, reason}}, or {none: true} when nothing arrives in time.
func (r *sandboxRun) recv(st *Step) any {
	c, err := r.client(*st.Recv)
	if err != nil {
		return errResult(err)
	}
	timeout := 2000
	if st.TimeoutMs > 0 {
		timeout = st.TimeoutMs
	}
	m, err := c.conn.Receive(time.Duration(timeout) * time.Millisecond)
	if err != nil {
		return map[string]bool{"none": true}
	}
	switch {
	case m.Close:
		// A WebSocket client answers a Close frame with one of its own
		// (RFC 6455 section 5.5.1); the driver's client does so on its own.
		c.conn.Close(m.Code, m.Reason)
		r.settle()
		return map[string]any{"close": map[string]any{"code": m.Code, "reason": m.Reason}}
	case m.Binary:
		bs := make([]int, len(m.Data))
		for i, b := range m.Data {
			bs[i] = int(b)
		}
		return map[string]any{"binary": bs}
	}
	return map[string]string{"text": m.Text}
}

func (r *sandboxRun) close(st *Step) any {
	c, err := r.client(*st.Close)
	if err != nil {
		return errResult(err)
	}
	code := st.Code
	if code == 0 {
		code = 1000
	}
	c.conn.Close(code, st.Reason)
	r.settle()
	return nil
}

func (r *sandboxRun) closeAll() {
	for _, c := range r.conns {
		c.conn.Close(1000, "")
	}
}
