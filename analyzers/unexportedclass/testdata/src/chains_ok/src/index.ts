export * from "./rooms";
export { Chat as ChatRoom } from "./rooms/chat";
import { Game } from "./game";
export { Game };
// A default export re-exported under a name is a named export.
export { default as Arcade } from "./arcade";
export default { fetch: () => new Response("ok") };
