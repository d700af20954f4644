package lsp

import (
	"os"
	"sync"
	"time"
)

// diskCache reads files that are not open in the editor, keeping their
// contents while their size and modification time stay the same. Between
// two keystrokes almost nothing on disk changes, and handing the driver
// the very same bytes again lets the source analyzer see at once, without
// comparing them, that a module it parsed before is unchanged.
type diskCache struct {
	mu    sync.Mutex
	files map[string]diskEntry
}

type diskEntry struct {
	size int64
	mod  time.Time
	data []byte
}

func (c *diskCache) read(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		c.forget(name)
		return nil, err
	}
	c.mu.Lock()
	e, ok := c.files[name]
	c.mu.Unlock()
	if ok && e.size == fi.Size() && e.mod.Equal(fi.ModTime()) {
		return e.data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		c.forget(name)
		return nil, err
	}
	c.mu.Lock()
	if c.files == nil {
		c.files = map[string]diskEntry{}
	}
	c.files[name] = diskEntry{size: fi.Size(), mod: fi.ModTime(), data: data}
	c.mu.Unlock()
	return data, nil
}

// forget drops a file, for a change the client reports that the file
// system's times may not show (two writes within its clock's resolution).
func (c *diskCache) forget(name string) {
	c.mu.Lock()
	delete(c.files, name)
	c.mu.Unlock()
}
