import { helper } from "./room";
export default { fetch: () => new Response(helper()) };
