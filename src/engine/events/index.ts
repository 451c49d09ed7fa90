export * from './types';
export * from './log';
