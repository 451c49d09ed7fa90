/**
 * The behaviour store: schema, retention and the store itself.
 */
export * from './schema';
export * from './retention';
export * from './store';
