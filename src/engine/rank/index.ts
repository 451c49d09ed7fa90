export * from './config';
export * from './rank';
export * from './request-id';
export * from './prior';
