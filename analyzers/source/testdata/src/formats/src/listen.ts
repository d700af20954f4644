export function addEventListener(t: string, f: unknown) { return [t, f]; }
