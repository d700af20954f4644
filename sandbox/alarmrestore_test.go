package sandbox

import (
	"testing"
	"time"
)

// An alarm set before the runtime stopped fires after a restart on the
// same StorageDir, when it falls due, in an object that knows the name it
// was addressed by; an object that set none gets none.
func TestAlarmSurvivesRestart(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async arm(ms) { await this.ctx.storage.setAlarm(Date.now() + ms); return "armed"; }
  async touch() { await this.ctx.storage.put("touched", true); return "touched"; }
  async alarm() {
    await this.ctx.storage.put("fired", ((await this.ctx.storage.get("fired")) ?? 0) + 1);
    await this.ctx.storage.put("woke as", this.ctx.id.name ?? "no name");
  }
  async wokeAs() { return (await this.ctx.storage.get("woke as")) ?? ""; }
  async fired() { return (await this.ctx.storage.get("fired")) ?? 0; }
}
export default { fetch() { return new Response("ok"); } };`
	dir := t.TempDir()
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	first, _ := load(t, src, func(o *Options) { o.StorageDir = dir; o.Clock = NewVirtualClock(start) })
	if v, err := first.Call("OBJ", "a", "arm", 60_000); err != nil || v != "armed" {
		t.Fatalf("arm = %v, %v", v, err)
	}
	if v, err := first.Call("OBJ", "b", "touch"); err != nil || v != "touched" {
		t.Fatalf("touch = %v, %v", v, err)
	}
	first.Close()

	again, _ := load(t, src, func(o *Options) { o.StorageDir = dir; o.Clock = NewVirtualClock(start.Add(time.Second)) })
	// Nothing reaches the objects before their alarms are due, so that
	// only what was stored can have named them.
	if err := again.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	// Asked only now: the alarm woke the object before anyone named it.
	if v, err := again.Call("OBJ", "a", "wokeAs"); err != nil || v != "a" {
		t.Errorf("the alarm woke the object as %v, %v; want its name a", v, err)
	}
	for name, want := range map[string]int64{"a": 1, "b": 0} {
		if v, err := again.Call("OBJ", name, "fired"); err != nil || v != want {
			t.Errorf("%s: fired = %v (%T), %v; want %d", name, v, v, err, want)
		}
	}
}
