export { Room } from "@acme/rooms";
export default { fetch: () => new Response("ok") };
