import { DurableObject } from "cloudflare:workers";

// export class Room -- a comment is not an export.
/* export { Room }; */
class Room extends DurableObject {}
const s = "export { Ghost }";

export default { fetch: () => new Response(s) };
