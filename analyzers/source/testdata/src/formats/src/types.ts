// Type-only exports are erased: the built module exports nothing.
export interface Env { A: string }
export type Id = string;
export type { Env as E };
