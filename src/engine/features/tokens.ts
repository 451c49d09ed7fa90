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
 * 32-bit FNV-1a hash of a string's UTF-16 code units. Stable across platforms,
 * so a title hashes the same in Node and in every browser.
 * @example fnv1a('a') // 0xe40c292c
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a hash of a token into `[0, buckets)`. */
export function hashToken(token: string, buckets: number): number {
  return fnv1a(token) % buckets;
}
