class Counter {}
globalThis.addEventListener("fetch", (event) => event.respondWith(new Response(String(Counter))));
