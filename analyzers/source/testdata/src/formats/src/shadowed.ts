import { addEventListener } from "./listen";
export const a = 1;
addEventListener("fetch", () => {});
