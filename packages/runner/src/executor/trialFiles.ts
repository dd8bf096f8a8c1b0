/**
 * The files and folders of one trial inside `.tunekit/jobs/<name>/trials/<id>/`, laid out like a SageMaker
 * training container's `/opt/ml` (model, output/data, the hyperparameters file).
 */

/** The trial's full output, stdout and stderr interleaved as they came. */
export const TRIAL_LOG_FILE = 'output.log';
/** JSON-line metrics a script may append (path in `TUNEKIT_METRICS_FILE`). */
export const METRICS_FILE = 'metrics.jsonl';
/** The hyperparameters as a JSON object of strings (path in `TUNEKIT_HYPERPARAMETERS`). */
export const HYPERPARAMETERS_FILE = 'hyperparameters.json';
/** `SM_MODEL_DIR` */
export const MODEL_DIR = 'model';
/** `SM_OUTPUT_DIR` */
export const OUTPUT_DIR = 'output';
/** `SM_OUTPUT_DATA_DIR` */
export const OUTPUT_DATA_DIR = 'output/data';
