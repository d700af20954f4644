import { Counter } from "./counter";
// Counter is exported below, but only as the default export.
export default Counter;
