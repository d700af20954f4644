export * from "../../websockets/src/index.js";
export { default } from "../../websockets/src/index.js";
