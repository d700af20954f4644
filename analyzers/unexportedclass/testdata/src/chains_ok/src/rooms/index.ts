export * from "./lobby";
export { Deep } from "./deep.js";
