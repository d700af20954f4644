package sandbox

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// restoreAlarms schedules the alarms that objects stored in StorageDir
// had set when the runtime that wrote them stopped, as workerd keeps an
// alarm across restarts: an agent's scheduled task, say, still runs after
// dolint dev --persist was restarted. An alarm already due fires at once.
func (rt *Runtime) restoreAlarms() error {
	if rt.opts.StorageDir == "" {
		return nil
	}
	seen := map[string]bool{}
	for _, b := range rt.opts.Bindings {
		ns := rt.namespaces[b.Name]
		// Bindings of one class share its directory; its objects are
		// restored once.
		if ns == nil || seen[ns.class] {
			continue
		}
		seen[ns.class] = true
		entries, err := os.ReadDir(filepath.Join(rt.opts.StorageDir, ns.class))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			id, ok := strings.CutSuffix(e.Name(), ".sqlite")
			if !ok || !e.Type().IsRegular() || len(id) != 64 {
				continue
			}
			if _, err := hex.DecodeString(id); err != nil {
				continue
			}
			if _, err := ns.checkID(id); err != nil {
				continue // another class's key: not an object of this one
			}
			rec, err := ns.record(id, "")
			if err != nil {
				return err
			}
			if ms, ok := rec.db.GetAlarm(); ok {
				rt.alarms.set(rec, time.UnixMilli(ms), 0)
			}
		}
	}
	return nil
}
