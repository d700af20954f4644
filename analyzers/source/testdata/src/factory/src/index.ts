import { DurableObject } from "cloudflare:workers";
import { makeRoom, withLogging } from "./lib";
import { createThing } from "some-package";

class Base extends DurableObject {} // want "do Base ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[\\]"

// A factory in another module returning a class expression.
export const Room = makeRoom("chat");
// A mixin: the base is the call's argument.
export const Lobby = withLogging(Base);
// A local arrow function returning a class declared in its body.
const makeGame = (size: number) => {
  class Game extends DurableObject { // want "do Game ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[GAME SHARD\\]" "do Shard ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[SHARD\\]"
    size = size;
  }
  return Game;
};
export const Game = makeGame(4);
// The same factory again: a class of its own name on the same code, whose
// bindings the first one lists as well.
export const Shard = makeGame(8);
// A factory from a package is not followed: the name is exported all the same.
export const External = createThing();
// A function that returns no class leaves the constant a plain value.
const answer = () => 42;
export const value = answer();

export default { fetch: () => new Response("ok") };
