import * as cf from "cloudflare:workers";
import { withStorage, withLogging } from "../lib/mixins";

export class Chat extends withLogging(withStorage(cf.DurableObject<Env>)) { // want "do Chat ExtendsDO=yes lib= bases=\\[do:DurableObject\\(2 mixins\\)\\] bound=\\[CHAT CHAT@staging\\]"
  webSocketMessage(ws: WebSocket, msg: string) {}
}
