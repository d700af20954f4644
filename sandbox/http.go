package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/dop251/goja"
)

// httpMsg is a request or response as it crosses isolates.
type httpMsg struct {
	Method     string
	URL        string
	Header     [][2]string
	Body       []byte
	HasBody    bool
	Status     int
	StatusText string
	WS         *wsEnd
	// CF is a request's cf object as JSON, or nil.
	CF []byte
	// Depth is how many Workers or objects deep the request is, 1 for one
	// from outside (limits.go).
	Depth int
}

func requestFromHTTP(req *http.Request) (*httpMsg, error) {
	m := &httpMsg{Method: req.Method, URL: req.URL.String(), CF: cfOf(req)}
	if !req.URL.IsAbs() {
		scheme := "http"
		if req.TLS != nil {
			scheme = "https"
		}
		host := req.Host
		if host == "" {
			host = "localhost"
		}
		m.URL = scheme + "://" + host + req.URL.RequestURI()
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			m.Header = append(m.Header, [2]string{k, v})
		}
	}
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		m.Body, m.HasBody = b, len(b) > 0 || req.ContentLength == 0 && req.Method != "GET" && req.Method != "HEAD"
		if req.Method == "GET" || req.Method == "HEAD" {
			m.Body, m.HasBody = nil, false
		}
	}
	return m, nil
}

type bodyReader struct{ *bytes.Reader }

func (bodyReader) Close() error { return nil }

func newBody(b []byte) io.ReadCloser { return bodyReader{bytes.NewReader(b)} }

func (m *httpMsg) toHTTP(req *http.Request) *http.Response {
	h := http.Header{}
	for _, kv := range m.Header {
		h.Add(kv[0], kv[1])
	}
	text := m.StatusText
	if text == "" {
		text = http.StatusText(m.Status)
	}
	return &http.Response{
		StatusCode: m.Status, Status: strconv.Itoa(m.Status) + " " + text,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: newBody(m.Body), ContentLength: int64(len(m.Body)), Request: req,
	}
}

// jsRequest builds a Request in iso from m.
func (iso *isolate) jsRequest(m *httpMsg) (goja.Value, error) {
	vm := iso.vm
	init := vm.NewObject()
	init.Set("method", m.Method)
	hs := make([]any, len(m.Header))
	for i, kv := range m.Header {
		hs[i] = vm.NewArray(kv[0], kv[1])
	}
	init.Set("headers", vm.NewArray(hs...))
	if m.HasBody {
		init.Set("body", vm.NewArrayBuffer(append([]byte(nil), m.Body...)))
	}
	if m.CF != nil {
		cf, err := iso.jsonParse(string(m.CF))
		if err != nil {
			return nil, err
		}
		init.Set("cf", cf)
	}
	return vm.New(vm.Get("Request"), vm.ToValue(m.URL), init)
}

// jsResponse builds a Response in iso from m.
func (iso *isolate) jsResponse(m *httpMsg) (goja.Value, error) {
	vm := iso.vm
	init := vm.NewObject()
	init.Set("status", m.Status)
	init.Set("statusText", m.StatusText)
	hs := make([]any, len(m.Header))
	for i, kv := range m.Header {
		hs[i] = vm.NewArray(kv[0], kv[1])
	}
	init.Set("headers", vm.NewArray(hs...))
	if m.WS != nil {
		init.Set("webSocket", iso.wsObject(m.WS))
	}
	var body goja.Value = goja.Null()
	if m.HasBody {
		body = vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), m.Body...)))
	}
	return vm.New(vm.Get("Response"), body, init)
}

const partsJS = `(function (r) {
  const h = [];
  for (const [k, v] of r.headers) h.push([k, v]);
  const b = r._bytes;
  const body = b === null || b === undefined ? null : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  let cf = null;
  if (r.cf !== undefined && r.cf !== null) try { cf = JSON.stringify(r.cf); } catch (e) {}
  return [r.method, r.url, h, body, r.status, r.statusText, r.webSocket || null, cf];
})`

// parts flattens a JS Request or Response into a message.
func (iso *isolate) parts(v goja.Value) (*httpMsg, error) {
	res, err := iso.partsFn(goja.Undefined(), v)
	if err != nil {
		return nil, err
	}
	a := res.ToObject(iso.vm)
	m := &httpMsg{}
	if x := a.Get("0"); !goja.IsUndefined(x) {
		m.Method = x.String()
	}
	if x := a.Get("1"); !goja.IsUndefined(x) {
		m.URL = x.String()
	}
	for _, kv := range a.Get("2").Export().([]any) {
		p := kv.([]any)
		m.Header = append(m.Header, [2]string{p[0].(string), p[1].(string)})
	}
	if b, ok := a.Get("3").Export().(goja.ArrayBuffer); ok {
		m.Body, m.HasBody = append([]byte(nil), b.Bytes()...), true
	}
	if x := a.Get("4"); !goja.IsUndefined(x) {
		m.Status = int(x.ToInteger())
	}
	if x := a.Get("5"); !goja.IsUndefined(x) {
		m.StatusText = x.String()
	}
	if ws, ok := a.Get("6").(*goja.Object); ok {
		m.WS = iso.wsHandle(ws)
	}
	if cf, ok := a.Get("7").Export().(string); ok {
		m.CF = []byte(cf)
	}
	return m, nil
}
