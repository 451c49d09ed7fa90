/** Colour names from the catalogue mapped to fills for product pictures. */

/** An sRGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

const NAMED: Record<string, string> = {
  black: '#2b2d31',
  charcoal: '#3f4349',
  graphite: '#4a4e55',
  grey: '#8a9099',
  gray: '#8a9099',
  slate: '#5f6b7a',
  silver: '#c3c8cf',
  white: '#f7f7f4',
  ivory: '#f4efe1',
  cream: '#efe6cf',
  beige: '#dccbaa',
  sand: '#d8c39c',
  natural: '#d9c7a5',
  tan: '#c49a6c',
  camel: '#b8875a',
  khaki: '#b5a877',
  brown: '#7a5234',
  chocolate: '#5c3b25',
  cognac: '#9a5428',
  rust: '#b0532d',
  terracotta: '#c4623f',
  orange: '#e07b39',
  coral: '#ee7a67',
  peach: '#f2b08f',
  red: '#c8393b',
  burgundy: '#7d2434',
  maroon: '#74232f',
  wine: '#7a2a3d',
  pink: '#e58fad',
  rose: '#d97a8f',
  blush: '#efb9c2',
  magenta: '#c23b87',
  purple: '#7b4fa0',
  lilac: '#b9a3d6',
  lavender: '#b4a7dc',
  violet: '#6d4bb5',
  navy: '#27385f',
  blue: '#3a6fc4',
  cobalt: '#2f56b0',
  indigo: '#3c3f8f',
  sky: '#7fb6e3',
  denim: '#4a6a96',
  teal: '#21837f',
  turquoise: '#36b3aa',
  mint: '#9fd8c0',
  green: '#3f8a55',
  olive: '#6f7440',
  sage: '#9cad8a',
  forest: '#2f5e3d',
  emerald: '#1f8a5e',
  lime: '#9cc447',
  yellow: '#efc63c',
  mustard: '#cf9e2c',
  gold: '#c9a34a',
  bronze: '#9c6b3a',
  copper: '#b26a3e',
  multicolour: '#8a6fb0',
  multicolor: '#8a6fb0',
};

/** Fill for products without a colour. */
export const NEUTRAL = '#9aa3ad';

const hexToRgb = (hex: string): Rgb => {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/** `#rrggbb` of an {@link Rgb}. */
export const rgbToHex = (c: Rgb): string =>
  '#' +
  c
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');

/** Linear mix: `t = 0` gives `a`, `t = 1` gives `b`. */
export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance(c: Rgb): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/**
 * The fill for a catalogue colour name. Multi-word names ("dark green",
 * "sky blue") use the last known word, lightened or darkened by a modifier.
 * @param name - Colour name, or `null`.
 * @returns `#rrggbb`; {@link NEUTRAL} for a missing or unknown name.
 * @example colourFill('navy') // "#27385f"
 */
export function colourFill(name: string | null): string {
  if (!name) return NEUTRAL;
  const words = name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  const base = [...words].reverse().find((w) => w in NAMED);
  if (!base) return NEUTRAL;
  let c = hexToRgb(NAMED[base]!);
  if (words.some((w) => w === 'light' || w === 'pale')) c = mix(c, [255, 255, 255], 0.4);
  if (words.some((w) => w === 'dark' || w === 'deep')) c = mix(c, [0, 0, 0], 0.35);
  return rgbToHex(c);
}

/** Parses `#rrggbb`. */
export const rgb = hexToRgb;
