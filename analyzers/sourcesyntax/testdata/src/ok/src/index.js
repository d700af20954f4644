import { helper } from "./helper";
export default { fetch: () => new Response(helper(<div>jsx is allowed in .js</div>)) };
