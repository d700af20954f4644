import "./index";
export default { fetch: () => new Response("canary") };
