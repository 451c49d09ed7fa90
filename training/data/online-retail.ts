/**
 * Loader for the public "Online Retail" data set (Chen, Sain and Guo 2012, UCI
 * Machine Learning Repository, CC BY 4.0): a UK gift-ware retailer's
 * transactions from 2010-12-01 to 2011-12-09, turned into our event log and
 * catalogue so the training CLI can train and evaluate on real behaviour.
 *
 * The data holds purchases and cancellations only, so the log is a proxy
 * (see `shared/data/README.md`, section online-retail):
 *
 * - one ranked page per invoice of a customer, request id `or-<InvoiceNo>`;
 * - candidates: the distinct products of the invoice plus products sampled by
 *   popularity that are not in it and were already on sale, in seeded slots;
 * - `click`: the product is in the invoice;
 * - `purchase`: the customer buys the product again within `repurchaseDays`.
 *
 * The files are read where they lie; nothing is copied into the project.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Catalogue, CatalogueItem, Category } from '../../src/engine/catalogue/types';
import type { BehaviourEvent, PageType } from '../../src/engine/events/types';
import { Rng } from '../../src/sim/random';

const gunzipAsync = promisify(gunzip);

/** File names inside the data directory. */
export const ONLINE_RETAIL_FILES = { transactions: 'transactions.csv.gz', products: 'products.csv' } as const;

/** Train on pages before this time, test on pages from it on (2011-10-01 UTC). */
export const ONLINE_RETAIL_SPLIT_TS = Date.parse('2011-10-01T00:00:00Z');

/**
 * Stock codes that are not merchandise: postage, carriage, fees, discounts,
 * manual adjustments, samples and bad debt. Their lines are skipped
 * (`skipped.nonProduct`) and they are not in the catalogue.
 */
export const NON_PRODUCT_CODES: ReadonlySet<string> = new Set(['POST', 'DOT', 'C2', 'M', 'BANK CHARGES', 'AMAZONFEE', 'B', 'CRUK', 'D', 'S']);

/** A file of the data set is absent. Callers can skip the real-data part of a report with its message. */
export class OnlineRetailMissingError extends Error {
  override name = 'OnlineRetailMissingError';
  /** The path that was not found. */
  readonly path: string;
  constructor(path: string) {
    super(
      `Online Retail data not found at ${path}. Put transactions.csv.gz and products.csv there (see shared/data/README.md, section online-retail) or pass another directory.`,
    );
    this.path = path;
  }
}

/** A file of the data set is there but is not the expected table (for example a header column is missing). */
export class OnlineRetailFormatError extends Error {
  override name = 'OnlineRetailFormatError';
}

/** Options of {@link loadOnlineRetail}. */
export interface OnlineRetailOptions {
  /** Directory holding `transactions.csv.gz` and `products.csv`. */
  dir: string;
  /** Customers to keep: those with the most invoices, ties by lower CustomerID. Default 1500; `Infinity` keeps all. */
  maxCustomers?: number;
  /** Sampled non-bought candidates per bought product on a page. Default 1; 0 gives pages of positives only. */
  negativesPerPositive?: number;
  /** At most this many distinct products of one invoice become candidates (the first ones in line order). Default 24. */
  maxLinesPerInvoice?: number;
  /** Seed of the negative sampling and the slot shuffles. Default 7. */
  seed?: number;
  /** A product bought again within this many days after an invoice labels that invoice's line a purchase. Default 90. */
  repurchaseDays?: number;
}

/** Where a skipped row was and why. */
export interface RowError {
  file: string;
  /** 1-based line of the row's first character. */
  line: number;
  reason: string;
}

/** What the loader read, kept and skipped. */
export interface OnlineRetailStats {
  /** Data rows of `transactions.csv.gz` (header and blank lines not counted). */
  rowsRead: number;
  /** Purchase rows of the kept customers: the lines the log is built from. */
  rowsUsed: number;
  /** Rows left out, by reason; each row is counted once, under the first reason that applies in this order. */
  skipped: {
    /** Unparseable: wrong field count, bad quote, bad number or date, empty id. */
    malformed: number;
    /** InvoiceNo starting with `C`. */
    cancellation: number;
    /** Postage, fees, discounts and the like ({@link NON_PRODUCT_CODES}). */
    nonProduct: number;
    /** No CustomerID. */
    noCustomer: number;
    /** A zero or negative quantity on a non-cancellation invoice (stock adjustments). */
    nonPositiveQuantity: number;
    /** A stock code that `products.csv` does not list. */
    unknownProduct: number;
  };
  /** Valid purchase rows of customers beyond `maxCustomers`. */
  otherCustomerRows: number;
  /** The first 20 skipped malformed rows, of either file. */
  errors: RowError[];
  /** Data rows of `products.csv`, and how many of them were malformed. */
  productRowsRead: number;
  productRowsMalformed: number;
  /** Stock codes that differ only in letter case, merged into one product (the upper-case id). */
  productCodesMerged: number;
  /** Products in the catalogue. */
  products: number;
  /** Customers with at least one valid purchase row, and how many were kept. */
  customers: number;
  customersUsed: number;
  /** Distinct purchase invoices with a customer, and how many became pages. */
  invoices: number;
  invoicesUsed: number;
  /** Distinct cancellation invoices (any customer or none). */
  cancellations: number;
  /** Distinct products dropped from pages by `maxLinesPerInvoice`. */
  linesCapped: number;
  /** Sampled negatives, and how many the sampler could not find (early days, when few products were on sale yet). */
  negatives: number;
  negativeShortfall: number;
  /** Events written, by type. */
  impressions: number;
  clicks: number;
  purchases: number;
  /** Pages whose repurchase window runs past the last transaction, so their purchase labels are incomplete. */
  censoredInvoices: number;
  /** Time of the first and last transaction row (ms since epoch). */
  firstTs: number;
  lastTs: number;
}

/** The data set as our formats. */
export interface OnlineRetailData {
  catalogue: Catalogue;
  /** The log, sorted by time (ties in emission order: customer id, invoice, slot). */
  events: BehaviourEvent[];
  stats: OnlineRetailStats;
  /** {@link ONLINE_RETAIL_SPLIT_TS}: pages before it train, pages from it test. */
  splitTs: number;
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180)

/** One record of a CSV text: its fields, or why it could not be read. */
export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; `fields` then holds what was read before the problem. */
  error?: string;
}

/**
 * Reads RFC 4180 CSV: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (`""`), records end in LF or CRLF.
 * A malformed record (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is yielded with `error` set and reading goes
 * on at the next line, so one bad row never hides the rest. Blank lines are
 * skipped. A leading byte-order mark is ignored.
 *
 * @param text The whole file.
 * @returns The records in order, header included.
 * @example [...parseCsv('a,"b,c"\n1,2\n')].map((r) => r.fields) // [['a', 'b,c'], ['1', '2']]
 */
export function* parseCsv(text: string): Generator<CsvRecord, void, undefined> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const QUOTE = 34;
  const COMMA = 44;
  const LF = 10;
  const CR = 13;
  /** Moves `i` past the end of the current line (for resynchronising after an error). */
  const skipLine = (): void => {
    while (i < n && text.charCodeAt(i) !== LF) i++;
    if (i < n) i++;
    line++;
  };
  while (i < n) {
    const start = line;
    // A blank line (LF or CRLF alone) is not a record.
    const c0 = text.charCodeAt(i);
    if (c0 === LF || (c0 === CR && text.charCodeAt(i + 1) === LF)) {
      i += c0 === CR ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          if (q < 0) break;
          const chunk = text.slice(i, q);
          for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === LF) line++;
          field += chunk;
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          error = 'unterminated quoted field';
          i = n;
          break;
        }
        const after = i < n ? text.charCodeAt(i) : LF;
        if (after !== COMMA && after !== LF && after !== CR) {
          error = `unexpected ${JSON.stringify(text.charAt(i))} after a closing quote`;
          break;
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        field = text.slice(from, i);
        if (field.includes('"')) {
          error = 'a quote inside an unquoted field';
          break;
        }
      }
      fields.push(field);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) {
        if (text.charCodeAt(i + 1) !== LF) {
          error = 'a bare carriage return';
          break;
        }
        i++;
      }
      // LF: end of record.
      i++;
      line++;
      break;
    }
    if (error !== undefined) {
      if (i < n) skipLine();
      yield { line: start, fields, error };
    } else {
      yield { line: start, fields };
    }
  }
}

/** Column indices by name; throws when a required column is absent. */
function columns<K extends string>(file: string, records: Generator<CsvRecord, void, undefined>, names: readonly K[]): Record<K, number> {
  const first = records.next();
  const fields = (first.done ? [] : first.value.fields).map((f) => f.trim());
  const out = {} as Record<K, number>;
  for (const name of names) {
    const k = fields.indexOf(name);
    if (k < 0) {
      throw new OnlineRetailFormatError(
        `${file}: the header has no "${name}" column (found: ${fields.join(', ') || 'nothing'}). Is this the Online Retail data set of shared/data/online-retail?`,
      );
    }
    out[name] = k;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Catalogue: category, colour and tags derived from the description words

/**
 * Categories in match order: the first whose keywords (`|`-separated words or
 * phrases) appear in a description wins; `other` takes the rest. The order
 * settles overlaps: "CHRISTMAS LIGHTS" is Christmas, "HEART T-LIGHT HOLDER" a
 * light, "LUNCH BAG" a bag, "TEA TOWEL" kitchen.
 */
const CATEGORY_RULES: ReadonlyArray<{ slug: string; name: string; words: string }> = [
  {
    slug: 'christmas',
    name: 'Christmas',
    words: 'CHRISTMAS|XMAS|ADVENT|SANTA|REINDEER|SNOWMAN|SNOWFLAKE|BAUBLE|BAUBLES|NATIVITY|ANGEL|TREE',
  },
  {
    slug: 'candles-lights',
    name: 'Candles & lights',
    words:
      'CANDLE|CANDLES|LAMPSHADE|CANDLESTAND|LIGHTBULB|BULB|CANDLEPOT|CANDLESTICK|CANDLESTICKS|CHANDELIER|MATCHES|TORCH|NIGHTLIGHT|T-LIGHT|T-LIGHTS|TEALIGHT|TEALIGHTS|LANTERN|LANTERNS|LIGHT|LIGHTS|LAMP|INCENSE|OIL BURNER|CANDLEHOLDER',
  },
  {
    slug: 'mugs-cups',
    name: 'Mugs & cups',
    words: 'MUG|MUGS|CUP|CUPS|TEACUP|TEACUPS|BEAKER|BEAKERS|SAUCER|SAUCERS|TUMBLER|TUMBLERS',
  },
  {
    slug: 'bags',
    name: 'Bags',
    words: 'BAG|BAGS|POUCH|LUGGAGE TAG|PASSPORT COVER|CASE|HANDBAG|PURSE|SHOPPER|TOTE|BACKPACK|RUCKSACK|WASHBAG|SATCHEL',
  },
  {
    slug: 'jewellery',
    name: 'Jewellery & accessories',
    words:
      'NECKLACE|NECKL|EARRINGS|BRACELET|RING|CHARM|PENDANT|BROOCH|BANGLE|HAIR|HAIRCLIP|HAIRCLIPS|SLIDE|DIAMANTE|BEAD|BEADS|UMBRELLA|WALLET|KEYRING|KEY RING|SCARF|GLOVES|HAT|SUNGLASSES|COMPACT MIRROR|POCKET MIRROR|NECKLAC|EARRING|BRACLET|CHOKER|LARIAT|COLLAR|JEWELLERY|LIP GLOSS|KEY FOB|PARASOL|FAN|SLIPPER|SLIPPERS|PONCHO|RAIN MAC|HEADPHONES|KEY-CHAINS|KEYRINGS|BADGES|BADGE|CLIPS|COMB|MAKE UP|LIPSTICK|TIARA|HAIRBAND|HAIRGRIP|HAIRGRIPS|CORSAGE|FLOWER CLIP',
  },
  {
    slug: 'cards-wrap',
    name: 'Cards & wrap',
    words: 'CARD|CARDS|WRAP|WRAPPING|GIFT TAGS|GIFT TAG|RIBBON|RIBBONS|TISSUE|TISSUES|ENVELOPE|ENVELOPES|GIFT BOX|TAPE|CONFETTI',
  },
  {
    slug: 'stationery',
    name: 'Stationery',
    words:
      "NOTEBOOK|NOTEBOOKS|NOTEPAD|PEN|PENS|PENCIL|PENCILS|ERASER|RUBBER|STICKERS|STICKER|BOOK|BOOKS|JOURNAL|CALENDAR|DIARY|RULER|SHARPENER|STAMP|STAMPS|CRAYONS|CHALK|PAPER|MAGNETS|MAGNET|BOOKMARK|STATIONERY|CARDHOLDER|SKETCHBOOK|CALCULATOR|SCISSOR|SCISSORS|HOLE PUNCH|WRITING SET|MEMOBOARD|MEMO BOARD|ERASERS|POSTCARD|POSTCARDS|ORGANISER|CLIPBOARD|PAPERWEIGHT|P'WEIGHT|NOTE|NOTES|LABELS",
  },
  {
    slug: 'toys-party',
    name: 'Toys & party',
    words:
      'TOY|TOYS|GAME|GAMES|JIGSAW|PUZZLE|PARTY|BALLOON|BALLOONS|BUNTING|DOLL|DOLLS|PLAYHOUSE|INFLATABLE|SKIPPING|TEDDY|SOLDIER|SOLDIERS|SPACEBOY|MASK|MASKS|BIRTHDAY|KIT|DOMINOES|MARBLES|PICNIC|DRESS UP|BUBBLES|SNAP|HELICOPTER|LUDO|SNAKES & LADDERS|ROCKING HORSE|SLATE|SPINNING TOPS|KNITTING NANCY|MODELLING CLAY|PATCHES|NAUGHTS & CROSSES|FLAGS|MONEY BANK|PIGGY BANK|TREASURE CHEST|DINOSAUR|DINOSAURS|STRESS BALL|TATTOOS|MONSTER|CREEPY|SKIPPING ROPE|SPINNING TOP|YO-YO|KALEIDOSCOPE|HARMONICA|WATER PISTOL|BINGO|CARD GAME|PLAYING CARDS|FLYING|GLIDER|BUBBLE|RATTLE|SOFT TOY|PUPPET|CRAFT|COLOURING|PAINT SET|GRASS SKIRT|HULA',
  },
  {
    slug: 'garden',
    name: 'Garden',
    words:
      'GARDEN|HAMMOCK|PLANTERS|GARDENERS|POTTING|WINDCHIME|WINDSOCK|SPADE|BUCKET|WATERING CAN|BIRDBOX|FEEDER|POT|POTS|GREENHOUSE|THERMOMETER|PLANT|PLANTER|WATERING|BIRD HOUSE|BIRDHOUSE|BIRD FEEDER|BIRD TABLE|SEED|SEEDS|TROWEL|GNOME|HERB|HERBS|FLOWER POT|PLANT POT|HEN HOUSE|WINDMILL',
  },
  {
    slug: 'kitchen',
    name: 'Kitchen & dining',
    words:
      'KITCHEN|TRAYS|BOWL|BOWLS|PLATE|PLATES|DISH|TRAY|JAR|JARS|TIN|TINS|CUTLERY|SPOON|SPOONS|NAPKINS|NAPKIN|APRON|CAKE|CAKES|CAKESTAND|CASES|TEA TOWEL|TEA TOWELS|LUNCH|LUNCHBOX|BAKING|PAN|PANTRY|JUG|TEAPOT|COASTER|COASTERS|PLACEMAT|PLACEMATS|TEA|COFFEE|SUGAR|JAM|MOULD|CHOPSTICKS|GLASSES|TABLECLOTH|STRAWS|OVEN|SCALES|RECIPE|EGG CUP|BREAD|BISCUIT|DOILY|DOILIES|POPCORN|SWEETIE|BOTTLE OPENER|PLATTER|FRUITBOWL|BASIN|EGG COSY|CONTAINER|LADLE|SQUEEZER|COOKING|BREAKFAST SET|SALT|PEPPER|CANNISTER|GOBLET|GOBLETS|CHALICE|WINE|CHAMPAGNE|FOOD COVER|TOASTRACK|TOAST|PLACE SETTING|PLACE SETTINGS|CHARGER|MILK|BOTTLE|FLASK|CUTTER|CUTTERS|TONGS|WHISK|SIEVE|COLANDER|GRATER|ICE|LOLLY|CHOCOLATE|PICNIC BASKET|BEAKER|SERVING|SALAD|PEG PLACE|MEASURING|CHOPPING BOARD',
  },
  {
    slug: 'home-decor',
    name: 'Home decor',
    words:
      'FRAME|MIRROR|CLOCK|SIGN|CUSHION|WALL|HOOK|HOOKS|HOLDER|DOORSTOP|DOORMAT|DRAWER|KNOB|CABINET|SHELF|ORNAMENT|DECORATION|HANGING|VASE|PHOTO|PICTURE|PLAQUE|BOX|BOXES|HANGER|HANGERS|THROW|BLANKET|QUILT|HOT WATER BOTTLE|CURTAIN|TILE|CHALKBOARD|BASKET|WICKER|GARLAND|WREATH|STORAGE|RACK|DOOR|LETTER|CHIME|CHIMES|BELL|BELLS|FLOWERS|FEATHER|BATHROOM|SOAP|TOWEL|WARMER|DECORATIVE|DOORKNOB|STOOL|CHAIR|TABLE|TRINKET|TISSUE BOX|BLOCK WORD|WEEKEND|ARTIFICIAL FLOWER|ART FLOWER|PHOTOFRAME|DOORSIGN|BIN|DOORBELL|BLACKBOARD|CLOCHE|DRAWERS|DRAWERKNOB|HOTTIE|DECORATIONS|C/COVER|CUSHION COVER|SQUARECUSHION|CHEST|SHOE|TIDY|POUFFE|MOBILE|LETTERS|PRINT|DISCO BALL|CUSHIONS|FILLER PAD|SPONGE|FLANNEL|CANVAS|POSTER|DOORHANGER|DOOR HANGER|FRIDGE MAGNET|PEG|PEGS|CANDY|DECOUPAGE|ORNAMENTS|HEARTS|SKULLS|BUTTERFLY|BIRD|CLOTHES|NAPKIN RING|WASHING|LAUNDRY|BOOKEND|BOOKENDS|MUSHROOM|TOADSTOOL|SCULPTURE|FIGURE|STATUE|BALL|MAT|RUG|HANDWARMER',
  },
];

/** Colour words and the colour they map to (lower case, like the simulated catalogue's). */
const COLOUR_WORDS: Readonly<Record<string, string>> = {
  RED: 'red',
  PINK: 'pink',
  BLUE: 'blue',
  WHITE: 'white',
  BLACK: 'black',
  GREEN: 'green',
  IVORY: 'ivory',
  SILVER: 'silver',
  GOLD: 'gold',
  CREAM: 'cream',
  PURPLE: 'purple',
  YELLOW: 'yellow',
  ORANGE: 'orange',
  BROWN: 'brown',
  GREY: 'grey',
  GRAY: 'grey',
  TURQUOISE: 'turquoise',
  LILAC: 'lilac',
};

/** Interest tags and the words that give them. Together with the category slugs (but `other`), about 30 tags. */
const TAG_RULES: ReadonlyArray<{ tag: string; words: string }> = [
  { tag: 'vintage', words: 'VINTAGE|ANTIQUE|VICTORIAN|EDWARDIAN|REGENCY|BAROQUE|SHABBY|OLD' },
  { tag: 'retro', words: "RETRO|RETROSPOT|50'S|70S|70'S|JUKEBOX|TV" },
  { tag: 'heart', words: 'HEART|HEARTS|SWEETHEART' },
  { tag: 'love', words: 'LOVE|VALENTINE|WEDDING|KISS' },
  { tag: 'floral', words: 'FLOWER|FLOWERS|FLORAL|ROSE|ROSES|DAISY|BLOSSOM|BOTANICAL|PAISLEY|LAVENDER|TULIP|FLORA' },
  { tag: 'spots', words: 'POLKADOT|SPOT|SPOTS|SPOTTY|RETROSPOT|DOTS|DOTTY' },
  { tag: 'stripes', words: 'STRIPE|STRIPES|STRIPEY|GINGHAM|CHECK' },
  { tag: 'christmas', words: 'CHRISTMAS|XMAS|ADVENT|SANTA|REINDEER|SNOWMAN|SNOWFLAKE' },
  { tag: 'easter', words: 'EASTER|CHICK|CHICKS|BUNNY|EGG|EGGS' },
  { tag: 'party', words: 'PARTY|BIRTHDAY|BUNTING|BALLOON|BALLOONS|CELEBRATION' },
  { tag: 'kids', words: "CHILDRENS|CHILDREN'S|CHILDS|KIDS|BABY|BOYS|GIRLS|SPACEBOY|DOLLY|TEDDY|NURSERY" },
  { tag: 'animals', words: 'BIRD|BIRDS|CAT|CATS|DOG|DOGS|RABBIT|OWL|HEN|BUTTERFLY|PIG|HORSE|DUCK|MOUSE|BEAR' },
  { tag: 'nature', words: 'GARDEN|LEAF|WOODLAND|TREE|STRAWBERRY|CHERRY|APPLE|APPLES|FRUIT|SHELL' },
  { tag: 'glass', words: 'GLASS|CRYSTAL|JEWELLED' },
  { tag: 'wooden', words: 'WOOD|WOODEN|BAMBOO|WICKER|RATTAN' },
  { tag: 'metal', words: 'METAL|ZINC|ENAMEL|IRON|TIN|WIRE|STEEL' },
  { tag: 'ceramic', words: 'CERAMIC|PORCELAIN|CHINA|STONEWARE' },
  { tag: 'french', words: 'FRENCH|PARIS|PARISIENNE|BOUDOIR' },
  { tag: 'british', words: 'LONDON|ENGLISH|UNION|BRITISH|ENGLAND|GREAT BRITAIN' },
  { tag: 'stars', words: 'STAR|STARS' },
  { tag: 'fairy', words: 'FAIRY|MAGIC|PRINCESS|FAIRYTALE' },
  { tag: 'sets', words: 'SET|PACK|SETS' },
];

/** The categories the loader can assign, in navigation order; `other` last. */
export const ONLINE_RETAIL_CATEGORIES: readonly Category[] = [...CATEGORY_RULES.map((r) => ({ slug: r.slug, name: r.name })), { slug: 'other', name: 'Other' }];

/** Upper-case words of a description, with `SET/6` split at the slash; padded with spaces so phrases match on word boundaries. */
function wordsOf(description: string): { set: Set<string>; padded: string } {
  const words = description
    .toUpperCase()
    .split(/[^A-Z0-9'&-]+/)
    .filter((w) => w.length > 0);
  return { set: new Set(words), padded: ` ${words.join(' ')} ` };
}

/** True when one of the `|`-separated keys is a word of the description or, for a key with a space, a phrase of it. */
function hasAny(words: { set: Set<string>; padded: string }, keys: string): boolean {
  return keys.split('|').some((k) => (k.includes(' ') ? words.padded.includes(` ${k} `) : words.set.has(k)));
}

/** "WHITE HANGING HEART T-LIGHT HOLDER" -> "White Hanging Heart T-Light Holder"; "SET/6 50'S" -> "Set/6 50's". */
function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s\-/(+&",.])([a-z])/g, (_, lead: string, ch: string) => lead + ch.toUpperCase());
}

/**
 * One catalogue item from a product row. Category: the first rule of
 * {@link ONLINE_RETAIL_CATEGORIES} whose keywords appear in the description
 * (else `other`); colour: the first colour word, or null; tags: the category
 * slug (not for `other`) then keyword tags (vintage, heart, floral, …).
 *
 * @param id The product id (the upper-cased StockCode).
 * @param description The source description; may be empty.
 * @param price Median unit price; null when unknown or not positive.
 * @returns The item.
 * @example deriveCatalogueItem('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.95)
 * // { category: 'candles-lights', colour: 'white', tags: ['candles-lights', 'heart'], title: 'White Hanging Heart T-Light Holder', … }
 */
export function deriveCatalogueItem(id: string, description: string, price: number | null): CatalogueItem {
  const clean = description.replace(/\s+/g, ' ').trim();
  const words = wordsOf(clean);
  const category = CATEGORY_RULES.find((r) => hasAny(words, r.words))?.slug ?? 'other';
  let colour: string | null = null;
  for (const w of clean.toUpperCase().split(/[^A-Z]+/)) {
    const c = COLOUR_WORDS[w];
    if (c !== undefined) {
      colour = c;
      break;
    }
  }
  const tags = category === 'other' ? [] : [category];
  for (const rule of TAG_RULES) if (!tags.includes(rule.tag) && hasAny(words, rule.words)) tags.push(rule.tag);
  const title = clean.length > 0 ? titleCase(clean) : `Item ${id}`;
  const sentence = clean.length > 0 ? `${clean.charAt(0).toUpperCase()}${clean.slice(1).toLowerCase()}.` : 'No description in the source data.';
  return {
    id,
    title,
    category,
    brand: null,
    colour,
    price: price !== null && Number.isFinite(price) && price > 0 ? Math.round(price * 100) / 100 : null,
    tags,
    description: sentence,
  };
}

// ---------------------------------------------------------------------------
// Loading

interface Resolved {
  dir: string;
  maxCustomers: number;
  negativesPerPositive: number;
  maxLinesPerInvoice: number;
  seed: number;
  repurchaseDays: number;
}

/** Copies the options with defaults filled; throws a RangeError naming a bad field. */
function resolveOptions(options: OnlineRetailOptions): Resolved {
  const out: Resolved = {
    dir: options.dir,
    maxCustomers: options.maxCustomers ?? 1500,
    negativesPerPositive: options.negativesPerPositive ?? 1,
    maxLinesPerInvoice: options.maxLinesPerInvoice ?? 24,
    seed: options.seed ?? 7,
    repurchaseDays: options.repurchaseDays ?? 90,
  };
  if (typeof out.dir !== 'string' || out.dir.length === 0) throw new RangeError('loadOnlineRetail: dir must be a non-empty path');
  if (!(out.maxCustomers === Infinity || (Number.isInteger(out.maxCustomers) && out.maxCustomers > 0))) {
    throw new RangeError(`loadOnlineRetail: maxCustomers must be a positive integer or Infinity, got ${out.maxCustomers}`);
  }
  if (!(Number.isFinite(out.negativesPerPositive) && out.negativesPerPositive >= 0)) {
    throw new RangeError(`loadOnlineRetail: negativesPerPositive must be a finite number >= 0, got ${out.negativesPerPositive}`);
  }
  if (!(Number.isInteger(out.maxLinesPerInvoice) && out.maxLinesPerInvoice > 0)) {
    throw new RangeError(`loadOnlineRetail: maxLinesPerInvoice must be a positive integer, got ${out.maxLinesPerInvoice}`);
  }
  if (!Number.isFinite(out.seed)) throw new RangeError(`loadOnlineRetail: seed must be a finite number, got ${out.seed}`);
  if (!(Number.isFinite(out.repurchaseDays) && out.repurchaseDays > 0)) {
    throw new RangeError(`loadOnlineRetail: repurchaseDays must be a positive number, got ${out.repurchaseDays}`);
  }
  return out;
}

async function readIfPresent(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OnlineRetailMissingError(path);
    throw e;
  }
}

/** `2011-10-01 08:26:00` (or without seconds), read as UTC; NaN when malformed. */
function parseInvoiceDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m;
  const ts = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  // Date.UTC rolls 2011-02-30 over to March; a real date reads back the same.
  const back = new Date(ts);
  return back.getUTCDate() === Number(d) && back.getUTCMonth() === Number(mo) - 1 ? ts : NaN;
}

/** Numbers as the source writes them: `6`, `-2`, `2.55`, `1e3` is refused. */
function parseDecimal(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

interface ProductRow {
  description: string;
  price: number | null;
  purchaseLines: number;
  customers: number;
}

interface Invoice {
  no: string;
  ts: number;
  /** Distinct products in line order. */
  lines: string[];
  rows: number;
}

/** Draws product indices in proportion to their weights (cumulative sums and a binary search). */
class PopularitySampler {
  private readonly cumulative: Float64Array;
  readonly total: number;
  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, k) => {
      sum += w;
      this.cumulative[k] = sum;
    });
    this.total = sum;
  }
  draw(rng: Rng): number {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** First index in an ascending array whose value is greater than `x`. */
function firstAfter(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const DAY_MS = 86_400_000;
const MAX_ERRORS = 20;
/** Every ranked page of this data set, since a rule from the invoice's contents would leak its labels into a feature. */
const PAGE: PageType = 'home';

/**
 * Loads the Online Retail data set as our catalogue and event log.
 *
 * Customers: rows without a CustomerID are skipped; the `maxCustomers` kept are
 * those with the most purchase invoices (ties: lower CustomerID first), which
 * favours customers with a history to learn from. Shopper ids are
 * `c<CustomerID>`.
 *
 * Pages: each purchase invoice of a kept customer is one page at the invoice
 * time, request `or-<InvoiceNo>`, page `home`. Candidates are its distinct
 * products (the first `maxLinesPerInvoice` in line order) plus
 * `round(negativesPerPositive x positives)` products drawn by popularity
 * (`purchase_lines`) among products not in the invoice and already on sale
 * (first sold, to anyone, at or before the invoice), shuffled into slots
 * 0..n-1 with a seeded stream per customer.
 *
 * Events: an `impression` per candidate at the invoice time; a `click` (same
 * request and slot, 1 ms later) per bought product; and a `purchase` (same
 * request and slot, page `cart`) when the customer buys that product again on
 * a later invoice within `repurchaseDays`. The purchase is stamped at the
 * re-buy time + 2 ms, after the re-buy page's own impressions and clicks,
 * so no page's shopper features ever see a re-buy before it happened.
 *
 * Catalogue: one item per merchandise StockCode of `products.csv` (codes that
 * differ only in case are merged under the upper-case code), with the
 * category, colour and tags of {@link deriveCatalogueItem}, price =
 * median unit price, currency GBP, no brands and no ads.
 *
 * @param options See {@link OnlineRetailOptions}; only `dir` is required.
 * @returns Catalogue, time-sorted events, counts, and the train/test split time.
 * @throws {OnlineRetailMissingError} when the directory or one of its two files is absent.
 * @throws {OnlineRetailFormatError} when a file lacks a required header column.
 * @throws {RangeError} when an option is out of range (the message names it).
 * @example
 * const { catalogue, events, splitTs } = await loadOnlineRetail({ dir: '../shared/data/online-retail' });
 * const rows = buildTrainingRows(events, catalogue, buildFeatureSpec(catalogue));
 */
export async function loadOnlineRetail(options: OnlineRetailOptions): Promise<OnlineRetailData> {
  const opt = resolveOptions(options);
  try {
    if (!(await stat(opt.dir)).isDirectory()) throw new OnlineRetailMissingError(opt.dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OnlineRetailMissingError(opt.dir);
    throw e;
  }
  const productsPath = join(opt.dir, ONLINE_RETAIL_FILES.products);
  const transactionsPath = join(opt.dir, ONLINE_RETAIL_FILES.transactions);
  const [productsBytes, transactionsGz] = await Promise.all([readIfPresent(productsPath), readIfPresent(transactionsPath)]);

  const stats: OnlineRetailStats = {
    rowsRead: 0,
    rowsUsed: 0,
    skipped: { malformed: 0, cancellation: 0, nonProduct: 0, noCustomer: 0, nonPositiveQuantity: 0, unknownProduct: 0 },
    otherCustomerRows: 0,
    errors: [],
    productRowsRead: 0,
    productRowsMalformed: 0,
    productCodesMerged: 0,
    products: 0,
    customers: 0,
    customersUsed: 0,
    invoices: 0,
    invoicesUsed: 0,
    cancellations: 0,
    linesCapped: 0,
    negatives: 0,
    negativeShortfall: 0,
    impressions: 0,
    clicks: 0,
    purchases: 0,
    censoredInvoices: 0,
    firstTs: Infinity,
    lastTs: -Infinity,
  };
  const malformed = (file: string, line: number, reason: string): void => {
    if (stats.errors.length < MAX_ERRORS) stats.errors.push({ file, line, reason });
  };

  // Products. Case variants (85123A / 85123a) are one product: the row with
  // more customers gives the description and price, purchase lines add up.
  const products = new Map<string, ProductRow>();
  {
    const file = ONLINE_RETAIL_FILES.products;
    const records = parseCsv(productsBytes.toString('utf8'));
    const col = columns(file, records, ['StockCode', 'Description', 'median_UnitPrice', 'purchase_lines', 'distinct_customers'] as const);
    const width = Math.max(...Object.values<number>(col)) + 1;
    for (const rec of records) {
      stats.productRowsRead++;
      const f = rec.fields;
      const code = (f[col.StockCode] ?? '').trim().toUpperCase();
      const priceText = (f[col.median_UnitPrice] ?? '').trim();
      const price = priceText === '' ? null : parseDecimal(priceText);
      const purchaseLines = parseDecimal(f[col.purchase_lines] ?? '');
      const customers = parseDecimal(f[col.distinct_customers] ?? '');
      const reason =
        rec.error ??
        (f.length < width
          ? `expected at least ${width} fields, got ${f.length}`
          : code === ''
            ? 'empty StockCode'
            : Number.isNaN(price) || !(purchaseLines >= 0) || !(customers >= 0)
              ? 'a count or price is not a number'
              : undefined);
      if (reason !== undefined) {
        stats.productRowsMalformed++;
        malformed(file, rec.line, reason);
        continue;
      }
      if (NON_PRODUCT_CODES.has(code)) continue;
      const row: ProductRow = { description: f[col.Description] ?? '', price, purchaseLines, customers };
      const seen = products.get(code);
      if (seen) {
        stats.productCodesMerged++;
        const main = row.customers > seen.customers || (row.customers === seen.customers && row.purchaseLines > seen.purchaseLines) ? row : seen;
        products.set(code, { ...main, purchaseLines: seen.purchaseLines + row.purchaseLines, customers: seen.customers + row.customers });
      } else {
        products.set(code, row);
      }
    }
  }

  // Transactions: one pass, keeping per customer their purchase invoices.
  const firstSold = new Map<string, number>();
  const customers = new Map<string, Map<string, Invoice>>();
  const cancellations = new Set<string>();
  const invoiceNos = new Set<string>();
  {
    const file = ONLINE_RETAIL_FILES.transactions;
    const text = (await gunzipAsync(transactionsGz)).toString('utf8');
    const records = parseCsv(text);
    const col = columns(file, records, ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'CustomerID'] as const);
    const width = Math.max(...Object.values<number>(col)) + 1;
    for (const rec of records) {
      stats.rowsRead++;
      const f = rec.fields;
      const invoice = (f[col.InvoiceNo] ?? '').trim();
      const code = (f[col.StockCode] ?? '').trim().toUpperCase();
      const quantity = parseDecimal(f[col.Quantity] ?? '');
      const ts = parseInvoiceDate(f[col.InvoiceDate] ?? '');
      const customerText = (f[col.CustomerID] ?? '').trim();
      // CustomerID is an integer, sometimes written as `17850.0`.
      const customerMatch = /^(\d+)(?:\.0+)?$/.exec(customerText);
      const reason =
        rec.error ??
        (f.length < width
          ? `expected at least ${width} fields, got ${f.length}`
          : invoice === ''
            ? 'empty InvoiceNo'
            : code === ''
              ? 'empty StockCode'
              : !Number.isInteger(quantity)
                ? `Quantity ${JSON.stringify(f[col.Quantity])} is not an integer`
                : Number.isNaN(ts)
                  ? `InvoiceDate ${JSON.stringify(f[col.InvoiceDate])} is not YYYY-MM-DD HH:MM:SS`
                  : customerText !== '' && !customerMatch
                    ? `CustomerID ${JSON.stringify(customerText)} is not a number`
                    : undefined);
      if (reason !== undefined) {
        stats.skipped.malformed++;
        malformed(file, rec.line, reason);
        continue;
      }
      if (ts < stats.firstTs) stats.firstTs = ts;
      if (ts > stats.lastTs) stats.lastTs = ts;
      if (invoice.toUpperCase().startsWith('C')) {
        stats.skipped.cancellation++;
        cancellations.add(invoice);
        continue;
      }
      if (NON_PRODUCT_CODES.has(code)) {
        stats.skipped.nonProduct++;
        continue;
      }
      if (!customerMatch) {
        stats.skipped.noCustomer++;
        if (quantity > 0 && products.has(code)) firstSold.set(code, Math.min(ts, firstSold.get(code) ?? Infinity));
        continue;
      }
      if (quantity <= 0) {
        stats.skipped.nonPositiveQuantity++;
        continue;
      }
      if (!products.has(code)) {
        stats.skipped.unknownProduct++;
        continue;
      }
      firstSold.set(code, Math.min(ts, firstSold.get(code) ?? Infinity));
      const customer = String(Number(customerMatch[1]));
      let invoices = customers.get(customer);
      if (!invoices) customers.set(customer, (invoices = new Map()));
      let inv = invoices.get(invoice);
      if (!inv) {
        invoices.set(invoice, (inv = { no: invoice, ts, lines: [], rows: 0 }));
        invoiceNos.add(invoice);
      }
      inv.rows++;
      // An invoice has one time in the source; should two rows disagree, the page is at the earliest.
      if (ts < inv.ts) inv.ts = ts;
      if (!inv.lines.includes(code)) inv.lines.push(code);
    }
  }
  stats.customers = customers.size;
  stats.invoices = invoiceNos.size;
  stats.cancellations = cancellations.size;
  if (stats.rowsRead === stats.skipped.malformed) {
    stats.firstTs = NaN;
    stats.lastTs = NaN;
  }

  // Catalogue, in StockCode order.
  const codes = [...products.keys()].sort(byCode);
  const items = codes.map((code) => {
    const p = products.get(code)!;
    return deriveCatalogueItem(code, p.description, p.price);
  });
  const used = new Set(items.map((i) => i.category));
  const catalogue: Catalogue = {
    format: 1,
    seed: opt.seed,
    currency: 'GBP',
    categories: ONLINE_RETAIL_CATEGORIES.filter((c) => used.has(c.slug)).map((c) => ({ ...c })),
    items,
    ads: [],
  };
  stats.products = items.length;

  // Negatives: products with purchases, by purchase lines.
  const sampleable = codes.filter((c) => products.get(c)!.purchaseLines > 0 && firstSold.has(c));
  const sampler = new PopularitySampler(sampleable.map((c) => products.get(c)!.purchaseLines));
  const onSaleFrom = sampleable.map((c) => firstSold.get(c)!);

  const ranked = [...customers.entries()].map(([id, invoices]) => ({ id, invoices }));
  ranked.sort((a, b) => b.invoices.size - a.invoices.size || Number(a.id) - Number(b.id));
  const kept = ranked.slice(0, Math.min(ranked.length, opt.maxCustomers)).sort((a, b) => Number(a.id) - Number(b.id));
  for (const other of ranked.slice(kept.length)) for (const inv of other.invoices.values()) stats.otherCustomerRows += inv.rows;
  stats.customersUsed = kept.length;

  const windowMs = opt.repurchaseDays * DAY_MS;
  const root = new Rng(opt.seed).fork('online-retail');
  const events: BehaviourEvent[] = [];
  for (const { id, invoices } of kept) {
    const shopper = `c${id}`;
    const rng = root.fork(`customer:${id}`);
    const pages = [...invoices.values()].sort((a, b) => a.ts - b.ts || byCode(a.no, b.no));
    const boughtAt = new Map<string, number[]>();
    for (const inv of pages) {
      for (const code of inv.lines) {
        let list = boughtAt.get(code);
        if (!list) boughtAt.set(code, (list = []));
        list.push(inv.ts);
      }
    }
    for (const inv of pages) {
      stats.invoicesUsed++;
      stats.rowsUsed += inv.rows;
      if (inv.ts + windowMs > stats.lastTs) stats.censoredInvoices++;
      const request = `or-${inv.no}`;
      const positives = inv.lines.slice(0, opt.maxLinesPerInvoice);
      stats.linesCapped += inv.lines.length - positives.length;

      const wanted = Math.round(opt.negativesPerPositive * positives.length);
      const taken = new Set(inv.lines);
      const negatives: string[] = [];
      for (let tries = 0, limit = 20 * wanted + 50; negatives.length < wanted && tries < limit && sampler.total > 0; tries++) {
        const k = sampler.draw(rng);
        const code = sampleable[k]!;
        if (onSaleFrom[k]! > inv.ts || taken.has(code)) continue;
        taken.add(code);
        negatives.push(code);
      }
      stats.negatives += negatives.length;
      stats.negativeShortfall += wanted - negatives.length;

      const slots = rng.shuffle([...positives, ...negatives]);
      slots.forEach((item, slot) => events.push({ ts: inv.ts, shopper, type: 'impression', item, slot, request, page: PAGE }));
      stats.impressions += slots.length;
      const bought = new Set(positives);
      slots.forEach((item, slot) => {
        if (!bought.has(item)) return;
        events.push({ ts: inv.ts + 1, shopper, type: 'click', item, slot, request, page: PAGE });
        stats.clicks++;
        const times = boughtAt.get(item)!;
        const next = times[firstAfter(times, inv.ts)];
        if (next !== undefined && next <= inv.ts + windowMs) {
          events.push({ ts: next + 2, shopper, type: 'purchase', item, slot, request, page: 'cart' });
          stats.purchases++;
        }
      });
    }
  }
  // Stable: equal times keep emission order (customer, invoice, slot).
  events.sort((a, b) => a.ts - b.ts);
  return { catalogue, events, stats, splitTs: ONLINE_RETAIL_SPLIT_TS };
}
