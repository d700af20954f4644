import { DurableObject } from "cloudflare:workers";
export * from "./lobby";
export { handler as default } from "./handler";
export class Room extends DurableObject {
  // A method named addEventListener is not the global one.
  addEventListener() {}
}
