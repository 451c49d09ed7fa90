/** Title tokenisation and hashing shared by training and serving. */

/**
 * Splits a title into lower-case word tokens.
 * @example tokenize('Aurora Trail Boot, 2-pack') // ['aurora', 'trail', 'boot', '2', 'pack']
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * FNV-1a hash of a token into `[0, buckets)`. Stable across platforms, so a
 * title hashes the same in Node and in every browser.
 */
export function hashToken(token: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
