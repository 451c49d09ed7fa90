export * from './dataset';
export * from './kernels';
export * from './metrics';
export * from './trainer';
