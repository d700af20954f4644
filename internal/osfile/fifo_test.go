//go:build linux

package osfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A read that returns less than asked ends nothing but a regular file
// whose size has been read: a pipe delivers what its writer has written
// so far.
func TestReadFileFIFOReadsToEnd(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.Write([]byte("export "))
		time.Sleep(20 * time.Millisecond)
		w.Write([]byte("default {};\n"))
	}()
	got, err := ReadFile(p)
	if err != nil || string(got) != "export default {};\n" {
		t.Errorf("ReadFile(fifo) = %q, %v; want both writes", got, err)
	}
}
