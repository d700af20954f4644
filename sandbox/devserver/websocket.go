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
// side closes. It returns the status the client saw.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request) int {
	// The Worker sees the upgrade request as workerd shows it, without the
	// handshake headers that only concern the connection to the client.
	req := r.Clone(r.Context())
	for _, h := range []string{"Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions", "Connection"} {
		req.Header.Del(h)
	}
	conn, res, err := s.rt.ConnectWebSocket(req)
	if conn == nil {
		if res == nil {
			s.log.uncaught(err)
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			return http.StatusInternalServerError
		}
		defer res.Body.Close()
		for k, vs := range res.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
		return res.StatusCode
	}
	opts := &websocket.AcceptOptions{InsecureSkipVerify: true}
	if p := res.Header.Get("Sec-WebSocket-Protocol"); p != "" {
		opts.Subprotocols = []string{p}
	}
	client, err := websocket.Accept(w, r, opts)
	if err != nil {
		conn.Close(1006, "")
		return http.StatusBadRequest
	}
	client.SetReadLimit(1 << 20)
	bridge(client, conn)
	return http.StatusSwitchingProtocols
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
