package sandbox

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/jsrt"
)

// installCompressionNatives gives workers.js compress(format, bytes) and
// decompress(format, bytes) for CompressionStream and
// DecompressionStream, which hand over their whole input at the end.
func (iso *isolate) installCompressionNatives(do *goja.Object) {
	do.Set("compress", func(c goja.FunctionCall) goja.Value {
		in := jsrt.Bytes(c.Argument(1))
		iso.loop.Reserve(float64(len(in)))
		var out bytes.Buffer
		var w io.WriteCloser
		switch c.Argument(0).String() {
		case "gzip":
			w = gzip.NewWriter(&out)
		case "deflate":
			w = zlib.NewWriter(&out)
		default:
			w, _ = flate.NewWriter(&out, flate.DefaultCompression)
		}
		w.Write(in)
		w.Close()
		return iso.vm.ToValue(iso.vm.NewArrayBuffer(out.Bytes()))
	})
	do.Set("decompress", func(c goja.FunctionCall) goja.Value {
		in := bytes.NewReader(jsrt.Bytes(c.Argument(1)))
		var r io.Reader
		var err error
		switch c.Argument(0).String() {
		case "gzip":
			r, err = gzip.NewReader(in)
		case "deflate":
			r, err = zlib.NewReader(in)
		default:
			r = flate.NewReader(in)
		}
		if err != nil {
			iso.throw("TypeError", "Decompression failed.")
		}
		// Output is charged to the memory budget as it grows, so that a
		// small bomb cannot fill the heap first.
		var out bytes.Buffer
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if out.Len()+n > out.Cap() {
					// The buffer is about to grow to about twice its size.
					iso.loop.Reserve(float64(2*out.Cap() + n))
				}
				out.Write(buf[:n])
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				iso.throw("TypeError", "Decompression failed.")
			}
		}
		return iso.vm.ToValue(iso.vm.NewArrayBuffer(out.Bytes()))
	})
}
