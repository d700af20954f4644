addEventListener("fetch", (event) => event.respondWith(COUNTER.get(COUNTER.idFromName("a")).fetch(event.request)));
