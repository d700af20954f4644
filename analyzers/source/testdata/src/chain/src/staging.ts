export { Chat } from "./rooms/chat";
export default { fetch: () => new Response("staging") };
