import { DurableObject } from "cloudflare:workers";
export class Base extends DurableObject {
  name = "base";
}
