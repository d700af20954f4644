export { Room } from "@acme/rooms"; // want "@acme/rooms module ../../packages/rooms/src/index.ts"
import { greet } from "@/shared/greet"; // want "@/shared/greet module src/shared/greet.ts"
import { DurableObject } from "cloudflare:workers"; // want "cloudflare:workers builtin"
import { Buffer } from "node:buffer"; // want "node:buffer builtin"
import { Hono } from "hono"; // want "hono external"
import missing from "./missing"; // want "./missing notfound"
import util from "@acme/util/helpers"; // want "@acme/util/helpers module ../../packages/util/helpers.js"
export default { fetch: () => new Response(greet()) };
