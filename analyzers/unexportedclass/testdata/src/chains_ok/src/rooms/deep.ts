import { Inner } from "./inner";
export { Inner as Deep };
