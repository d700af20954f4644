export const handler = { fetch: () => new Response("ok") };
