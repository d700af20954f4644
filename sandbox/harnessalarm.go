package sandbox

import (
	"errors"
	"time"
)

// SetAlarm schedules the alarm of the object that
// env[binding].getByName(name) reaches, as its storage.setAlarm(at) would
// from inside, the way a test harness reaches into an object. It puts an
// object in the state a check needs when none of its own calls can (one
// that sets the alarm only once a third-party API has answered, say). The
// object must not be running: SetAlarm writes its storage from outside.
func (rt *Runtime) SetAlarm(binding, name string, at time.Time) error {
	rec, err := rt.object(binding, name)
	if err != nil {
		return err
	}
	rec.mu.Lock()
	running := rec.live != nil && !rec.live.stopped()
	rec.mu.Unlock()
	if running {
		return errors.New("sandbox: SetAlarm needs an object that is not running; set the alarm before its first event")
	}
	if now := rt.clock.Now(); at.Before(now) {
		at = now
	}
	if err := rec.db.SetAlarm(at.UnixMilli(), true); err != nil {
		return err
	}
	if err := rec.db.Commit(); err != nil {
		return err
	}
	rt.alarms.set(rec, at, 0)
	return nil
}
