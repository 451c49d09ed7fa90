/**
 * A tiny, hand-checkable shop for tests: 8 products in 2 categories, 2 ads,
 * and a seeded fixture model small enough to reason about.
 */
import type { Catalogue } from '../catalogue/types';
import { buildFeatureSpec, type FeatureSpec } from '../features/spec';
import { modelInputSizes, validateModelConfig, type ModelConfig } from '../model/config';

/** The fixture catalogue. */
export const FIXTURE_CATALOGUE: Catalogue = {
  format: 1,
  seed: 0,
  currency: 'EUR',
  categories: [
    { slug: 'shoes', name: 'Shoes' },
    { slug: 'lamps', name: 'Lamps' },
  ],
  items: [
    {
      id: 'p1',
      title: 'Trail Runner Shoe',
      category: 'shoes',
      brand: 'Aurora',
      colour: 'red',
      price: 80,
      tags: ['outdoor', 'sporty'],
      description: 'A light trail shoe.',
    },
    { id: 'p2', title: 'City Sneaker', category: 'shoes', brand: 'Aurora', colour: 'white', price: 60, tags: ['classic'], description: 'A clean sneaker.' },
    { id: 'p3', title: 'Wool Slipper', category: 'shoes', brand: null, colour: 'grey', price: 25, tags: ['cosy'], description: 'Warm slippers.' },
    {
      id: 'p4',
      title: 'Rain Boot',
      category: 'shoes',
      brand: 'Nord',
      colour: null,
      price: null,
      tags: ['outdoor', 'waterproof'],
      description: 'Keeps feet dry.',
    },
    {
      id: 'p5',
      title: 'Desk Lamp',
      category: 'lamps',
      brand: 'Lumo',
      colour: 'black',
      price: 45,
      tags: ['home-office', 'minimalist'],
      description: 'A focused desk light.',
    },
    { id: 'p6', title: 'Floor Lamp', category: 'lamps', brand: 'Lumo', colour: 'white', price: 120, tags: ['minimalist'], description: 'Soft room light.' },
    {
      id: 'p7',
      title: 'Paper Lantern',
      category: 'lamps',
      brand: 'Nord',
      colour: 'white',
      price: 30,
      tags: ['cosy', 'handmade'],
      description: 'Warm diffuse light.',
    },
    { id: 'p8', title: 'Camping Light', category: 'lamps', brand: 'Aurora', colour: 'green', price: 35, tags: ['outdoor'], description: 'For the tent.' },
  ],
  ads: [
    { id: 'ad1', itemId: 'p6', bid: 1.5, headline: 'Light up your evenings' },
    { id: 'ad2', itemId: 'p1', bid: 0.5, headline: 'Run further' },
  ],
};

/** Feature spec of the fixture: short sequences, few title buckets. */
export const FIXTURE_SPEC: FeatureSpec = buildFeatureSpec(FIXTURE_CATALOGUE, { recentLength: 4, titleTokens: 4, titleBuckets: 32 });

/** A tiny model config for the fixture (a few hundred weights). */
export const FIXTURE_CONFIG: ModelConfig = validateModelConfig({
  inputs: modelInputSizes(FIXTURE_SPEC),
  seed: 3,
  itemEmbedding: 4,
  attributeEmbedding: 2,
  titleEmbedding: 2,
  shopperHidden: 8,
  shopperDim: 4,
  experts: 2,
  expertUnits: 4,
  towerUnits: 3,
});
