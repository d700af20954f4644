import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  join(name: string) {
    return name;
  }
}

export class User extends DurableObject {
  rename(name: string) {
    return name;
  }
}

// Both blocks name their stub `stub`; each finding names the binding of
// its own block's stub.
export default {
  async fetch(req: Request, env: any) {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/room/")) {
      const id = env.ROOMS.idFromName(url.pathname);
      const stub = env.ROOMS.get(id);
      return new Response(await stub.join("a")); // want `join\(\) is an RPC call on a ROOMS stub, but RPC is off for this script`
    }
    if (url.pathname.startsWith("/user/")) {
      const id = env.USERS.idFromName(url.pathname);
      const stub = env.USERS.get(id);
      return new Response(await stub.rename("b")); // want `rename\(\) is an RPC call on a USERS stub, but RPC is off for this script`
    }
    return new Response("not found", { status: 404 });
  },
};
