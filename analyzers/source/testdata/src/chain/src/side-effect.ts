import { Agent } from "agents";
import { Server } from "partyserver";
import { Something } from "some-lib";

// Found by their base class, though nothing binds them.
class MyAgent extends Agent<Env> {} // want "do MyAgent ExtendsDO=yes lib=agents bases=\\[lib:Agent\\] bound=\\[\\]"
export class Party extends Server {} // want "do Party ExtendsDO=yes lib=partyserver bases=\\[lib:Server\\] bound=\\[\\]"
export class Maybe extends Something {} // want "class Maybe ExtendsDO=unknown"
const Anon = class extends MyAgent {}; // want "do Anon ExtendsDO=yes lib=agents bases=\\[class:MyAgent lib:Agent\\] bound=\\[\\]"
