/**
 * Product pictures drawn locally as inline SVG: a glyph for what the product
 * is (from its title, else its category), filled
 * with the product's colour on a soft tinted background. Everything is
 * deterministic from the product, so a product looks the same on every visit.
 */
import { memo, useId, type ReactNode } from 'react';
import type { CatalogueItem } from '../engine/catalogue/types';
import { fnv1a } from '../engine/features/tokens';
import { colourFill, luminance, mix, rgb, rgbToHex, type Rgb } from './colours';

/** Colours a glyph is drawn with. */
interface Paint {
  /** The product's colour. */
  fill: string;
  /** Darker edge of the fill, for outlines and shading. */
  shade: string;
  /** Contrasting light detail (soles, faces, pages). */
  light: string;
  /** Small dark strokes (hands, laces). */
  ink: string;
}

type Glyph = (p: Paint) => ReactNode;

/** A thick line in `colour` with a darker edge: the path stroked twice, the shade 4 units wider. */
function Band({ d, width, colour, p }: { d: string; width: number; colour: string; p: Paint }): ReactNode {
  return (
    <>
      <path d={d} fill="none" stroke={p.shade} strokeWidth={width + 4} strokeLinecap="round" />
      <path d={d} fill="none" stroke={colour} strokeWidth={width} strokeLinecap="round" />
    </>
  );
}

/** An ellipse outline as a {@link Band}. */
const ring = (cx: number, cy: number, rx: number, ry: number): string => `M${cx - rx} ${cy}a${rx} ${ry} 0 1 0 ${2 * rx} 0a${rx} ${ry} 0 1 0 ${-2 * rx} 0`;

/** A garment's filled outline. */
function Outline({ d, p }: { d: string; p: Paint }): ReactNode {
  return <path d={d} fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />;
}
const SWEATER = 'M42 22l10-3c3 6 13 6 16 0l10 3 18 12 8 56c0 3-2 5-5 5h-7l-6-42v53H34V53l-6 42h-7c-3 0-5-2-5-5l8-56z';
const JACKET = 'M43 22l10-4c2 6 12 6 14 0l10 4 20 14 6 44-13 2-4-28v50H34V54l-4 28-13-2 6-44z';
/** A closed book standing up: the pages' edge behind, the cover, the spine. */
function Cover({ x, y, w, h, p }: { x: number; y: number; w: number; h: number; p: Paint }): ReactNode {
  return (
    <>
      <rect x={x + 4} y={y + 2} width={w + 2} height={h} rx="4" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <rect x={x} y={y} width={w} height={h} rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x={x} y={y} width="9" height={h} rx="3" fill={p.shade} opacity=".6" />
    </>
  );
}
/** A stitched pillow, full size at no `transform`. */
function Pillow({ p, fill, transform }: { p: Paint; fill: string; transform?: string }): ReactNode {
  return (
    <g transform={transform}>
      <path d="M18 36c26-10 58-10 84 0 6 16 6 32 0 48-26 10-58 10-84 0-6-16-6-32 0-48z" fill={fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path
        d="M26 42c22-7 46-7 68 0 4 12 4 24 0 36-22 7-46 7-68 0-4-12-4-24 0-36z"
        fill="none"
        stroke={p.light}
        strokeWidth="2"
        strokeDasharray="4 4"
        opacity=".8"
      />
    </g>
  );
}
/** A watch seen from the front: the strap, the crown and the case, dial left to the caller. */
function WatchCase({ p, strap = 22, r = 27, crown = 6 }: { p: Paint; strap?: number; r?: number; crown?: number }): ReactNode {
  return (
    <>
      <rect x={60 - strap / 2} y="12" width={strap} height="96" rx="5" fill={p.shade} />
      <rect x={60 + r - 3} y={60 - crown + 1} width={crown} height={2 * crown - 2} rx="2" fill={p.shade} />
      <circle cx="60" cy="60" r={r} fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  );
}
/** The ribbed hem and cuffs of a knit. */
const KNIT_HEMS = 'M34 98h52M16 90h12M92 90h12';

const GLYPHS = {
  shoe: (p) => (
    <>
      <path
        d="M20 80c0-11 5-19 14-21l17-4c6-2 10-7 12-13l4-2c5 8 14 15 26 19 8 3 12 8 12 15v6H20z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <rect x="16" y="80" width="93" height="10" rx="5" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <path d="M52 56l6 6M58 53l6 6M64 50l6 6" stroke={p.ink} strokeWidth="2.5" strokeLinecap="round" opacity=".55" />
      <path d="M84 66c6 1 12 4 14 8" stroke={p.shade} strokeWidth="2" fill="none" strokeLinecap="round" />
    </>
  ),
  jacket: (p) => (
    <>
      <Outline d={JACKET} p={p} />
      <path d="M53 18l7 14 7-14" fill={p.shade} opacity=".5" />
      <path d="M60 32v72" stroke={p.ink} strokeWidth="2" strokeDasharray="3 3" opacity=".45" />
      <path d="M40 78h12M68 78h12" stroke={p.shade} strokeWidth="2.5" strokeLinecap="round" />
    </>
  ),
  shirt: (p) => (
    <>
      <path d="M42 22l10-4c3 7 13 7 16 0l10 4 22 16-10 15-9-6v55H39V47l-9 6-10-15z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M52 18c3 9 13 9 16 0" fill="none" stroke={p.shade} strokeWidth="2.5" />
    </>
  ),
  dress: (p) => (
    <>
      <path
        d="M48 16h24l-2 18c6 4 8 10 7 16l23 50c1 3-1 6-4 6H24c-3 0-5-3-4-6l23-50c-1-6 1-12 7-16z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M44 50c10 4 22 4 32 0" fill="none" stroke={p.shade} strokeWidth="3" strokeLinecap="round" />
      <path d="M52 16c2 6 14 6 16 0" fill="none" stroke={p.shade} strokeWidth="2" />
      <path d="M40 78l-6 20M60 60v40M80 78l6 20" stroke={p.shade} strokeWidth="1.5" opacity=".35" />
    </>
  ),
  sweater: (p) => (
    <>
      <Outline d={SWEATER} p={p} />
      <path d="M52 19c3 8 13 8 16 0" fill="none" stroke={p.shade} strokeWidth="3" />
      <path d={KNIT_HEMS} stroke={p.shade} strokeWidth="4" opacity=".45" />
      <path d="M40 50l6 6 6-6 6 6 6-6 6 6 6-6 6 6" fill="none" stroke={p.light} strokeWidth="2.5" strokeLinejoin="round" opacity=".8" />
    </>
  ),
  bag: (p) => (
    <>
      <path d="M44 52c0-24 32-24 32 0" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" />
      <path d="M27 50h66l6 50a4 4 0 0 1-4 4H25a4 4 0 0 1-4-4z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M27 62h66" stroke={p.shade} strokeWidth="2" opacity=".6" />
      <circle cx="44" cy="56" r="2.5" fill={p.light} />
      <circle cx="76" cy="56" r="2.5" fill={p.light} />
    </>
  ),
  backpack: (p) => (
    <>
      <path d="M50 30c0-12 20-12 20 0" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" />
      <rect x="32" y="28" width="56" height="76" rx="16" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="40" y="64" width="40" height="30" rx="7" fill={p.shade} opacity=".35" />
      <path d="M44 64h32" stroke={p.light} strokeWidth="2.5" strokeLinecap="round" />
      <path d="M46 42h28" stroke={p.shade} strokeWidth="2" strokeLinecap="round" />
    </>
  ),
  watch: (p) => (
    <>
      <WatchCase p={p} />
      <circle cx="60" cy="60" r="20" fill={p.light} />
      <path d="M60 60V46M60 60l9 5" stroke={p.ink} strokeWidth="2.5" strokeLinecap="round" />
      <path d="M60 42v3M60 75v3M42 60h3M75 60h3" stroke={p.ink} strokeWidth="1.5" opacity=".6" />
    </>
  ),
  headphones: (p) => (
    <>
      <path d="M27 72c0-44 66-44 66 0" fill="none" stroke={p.shade} strokeWidth="7" strokeLinecap="round" />
      <rect x="18" y="62" width="20" height="34" rx="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="82" y="62" width="20" height="34" rx="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="34" y="67" width="6" height="24" rx="3" fill={p.light} />
      <rect x="80" y="67" width="6" height="24" rx="3" fill={p.light} />
    </>
  ),
  mug: (p) => (
    <>
      <path d="M78 52h6a14 14 0 0 1 0 28h-6" fill="none" stroke={p.shade} strokeWidth="6" />
      <path d="M30 40h50v52a10 10 0 0 1-10 10H40a10 10 0 0 1-10-10z" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="55" cy="40" rx="25" ry="4" fill={p.shade} />
      <path d="M46 30c-4-5 4-8 0-14M58 30c-4-5 4-8 0-14" stroke={p.shade} strokeWidth="2.5" fill="none" strokeLinecap="round" opacity=".5" />
    </>
  ),
  pan: (p) => (
    <>
      <rect x="74" y="56" width="36" height="9" rx="4.5" fill={p.ink} opacity=".8" />
      <ellipse cx="50" cy="62" rx="34" ry="30" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="50" cy="62" rx="25" ry="21" fill={p.shade} opacity=".4" />
    </>
  ),
  lamp: (p) => (
    <>
      <path d="M42 62h36l18 28H24z" fill="#fff6c8" opacity=".55" />
      <rect x="57" y="56" width="6" height="42" fill={p.shade} />
      <ellipse cx="60" cy="100" rx="22" ry="5" fill={p.shade} />
      <path d="M42 26h36l14 34H28z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
    </>
  ),
  glasses: (p) => (
    <>
      <path d="M16 54l8-6M104 54l-8-6" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <path d="M52 60c4-5 12-5 16 0" fill="none" stroke={p.shade} strokeWidth="4" />
      <path d="M22 56h30l-2 14a13 13 0 0 1-26 0z" fill={p.fill} stroke={p.shade} strokeWidth="3" strokeLinejoin="round" />
      <path d="M68 56h30l-2 14a13 13 0 0 1-26 0z" fill={p.fill} stroke={p.shade} strokeWidth="3" strokeLinejoin="round" />
      <path d="M30 62l8-3M76 62l8-3" stroke={p.light} strokeWidth="2.5" strokeLinecap="round" opacity=".7" />
    </>
  ),
  plant: (p) => (
    <>
      <path
        d="M60 74C52 56 36 52 26 54c4 12 18 20 34 20zM60 74c6-20 22-28 34-26-2 14-18 24-34 26zM60 74c-6-20-2-38 8-48 8 14 4 34-8 48z"
        fill="#4e8d5c"
        stroke="#356b42"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M40 72h40l-6 32H46z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <rect x="37" y="70" width="46" height="8" rx="2" fill={p.shade} />
    </>
  ),
  book: (p) => (
    <>
      <Cover x={30} y={18} w={52} h={82} p={p} />
      <path d="M48 40h24M48 48h18" stroke={p.light} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  hat: (p) => (
    <>
      <path d="M26 76c0-40 68-40 68 0z" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M60 38v38" stroke={p.shade} strokeWidth="2" opacity=".6" />
      <path d="M22 76h56c14 0 24 4 24 9H22a4.5 4.5 0 0 1 0-9z" fill={p.shade} />
      <circle cx="60" cy="37" r="3.5" fill={p.shade} />
    </>
  ),
  camera: (p) => (
    <>
      <path d="M44 38l6-10h20l6 10z" fill={p.shade} />
      <rect x="20" y="38" width="80" height="56" rx="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="60" cy="66" r="19" fill={p.shade} />
      <circle cx="60" cy="66" r="12" fill={p.ink} />
      <circle cx="55" cy="61" r="3.5" fill={p.light} opacity=".8" />
      <rect x="84" y="45" width="8" height="5" rx="2" fill={p.light} />
    </>
  ),
  phone: (p) => (
    <>
      <rect x="38" y="14" width="44" height="92" rx="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="43" y="22" width="34" height="70" rx="3" fill={p.ink} opacity=".85" />
      <path d="M48 34h16M48 42h24" stroke={p.light} strokeWidth="3" strokeLinecap="round" opacity=".7" />
      <circle cx="60" cy="99" r="3" fill={p.shade} />
    </>
  ),
  laptop: (p) => (
    <>
      <rect x="28" y="28" width="64" height="44" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="33" y="33" width="54" height="34" rx="2" fill={p.ink} opacity=".85" />
      <path d="M16 74h88l-6 10H22z" fill={p.shade} />
    </>
  ),
  chair: (p) => (
    <>
      <path d="M38 58l-6 44M82 58l6 44M44 72l-2 30M76 72l2 30" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <rect x="38" y="18" width="44" height="44" rx="10" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="30" y="56" width="60" height="16" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  bottle: (p) => (
    <>
      <rect x="50" y="14" width="20" height="16" rx="3" fill={p.ink} opacity=".8" />
      <rect x="46" y="28" width="28" height="8" rx="2" fill={p.shade} />
      <rect x="34" y="36" width="52" height="68" rx="14" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="42" y="58" width="36" height="24" rx="3" fill={p.light} opacity=".85" />
    </>
  ),
  ring: (p) => (
    <>
      <circle cx="60" cy="70" r="26" fill="none" stroke={p.shade} strokeWidth="9" />
      <circle cx="60" cy="70" r="26" fill="none" stroke={p.fill} strokeWidth="5" />
      <path d="M48 40l6-10h12l6 10-12 12z" fill={p.light} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
    </>
  ),
  ball: (p) => (
    <>
      <circle cx="60" cy="62" r="38" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M22 62h76M60 24c-16 20-16 56 0 76M60 24c16 20 16 56 0 76" fill="none" stroke={p.light} strokeWidth="3" opacity=".8" />
    </>
  ),
  tent: (p) => (
    <>
      <path d="M60 20L16 100h88z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M60 20l-14 80h28z" fill={p.shade} opacity=".55" />
      <path d="M60 20l-6-8M60 20l6-8" stroke={p.shade} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  bike: (p) => (
    <>
      <circle cx="34" cy="78" r="18" fill="none" stroke={p.ink} strokeWidth="4" />
      <circle cx="86" cy="78" r="18" fill="none" stroke={p.ink} strokeWidth="4" />
      <path
        d="M34 78l18-30h30L86 78M52 48l12 30 18-30M64 78H34M50 40h10M80 48l-4-12h8"
        fill="none"
        stroke={p.fill}
        strokeWidth="5"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </>
  ),
  candle: (p) => (
    <>
      <path d="M60 18c8 10 8 18 0 22-8-4-8-12 0-22z" fill="#f2b53c" />
      <rect x="40" y="44" width="40" height="60" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="60" cy="45" rx="20" ry="4" fill={p.shade} opacity=".6" />
      <path d="M60 40v5" stroke={p.ink} strokeWidth="2" />
    </>
  ),
  gift: (p) => (
    <>
      <rect x="26" y="48" width="68" height="54" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="22" y="38" width="76" height="14" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="55" y="38" width="10" height="64" fill={p.light} opacity=".9" />
      <path d="M60 38c-14-16-26-4-14 0zM60 38c14-16 26-4 14 0z" fill={p.light} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  knife: (p) => (
    <>
      <path d="M14 70c12-12 34-18 62-18v16z" fill="#c9ced6" stroke="#8d949e" strokeWidth="2" strokeLinejoin="round" />
      <path d="M30 58c14-4 28-6 44-6v5c-16 0-30 2-44 6z" fill="#e6e9ee" />
      <rect x="74" y="50" width="34" height="20" rx="7" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="84" cy="60" r="2.5" fill={p.light} />
      <circle cx="98" cy="60" r="2.5" fill={p.light} />
    </>
  ),
  board: (p) => (
    <>
      <path
        d="M18 38a8 8 0 0 1 8-8h62a8 8 0 0 1 8 8v10h6a8 8 0 0 1 0 24h-6v12a8 8 0 0 1-8 8H26a8 8 0 0 1-8-8z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
      />
      <circle cx="101" cy="60" r="4" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
      <path d="M28 46c16-4 36 4 56-2M28 62c18 4 34-4 56 0M28 78c16-4 36 4 56-2" stroke={p.shade} strokeWidth="1.5" fill="none" opacity=".45" />
    </>
  ),
  bowl: (p) => (
    <>
      <path d="M34 54c4-14 16-18 24-10 6-12 22-10 26 2 8-2 14 4 12 10z" fill="#6fa35c" stroke="#4d7e3f" strokeWidth="2" strokeLinejoin="round" />
      <path d="M16 56h88c0 24-20 42-44 42S16 80 16 56z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <ellipse cx="60" cy="56" rx="44" ry="5" fill={p.shade} opacity=".45" />
      <path d="M28 70c8 12 20 18 32 18" stroke={p.light} strokeWidth="3" fill="none" strokeLinecap="round" opacity=".6" />
    </>
  ),
  jars: (p) => (
    <>
      <rect x="14" y="24" width="92" height="76" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="20" y="58" width="80" height="5" fill={p.shade} />
      <rect x="20" y="92" width="80" height="5" fill={p.shade} />
      {[26, 52, 78].map((x) => (
        <g key={x}>
          <rect x={x} y="36" width="16" height="22" rx="3" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
          <rect x={x} y="32" width="16" height="6" rx="2" fill={p.ink} opacity=".75" />
          <rect x={x} y="70" width="16" height="22" rx="3" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
          <rect x={x} y="66" width="16" height="6" rx="2" fill={p.ink} opacity=".75" />
        </g>
      ))}
    </>
  ),
  mixer: (p) => (
    <>
      <rect x="20" y="94" width="76" height="10" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="72" y="44" width="22" height="52" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M30 44c0-14 10-20 24-20h34c6 0 8 4 8 10v14H30z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M44 48v14" stroke={p.ink} strokeWidth="3" strokeLinecap="round" />
      <path d="M28 62h40l-4 28H32z" fill="#c9ced6" stroke="#8d949e" strokeWidth="2" strokeLinejoin="round" />
      <circle cx="86" cy="36" r="3" fill={p.light} />
    </>
  ),
  pillow: (p) => <Pillow p={p} fill={p.fill} />,
  blanket: (p) => (
    <>
      {[70, 50, 30].map((y) => (
        <g key={y}>
          <rect x="18" y={y} width="84" height="22" rx="8" fill={p.fill} stroke={p.shade} strokeWidth="2" />
          <path d={`M26 ${y + 11}h68`} stroke={p.light} strokeWidth="2.5" strokeLinecap="round" opacity=".7" />
        </g>
      ))}
    </>
  ),
  mat: (p) => (
    <>
      <path d="M26 44h60v34H26z" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="26" cy="61" rx="9" ry="17" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="86" cy="61" rx="9" ry="17" fill={p.shade} stroke={p.shade} strokeWidth="2" />
      <path d="M86 50c5 0 5 12 0 12s-3-6 0-6" fill="none" stroke={p.light} strokeWidth="2" strokeLinecap="round" />
      <path d="M46 44v34M66 44v34" stroke={p.ink} strokeWidth="3" opacity=".6" />
    </>
  ),
  dumbbell: (p) => (
    <>
      <rect x="30" y="56" width="60" height="8" rx="3" fill="#6b7280" />
      <rect x="16" y="38" width="12" height="44" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="26" y="44" width="8" height="32" rx="2" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="92" y="38" width="12" height="44" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="86" y="44" width="8" height="32" rx="2" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  kettlebell: (p) => (
    <>
      <Band d="M40 58c-2-22 6-34 20-34s22 12 20 34" width={6} colour={p.fill} p={p} />
      <path d="M32 96a30 30 0 1 1 56 0z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M42 70c4-6 10-9 16-9" stroke={p.light} strokeWidth="3" fill="none" strokeLinecap="round" opacity=".7" />
    </>
  ),
  rope: (p) => (
    <>
      <path d="M32 40c-10 40 6 62 28 62s38-22 28-62" fill="none" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <rect x="24" y="18" width="14" height="26" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="82" y="18" width="14" height="26" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  bands: (p) => (
    <>
      <Band d={ring(60, 76, 40, 16)} width={6} colour={p.fill} p={p} />
      <Band d={ring(60, 56, 34, 13)} width={6} colour={p.light} p={p} />
      <Band d={ring(60, 38, 28, 10)} width={6} colour={p.fill} p={p} />
    </>
  ),
  bear: (p) => (
    <>
      <circle cx="44" cy="28" r="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="76" cy="28" r="9" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="60" cy="82" rx="26" ry="22" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="60" cy="84" rx="14" ry="12" fill={p.light} opacity=".8" />
      <circle cx="60" cy="44" r="20" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="60" cy="51" rx="9" ry="7" fill={p.light} />
      <circle cx="52" cy="41" r="2.5" fill={p.ink} />
      <circle cx="68" cy="41" r="2.5" fill={p.ink} />
      <ellipse cx="60" cy="48" rx="3" ry="2" fill={p.ink} />
    </>
  ),
  game: (p) => (
    <>
      <rect x="16" y="44" width="76" height="54" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="16" y="44" width="76" height="12" rx="4" fill={p.shade} opacity=".45" />
      <rect x="30" y="64" width="48" height="24" rx="3" fill={p.light} opacity=".85" />
      <g transform="rotate(12 88 40)">
        <rect x="72" y="24" width="30" height="30" rx="6" fill="#ffffff" stroke="#8d949e" strokeWidth="2" />
        <circle cx="80" cy="32" r="3" fill={p.ink} />
        <circle cx="87" cy="39" r="3" fill={p.ink} />
        <circle cx="94" cy="46" r="3" fill={p.ink} />
      </g>
    </>
  ),
  car: (p) => (
    <>
      <path d="M70 40l14-20" stroke={p.ink} strokeWidth="2" strokeLinecap="round" />
      <path
        d="M16 76v-12c0-4 3-7 7-8l14-4 10-12c3-3 6-4 10-4h20c4 0 7 2 9 5l8 11 10 3c3 1 5 4 5 7v14z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M50 52l7-9h10v9zM71 52v-9h6l6 9z" fill={p.light} opacity=".9" />
      <circle cx="36" cy="78" r="11" fill={p.ink} />
      <circle cx="36" cy="78" r="4" fill="#c9ced6" />
      <circle cx="86" cy="78" r="11" fill={p.ink} />
      <circle cx="86" cy="78" r="4" fill="#c9ced6" />
    </>
  ),
  blocks: (p) => (
    <>
      {(
        [
          [22, 70],
          [60, 70],
          [41, 38],
        ] as const
      ).map(([x, y]) => (
        <g key={`${x},${y}`}>
          <rect x={x} y={y - 6} width="8" height="8" rx="2" fill={p.shade} />
          <rect x={x + 22} y={y - 6} width="8" height="8" rx="2" fill={p.shade} />
          <rect x={x} y={y} width="38" height="30" rx="3" fill={y === 38 ? p.light : p.fill} stroke={p.shade} strokeWidth="2" />
        </g>
      ))}
    </>
  ),
  wateringCan: (p) => (
    <>
      <Band d="M40 56L12 34" width={3.5} colour={p.fill} p={p} />
      <rect x="8" y="26" width="12" height="10" rx="2" transform="rotate(38 14 31)" fill={p.shade} />
      <path d="M58 48C58 26 96 26 90 64" fill="none" stroke={p.shade} strokeWidth="6" strokeLinecap="round" />
      <path d="M36 50h54v44a6 6 0 0 1-6 6H42a6 6 0 0 1-6-6z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <rect x="34" y="46" width="58" height="8" rx="3" fill={p.shade} />
    </>
  ),
  birdhouse: (p) => (
    <>
      <rect x="56" y="86" width="8" height="22" fill="#8a6a4a" />
      <rect x="34" y="46" width="52" height="44" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M26 50l34-30 34 30z" fill={p.shade} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <circle cx="60" cy="64" r="8" fill={p.ink} />
      <path d="M60 78v8" stroke={p.ink} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  shears: (p) => (
    <>
      <path d="M58 62L22 26c10-2 20 2 26 10l18 20z" fill="#c9ced6" stroke="#8d949e" strokeWidth="2" strokeLinejoin="round" />
      <path d="M62 62l36-36c-10-2-20 2-26 10L54 56z" fill="#c9ced6" stroke="#8d949e" strokeWidth="2" strokeLinejoin="round" />
      <Band d="M56 62c-8 10-16 24-20 40" width={7} colour={p.fill} p={p} />
      <Band d="M64 62c8 10 16 24 20 40" width={7} colour={p.fill} p={p} />
      <circle cx="60" cy="60" r="4" fill={p.ink} />
    </>
  ),
  gloves: (p) => (
    <>
      <path
        d="M40 100V56c0-4 6-4 6 0v-22c0-4 7-4 7 0v-6c0-4 7-4 7 0v4c0-4 7-4 7 0v8c0-4 7-4 7 0v30l8-10c3-4 9 0 6 4L76 88v12z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <rect x="38" y="92" width="40" height="12" rx="3" fill={p.light} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  hose: (p) => (
    <>
      <rect x="28" y="94" width="64" height="8" rx="3" fill={p.shade} />
      <circle cx="60" cy="58" r="34" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="60" cy="58" r="24" fill="none" stroke="#4e8d5c" strokeWidth="10" />
      <circle cx="60" cy="58" r="8" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <path d="M84 70c10 8 14 20 20 30" stroke="#4e8d5c" strokeWidth="6" fill="none" strokeLinecap="round" />
    </>
  ),
  kettle: (p) => (
    <>
      <path d="M80 60c10-2 14 8 10 18" fill="none" stroke={p.shade} strokeWidth="6" strokeLinecap="round" />
      <path d="M38 66C30 56 22 40 12 36" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" />
      <path d="M36 52h44l6 46a4 4 0 0 1-4 4H34a4 4 0 0 1-4-4z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M40 52c0-10 8-14 18-14s18 4 18 14" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="53" y="30" width="10" height="8" rx="3" fill={p.ink} opacity=".8" />
    </>
  ),
  pouch: (p) => (
    <>
      <path d="M34 30h52l6 68a6 6 0 0 1-6 6H34a6 6 0 0 1-6-6z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <rect x="32" y="24" width="56" height="10" rx="2" fill={p.shade} />
      <rect x="40" y="52" width="40" height="30" rx="4" fill={p.light} opacity=".9" />
      <ellipse cx="54" cy="67" rx="5" ry="7" transform="rotate(-20 54 67)" fill="#6b4a2f" />
      <ellipse cx="67" cy="67" rx="5" ry="7" transform="rotate(20 67 67)" fill="#6b4a2f" />
    </>
  ),
  press: (p) => (
    <>
      <path d="M60 14v30" stroke={p.ink} strokeWidth="3" />
      <circle cx="60" cy="14" r="5" fill={p.ink} />
      <path d="M80 48c14 0 14 36 0 36" fill="none" stroke={p.shade} strokeWidth="6" strokeLinecap="round" />
      <rect x="38" y="34" width="44" height="70" rx="4" fill="#e9eef2" stroke="#8d949e" strokeWidth="2" />
      <rect x="38" y="66" width="44" height="38" rx="3" fill="#6b4a2f" opacity=".85" />
      <rect x="36" y="30" width="48" height="8" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="36" y="98" width="48" height="8" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  grinder: (p) => (
    <>
      <path d="M38 18h44l-10 28H48z" fill="#e9eef2" stroke="#8d949e" strokeWidth="2" strokeLinejoin="round" />
      <rect x="34" y="46" width="52" height="58" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="60" cy="66" r="9" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <rect x="44" y="84" width="32" height="14" rx="3" fill={p.shade} opacity=".5" />
    </>
  ),
  speaker: (p) => (
    <>
      <rect x="34" y="18" width="52" height="86" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <circle cx="60" cy="40" r="9" fill={p.shade} />
      <circle cx="60" cy="40" r="4" fill={p.light} />
      <circle cx="60" cy="76" r="18" fill={p.shade} />
      <circle cx="60" cy="76" r="9" fill={p.light} opacity=".8" />
    </>
  ),
  scarf: (p) => (
    <>
      <Band d="M30 28c0 26 60 26 60 0" width={12} colour={p.fill} p={p} />
      <g transform="rotate(-6 48 72)">
        <rect x="40" y="44" width="17" height="54" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
        <path d="M40 62h17M40 80h17" stroke={p.light} strokeWidth="3" opacity=".7" />
        <path d="M43 98v8M48.5 98v8M54 98v8" stroke={p.shade} strokeWidth="2" strokeLinecap="round" />
      </g>
      <g transform="rotate(8 70 70)">
        <rect x="62" y="44" width="17" height="48" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
        <path d="M62 60h17M62 76h17" stroke={p.light} strokeWidth="3" opacity=".7" />
        <path d="M65 92v8M70.5 92v8M76 92v8" stroke={p.shade} strokeWidth="2" strokeLinecap="round" />
      </g>
    </>
  ),
  boot: (p) => (
    <>
      <path d="M38 32h30l1 38c1 5 4 8 9 9l17 4c8 2 13 8 13 15v2H36z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M46 44c5 8 5 22 0 30" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" opacity=".45" />
      <rect x="33" y="22" width="10" height="15" rx="4" fill="none" stroke={p.shade} strokeWidth="3" />
      <rect x="32" y="98" width="80" height="10" rx="4" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <rect x="36" y="100" width="16" height="6" rx="2" fill={p.shade} opacity=".5" />
    </>
  ),
  runner: (p) => (
    <>
      <path
        d="M18 80c0-9 4-16 12-18l20-5c6-2 11-7 14-12l5-1c6 7 15 12 27 15 8 2 13 7 13 14v7H18z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M40 74c14-2 30-8 40-18" fill="none" stroke={p.light} strokeWidth="5" strokeLinecap="round" />
      <path d="M14 80h96c2 0 3 2 2 4l-3 6c-1 2-3 3-5 3H22c-4 0-8-3-8-7z" fill={p.light} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M26 93v-4M38 93v-4M50 93v-4M62 93v-4M74 93v-4M86 93v-4M98 93v-4" stroke={p.shade} strokeWidth="2.5" strokeLinecap="round" opacity=".6" />
      <path d="M60 52l5 5M66 49l5 5" stroke={p.ink} strokeWidth="2.5" strokeLinecap="round" opacity=".55" />
    </>
  ),
  smartwatch: (p) => (
    <>
      <rect x="47" y="10" width="26" height="100" rx="8" fill={p.shade} />
      <rect x="86" y="50" width="6" height="12" rx="2" fill={p.shade} />
      <rect x="34" y="32" width="52" height="56" rx="14" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="41" y="39" width="38" height="42" rx="9" fill={p.ink} opacity=".85" />
      <path d="M45 62h8l4-9 6 17 4-8h8" fill="none" stroke={p.light} strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  jar: (p) => (
    <>
      <rect x="30" y="40" width="60" height="16" rx="5" fill={p.shade} />
      <path d="M34 46h52" stroke={p.light} strokeWidth="1.5" opacity=".5" />
      <rect x="24" y="54" width="72" height="40" rx="12" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="38" y="64" width="44" height="18" rx="4" fill={p.light} opacity=".9" />
      <path d="M44 71h32M48 76h24" stroke={p.ink} strokeWidth="1.5" strokeLinecap="round" opacity=".45" />
    </>
  ),
  tube: (p) => (
    <>
      <path d="M34 20h52l-10 70H44z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M34 20h52v6H34z" fill={p.shade} />
      <path d="M40 23h2M48 23h2M56 23h2M64 23h2M72 23h2M80 23h2" stroke={p.light} strokeWidth="1.5" opacity=".6" />
      <rect x="46" y="88" width="28" height="12" rx="3" fill={p.shade} />
      <rect x="46" y="44" width="28" height="24" rx="3" fill={p.light} opacity=".9" />
      <path d="M51 52h18M53 59h14" stroke={p.ink} strokeWidth="1.5" strokeLinecap="round" opacity=".45" />
    </>
  ),
  dropper: (p) => (
    <>
      <ellipse cx="60" cy="22" rx="8" ry="10" fill={p.shade} />
      <rect x="50" y="30" width="20" height="16" rx="3" fill={p.ink} opacity=".8" />
      <rect x="38" y="46" width="44" height="52" rx="10" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="46" y="62" width="28" height="22" rx="3" fill={p.light} opacity=".9" />
      <path d="M64 50v40" stroke={p.light} strokeWidth="3" strokeLinecap="round" opacity=".35" />
    </>
  ),
  turtleneck: (p) => (
    <>
      <Outline d={SWEATER} p={p} />
      <rect x="48" y="8" width="24" height="16" rx="5" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M54 11v10M60 11v10M66 11v10" stroke={p.shade} strokeWidth="1.5" opacity=".6" />
      <path d={KNIT_HEMS} stroke={p.shade} strokeWidth="4" opacity=".45" />
    </>
  ),
  cardigan: (p) => (
    <>
      <Outline d={SWEATER} p={p} />
      <path d="M52 19l8 28 8-28" fill={p.light} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M60 47v54" stroke={p.shade} strokeWidth="2" />
      <circle cx="64" cy="56" r="2.2" fill={p.ink} opacity=".6" />
      <circle cx="64" cy="70" r="2.2" fill={p.ink} opacity=".6" />
      <circle cx="64" cy="84" r="2.2" fill={p.ink} opacity=".6" />
      <path d={KNIT_HEMS} stroke={p.shade} strokeWidth="4" opacity=".45" />
    </>
  ),
  vest: (p) => (
    <>
      <path d="M42 20l10-3 8 22 8-22 10 3 6 14c-5 6-5 14 0 20v48H36V54c5-6 5-14 0-20z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M52 17l8 22 8-22" fill="none" stroke={p.shade} strokeWidth="3" strokeLinejoin="round" />
      <path d="M36 98h48" stroke={p.shade} strokeWidth="4" opacity=".45" />
      <path d="M44 62l5 5 5-5 6 5 6-5 5 5 5-5" fill="none" stroke={p.light} strokeWidth="2.5" strokeLinejoin="round" opacity=".8" />
    </>
  ),
  puffer: (p) => (
    <>
      <Outline d={JACKET} p={p} />
      <rect x="49" y="12" width="22" height="10" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M35 44h50M34 60h52M34 76h52M34 92h52M22 52l11 2M87 54l11-2M20 68l12 1M88 69l12-1" stroke={p.shade} strokeWidth="2" opacity=".5" />
      <path d="M60 22v82" stroke={p.ink} strokeWidth="2" opacity=".45" />
    </>
  ),
  coat: (p) => (
    <>
      <path
        d="M43 16l10-4c2 6 12 6 14 0l10 4 18 14 6 52-12 2-6-36v62H37V48l-6 36-12-2 6-52z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M53 12l7 24 7-24" fill={p.shade} opacity=".5" />
      <rect x="37" y="62" width="46" height="6" fill={p.shade} opacity=".7" />
      <rect x="56" y="61" width="8" height="8" rx="1.5" fill="none" stroke={p.light} strokeWidth="1.5" />
      <circle cx="53" cy="48" r="2.2" fill={p.ink} opacity=".6" />
      <circle cx="67" cy="48" r="2.2" fill={p.ink} opacity=".6" />
      <circle cx="53" cy="80" r="2.2" fill={p.ink} opacity=".6" />
      <circle cx="67" cy="80" r="2.2" fill={p.ink} opacity=".6" />
    </>
  ),
  loafer: (p) => (
    <>
      <path d="M20 84V70c0-4 4-6 8-4l22 6c10-6 24-10 36-6 12 4 20 10 20 18z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M58 71c8-6 22-8 30-4" fill="none" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <rect x="69" y="64.5" width="9" height="3" rx="1.5" fill={p.light} />
      <rect x="16" y="84" width="94" height="8" rx="4" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <rect x="18" y="86" width="14" height="4" rx="2" fill={p.shade} opacity=".5" />
    </>
  ),
  slipper: (p) => (
    <>
      <path d="M22 86c0-12 12-20 28-20h20c18 0 34 8 36 20z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <ellipse cx="42" cy="68" rx="20" ry="6" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <path d="M64 72c10-2 24 0 34 8" fill="none" stroke={p.light} strokeWidth="2" strokeDasharray="3 3" opacity=".8" />
      <rect x="18" y="86" width="92" height="7" rx="3.5" fill={p.shade} />
    </>
  ),
  sandal: (p) => (
    <>
      <path d="M16 88c0-4 3-6 7-6h76c5 0 8 2 8 6v5c0 3-3 5-6 5H22c-3 0-6-2-6-5z" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <Band d="M70 82C72 64 96 64 100 82" width={9} colour={p.fill} p={p} />
      <Band d="M44 82C46 60 68 58 74 72" width={9} colour={p.fill} p={p} />
      <Band d="M24 82C20 64 30 52 46 56" width={7} colour={p.fill} p={p} />
      <rect x="42" y="50" width="10" height="10" rx="2" fill={p.light} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  stringLights: (p) => (
    <>
      <path d="M8 26c32 32 72 32 104 0M8 58c32 30 72 30 104 0" fill="none" stroke={p.ink} strokeWidth="2" strokeLinecap="round" opacity=".6" />
      {(
        [
          [20, 36],
          [39, 46],
          [60, 50],
          [81, 46],
          [100, 36],
          [20, 68],
          [39, 77],
          [60, 80],
          [81, 77],
          [100, 68],
        ] as const
      ).map(([x, y]) => (
        <g key={`${x}-${y}`}>
          <circle cx={x} cy={y + 11} r="9" fill="#fff6c8" opacity=".5" />
          <ellipse cx={x} cy={y + 10} rx="4.5" ry="6" fill="#fff1a8" stroke={p.shade} strokeWidth="1.5" />
          <rect x={x - 3.5} y={y - 1} width="7" height="5" rx="1.5" fill={p.fill} stroke={p.shade} strokeWidth="1.5" />
        </g>
      ))}
    </>
  ),
  pendant: (p) => (
    <>
      <path d="M60 6v34" stroke={p.ink} strokeWidth="2.5" opacity=".7" />
      <path d="M40 74h40l20 32H20z" fill="#fff6c8" opacity=".55" />
      <rect x="55" y="36" width="10" height="8" rx="2" fill={p.shade} />
      <path d="M30 72c0-18 13-30 30-30s30 12 30 30z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <ellipse cx="60" cy="75" rx="8" ry="5" fill="#fff1a8" stroke={p.shade} strokeWidth="1.5" />
    </>
  ),
  slipDress: (p) => (
    <>
      <path d="M50 12l-3 24M70 12l3 24" stroke={p.shade} strokeWidth="2" strokeLinecap="round" />
      <path
        d="M46 34c6 1 11 5 14 9 3-4 8-8 14-9l2 26c1 14 4 30 8 44H36c4-14 7-30 8-44z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M55 56c-2 14-4 30-7 44" fill="none" stroke={p.light} strokeWidth="3" strokeLinecap="round" opacity=".4" />
      <path d="M67 62c1 12 3 26 5 38" fill="none" stroke={p.shade} strokeWidth="1.5" opacity=".35" />
    </>
  ),
  maxiDress: (p) => (
    <>
      <path
        d="M48 14c4 7 20 7 24 0l9 4 6 11-8 4-3-5-2 20c10 16 18 36 24 58-6 3-13-1-19 2-6-3-13 1-19-1-6 2-13-2-19 1-6-3-13 1-19-2 6-22 14-42 24-58l-2-20-3 5-8-4 6-11z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M46 48c9 3 19 3 28 0" fill="none" stroke={p.shade} strokeWidth="3" strokeLinecap="round" />
      <path d="M50 58l-8 44M60 56v48M70 58l8 44" stroke={p.shade} strokeWidth="1.5" opacity=".35" />
    </>
  ),
  wrapDress: (p) => (
    <>
      <path
        d="M46 16h8l6 18 6-18h8l12 10-6 12-5-4-2 16c5 12 11 28 17 46-10 4-24 6-34 4-10 0-18-2-26-4 6-18 12-34 17-46l-2-16-5 4-6-12z"
        fill={p.fill}
        stroke={p.shade}
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M60 34l13 16M47 50c9 3 18 3 26 0M73 50c-6 16-10 32-12 50" fill="none" stroke={p.shade} strokeWidth="2" strokeLinecap="round" opacity=".7" />
      <path d="M48 51l-7 16M48 51l3 17" stroke={p.shade} strokeWidth="3" strokeLinecap="round" />
      <circle cx="48" cy="51" r="3" fill={p.shade} />
    </>
  ),
  shirtDress: (p) => (
    <>
      <path d="M46 18l8-3 6 7 6-7 8 3 14 10-6 14-6-4-1 14 5 48H40l5-48-1-14-6 4-6-14z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M54 15l-3 11 9-4 9 4-3-11" fill={p.light} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M60 22v78" stroke={p.shade} strokeWidth="1.5" opacity=".5" />
      <rect x="44" y="50" width="32" height="6" rx="2" fill={p.shade} />
      <rect x="56" y="49" width="8" height="8" rx="1.5" fill="none" stroke={p.light} strokeWidth="1.5" />
      {[32, 42, 66, 78, 90].map((y) => (
        <circle key={y} cx="60" cy={y} r="1.8" fill={p.light} />
      ))}
    </>
  ),
  cocktailDress: (p) => (
    <>
      <path d="M50 14v18M70 14v18" stroke={p.shade} strokeWidth="2" strokeLinecap="round" />
      <path d="M48 30c4-4 10-3 12 2 2-5 8-6 12-2l-2 22H50z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M50 52h20c14 10 26 28 30 40-12 7-68 7-80 0 4-12 16-30 30-40z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M49 52h22" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <path d="M56 56l-12 38M60 56v40M64 56l12 38" stroke={p.shade} strokeWidth="1.5" opacity=".3" />
      <path d="M54 36c2 4 2 8 0 12" fill="none" stroke={p.light} strokeWidth="2" strokeLinecap="round" opacity=".5" />
    </>
  ),
  knitDress: (p) => (
    <>
      <Outline d="M44 20l8-3c3 6 13 6 16 0l8 3 16 12 8 48-10 2-6-38-4 6 2 54H38l2-54-4-6-6 38-10-2 8-48z" p={p} />
      <path d="M52 17c3 7 13 7 16 0" fill="none" stroke={p.shade} strokeWidth="3" />
      <path d="M39 98h42M21 76l9 1.5M90 77.5l9-1.5" stroke={p.shade} strokeWidth="4" opacity=".45" />
      <path d="M48 28v64M54 26v66M60 24v68M66 26v66M72 28v64" stroke={p.shade} strokeWidth="1.5" opacity=".22" />
    </>
  ),
  pictureBook: (p) => (
    <>
      <Cover x={16} y={34} w={84} h={58} p={p} />
      <path d="M24 86c10-14 24-16 36-8 10-8 24-10 38-2v8c0 2-2 4-4 4H24z" fill={p.light} opacity=".85" />
      <circle cx="82" cy="52" r="7" fill="#fff1a8" stroke={p.shade} strokeWidth="1.5" />
      <path d="M34 46h26" stroke={p.light} strokeWidth="4" strokeLinecap="round" />
    </>
  ),
  travelGuide: (p) => (
    <>
      <Cover x={32} y={16} w={50} h={86} p={p} />
      <path d="M42 90c8-8 14 2 22-6s12-8 12-16" fill="none" stroke={p.light} strokeWidth="2.5" strokeDasharray="3 4" strokeLinecap="round" />
      <path d="M62 34c-7 0-12 5-12 11 0 8 12 19 12 19s12-11 12-19c0-6-5-11-12-11z" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
      <circle cx="62" cy="45" r="4" fill={p.fill} />
    </>
  ),
  fieldGuide: (p) => (
    <>
      <Cover x={32} y={16} w={50} h={86} p={p} />
      <path d="M58 34c14 4 18 20 0 42-18-22-14-38 0-42z" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
      <path d="M58 38v42M58 52l-6-5M58 60l6-5M58 66l-6-5" fill="none" stroke={p.shade} strokeWidth="1.5" strokeLinecap="round" />
      <rect x="74" y="14" width="5" height="90" rx="1.5" fill={p.ink} opacity=".7" />
    </>
  ),
  atlas: (p) => (
    <>
      <Cover x={24} y={12} w={66} h={92} p={p} />
      <circle cx="60" cy="52" r="20" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <path d="M60 32v40M40 52h40M44 41h32M44 63h32" stroke={p.shade} strokeWidth="1.5" opacity=".6" />
      <ellipse cx="60" cy="52" rx="9" ry="20" fill="none" stroke={p.shade} strokeWidth="1.5" opacity=".6" />
      <path d="M46 88h28" stroke={p.light} strokeWidth="4" strokeLinecap="round" />
    </>
  ),
  bookStack: (p) => (
    <>
      <rect x="22" y="80" width="76" height="16" rx="3" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="28" y="64" width="66" height="16" rx="3" fill={p.light} stroke={p.shade} strokeWidth="2" />
      <rect x="24" y="48" width="70" height="16" rx="3" fill={p.shade} stroke={p.shade} strokeWidth="2" />
      <path d="M86 84v8M86 68v8M84 52v8" stroke={p.light} strokeWidth="2" opacity=".7" />
      <path d="M34 88h30M38 72h26M34 56h30" stroke={p.ink} strokeWidth="2.5" strokeLinecap="round" opacity=".35" />
      <path d="M62 46c8-14 22-22 34-24-4 10-14 22-30 26z" fill={p.light} stroke={p.shade} strokeWidth="1.5" strokeLinejoin="round" />
    </>
  ),
  cookbook: (p) => (
    <>
      <Cover x={30} y={18} w={52} h={82} p={p} />
      <ellipse cx="52" cy="44" rx="5" ry="7" fill={p.light} />
      <path d="M52 50v28M68 38v40M63 38v8c0 3 2 5 5 5s5-2 5-5v-8" fill="none" stroke={p.light} strokeWidth="3" strokeLinecap="round" />
      <path d="M46 88h24" stroke={p.light} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  duffel: (p) => (
    <>
      <path d="M42 58c0-22 36-22 36 0" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" />
      <rect x="14" y="54" width="92" height="44" rx="20" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <ellipse cx="26" cy="76" rx="6" ry="17" fill={p.shade} opacity=".35" />
      <ellipse cx="94" cy="76" rx="6" ry="17" fill={p.shade} opacity=".35" />
      <path d="M32 58h56" stroke={p.ink} strokeWidth="2" strokeDasharray="2 2" opacity=".6" />
      <rect x="38" y="54" width="8" height="14" rx="2" fill={p.shade} />
      <rect x="74" y="54" width="8" height="14" rx="2" fill={p.shade} />
    </>
  ),
  beltBag: (p) => (
    <>
      <path d="M8 66c8-4 16-4 24-2M88 64c8-2 16-2 24 2" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" />
      <rect x="6" y="61" width="8" height="10" rx="2" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
      <path d="M28 60c16-8 48-8 64 0 3 18-8 32-32 32s-35-14-32-32z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M34 66c14-6 38-6 52 0" fill="none" stroke={p.ink} strokeWidth="2" strokeDasharray="2 2" opacity=".6" />
      <rect x="80" y="64" width="4" height="9" rx="1.5" fill={p.light} stroke={p.shade} strokeWidth="1" />
    </>
  ),
  tote: (p) => (
    <>
      <path d="M40 52c0-32 16-32 16 0M64 52c0-32 16-32 16 0" fill="none" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <path d="M28 48h64l6 54a3 3 0 0 1-3 3H25a3 3 0 0 1-3-3z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M40 50v10M56 50v10M64 50v10M80 50v10" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <path d="M26 82h68" stroke={p.light} strokeWidth="5" opacity=".6" />
    </>
  ),
  crossbody: (p) => (
    <>
      <path d="M34 64c-8-30 6-52 26-52s34 22 26 52" fill="none" stroke={p.shade} strokeWidth="3" strokeLinecap="round" />
      <rect x="30" y="58" width="60" height="42" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M30 64a6 6 0 0 1 6-6h48a6 6 0 0 1 6 6v12c-12 8-48 8-60 0z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <circle cx="60" cy="80" r="3.5" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
    </>
  ),
  sleeve: (p) => (
    <>
      <rect x="18" y="32" width="84" height="62" rx="8" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M26 38h68v48" fill="none" stroke={p.ink} strokeWidth="2" strokeDasharray="2 2" opacity=".6" />
      <rect x="91" y="84" width="6" height="10" rx="2" fill={p.light} stroke={p.shade} strokeWidth="1.5" />
      <rect x="30" y="60" width="42" height="26" rx="4" fill={p.shade} opacity=".25" />
    </>
  ),
  earbuds: (p) => (
    <>
      <rect x="28" y="62" width="64" height="40" rx="20" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M28 80h64" stroke={p.shade} strokeWidth="2" opacity=".6" />
      <circle cx="60" cy="90" r="2" fill={p.light} />
      {[42, 78].map((x) => (
        <g key={x}>
          <rect x={x - 4} y="34" width="8" height="24" rx="4" fill={p.light} stroke={p.shade} strokeWidth="2" />
          <circle cx={x} cy="30" r="10" fill={p.light} stroke={p.shade} strokeWidth="2" />
          <ellipse cx={x < 60 ? x + 6 : x - 6} cy="27" rx="4" ry="5" fill={p.shade} opacity=".7" />
        </g>
      ))}
    </>
  ),
  floorLamp: (p) => (
    <>
      <path d="M42 40h36l20 24H22z" fill="#fff6c8" opacity=".55" />
      <rect x="58" y="38" width="4" height="62" fill={p.shade} />
      <ellipse cx="60" cy="101" rx="16" ry="4" fill={p.shade} />
      <path d="M46 12h28l10 28H36z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
    </>
  ),
  deskLamp: (p) => (
    <>
      <path d="M78 54l24 46H62z" fill="#fff6c8" opacity=".55" />
      <ellipse cx="36" cy="100" rx="18" ry="5" fill={p.shade} />
      <path d="M36 98l14-40 26-14" fill="none" stroke={p.shade} strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="50" cy="58" r="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M72 34l16-10 12 20-18 10z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <circle cx="76" cy="44" r="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
  sconce: (p) => (
    <>
      <rect x="16" y="18" width="14" height="84" rx="2" fill={p.shade} opacity=".18" />
      <path d="M54 24L46 8h40l-8 16zM56 62l-12 30h44L76 62z" fill="#fff6c8" opacity=".55" />
      <rect x="22" y="44" width="10" height="32" rx="3" fill={p.shade} />
      <path d="M32 60h20c6 0 10-2 12-6" fill="none" stroke={p.shade} strokeWidth="4" strokeLinecap="round" />
      <path d="M50 24h32l-6 38H56z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
    </>
  ),
  chronograph: (p) => (
    <>
      <rect x="79" y="38" width="7" height="6" rx="1.5" fill={p.shade} transform="rotate(-35 82 41)" />
      <rect x="79" y="76" width="7" height="6" rx="1.5" fill={p.shade} transform="rotate(35 82 79)" />
      <WatchCase p={p} />
      <circle cx="60" cy="60" r="20" fill={p.light} />
      <circle cx="51" cy="58" r="5" fill="none" stroke={p.ink} strokeWidth="1.5" opacity=".55" />
      <circle cx="69" cy="58" r="5" fill="none" stroke={p.ink} strokeWidth="1.5" opacity=".55" />
      <circle cx="60" cy="70" r="5" fill="none" stroke={p.ink} strokeWidth="1.5" opacity=".55" />
      <path d="M60 60V43M60 60l-10 7" stroke={p.ink} strokeWidth="2.5" strokeLinecap="round" />
      <path d="M60 60l13-10" stroke="#c8452e" strokeWidth="1.5" strokeLinecap="round" />
    </>
  ),
  diveWatch: (p) => (
    <>
      <WatchCase p={p} strap={24} r={29} />
      <circle cx="60" cy="60" r="25" fill={p.ink} opacity=".85" />
      <path d="M60 37l-4 5h8z" fill={p.light} />
      <circle cx="60" cy="60" r="18" fill={p.fill} stroke={p.shade} strokeWidth="1.5" />
      {(
        [
          [60, 47],
          [73, 60],
          [60, 73],
          [47, 60],
        ] as const
      ).map(([x, y]) => (
        <circle key={`${x}-${y}`} cx={x} cy={y} r="2.2" fill="#fff6c8" stroke={p.shade} strokeWidth="0.8" />
      ))}
      <path d="M60 60V48M60 60l8 5" stroke="#fff6c8" strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  pilotWatch: (p) => (
    <>
      <WatchCase p={p} r={28} crown={9} />
      <circle cx="60" cy="60" r="22" fill={p.ink} opacity=".9" />
      <path d="M60 45l-3.5-6h7z" fill={p.light} />
      <path
        d="M60 78v4M38 60h4M78 60h4M44.4 44.4l2.2 2.2M75.6 44.4l-2.2 2.2M44.4 75.6l2.2-2.2M75.6 75.6l-2.2-2.2"
        stroke={p.light}
        strokeWidth="2"
        strokeLinecap="round"
      />
      <path d="M60 60V46M60 60l10 4" stroke={p.light} strokeWidth="2.5" strokeLinecap="round" />
    </>
  ),
  dressWatch: (p) => (
    <>
      <WatchCase p={p} strap={14} r={22} crown={4} />
      <circle cx="60" cy="60" r="18" fill={p.light} />
      <path d="M60 60V47M60 60l8-6" stroke={p.ink} strokeWidth="1.5" strokeLinecap="round" />
      <path d="M60 44v2M60 74v2M44 60h2M74 60h2" stroke={p.ink} strokeWidth="1" opacity=".6" />
    </>
  ),
  duvet: (p) => (
    <>
      <rect x="14" y="26" width="92" height="72" rx="6" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <path d="M37 26v72M60 26v72M83 26v72M14 50h92M14 74h92" stroke={p.shade} strokeWidth="1.5" opacity=".45" />
      <path d="M18 92h84" stroke={p.light} strokeWidth="2" strokeDasharray="3 5" opacity=".8" />
    </>
  ),
  throw: (p) => (
    <>
      <path d="M20 34h80v34c-14 6-26 6-40 0s-26-6-40 0z" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M20 68c14-6 26-6 40 0s26 6 40 0v16H20z" fill={p.shade} opacity=".55" />
      <path
        d="M24 84v12M32 84v12M40 84v12M48 84v12M56 84v12M64 84v12M72 84v12M80 84v12M88 84v12M96 84v12"
        stroke={p.shade}
        strokeWidth="2"
        strokeLinecap="round"
      />
      <path d="M28 46h64M28 56h64" stroke={p.light} strokeWidth="2.5" opacity=".6" />
    </>
  ),
  pillowPair: (p) => (
    <>
      <Pillow p={p} fill={p.light} transform="translate(-2 2) scale(.8)" />
      <Pillow p={p} fill={p.fill} transform="translate(26 30) scale(.8)" />
    </>
  ),
  rainJacket: (p) => (
    <>
      <path d="M46 26c-5-20 33-20 28 0" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <Outline d={JACKET} p={p} />
      <path d="M51 22c1-10 17-10 18 0" fill={p.shade} opacity=".55" />
      <path d="M60 24v80" stroke={p.ink} strokeWidth="2" opacity=".6" />
      <path d="M55 26v10M65 26v10" stroke={p.light} strokeWidth="1.5" strokeLinecap="round" />
      <circle cx="55" cy="37" r="1.8" fill={p.light} />
      <circle cx="65" cy="37" r="1.8" fill={p.light} />
      <path d="M40 80l10-8M80 80l-10-8" stroke={p.shade} strokeWidth="2.5" strokeLinecap="round" />
    </>
  ),
  denimJacket: (p) => (
    <>
      <Outline d={JACKET} p={p} />
      <path d="M53 18l-8 12 11 3 4-9 4 9 11-3-8-12" fill={p.fill} stroke={p.shade} strokeWidth="2" strokeLinejoin="round" />
      <path d="M60 33v71M34 96h52" stroke={p.shade} strokeWidth="2.5" />
      <rect x="40" y="44" width="14" height="12" rx="2" fill="none" stroke={p.light} strokeWidth="1.5" strokeDasharray="2 2" />
      <rect x="66" y="44" width="14" height="12" rx="2" fill="none" stroke={p.light} strokeWidth="1.5" strokeDasharray="2 2" />
      {[42, 58, 74, 88].map((y) => (
        <circle key={y} cx="64" cy={y} r="1.8" fill={p.light} stroke={p.shade} strokeWidth="0.8" />
      ))}
    </>
  ),
  bomber: (p) => (
    <>
      <Outline d={JACKET} p={p} />
      <path d="M53 18c2 7 12 7 14 0" fill="none" stroke={p.shade} strokeWidth="5" opacity=".6" />
      <path d="M35 99h50M18 78l12 2M90 80l12-2" stroke={p.shade} strokeWidth="6" opacity=".5" />
      <path d="M60 25v70" stroke={p.ink} strokeWidth="2" strokeDasharray="2 2" opacity=".6" />
      <rect x="21" y="46" width="8" height="10" rx="2" fill={p.shade} opacity=".6" transform="rotate(8 25 51)" />
    </>
  ),
  lipBalm: (p) => (
    <>
      <rect x="36" y="24" width="22" height="30" rx="5" fill={p.shade} />
      <rect x="36" y="52" width="22" height="50" rx="5" fill={p.fill} stroke={p.shade} strokeWidth="2" />
      <rect x="36" y="66" width="22" height="20" fill={p.light} opacity=".9" />
      <path d="M70 56V42c0-7 14-11 14-3v17z" fill={p.light} stroke={p.shade} strokeWidth="1.5" strokeLinejoin="round" />
      <rect x="68" y="54" width="18" height="48" rx="4" fill={p.fill} stroke={p.shade} strokeWidth="2" />
    </>
  ),
} satisfies Record<string, Glyph>;

/** Names of the glyphs a category can get. */
export type GlyphName = keyof typeof GLYPHS;

// First match wins; a word must start with the stem ("tops" yes, "laptop" no).
const RULES: [RegExp, GlyphName][] = [
  [/\b(sneaker|shoe|boot|footwear|sandal|trainer|loafer|heel)/, 'shoe'],
  [/\b(jacket|coat|outerwear|parka|hoodie|blazer|anorak)/, 'jacket'],
  [/\b(laptop|computer|keyboard|notebook pc)/, 'laptop'],
  [/\b(dress|gown|skirt)/, 'dress'],
  [/\b(knit|sweater|jumper|cardigan|wool)/, 'sweater'],
  [/\b(shirt|t-shirt|tee|top|apparel|cloth|fashion|wear)/, 'shirt'],
  [/\b(backpack|rucksack|daypack)/, 'backpack'],
  [/\b(bag|tote|luggage|purse|wallet|handbag)/, 'bag'],
  [/\b(watch|clock|timepiece)/, 'watch'],
  [/\b(headphone|earphone|earbud|audio|speaker|music|sound)/, 'headphones'],
  [/\b(mug|cup|coffee|tea|drink)/, 'mug'],
  [/\b(kitchen|cook|pan|bakeware)/, 'pan'],
  [/\b(lamp|light|lighting)/, 'lamp'],
  [/\b(sunglass|eyewear|glasses|optic|spectacle)/, 'glasses'],
  [/\b(plant|garden|flower|botan)/, 'plant'],
  [/\b(book|read|stationery|journal|paper|magazine)/, 'book'],
  [/\b(hat|cap|beanie|headwear)/, 'hat'],
  [/\b(camera|photo)/, 'camera'],
  [/\b(phone|mobile|electronic|gadget|tech|smart)/, 'phone'],
  [/\b(chair|furniture|sofa|seat|stool)/, 'chair'],
  [/\b(beauty|skin|cosmetic|perfume|fragrance|bath|care|grooming)/, 'bottle'],
  [/\b(jewel|ring|necklace|earring|bracelet)/, 'ring'],
  [/\b(sport|fitness|ball|gym|yoga|tennis|football)/, 'ball'],
  [/\b(outdoor|camp|tent|hike|hiking)/, 'tent'],
  [/\b(bike|bicycle|cycl)/, 'bike'],
  [/\b(candle|home|decor|living)/, 'candle'],
  [/\b(toy|game|kid|gift|baby)/, 'gift'],
];
const FALLBACKS: GlyphName[] = ['gift', 'bottle', 'ball', 'candle', 'book', 'bag'];

// What a product is, from its title (brand left out): first match wins.
const PRODUCT_RULES: [RegExp, GlyphName][] = [
  [/\bboot/, 'boot'],
  [/\bsandal/, 'sandal'],
  [/\bloafer/, 'loafer'],
  [/\bslipper/, 'slipper'],
  [/\b(running shoe|runner)/, 'runner'],
  [/\b(smartwatch|fitness tracker)/, 'smartwatch'],
  [/\bchronograph/, 'chronograph'],
  [/\bdive watch/, 'diveWatch'],
  [/\bpilot watch/, 'pilotWatch'],
  [/\bdress watch/, 'dressWatch'],
  [/\bturtleneck/, 'turtleneck'],
  [/\bcardigan/, 'cardigan'],
  [/\bvest\b/, 'vest'],
  [/\b(puffer|parka)/, 'puffer'],
  [/\bcoat\b/, 'coat'],
  [/\brain jacket/, 'rainJacket'],
  [/\bdenim jacket/, 'denimJacket'],
  [/\bbomber/, 'bomber'],
  [/\bslip dress/, 'slipDress'],
  [/\bmaxi dress/, 'maxiDress'],
  [/\bwrap dress/, 'wrapDress'],
  [/\bshirt dress/, 'shirtDress'],
  [/\bcocktail dress/, 'cocktailDress'],
  [/\bknit dress/, 'knitDress'],
  [/\bpicture book/, 'pictureBook'],
  [/\btravel guide/, 'travelGuide'],
  [/\bfield guide/, 'fieldGuide'],
  // "Atlas" is also a model line ("Atlas Automatic Dress Watch"): only a title that ends with it.
  [/\batlas( \d+)?\s*$/, 'atlas'],
  [/\bpoetry collection/, 'bookStack'],
  [/\bcookbook/, 'cookbook'],
  [/\bsunscreen/, 'tube'],
  [/\bserum/, 'dropper'],
  [/\blip balm/, 'lipBalm'],
  [/\b(cream|balm|mask)\s*$/, 'jar'],
  [/\bstring lights/, 'stringLights'],
  [/\bpendant/, 'pendant'],
  [/\bfloor lamp/, 'floorLamp'],
  [/\b(desk lamp|reading light)/, 'deskLamp'],
  [/\bsconce/, 'sconce'],
  [/\bknife/, 'knife'],
  [/\bcutting board/, 'board'],
  [/\b(skillet|dutch oven|saucepan|frying pan)/, 'pan'],
  [/\bstand mixer/, 'mixer'],
  [/\bspice rack/, 'jars'],
  [/\b(salad bowl|matcha|bowl)/, 'bowl'],
  [/\bpillowcase pair/, 'pillowPair'],
  [/\bpillow/, 'pillow'],
  [/\b(duvet|quilt|weighted blanket)/, 'duvet'],
  [/\bthrow/, 'throw'],
  [/\b(sheet set|blanket)/, 'blanket'],
  [/\b(yoga mat|foam roller)/, 'mat'],
  [/\bdumbbell/, 'dumbbell'],
  [/\bkettlebell/, 'kettlebell'],
  [/\bjump rope/, 'rope'],
  [/\bresistance band/, 'bands'],
  [/\bwater bottle/, 'bottle'],
  [/\b(plush|teddy)/, 'bear'],
  [/\b(board game|card game|puzzle)/, 'game'],
  [/\b(remote-control car|toy car)/, 'car'],
  [/\b(building set|marble run|blocks)/, 'blocks'],
  [/\bwatering can/, 'wateringCan'],
  [/\bbird feeder/, 'birdhouse'],
  [/\b(pruning shears|secateurs|shears)/, 'shears'],
  [/\bgloves/, 'gloves'],
  [/\bhose/, 'hose'],
  [/\b(planter|raised bed)/, 'plant'],
  [/\bkettle\b/, 'kettle'],
  [/\b(beans|loose leaf|tea leaves)/, 'pouch'],
  [/\bfrench press/, 'press'],
  [/\bgrinder/, 'grinder'],
  [/\bmug\b/, 'mug'],
  [/\bspeaker/, 'speaker'],
  [/\b(earbud|earphone)/, 'earbuds'],
  [/\bheadphone/, 'headphones'],
  [/\bbackpack/, 'backpack'],
  [/\b(duffel|weekender)/, 'duffel'],
  [/\bbelt bag/, 'beltBag'],
  [/\btote/, 'tote'],
  [/\bcrossbody/, 'crossbody'],
  [/\blaptop sleeve/, 'sleeve'],
  [/\b(beanie|bucket hat|cap\b)/, 'hat'],
  [/\bscarf/, 'scarf'],
];

/**
 * The glyph for one product: what its title names (the brand left out, so
 * "Kettle & Crane" draws no kettle), else its category's ({@link glyphFor}).
 * @example glyphForProduct({ title: 'Homestead Olive Wood Chef’s Knife', brand: 'Homestead', category: 'kitchen' }) // "knife"
 */
export function glyphForProduct(item: { title?: string; brand?: string | null; category: string }, categoryName = ''): GlyphName {
  let title = (item.title ?? '').toLowerCase();
  if (item.brand) title = title.split(item.brand.toLowerCase()).join(' ');
  return PRODUCT_RULES.find(([re]) => re.test(title))?.[1] ?? glyphFor(item.category, categoryName);
}

/**
 * The glyph for a category: by keyword in the slug or name, else a stable pick.
 * @param slug - Category slug, for example `"shoes"`.
 * @param name - Display name, for example `"Running shoes"`.
 * @example glyphFor('shoes') // "shoe"
 */
export function glyphFor(slug: string, name = ''): GlyphName {
  const text = `${slug} ${name}`.toLowerCase().replace(/[_-]+/g, ' ');
  return RULES.find(([re]) => re.test(text))?.[1] ?? FALLBACKS[fnv1a(slug) % FALLBACKS.length]!;
}

function paintFor(fill: string): Paint {
  const c = rgb(fill);
  const lum = luminance(c);
  const white: Rgb = [255, 255, 255];
  return {
    fill,
    shade: rgbToHex(mix(c, [20, 22, 28], lum > 0.7 ? 0.28 : 0.35)),
    light: lum > 0.75 ? rgbToHex(mix(c, [40, 44, 52], 0.18)) : rgbToHex(mix(c, white, 0.86)),
    ink: '#2a2d33',
  };
}

interface Props {
  item: Pick<CatalogueItem, 'id' | 'category' | 'colour'> & Partial<Pick<CatalogueItem, 'title' | 'brand'>>;
  /** Category display name, to help pick the glyph. */
  categoryName?: string;
  className?: string;
}

/**
 * A decorative picture of a product (`aria-hidden`; the card's text names it).
 * @example <ProductPicture item={item} categoryName="Shoes" />
 */
export const ProductPicture = memo(function ProductPicture({ item, categoryName, className }: Props): ReactNode {
  const h = fnv1a(item.id);
  const fill = colourFill(item.colour);
  const paint = paintFor(fill);
  const glyph = GLYPHS[glyphForProduct(item, categoryName)];
  // A pastel whose hue comes from the id, pulled toward the product colour.
  const hue = h % 360;
  const bgTop = `hsl(${hue} 42% 95%)`;
  const bgBottom = rgbToHex(mix(rgb(fill), [246, 244, 240], 0.78));
  const blobX = 22 + ((h >>> 9) % 76);
  const blobY = 18 + ((h >>> 17) % 40);
  const tilt = ((h >>> 5) % 9) - 4;
  const gradId = `pp-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg className={className} viewBox="0 0 120 120" aria-hidden="true" focusable="false" preserveAspectRatio="xMidYMid slice">
      <defs>
        <linearGradient id={gradId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor={bgTop} />
          <stop offset="1" stopColor={bgBottom} />
        </linearGradient>
      </defs>
      <rect width="120" height="120" fill={`url(#${gradId})`} />
      <circle cx={blobX} cy={blobY} r={14 + (h % 12)} fill="#ffffff" opacity=".45" />
      <ellipse cx="60" cy="95" rx="34" ry="4.5" fill="#1d2430" opacity=".08" />
      <g transform={`translate(60 60) scale(.82) rotate(${tilt}) translate(-60 -60)`}>{glyph(paint)}</g>
    </svg>
  );
});
