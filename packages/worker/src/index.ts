export type { AcquisitionPool, AcquisitionPoolOptions } from './acquisitionPool.ts';
export { createAcquisitionPool } from './acquisitionPool.ts';
