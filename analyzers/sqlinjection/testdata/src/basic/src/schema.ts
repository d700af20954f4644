export const USERS_TABLE = "users";
export enum Status {
  Active = "active",
  Gone = "gone",
}
export const SORTS = { newest: "created DESC", oldest: "created ASC" } as const;
export let mutable = "users";
