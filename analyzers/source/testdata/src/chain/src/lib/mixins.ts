type Ctor<T = {}> = abstract new (...args: any[]) => T;
export function withStorage<T extends Ctor>(B: T) { return class extends B {}; }
export function withLogging<T extends Ctor>(B: T) { return class extends B {}; }
