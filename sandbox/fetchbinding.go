package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/dop251/goja"
)

// installFetchBindings gives env an object with a fetch method for each of
// Options.FetchBindings, the way workerd gives a service binding (the
// assets binding of a dev server is one). The handler runs off the loop;
// its answer settles the promise fetch returned.
func (iso *isolate) installFetchBindings(env *goja.Object) {
	for name, h := range iso.rt.opts.FetchBindings {
		obj := iso.vm.NewObject()
		obj.Set("fetch", func(c goja.FunctionCall) goja.Value { return iso.bindingFetch(h, c) })
		env.Set(name, obj)
	}
}

func (iso *isolate) bindingFetch(h http.Handler, c goja.FunctionCall) goja.Value {
	msg := iso.fetchRequest(c)
	p, resolve, reject := iso.promise()
	go func() {
		hreq, err := http.NewRequestWithContext(context.Background(), msg.Method, msg.URL, bytes.NewReader(msg.Body))
		if err != nil {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "TypeError", Message: err.Error()}, false) })
			return
		}
		for _, kv := range msg.Header {
			hreq.Header.Add(kv[0], kv[1])
		}
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, hreq)
		res := rec.msg()
		resolve(func() goja.Value {
			v, err := iso.jsResponse(res)
			if err != nil {
				return iso.jsError(&ScriptError{Name: "Error", Message: err.Error()}, false)
			}
			return v
		})
	}()
	return p
}

// recorder is the http.ResponseWriter a fetch binding's handler writes to.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

func (r *recorder) msg() *httpMsg {
	r.WriteHeader(http.StatusOK)
	m := &httpMsg{Status: r.status, Body: r.body.Bytes()}
	// A null-body status must not carry a body, as in the Fetch standard.
	m.HasBody = r.status != http.StatusNoContent && r.status != http.StatusNotModified && r.status/100 != 1
	for k, vs := range r.header {
		for _, v := range vs {
			m.Header = append(m.Header, [2]string{k, v})
		}
	}
	return m
}

type cfKey struct{}

// WithCF returns req carrying the properties the Worker sees as
// request.cf, which workerd fills in from the edge (colo, country,
// latitude, TLS version, ...). They pass on to Durable Objects with the
// request, as they do in workerd.
func WithCF(req *http.Request, cf map[string]any) *http.Request {
	b, err := json.Marshal(cf)
	if err != nil {
		return req
	}
	return req.WithContext(context.WithValue(req.Context(), cfKey{}, b))
}

func cfOf(req *http.Request) []byte {
	b, _ := req.Context().Value(cfKey{}).([]byte)
	return b
}

func (iso *isolate) jsonParse(s string) (goja.Value, error) {
	parse, _ := goja.AssertFunction(iso.vm.Get("JSON").ToObject(iso.vm).Get("parse"))
	return parse(goja.Undefined(), iso.vm.ToValue(s))
}
