/**
 * Long synchronous work in the serving process (a server library's reindex: splitting articles,
 * building BM25, preparing the new build) holds every other server's answers until it ends. A
 * pacer lets it run in slices: called often, it returns a pause (a turn of the event loop) once
 * the current slice has run `sliceMs`, and nothing otherwise, so the work costs what it did and
 * no one waits longer than a slice.
 */
export type Pause = () => Promise<void> | undefined;

export function pacer(sliceMs = 20): Pause {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

/** A pacer that never pauses: for work nobody waits behind (tests, the command line). */
export const noPause: Pause = () => undefined;
