export * from "./rooms";
export { Chat as ChatRoom } from "./rooms/chat";
import { Game } from "./game";
export { Game };
export default { fetch: () => new Response("ok") };
