import { DurableObject } from "cloudflare:workers";
import { makeRoom, withLogging } from "./lib";
import { createThing } from "some-package";

class Base extends DurableObject {}

// Classes made by calls, exported by name: nothing to report.
export const Room = makeRoom("chat");
export const Lobby = withLogging(Base);
export const External = createThing();
export { Shared } from "./rooms";

// Made the same way, but not exported.
const Hidden = makeRoom("hidden");

export default { fetch: () => new Response(String(Hidden)) };

// Another name for a class is an export of that class under that name.
class Arena extends DurableObject {}
export const Stadium = Arena;
