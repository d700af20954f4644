import { DurableObject } from "cloudflare:workers";

export class ChatRoom extends DurableObject {
  history(user: string) {
    return this.ctx.storage.sql.exec(`SELECT * FROM messages WHERE author = '${user}'`).toArray(); // want `sql.exec query interpolates user`
  }

  post(user: string, text: string) {
    this.ctx.storage.sql.exec("INSERT INTO messages (author, text) VALUES (?, ?)", user, text);
  }
}
