package sandbox

import (
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// cloneScriptError is the error for a value that could not be serialized:
// a DataCloneError, or V8's RangeError for a value nested too deeply.
func cloneScriptError(err error, remote bool) *ScriptError {
	if e, ok := err.(*clone.Error); ok && e.Name != "" {
		return &ScriptError{Name: e.Name, Message: e.Message, Remote: remote}
	}
	return &ScriptError{Name: "DataCloneError", Message: err.Error(), DataClone: true, Remote: remote}
}

var plainObjectType = reflect.TypeOf(map[string]any{})

// isPlainObject reports an object whose Export would copy its properties
// recursively, as deep as user code nested them.
func isPlainObject(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	switch o.ExportType() {
	case plainObjectType, reflect.TypeOf([]any{}):
		return true
	}
	return false
}

var errBodyTooLarge = errors.New("sandbox: request body over the limit")

// bodyTooLarge reports a request whose body is over Limits.RequestBody by
// its declared length; a body of unknown length is cut off as it is read
// instead, so that it is never held whole.
func (rt *Runtime) bodyTooLarge(req *http.Request) bool {
	max := rt.opts.Limits.RequestBody
	if req.Body == nil || req.Body == http.NoBody {
		return false
	}
	if req.ContentLength > max {
		return true
	}
	req.Body = &cappedBody{r: req.Body, left: max}
	return false
}

type cappedBody struct {
	r    io.ReadCloser
	left int64
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errBodyTooLarge
	}
	return n, err
}

func (c *cappedBody) Close() error { return c.r.Close() }

// tooLargeResponse is what Cloudflare's edge answers to a request body
// over the plan's limit, before any Worker runs.
func tooLargeResponse(req *http.Request) *http.Response {
	body := "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
	h := http.Header{}
	h.Set("Content-Type", "text/html")
	return &http.Response{
		StatusCode: http.StatusRequestEntityTooLarge, Status: "413 Request Entity Too Large",
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: newBody([]byte(body)), ContentLength: int64(len(body)), Request: req,
	}
}

// Subrequest limits. workerd counts the subrequests (fetch() and calls to
// Durable Objects) of each event, and the platform refuses requests that
// recurse through Workers too deeply, which a Worker that fetches itself
// would otherwise do until the machine runs out of sockets.
//
// goja keeps no async context, so a subrequest cannot be told apart by the
// event whose code made it. An isolate instead charges its subrequests to
// all the events it has in flight together: the count is allowed
// Limits.Subrequests for each event started since the isolate was last
// idle, and a subrequest is one deeper than the deepest event in flight.
// With one event at a time, as in a test or a recursion, that is exact.
const (
	maxDepth    = 16
	depthHeader = "Cf-Ew-Via"

	msgSubrequests = "Too many subrequests by single Worker invocation. To configure this limit, refer to https://developers.cloudflare.com/workers/platform/limits/"
	msgDepth       = "Subrequest depth limit exceeded. This request recursed through Workers too many times. This can happen e.g. if you have a Worker or Durable Object that calls other Workers or objects recursively."
)

type callState struct {
	inflight map[*int]int // the events in flight and their depths
	started  int          // events started since the isolate was idle
	count    int          // subrequests made meanwhile
}

// beginEvent records an event of the given depth in flight on iso; the
// returned function, called on the loop when it is done, forgets it.
func (iso *isolate) beginEvent(depth int) func() {
	s := &iso.calls
	if s.inflight == nil {
		s.inflight = map[*int]int{}
	}
	key := new(int)
	s.inflight[key] = max(depth, 1)
	s.started++
	return func() {
		if _, ok := s.inflight[key]; !ok {
			return
		}
		delete(s.inflight, key)
		if len(s.inflight) == 0 {
			s.started, s.count = 0, 0
		}
	}
}

// subrequest charges one subrequest to the events in flight and returns
// its depth; over a limit it throws workerd's error instead.
func (iso *isolate) subrequest() int {
	s := &iso.calls
	depth := 1
	for _, d := range s.inflight {
		depth = max(depth, d)
	}
	depth++
	if depth > maxDepth {
		iso.throw("Error", msgDepth)
	}
	s.count++
	if s.count > iso.rt.opts.Limits.Subrequests*max(s.started, 1) {
		iso.throw("Error", msgSubrequests)
	}
	return depth
}

// callDepth is how deep an event for an object is.
func (ev *event) callDepth() int {
	if ev.req != nil && ev.req.Depth > 0 {
		return ev.req.Depth
	}
	return max(ev.depth, 1)
}

// requestDepth reads the depth a request from outside carries: one more
// than the Worker that sent it, if it was one of the sandbox's.
func requestDepth(req *http.Request) int {
	if d, err := strconv.Atoi(req.Header.Get(depthHeader)); err == nil && d > 0 {
		return d
	}
	return 1
}
