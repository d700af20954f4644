export { Counter as CounterV2 } from "./counter";
export default { fetch: () => new Response("ok") };
