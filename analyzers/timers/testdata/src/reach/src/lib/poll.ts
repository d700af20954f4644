import { nap } from "./nap";

// Neither this module nor refresh's names a timer: the sleep helper that
// poll starts and does not wait for is in a third one.
export function poll() {
  nap(100); // want `nap\(\) starts a .* and is not awaited; it runs in Durable Object Poller through refresh\(\) and poll\(\)`
}
