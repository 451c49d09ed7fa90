/**
 * Request ids: `r-<time base 36>-<random tag>-<counter>`. The tag is drawn once
 * per generator, so ids from a page and from its worker never collide.
 * @param now - clock for the time part.
 * @returns a function that makes the next id.
 * @example const next = requestIds(Date.now); next() // "r-mf3k2a1c-x7q2ab-1"
 */
export function requestIds(now: () => number): () => string {
  const tag = Math.random().toString(36).slice(2, 8);
  let counter = 0;
  return () => `r-${now().toString(36)}-${tag}-${++counter}`;
}
