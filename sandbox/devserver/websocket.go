package devserver

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/coder/websocket"

	"github.com/dolint-dev/dolint/sandbox"
)

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
	opts := &websocket.AcceptOptions{InsecureSkipVerify: true}
	if p := res.Header.Get("Sec-WebSocket-Protocol"); p != "" {
		opts.Subprotocols = []string{p}
	}
	client, err := websocket.Accept(w, r, opts)
	if err != nil {
		conn.Close(1006, "")
		logStatus(http.StatusBadRequest)
		return
	}
	logStatus(http.StatusSwitchingProtocols)
	client.SetReadLimit(1 << 20)
	if !s.track(client) {
		client.Close(websocket.StatusGoingAway, "server shutting down")
		conn.Close(1001, "server shutting down")
		return
	}
	defer s.untrack(client)
	bridge(client, conn)
}

// track registers a bridged connection so that Close can end it; it
// reports false once the server is closing.
func (s *Server) track(c *websocket.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if s.sockets == nil {
		s.sockets = map[*websocket.Conn]bool{}
	}
	s.sockets[c] = true
	s.bridges.Add(1)
	return true
}

func (s *Server) untrack(c *websocket.Conn) {
	s.mu.Lock()
	delete(s.sockets, c)
	s.mu.Unlock()
	s.bridges.Done()
}

// closeSockets tells every bridged client the server is going away and
// waits for the bridges to hand the closes to the Worker.
func (s *Server) closeSockets() {
	s.mu.Lock()
	s.closing = true
	conns := make([]*websocket.Conn, 0, len(s.sockets))
	for c := range s.sockets {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Close(websocket.StatusGoingAway, "server shutting down")
	}
	s.bridges.Wait()
}

// bridge copies client frames to the Worker and Worker frames to the client.
func bridge(client *websocket.Conn, worker *sandbox.WebSocketConn) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer cancel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-worker.Messages():
				if !ok {
					client.Close(websocket.StatusGoingAway, "")
					return
				}
				var err error
				switch {
				case m.Close:
					client.Close(websocket.StatusCode(m.Code), m.Reason)
					return
				case m.Binary:
					err = client.Write(ctx, websocket.MessageBinary, m.Data)
				default:
					err = client.Write(ctx, websocket.MessageText, []byte(m.Text))
				}
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		typ, data, err := client.Read(ctx)
		if err != nil {
			code := websocket.CloseStatus(err)
			reason := ""
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				reason = ce.Reason
			}
			if code == -1 {
				code = 1006
			}
			worker.Close(int(code), reason)
			return
		}
		if typ == websocket.MessageBinary {
			worker.SendBinary(data)
		} else {
			worker.SendText(string(data))
		}
	}
}
