package devserver

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/dolint-dev/dolint/sandbox"
)

// closeWait bounds how long a Close the dev server sent waits for the
// client's answer before the connection is dropped.
const closeWait = 5 * time.Second

// serveWebSocket asks the Worker for a WebSocket and, when it answers 101,
// upgrades the client connection and copies frames both ways until either
// side closes. logStatus is called with the status the client saw as soon
// as it is known, not when the connection ends.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, internal bool, logStatus func(int)) {
	// The Worker sees the upgrade request as workerd shows it, without the
	// handshake headers that only concern the connection to the client.
	req := r.Clone(r.Context())
	for _, h := range []string{"Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions", "Connection"} {
		req.Header.Del(h)
	}
	release, ok := s.admit(r, internal)
	if !ok {
		logStatus(http.StatusServiceUnavailable)
		return
	}
	conn, res, err := s.rt.ConnectWebSocket(req)
	release()
	if conn == nil {
		if res == nil {
			s.log.uncaught(err)
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			logStatus(http.StatusInternalServerError)
			return
		}
		defer res.Body.Close()
		for k, vs := range res.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
		logStatus(res.StatusCode)
		return
	}
	// Host names are checked before the Worker runs (see Options.Hosts);
	// the Origin of a page on an allowed host is the user's business.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	if p := res.Header.Get("Sec-WebSocket-Protocol"); p != "" {
		up.Subprotocols = []string{p}
	}
	client, err := up.Upgrade(w, r, nil)
	if err != nil {
		conn.Close(1006, "")
		logStatus(http.StatusBadRequest)
		return
	}
	logStatus(http.StatusSwitchingProtocols)
	client.SetReadLimit(1 << 20)
	b := newBridge(client, conn)
	if !s.track(b) {
		b.sendClose(websocket.CloseGoingAway, "server shutting down")
		conn.Close(1001, "server shutting down")
		b.finish()
		return
	}
	defer s.untrack(b)
	b.run()
}

// track registers a bridged connection so that Close can end it; it
// reports false once the server is closing.
func (s *Server) track(b *bridge) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if s.sockets == nil {
		s.sockets = map[*bridge]bool{}
	}
	s.sockets[b] = true
	s.bridges.Add(1)
	return true
}

func (s *Server) untrack(b *bridge) {
	s.mu.Lock()
	delete(s.sockets, b)
	s.mu.Unlock()
	s.bridges.Done()
}

// closeSockets tells every bridged client the server is going away and
// waits for the bridges to hand the closes to the Worker.
func (s *Server) closeSockets() {
	s.mu.Lock()
	s.closing = true
	bs := make([]*bridge, 0, len(s.sockets))
	for b := range s.sockets {
		bs = append(bs, b)
	}
	s.mu.Unlock()
	for _, b := range bs {
		b.sendClose(websocket.CloseGoingAway, "server shutting down")
	}
	s.bridges.Wait()
}

// A bridge copies client frames to the Worker and Worker frames to the
// client, and carries out the closing handshake between them: a Close goes
// out to the client only when the Worker's side sends one, and the
// connection ends once both sides have sent theirs.
type bridge struct {
	client *websocket.Conn
	worker *sandbox.WebSocketConn

	mu       sync.Mutex
	sent     bool // a Close went to the client
	received bool // the client's Close arrived
	// written is closed once the Close that sent announces is written:
	// sent is set before the write, and the connection must not end in
	// between.
	written chan struct{}

	once sync.Once
	done chan struct{} // closed with the client connection
}

func newBridge(client *websocket.Conn, worker *sandbox.WebSocketConn) *bridge {
	b := &bridge{client: client, worker: worker, done: make(chan struct{}), written: make(chan struct{})}
	// Not answering here is the point: see the comment at the top.
	client.SetCloseHandler(func(int, string) error { return nil })
	return b
}

// finish closes the client connection.
func (b *bridge) finish() {
	b.once.Do(func() {
		b.client.Close()
		close(b.done)
	})
}

// sendClose sends the client a Close with code and reason, once. It ends
// the connection when the client's Close came first; otherwise the read
// loop ends it when the client answers, or after closeWait.
func (b *bridge) sendClose(code int, reason string) {
	b.mu.Lock()
	if b.sent {
		b.mu.Unlock()
		return
	}
	b.sent = true
	answered := b.received
	b.mu.Unlock()
	if code == websocket.CloseAbnormalClosure {
		// 1006 means no Close frame: the connection just drops.
		close(b.written)
		b.finish()
		return
	}
	// FormatCloseMessage sends 1005 (no status) as an empty payload.
	b.client.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(closeWait))
	close(b.written)
	if answered {
		b.finish()
		return
	}
	b.client.SetReadDeadline(time.Now().Add(closeWait))
}

// run relays frames until the connection ends.
func (b *bridge) run() {
	defer b.finish()
	go b.fromWorker()
	for {
		typ, data, err := b.client.ReadMessage()
		if err == nil {
			if typ == websocket.BinaryMessage {
				b.worker.SendBinary(data)
			} else {
				b.worker.SendText(string(data))
			}
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) {
			b.worker.Close(websocket.CloseAbnormalClosure, "")
			return
		}
		b.mu.Lock()
		b.received = true
		sent := b.sent
		b.mu.Unlock()
		b.worker.Close(ce.Code, ce.Text)
		if sent {
			// sendClose may be writing its Close still; the connection
			// ends once that is out.
			<-b.written
			return
		}
		// The client has closed its sending side; its Close is answered
		// when the Worker's side closes (fromWorker). Meanwhile the client
		// may give up and drop the connection, which ends the bridge too.
		// gorilla reads no further after a Close, so the socket is read
		// directly.
		go func() {
			var buf [512]byte
			for {
				if _, err := b.client.NetConn().Read(buf[:]); err != nil {
					b.finish()
					return
				}
			}
		}()
		<-b.done
		return
	}
}

// fromWorker writes the Worker's frames to the client; it is the client
// connection's only writer of data frames.
func (b *bridge) fromWorker() {
	for {
		select {
		case <-b.done:
			return
		case m, ok := <-b.worker.Messages():
			if !ok {
				b.sendClose(websocket.CloseGoingAway, "")
				return
			}
			var err error
			switch {
			case m.Close:
				b.sendClose(m.Code, m.Reason)
				return
			case m.Binary:
				err = b.client.WriteMessage(websocket.BinaryMessage, m.Data)
			default:
				err = b.client.WriteMessage(websocket.TextMessage, []byte(m.Text))
			}
			if err != nil {
				b.finish()
				return
			}
		}
	}
}
