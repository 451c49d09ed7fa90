/**
 * The shop simulator: a seeded catalogue generator, a world of shoppers with
 * hidden tastes, their true behaviour model, and drivers that turn journeys
 * into behaviour-event logs.
 */
export * from './random';
export * from './vocab';
export * from './catalogue';
export * from './stats';
export * from './shopper';
export * from './world';
export * from './behaviour';
export * from './page';
export * from './policy';
export * from './journey';
export * from './simulate';
