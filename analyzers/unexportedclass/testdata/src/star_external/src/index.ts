export * from "@example/sessions";
export default { fetch: () => new Response("ok") };
