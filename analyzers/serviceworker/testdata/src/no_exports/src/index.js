class Counter {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    return new Response("1");
  }
}

class Limiter {
  constructor(state) {
    this.state = state;
  }
}

addEventListener("fetch", (event) => {
  event.respondWith(COUNTER.get(COUNTER.idFromName("a")).fetch(event.request));
});
