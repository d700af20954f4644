export type { Counter } from "./counter";
import type { Other } from "./counter";
export { Other };
export default { fetch: () => new Response("ok") };
