// Lobby is re-exported through a barrel; Chat under another name.
export * from "./rooms";
export { Chat as ChatRoom } from "./rooms/chat";
export { Legacy } from "./legacy.js";
import "./side-effect";
import "./shadow";
import config from "./config.json";
import { Hono } from "hono";

export default {
  async fetch() {
    const lazy = await import("./lazy");
    return new Response(String(config) + lazy.x + Hono.name);
  },
};
