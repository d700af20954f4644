class Counter {
  constructor(state) {
    this.state = state;
  }
}
addEventListener("fetch", (event) => event.respondWith(new Response(String(Counter))));
