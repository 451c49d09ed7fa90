/**
 * The invented shop's vocabulary: colours, lifestyle tags, categories and
 * brands. Plain data, kept apart from the generator so the generator reads as
 * an algorithm and the data can be reviewed as a table.
 */

/** The twelve colours items come in. */
export const COLOURS = ['black', 'white', 'grey', 'navy', 'blue', 'green', 'olive', 'red', 'burgundy', 'pink', 'beige', 'brown'] as const;

/** One of {@link COLOURS}. */
export type Colour = (typeof COLOURS)[number];

/** Cross-category lifestyle tags (30); each item carries 2–4 of them. */
export const TAGS = [
  'outdoor',
  'minimalist',
  'eco-friendly',
  'premium',
  'budget',
  'giftable',
  'vintage',
  'sporty',
  'cosy',
  'kids',
  'travel',
  'home-office',
  'party',
  'handmade',
  'waterproof',
  'wireless',
  'organic',
  'classic',
  'bold',
  'festive',
  'lightweight',
  'durable',
  'vegan',
  'compact',
  'smart',
  'artisan',
  'everyday',
  'scandi',
  'wellness',
  'urban',
] as const;

/** One of {@link TAGS}. */
export type Tag = (typeof TAGS)[number];

/** A product noun of a category with its price relative to the category median. */
export interface NounSpec {
  /** Singular display noun, for example `"Hiking Boot"`. */
  noun: string;
  /** Multiplies the category's median price (a stand mixer costs more than a spatula). */
  price: number;
}

/** A title descriptor and the tags it implies. */
export interface DescriptorSpec {
  word: string;
  tags: readonly Tag[];
  /** Price multiplier the descriptor implies (cashmere costs more than cotton); default 1. */
  price?: number;
}

/** How the generator makes one category. */
export interface CategorySpec {
  slug: string;
  name: string;
  nouns: readonly NounSpec[];
  descriptors: readonly DescriptorSpec[];
  /** Median price in EUR before noun and brand factors. */
  medianPrice: number;
  /** Log-normal spread of prices around the median. */
  priceSpread: number;
  /** Tags typical of the category; each item gets one or two of them. */
  tags: readonly Tag[];
}

/** An invented brand. */
export interface BrandSpec {
  name: string;
  /** Category slugs it sells in (one or two). */
  categories: readonly string[];
  /** Style tags its items tend to carry. */
  style: readonly Tag[];
  /** Price multiplier: below 1 for budget brands, above for premium ones. */
  tier: number;
}

const d = (word: string, ...tags: Tag[]): DescriptorSpec => ({ word, tags });
/** A descriptor that moves the price, for example `dp('Cashmere', 1.6, 'premium')`. */
const dp = (word: string, price: number, ...tags: Tag[]): DescriptorSpec => ({ word, tags, price });
const n = (noun: string, price = 1): NounSpec => ({ noun, price });

/** The sixteen categories of the invented shop, in navigation order. */
export const CATEGORY_SPECS: readonly CategorySpec[] = [
  {
    slug: 'shoes',
    name: 'Shoes',
    nouns: [
      n('Hiking Boot', 1.4),
      n('Running Shoe', 1.1),
      n('Sneaker'),
      n('Loafer', 1.1),
      n('Chelsea Boot', 1.5),
      n('Sandal', 0.6),
      n('Trail Runner', 1.2),
      n('Slipper', 0.4),
    ],
    descriptors: [
      d('Waterproof', 'waterproof', 'outdoor'),
      dp('Leather', 1.3, 'classic'),
      d('Suede', 'vintage'),
      d('Lightweight', 'lightweight'),
      d('Everyday', 'everyday'),
      d('Canvas', 'urban'),
      d('Recycled', 'eco-friendly'),
    ],
    medianPrice: 85,
    priceSpread: 0.35,
    tags: ['outdoor', 'sporty', 'classic', 'everyday', 'urban'],
  },
  {
    slug: 'jackets',
    name: 'Jackets & Coats',
    nouns: [
      n('Parka', 1.5),
      n('Rain Jacket'),
      n('Puffer Jacket', 1.2),
      n('Denim Jacket', 0.8),
      n('Bomber Jacket', 0.9),
      n('Trench Coat', 1.6),
      n('Fleece Jacket', 0.6),
      n('Softshell Jacket'),
    ],
    descriptors: [
      d('Waterproof', 'waterproof', 'outdoor'),
      d('Insulated', 'cosy'),
      d('Packable', 'travel', 'compact'),
      d('Wool-Blend', 'classic'),
      d('Oversized', 'urban', 'bold'),
      d('Recycled', 'eco-friendly'),
      d('Storm', 'outdoor', 'durable'),
    ],
    medianPrice: 130,
    priceSpread: 0.35,
    tags: ['outdoor', 'waterproof', 'travel', 'classic', 'urban'],
  },
  {
    slug: 'knitwear',
    name: 'Knitwear',
    nouns: [n('Crewneck Jumper'), n('Cardigan', 1.1), n('Turtleneck'), n('Beanie', 0.35), n('Scarf', 0.5), n('Cable-Knit Sweater', 1.2), n('Knit Vest', 0.8)],
    descriptors: [
      dp('Merino', 1.3, 'premium'),
      d('Chunky', 'cosy'),
      d('Fisherman', 'classic', 'outdoor'),
      dp('Hand-Knitted', 1.3, 'handmade'),
      d('Organic Cotton', 'organic', 'eco-friendly'),
      d('Fair Isle', 'festive', 'vintage'),
      dp('Cashmere', 1.7, 'premium'),
    ],
    medianPrice: 65,
    priceSpread: 0.35,
    tags: ['cosy', 'classic', 'handmade', 'giftable', 'scandi'],
  },
  {
    slug: 'dresses',
    name: 'Dresses',
    nouns: [n('Midi Dress'), n('Wrap Dress'), n('Maxi Dress', 1.1), n('Shirt Dress', 0.9), n('Slip Dress', 0.9), n('Cocktail Dress', 1.4), n('Knit Dress')],
    descriptors: [
      d('Floral', 'bold'),
      d('Linen', 'organic'),
      d('Satin', 'party'),
      dp('Sequin', 1.2, 'party', 'festive'),
      d('Pleated', 'classic'),
      d('Jersey', 'everyday'),
      d('Tiered', 'vintage'),
    ],
    medianPrice: 75,
    priceSpread: 0.35,
    tags: ['party', 'bold', 'minimalist', 'festive', 'everyday'],
  },
  {
    slug: 'bags',
    name: 'Bags & Backpacks',
    nouns: [n('Backpack'), n('Tote Bag', 0.7), n('Crossbody Bag', 0.8), n('Weekender', 1.5), n('Laptop Sleeve', 0.5), n('Belt Bag', 0.5), n('Duffel Bag', 1.2)],
    descriptors: [
      d('Roll-Top', 'waterproof', 'outdoor'),
      dp('Leather', 1.5, 'premium', 'classic'),
      d('Canvas', 'everyday'),
      d('Commuter', 'urban', 'home-office'),
      d('Ripstop', 'durable', 'lightweight'),
      d('Cabin', 'travel', 'compact'),
    ],
    medianPrice: 70,
    priceSpread: 0.4,
    tags: ['travel', 'minimalist', 'urban', 'durable', 'everyday'],
  },
  {
    slug: 'watches',
    name: 'Watches',
    nouns: [
      n('Chronograph', 1.3),
      n('Dive Watch', 1.2),
      n('Field Watch', 0.8),
      n('Dress Watch', 1.1),
      n('Smartwatch', 1.1),
      n('Pilot Watch'),
      n('Fitness Tracker', 0.4),
    ],
    descriptors: [
      dp('Automatic', 1.6, 'premium', 'classic'),
      d('Solar', 'eco-friendly'),
      dp('Titanium', 1.3, 'lightweight', 'durable'),
      d('Minimal', 'minimalist'),
      d('Steel', 'classic'),
      d('Connected', 'smart', 'wireless'),
    ],
    medianPrice: 220,
    priceSpread: 0.5,
    tags: ['premium', 'classic', 'giftable', 'minimalist', 'smart'],
  },
  {
    slug: 'headphones',
    name: 'Headphones & Audio',
    nouns: [
      n('Over-Ear Headphones', 1.3),
      n('Earbuds', 0.8),
      n('Bluetooth Speaker', 0.9),
      n('Sport Earphones', 0.5),
      n('Studio Headphones', 1.4),
      n('Bookshelf Speaker', 1.6),
    ],
    descriptors: [
      d('Noise-Cancelling', 'travel', 'home-office'),
      d('True Wireless', 'wireless'),
      d('Waterproof', 'waterproof', 'sporty'),
      d('Foldable', 'compact', 'travel'),
      d('Retro', 'vintage'),
      dp('Hi-Fi', 1.4, 'premium'),
    ],
    medianPrice: 110,
    priceSpread: 0.45,
    tags: ['wireless', 'travel', 'home-office', 'smart', 'compact'],
  },
  {
    slug: 'kitchen',
    name: 'Kitchen',
    nouns: [
      n("Chef’s Knife", 1.2),
      n('Cast Iron Skillet'),
      n('Dutch Oven', 1.8),
      n('Cutting Board', 0.6),
      n('Stand Mixer', 5),
      n('Saucepan Set', 2.2),
      n('Spice Rack', 0.6),
      n('Salad Bowl', 0.5),
    ],
    descriptors: [
      d('Enamelled', 'classic'),
      dp('Hand-Forged', 1.4, 'handmade', 'artisan'),
      d('Olive Wood', 'eco-friendly', 'handmade'),
      d('Non-Stick', 'everyday'),
      dp('Professional', 1.3, 'premium', 'durable'),
      d('Compact', 'compact'),
    ],
    medianPrice: 45,
    priceSpread: 0.4,
    tags: ['giftable', 'durable', 'artisan', 'everyday', 'classic'],
  },
  {
    slug: 'lighting',
    name: 'Lighting',
    nouns: [
      n('Desk Lamp'),
      n('Floor Lamp', 2),
      n('Pendant Light', 1.6),
      n('String Lights', 0.4),
      n('Table Lamp'),
      n('Wall Sconce', 1.2),
      n('Reading Light', 0.7),
    ],
    descriptors: [
      d('Dimmable', 'home-office'),
      d('Rattan', 'handmade', 'eco-friendly'),
      dp('Brass', 1.3, 'vintage', 'premium'),
      d('Opal Glass', 'minimalist', 'scandi'),
      d('Smart', 'smart', 'wireless'),
      d('Ceramic', 'artisan'),
    ],
    medianPrice: 60,
    priceSpread: 0.4,
    tags: ['minimalist', 'scandi', 'cosy', 'home-office', 'vintage'],
  },
  {
    slug: 'bedding',
    name: 'Bedding',
    nouns: [
      n('Duvet Cover', 1.1),
      n('Sheet Set', 1.1),
      n('Pillow', 0.5),
      n('Throw Blanket', 0.8),
      n('Weighted Blanket', 1.8),
      n('Quilt', 1.5),
      n('Pillowcase Pair', 0.4),
    ],
    descriptors: [
      d('Linen', 'organic', 'scandi'),
      d('Percale', 'classic'),
      d('Organic Cotton', 'organic', 'eco-friendly'),
      d('Flannel', 'cosy'),
      dp('Down-Filled', 1.4, 'premium', 'cosy'),
      d('Washed', 'everyday'),
    ],
    medianPrice: 65,
    priceSpread: 0.35,
    tags: ['cosy', 'organic', 'scandi', 'wellness', 'premium'],
  },
  {
    slug: 'skincare',
    name: 'Skincare',
    nouns: [
      n('Face Serum', 1.3),
      n('Moisturiser'),
      n('Cleansing Balm', 0.9),
      n('Sunscreen', 0.8),
      n('Night Cream', 1.2),
      n('Lip Balm', 0.3),
      n('Clay Mask', 0.8),
    ],
    descriptors: [
      d('Hydrating', 'everyday'),
      d('Vitamin C', 'wellness'),
      d('Fragrance-Free', 'minimalist'),
      d('Botanical', 'organic', 'vegan'),
      d('Travel-Size', 'travel', 'compact'),
      d('Overnight', 'wellness'),
    ],
    medianPrice: 24,
    priceSpread: 0.4,
    tags: ['wellness', 'organic', 'vegan', 'giftable', 'eco-friendly'],
  },
  {
    slug: 'fitness',
    name: 'Fitness',
    nouns: [
      n('Yoga Mat'),
      n('Resistance Band Set', 0.6),
      n('Kettlebell', 1.3),
      n('Foam Roller', 0.7),
      n('Jump Rope', 0.4),
      n('Adjustable Dumbbell', 4),
      n('Water Bottle', 0.6),
    ],
    descriptors: [
      d('Cork', 'eco-friendly'),
      d('Non-Slip', 'everyday'),
      d('Travel', 'travel', 'compact'),
      dp('Pro', 1.3, 'premium', 'durable'),
      d('Insulated', 'outdoor'),
      d('Home Gym', 'home-office'),
    ],
    medianPrice: 32,
    priceSpread: 0.4,
    tags: ['sporty', 'wellness', 'outdoor', 'durable', 'everyday'],
  },
  {
    slug: 'toys',
    name: 'Toys & Games',
    nouns: [
      n('Building Set', 1.4),
      n('Wooden Puzzle', 0.7),
      n('Board Game', 1.2),
      n('Plush Bear', 0.8),
      n('Marble Run', 1.3),
      n('Card Game', 0.5),
      n('Remote-Control Car', 1.8),
    ],
    descriptors: [
      d('Wooden', 'handmade', 'eco-friendly'),
      d('Family', 'party'),
      d('STEM', 'smart'),
      d('Travel', 'travel', 'compact'),
      d('Glow-in-the-Dark', 'bold'),
      d('Classic', 'classic', 'vintage'),
    ],
    medianPrice: 28,
    priceSpread: 0.4,
    tags: ['kids', 'giftable', 'festive', 'party', 'bold'],
  },
  {
    slug: 'books',
    name: 'Books',
    nouns: [
      n('Cookbook', 1.3),
      n('Travel Guide'),
      n('Novel', 0.8),
      n('Field Guide'),
      n('Illustrated Atlas', 1.8),
      n('Poetry Collection', 0.7),
      n('Picture Book', 0.8),
    ],
    descriptors: [
      dp('Hardback', 1.4, 'giftable'),
      d('Pocket', 'compact', 'travel'),
      d('Illustrated', 'bold'),
      dp('Collector’s Edition', 2, 'vintage', 'premium'),
      dp('Paperback', 0.6, 'budget'),
      d('Seasonal', 'festive'),
    ],
    medianPrice: 19,
    priceSpread: 0.3,
    tags: ['giftable', 'classic', 'travel', 'kids', 'vintage'],
  },
  {
    slug: 'garden',
    name: 'Garden',
    nouns: [
      n('Planter', 0.8),
      n('Pruning Shears', 0.8),
      n('Watering Can', 0.7),
      n('Raised Bed Kit', 3),
      n('Bird Feeder', 0.8),
      n('Garden Gloves', 0.4),
      n('Hose Reel', 1.6),
    ],
    descriptors: [
      d('Terracotta', 'classic', 'handmade'),
      d('Galvanised', 'durable', 'vintage'),
      d('Recycled', 'eco-friendly'),
      d('Self-Watering', 'smart'),
      d('Balcony', 'compact', 'urban'),
      d('Heavy-Duty', 'durable', 'outdoor'),
    ],
    medianPrice: 30,
    priceSpread: 0.4,
    tags: ['outdoor', 'eco-friendly', 'organic', 'durable', 'handmade'],
  },
  {
    slug: 'coffee-tea',
    name: 'Coffee & Tea',
    nouns: [
      n('Pour-Over Kettle', 2),
      n('Espresso Beans', 0.7),
      n('Loose Leaf Tea', 0.6),
      n('Burr Grinder', 3.5),
      n('French Press', 1.5),
      n('Matcha Set', 1.8),
      n('Travel Mug', 1),
    ],
    descriptors: [
      dp('Single-Origin', 1.2, 'artisan', 'premium'),
      d('Organic', 'organic', 'eco-friendly'),
      d('Stoneware', 'handmade', 'artisan'),
      d('Insulated', 'travel'),
      dp('Ceremonial', 1.3, 'wellness', 'premium'),
      dp('Everyday', 0.8, 'everyday', 'budget'),
    ],
    medianPrice: 20,
    priceSpread: 0.4,
    tags: ['organic', 'artisan', 'giftable', 'wellness', 'home-office'],
  },
];

/**
 * The invented brands. Four to seven per category; a handful (Northvale,
 * Mossfield, Linnea, Pulse Atelier, Kettle & Crane, Fjordlight, Strider & Co,
 * Little Oak, Verdant Row) sell in two categories, as real brands do.
 */
export const BRAND_SPECS: readonly BrandSpec[] = [
  { name: 'Aurora Trail', categories: ['shoes'], style: ['outdoor', 'waterproof'], tier: 1.1 },
  { name: 'Northvale', categories: ['shoes', 'jackets'], style: ['classic', 'durable'], tier: 1.2 },
  { name: 'Strider & Co', categories: ['shoes', 'fitness'], style: ['sporty'], tier: 1 },
  { name: 'Mossfield', categories: ['shoes', 'knitwear'], style: ['eco-friendly', 'vegan'], tier: 1.05 },
  { name: 'Cobble Lane', categories: ['shoes'], style: ['vintage', 'urban'], tier: 0.95 },
  { name: 'Bright Step', categories: ['shoes'], style: ['budget', 'kids'], tier: 0.6 },
  { name: 'Halden Outerwear', categories: ['jackets'], style: ['premium'], tier: 1.6 },
  { name: 'Driftwood', categories: ['jackets'], style: ['urban', 'bold'], tier: 0.9 },
  { name: 'Peakline', categories: ['jackets'], style: ['outdoor', 'lightweight'], tier: 1.1 },
  { name: 'Tallow', categories: ['jackets'], style: ['budget'], tier: 0.6 },
  { name: 'Woolhaven', categories: ['knitwear'], style: ['cosy', 'handmade'], tier: 1.1 },
  { name: 'Hearth & Loom', categories: ['knitwear'], style: ['cosy', 'premium'], tier: 1.4 },
  { name: 'Bramble Knit', categories: ['knitwear'], style: ['vintage', 'festive'], tier: 0.9 },
  { name: 'Basicknit', categories: ['knitwear'], style: ['budget', 'everyday'], tier: 0.6 },
  { name: 'Maison Lune', categories: ['dresses'], style: ['party', 'premium'], tier: 1.5 },
  { name: 'Poppy Row', categories: ['dresses'], style: ['bold', 'festive'], tier: 0.95 },
  { name: 'Linnea', categories: ['dresses', 'bags'], style: ['minimalist', 'scandi'], tier: 1.15 },
  { name: 'Velvet Hour', categories: ['dresses'], style: ['party', 'vintage'], tier: 1.05 },
  { name: 'Daisy & Dot', categories: ['dresses'], style: ['budget', 'everyday'], tier: 0.6 },
  { name: 'Carryall Co', categories: ['bags'], style: ['travel', 'durable'], tier: 1 },
  { name: 'Rover Pack', categories: ['bags'], style: ['outdoor', 'waterproof'], tier: 0.95 },
  { name: 'Satchel & Sons', categories: ['bags'], style: ['vintage', 'handmade'], tier: 1.35 },
  { name: 'Pulse Atelier', categories: ['watches', 'headphones'], style: ['smart', 'wireless'], tier: 1.1 },
  { name: 'Meridian', categories: ['watches'], style: ['classic', 'premium'], tier: 1.7 },
  { name: 'Tidewater', categories: ['watches'], style: ['waterproof', 'sporty'], tier: 1 },
  { name: 'Halvorsen', categories: ['watches'], style: ['minimalist', 'scandi'], tier: 1.2 },
  { name: 'Ticker', categories: ['watches'], style: ['budget'], tier: 0.45 },
  { name: 'Sonora', categories: ['headphones'], style: ['premium'], tier: 1.6 },
  { name: 'Echo Lane', categories: ['headphones'], style: ['budget'], tier: 0.55 },
  { name: 'Kinetic Audio', categories: ['headphones'], style: ['sporty', 'wireless'], tier: 0.9 },
  { name: 'Hush', categories: ['headphones'], style: ['home-office', 'travel'], tier: 1.2 },
  { name: 'Kettle & Crane', categories: ['kitchen', 'coffee-tea'], style: ['artisan', 'giftable'], tier: 1.2 },
  { name: 'Ironbark', categories: ['kitchen'], style: ['durable', 'classic'], tier: 1.1 },
  { name: 'Salt & Ember', categories: ['kitchen'], style: ['premium'], tier: 1.5 },
  { name: 'Homestead', categories: ['kitchen'], style: ['budget', 'everyday'], tier: 0.6 },
  { name: 'Olive Grove', categories: ['kitchen'], style: ['eco-friendly', 'handmade'], tier: 0.95 },
  { name: 'Fjordlight', categories: ['lighting', 'bedding'], style: ['scandi', 'minimalist'], tier: 1.2 },
  { name: 'Lumen & Lark', categories: ['lighting'], style: ['vintage'], tier: 1.1 },
  { name: 'Brightwell', categories: ['lighting'], style: ['budget'], tier: 0.6 },
  { name: 'Halo Studio', categories: ['lighting'], style: ['smart', 'home-office'], tier: 1.15 },
  { name: 'Ember Glow', categories: ['lighting'], style: ['cosy', 'festive'], tier: 0.85 },
  { name: 'Cloudnest', categories: ['bedding'], style: ['cosy', 'premium'], tier: 1.4 },
  { name: 'Linen Mill', categories: ['bedding'], style: ['organic', 'eco-friendly'], tier: 1.05 },
  { name: 'Sleepwell', categories: ['bedding'], style: ['budget'], tier: 0.6 },
  { name: 'Verdant Row', categories: ['skincare', 'garden'], style: ['organic', 'vegan'], tier: 1.05 },
  { name: 'Dewpoint', categories: ['skincare'], style: ['premium', 'wellness'], tier: 1.5 },
  { name: 'Clear Theory', categories: ['skincare'], style: ['minimalist'], tier: 1 },
  { name: 'Bloom Apothecary', categories: ['skincare'], style: ['handmade', 'giftable'], tier: 1.15 },
  { name: 'Basics Lab', categories: ['skincare'], style: ['budget'], tier: 0.55 },
  { name: 'Flowform', categories: ['fitness'], style: ['wellness', 'eco-friendly'], tier: 1.1 },
  { name: 'IronCore', categories: ['fitness'], style: ['durable', 'sporty'], tier: 1.15 },
  { name: 'Stretch', categories: ['fitness'], style: ['budget'], tier: 0.6 },
  { name: 'Little Oak', categories: ['toys', 'books'], style: ['kids', 'handmade'], tier: 1.1 },
  { name: 'Bricktown', categories: ['toys'], style: ['kids', 'giftable'], tier: 1.2 },
  { name: 'Playful Fox', categories: ['toys'], style: ['bold', 'party'], tier: 0.9 },
  { name: 'Tinker Lab', categories: ['toys'], style: ['smart'], tier: 1.1 },
  { name: 'Puddle & Co', categories: ['toys'], style: ['budget'], tier: 0.6 },
  { name: 'Wayfarer Press', categories: ['books'], style: ['travel', 'outdoor'], tier: 1 },
  { name: 'Inkwell House', categories: ['books'], style: ['classic', 'vintage'], tier: 1.1 },
  { name: 'Greenleaf Books', categories: ['books'], style: ['eco-friendly'], tier: 0.95 },
  { name: 'Dog-Ear', categories: ['books'], style: ['budget'], tier: 0.65 },
  { name: 'Rootstock', categories: ['garden'], style: ['durable', 'outdoor'], tier: 1.1 },
  { name: 'Fernhill', categories: ['garden'], style: ['handmade', 'artisan'], tier: 1.2 },
  { name: 'Plot & Pail', categories: ['garden'], style: ['budget'], tier: 0.6 },
  { name: 'Roastery 22', categories: ['coffee-tea'], style: ['artisan', 'premium'], tier: 1.3 },
  { name: 'Leaf & Steam', categories: ['coffee-tea'], style: ['organic', 'wellness'], tier: 1.05 },
  { name: 'Morning Ritual', categories: ['coffee-tea'], style: ['giftable', 'minimalist'], tier: 1 },
  { name: 'Brewtown', categories: ['coffee-tea'], style: ['budget', 'everyday'], tier: 0.6 },
];

/** Model-line names that make titles distinct, for example "Peakline Ridge Parka". */
export const LINE_NAMES = [
  'Ridge',
  'Alto',
  'Nova',
  'Harbour',
  'Crest',
  'Fjell',
  'Atlas',
  'Solstice',
  'Cove',
  'Ember',
  'Linden',
  'Tundra',
  'Vale',
  'Meadow',
  'Summit',
  'Drift',
  'Orbit',
  'Juniper',
  'Haven',
  'Pioneer',
] as const;

/** A second sentence per tag for item descriptions. */
export const TAG_SENTENCES: Readonly<Record<Tag, string>> = {
  outdoor: 'Built for long days outside.',
  minimalist: 'Clean lines, nothing extra.',
  'eco-friendly': 'Made with recycled and low-impact materials.',
  premium: 'Finished to a standard that lasts for years.',
  budget: 'Does the job without stretching the budget.',
  giftable: 'Arrives ready to give.',
  vintage: 'A look borrowed from decades past.',
  sporty: 'Keeps up when you move fast.',
  cosy: 'Soft and warm for slow evenings.',
  kids: 'Sized and tested for children.',
  travel: 'Packs small and travels well.',
  'home-office': 'Makes the working day at home a little better.',
  party: 'Made for evenings out.',
  handmade: 'Each one made by hand in a small workshop.',
  waterproof: 'Sealed against rain and splashes.',
  wireless: 'No cables, quick pairing.',
  organic: 'Certified organic materials.',
  classic: 'A design that never dates.',
  bold: 'Stands out on purpose.',
  festive: 'Brings a little celebration to the season.',
  lightweight: 'Light enough to forget you have it.',
  durable: 'Tough enough for daily use.',
  vegan: 'Free of animal-derived materials.',
  compact: 'Small footprint, full function.',
  smart: 'Connects to your phone for more.',
  artisan: 'Crafted in small batches.',
  everyday: 'An easy everyday favourite.',
  scandi: 'Calm Nordic design.',
  wellness: 'Part of a calmer daily routine.',
  urban: 'Made for the city.',
};
