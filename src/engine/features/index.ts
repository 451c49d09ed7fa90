export * from './spec';
export * from './profile';
export * from './encode';
export * from './tokens';
