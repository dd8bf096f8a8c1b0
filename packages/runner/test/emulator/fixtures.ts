/**
 * The emulator's training image for tests: `tunekit-test/train:latest` plays fixtures/train.mjs with this Node.
 */
import { join } from 'node:path';

export const TRAIN_IMAGE = '000000000000.dkr.ecr.us-east-1.amazonaws.com/tunekit-test:latest';
export const TRAIN_SCRIPT = join(import.meta.dirname, 'fixtures', 'train.mjs');

/** The image table of an emulator whose one image runs the test training script. */
export function trainImages(): Record<string, readonly string[]> {
  return { [TRAIN_IMAGE]: [process.execPath, TRAIN_SCRIPT] };
}
