// A wrapper that races a promise against a deadline. Whoever awaits the
// wrapper waits for the promise handed to it.
export async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("deadline")), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// The timer outlives the call whenever the work finishes first.
export async function leakyDeadline<T>(p: Promise<T>, ms: number, onLate: () => void): Promise<T> {
  const timer = setTimeout(onLate, ms); // want `setTimeout runs in Durable Object Leaky through leakyDeadline\(\); clearTimeout\(timer\) does not run on every path after it`
  const v = await p;
  if (v === undefined) {
    return v;
  }
  clearTimeout(timer);
  return v;
}
