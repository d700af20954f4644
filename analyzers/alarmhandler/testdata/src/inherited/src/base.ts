import { DurableObject } from "cloudflare:workers";

export class WithAlarm extends DurableObject {
  async alarm() {}
}

export class Plain extends DurableObject {}
