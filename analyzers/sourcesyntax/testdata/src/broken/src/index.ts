export { Room } from "./room";
export default { fetch: () => new Response("ok") };
