// Node entry point: the same API as index.mjs, already initialised.
export * from './index.mjs';
