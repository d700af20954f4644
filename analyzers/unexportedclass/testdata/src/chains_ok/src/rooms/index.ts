export * from "./lobby";
export { Deep } from "./deep.js";
export * from "../index"; // a cycle back to the entry resolves nothing more
