import { Base } from "../lib/base";

export class Lobby extends Base<Env> { // want "do Lobby ExtendsDO=yes lib= bases=\\[class:Base do:DurableObject\\] bound=\\[LOBBY\\]"
  async fetch(req: Request) { return new Response("lobby"); }
  static create() {}
  alarm = async () => {};
}
