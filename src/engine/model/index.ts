export * from './build';
export * from './config';
export * from './manifest';
export * from './tasks';
