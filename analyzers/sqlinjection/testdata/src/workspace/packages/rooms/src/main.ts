export { ChatRoom } from "./room.js";
