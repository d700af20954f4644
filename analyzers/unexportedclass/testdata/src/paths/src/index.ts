export { Room } from "@rooms/room";
import "@rooms/lobby";
export default { fetch: () => new Response("ok") };
