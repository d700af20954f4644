import { makeRoom } from "./lib";
export const Shared = makeRoom("shared");
export const Away = makeRoom("away");
