export * from "./lobby";
export { Chat } from "./chat";
