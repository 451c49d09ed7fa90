export * from './config';
export * from './rank';
