export class Room {}
const o = { addEventListener: 1 };
o.addEventListener;
window.addEventListener;
class X { addEventListener() {} }
export { o, X };
