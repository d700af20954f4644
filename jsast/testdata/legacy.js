#!/usr/bin/env node
"use strict";
var util = require("util"), path = require('path');
/* a block comment with a / slash */
function Legacy(a, b) {
  if (!(this instanceof Legacy)) return new Legacy(a, b);
  this.a = a / 2 / b;
  this.re = /[/\]]+/g;
  label: for (var i = 0; i < 10; i++) { if (i % 2) continue label; else break label }
}
Legacy.prototype.run = function* run() {
  var x = yield this.a;
  var async = 1, of = 2, get = 3, set = 4;
  return { get x() { return x }, set x(v) { x = v }, async, of, get, set };
};
const arrow = async (x = 1, { y, z: [w] = [] } = {}, ...rest) => await x ?? y?.z?.[w];
class Modern {
  static #count = 0n;
  static { Modern.#count++; }
  #secret = 0xFF_FF;
  has(o) { return #secret in o; }
  async *[Symbol.asyncIterator]() { for await (const v of this) yield v }
}
const el = <div className="x">{arrow()}</div>;
module.exports = { Legacy, Modern, el, tpl: tag`a${1}b${2}c`, s: `x` };
