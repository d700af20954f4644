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
// The object wakes with the name it was addressed by (ctx.id.name), which
// the platform keeps with an alarm and libraries such as the Agents SDK
// need to start.
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
			rec, err := ns.record(id, ns.storedName(id))
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

// keepName records the name an object of StorageDir was addressed by
// beside its database, for restoreAlarms.
func (ns *namespace) keepName(r *record) {
	if ns.rt.opts.StorageDir == "" || r.name == "" {
		return
	}
	path := ns.nameFile(r.hex)
	if b, err := os.ReadFile(path); err == nil && string(b) == r.name {
		return
	}
	// Best effort: without the file, only a restored alarm lacks the name.
	os.WriteFile(path, []byte(r.name), 0o644)
}

func (ns *namespace) storedName(hexID string) string {
	b, err := os.ReadFile(ns.nameFile(hexID))
	if err != nil {
		return ""
	}
	return string(b)
}

func (ns *namespace) nameFile(hexID string) string {
	return filepath.Join(ns.rt.opts.StorageDir, ns.class, hexID+".name")
}
