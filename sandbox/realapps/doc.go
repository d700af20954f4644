// Package realapps is the end-to-end tier of real applications: Worker
// projects built on the libraries people use for Durable Objects
// (partyserver, the Agents SDK, Hono, create-cloudflare's Durable Object
// templates with and without static assets, a single-page app, the
// WebSocket Hibernation API), served by the dev server with their pinned
// npm dependencies and driven over real HTTP and WebSocket connections.
// Each test asserts what the app's library promises its users: a chat
// message reaches the other members, agent state reaches every client, a
// scheduled task runs, the page and the API are served.
//
// The tier installs npm packages, so it runs only when DOLINT_CONFORMANCE
// is set, like the other npm tiers; see [Install]. With
// DOLINT_REALAPPS_TARGET=wrangler the same tests run against `wrangler
// dev` (workerd) instead, which shows that what they assert is the real
// runtime's behaviour; the steps that evict an object are skipped there.
package realapps
