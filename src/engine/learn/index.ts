export * from './dataset';
export * from './kernels';
export * from './metrics';
export * from './trainer';
export * from './config';
export * from './finetune';
