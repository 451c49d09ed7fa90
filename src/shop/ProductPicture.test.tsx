import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { colourFill, NEUTRAL } from './colours';
import { formatPrice } from './format';
import { generateCatalogue } from '../sim/catalogue';
import { glyphFor, glyphForProduct, ProductPicture, type GlyphName } from './ProductPicture';

describe('ProductPicture', () => {
  it('is decorative, local and deterministic', () => {
    const item = { id: 'p0042', category: 'shoes', colour: 'navy' };
    const a = renderToStaticMarkup(<ProductPicture item={item} />);
    expect(a).toContain('aria-hidden="true"');
    expect(a).toContain(colourFill('navy'));
    expect(a).not.toMatch(/https?:|<image|<text/);
    expect(renderToStaticMarkup(<ProductPicture item={item} />)).toBe(a);
  });

  it('picks distinct glyphs by category keyword, with a stable fallback', () => {
    expect(glyphFor('shoes')).toBe('shoe');
    expect(glyphFor('laptops')).toBe('laptop'); // not "tops"
    expect(glyphFor('c7', 'Headphones & audio')).toBe('headphones');
    expect(glyphFor('zzz-unknown')).toBe(glyphFor('zzz-unknown'));
  });
});

/** The glyph of a title from one brand in one category. */
const titled =
  (brand: string, category: string, categoryName: string) =>
  (title: string): GlyphName =>
    glyphForProduct({ title, brand, category }, categoryName);

describe('glyphForProduct', () => {
  it('draws what the title names, never the brand, else the category', () => {
    const kitchen = (title: string, brand: string | null) => glyphForProduct({ title, brand, category: 'kitchen' }, 'Kitchen');
    expect(kitchen('Homestead Olive Wood Chef’s Knife', 'Homestead')).toBe('knife');
    expect(kitchen('Kettle & Crane Beige Non-Stick Dutch Oven', 'Kettle & Crane')).toBe('pan');
    expect(kitchen('Kettle & Crane Hand-Forged Spice Rack', 'Kettle & Crane')).toBe('jars');
    expect(glyphForProduct({ title: 'Morning Ritual Ceremonial Pour-Over Kettle', brand: 'Morning Ritual', category: 'coffee-tea' })).toBe('kettle');
    expect(glyphForProduct({ title: 'Stretch Atlas Navy Insulated Kettlebell', brand: 'Stretch', category: 'fitness' })).toBe('kettlebell');
    expect(glyphForProduct({ title: 'Alder Tan Chelsea Boot', brand: 'Alder', category: 'shoes' })).toBe('boot');
    expect(glyphForProduct({ title: 'Alder Tan Leather Sandal', brand: 'Alder', category: 'shoes' })).toBe('sandal');
    expect(glyphForProduct({ title: 'Lumen Warm String Lights', brand: 'Lumen', category: 'lighting' })).toBe('stringLights');
    expect(glyphForProduct({ title: 'Lumen Brass Pendant Light', brand: 'Lumen', category: 'lighting' })).toBe('pendant');
    expect(glyphForProduct({ title: 'Alder Tan Leather Loafer', brand: 'Alder', category: 'shoes' })).toBe('loafer');
    expect(glyphForProduct({ title: 'Alder Grey Canvas Slipper', brand: 'Alder', category: 'shoes' })).toBe('slipper');
    expect(glyphForProduct({ title: 'Alder Grey Canvas Sneaker', brand: 'Alder', category: 'shoes' })).toBe('shoe');
    expect(glyphForProduct({ title: 'Northvale Suede Running Shoe', brand: 'Northvale', category: 'shoes' })).toBe('runner');
    expect(glyphForProduct({ title: 'Aurora Trail Linden Leather Trail Runner', brand: 'Aurora Trail', category: 'shoes' })).toBe('runner');
    expect(glyphForProduct({ title: 'Meridian Ridge Titanium Smartwatch', brand: 'Meridian', category: 'watches' })).toBe('smartwatch');
    expect(glyphForProduct({ title: 'Meridian Connected Fitness Tracker', brand: 'Meridian', category: 'watches' })).toBe('smartwatch');
    expect(glyphForProduct({ title: 'Meridian Steel Field Watch', brand: 'Meridian', category: 'watches' })).toBe('watch');
    const skincare = titled('Dewpoint', 'skincare', 'Skincare');
    expect(skincare('Dewpoint Hydrating Night Cream')).toBe('jar');
    expect(skincare('Dewpoint Drift Botanical Clay Mask')).toBe('jar');
    expect(skincare('Dewpoint Fragrance-Free Sunscreen')).toBe('tube');
    expect(skincare('Dewpoint Hydrating Face Serum')).toBe('dropper');
    expect(skincare('Dewpoint Hydrating Moisturiser')).toBe('bottle');
    expect(skincare('Dewpoint Overnight Lip Balm')).toBe('lipBalm');
    expect(skincare('Dewpoint Travel-Size Cleansing Balm')).toBe('jar');
    const wear = (title: string, category: string) => glyphForProduct({ title, brand: 'Tallow', category });
    expect(wear('Tallow Alto Merino Turtleneck', 'knitwear')).toBe('turtleneck');
    expect(wear('Tallow Fair Isle Cardigan', 'knitwear')).toBe('cardigan');
    expect(wear('Tallow Chunky Knit Vest', 'knitwear')).toBe('vest');
    expect(wear('Tallow Packable Parka', 'jackets')).toBe('puffer');
    expect(wear('Tallow Insulated Puffer Jacket', 'jackets')).toBe('puffer');
    expect(wear('Tallow Wool-Blend Trench Coat', 'jackets')).toBe('coat');
    expect(wear('Tallow Storm Fleece Jacket', 'jackets')).toBe('jacket');
    expect(wear('Tallow Oversized Rain Jacket', 'jackets')).toBe('rainJacket');
    expect(wear('Tallow Recycled Denim Jacket', 'jackets')).toBe('denimJacket');
    expect(wear('Tallow Alto Storm Bomber Jacket', 'jackets')).toBe('bomber');
    const dress = titled('Linnea', 'dresses', 'Dresses');
    expect(dress('Linnea Pink Satin Slip Dress')).toBe('slipDress');
    expect(dress('Linnea Tiered Maxi Dress')).toBe('maxiDress');
    expect(dress('Linnea Black Pleated Wrap Dress')).toBe('wrapDress');
    expect(dress('Linnea Floral Shirt Dress')).toBe('shirtDress');
    expect(dress('Linnea Sequin Cocktail Dress')).toBe('cocktailDress');
    expect(dress('Linnea White Linen Knit Dress')).toBe('knitDress');
    expect(dress('Linnea Harbour Blue Linen Midi Dress')).toBe('dress');
    const book = titled('Dog-Ear', 'books', 'Books');
    expect(book('Dog-Ear Hardback Picture Book')).toBe('pictureBook');
    expect(book('Dog-Ear Seasonal Travel Guide')).toBe('travelGuide');
    expect(book('Dog-Ear Pocket Field Guide 2')).toBe('fieldGuide');
    expect(book('Dog-Ear Tundra Paperback Illustrated Atlas')).toBe('atlas');
    expect(book('Dog-Ear Illustrated Atlas 3')).toBe('atlas');
    expect(book('Dog-Ear Paperback Poetry Collection')).toBe('bookStack');
    expect(book('Dog-Ear Collector’s Edition Cookbook')).toBe('cookbook');
    expect(book('Dog-Ear Pocket Novel')).toBe('book');
    // "Atlas" as a model line and "Dress" as a kind of watch draw neither an atlas nor a dress.
    expect(glyphForProduct({ title: 'Meridian Atlas Automatic Dress Watch', brand: 'Meridian', category: 'watches' })).toBe('dressWatch');
    const bag = titled('Carryall Co', 'bags', 'Bags & Backpacks');
    expect(bag('Carryall Co Roll-Top Weekender')).toBe('duffel');
    expect(bag('Carryall Co Grey Leather Duffel Bag')).toBe('duffel');
    expect(bag('Carryall Co Pink Cabin Belt Bag')).toBe('beltBag');
    expect(bag('Carryall Co Blue Leather Tote Bag')).toBe('tote');
    expect(bag('Carryall Co Roll-Top Crossbody Bag')).toBe('crossbody');
    expect(bag('Carryall Co Ridge Commuter Laptop Sleeve')).toBe('sleeve');
    expect(bag('Carryall Co Ripstop Backpack')).toBe('backpack');
    const light = titled('Halo Studio', 'lighting', 'Lighting');
    expect(light('Halo Studio Rattan Floor Lamp')).toBe('floorLamp');
    expect(light('Halo Studio Grey Rattan Desk Lamp')).toBe('deskLamp');
    expect(light('Halo Studio Smart Reading Light')).toBe('deskLamp');
    expect(light('Halo Studio Opal Glass Wall Sconce')).toBe('sconce');
    expect(light('Halo Studio Opal Glass Table Lamp')).toBe('lamp');
    const audio = titled('Sonora', 'headphones', 'Headphones & Audio');
    expect(audio('Sonora Hi-Fi Earbuds')).toBe('earbuds');
    expect(audio('Sonora Sport Earphones')).toBe('earbuds');
    expect(audio('Sonora True Wireless Over-Ear Headphones')).toBe('headphones');
    expect(audio('Sonora Foldable Bookshelf Speaker')).toBe('speaker');
    const watch = titled('Ticker', 'watches', 'Watches');
    expect(watch('Ticker Drift Automatic Chronograph')).toBe('chronograph');
    expect(watch('Ticker Solar Dive Watch')).toBe('diveWatch');
    expect(watch('Ticker Fjell Red Titanium Pilot Watch')).toBe('pilotWatch');
    expect(watch('Ticker Blue Steel Dress Watch')).toBe('dressWatch');
    const bed = titled('Sleepwell', 'bedding', 'Bedding');
    expect(bed('Sleepwell Black Organic Cotton Pillowcase Pair')).toBe('pillowPair');
    expect(bed('Sleepwell Down-Filled Pillow')).toBe('pillow');
    expect(bed('Sleepwell Percale Quilt')).toBe('duvet');
    expect(bed('Sleepwell Linen Duvet Cover')).toBe('duvet');
    expect(bed('Sleepwell Red Down-Filled Weighted Blanket')).toBe('duvet');
    expect(bed('Sleepwell Washed Throw Blanket')).toBe('throw');
    expect(bed('Sleepwell Organic Cotton Sheet Set')).toBe('blanket');
    // A colour named "cream" is no jar.
    expect(glyphForProduct({ title: 'Loom Cream Wool Jumper', brand: 'Loom', category: 'knitwear' }, 'Knitwear')).toBe('sweater');
    expect(glyphForProduct({ title: 'Something New', brand: null, category: 'shoes' })).toBe('shoe');
    expect(glyphForProduct({ category: 'shoes' })).toBe('shoe');
  });

  it('gives the shipped catalogue’s mixed categories several drawings, each named in the titles', () => {
    const cat = generateCatalogue();
    const glyphs = (slug: string) => new Set(cat.items.filter((i) => i.category === slug).map((i) => glyphForProduct(i)));
    const least = {
      kitchen: 5,
      bedding: 5,
      fitness: 5,
      toys: 4,
      garden: 5,
      'coffee-tea': 5,
      shoes: 6,
      lighting: 6,
      watches: 6,
      skincare: 5,
      knitwear: 5,
      jackets: 6,
      dresses: 7,
      books: 7,
      bags: 6,
      headphones: 3,
    };
    for (const [slug, n] of Object.entries(least)) expect(glyphs(slug).size, slug).toBeGreaterThanOrEqual(n);
    // A kitchen product is drawn as a pan only when its title says so.
    for (const item of cat.items.filter((i) => i.category === 'kitchen' && glyphForProduct(i) === 'pan')) {
      expect(item.title).toMatch(/skillet|dutch oven|saucepan|pan\b/i);
    }
  });
});

describe('colourFill', () => {
  it('maps names, modifiers and missing colours', () => {
    expect(colourFill('Navy')).toBe('#27385f');
    expect(colourFill('dark green')).not.toBe(colourFill('green'));
    expect(colourFill(null)).toBe(NEUTRAL);
    expect(colourFill('no-such-colour')).toBe(NEUTRAL);
  });
});

describe('formatPrice', () => {
  it('formats in the catalogue currency and handles a missing price', () => {
    expect(formatPrice(12.5, 'EUR')).toMatch(/12[.,]50/);
    expect(formatPrice(12.5, 'EUR')).toMatch(/€/);
    expect(formatPrice(null, 'EUR')).toBe('Price on request');
    expect(formatPrice(3, 'NOT-A-CODE')).toMatch(/3[.,]00/);
  });
});
