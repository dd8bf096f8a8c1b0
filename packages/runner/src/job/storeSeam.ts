/**
 * Where the job loop and the CLI meet the job store and the local executor's process handling: opening a job
 * under its lock, reading a journal without it, the lock's holder, killing what a dead tuner left running, and the
 * name of a trial's log file.
 */
export { killStaleTrial } from '../executor/processGroup.ts';
export { TRIAL_LOG_FILE } from '../executor/trialFiles.ts';
export type { JobStore } from '../journal/jobStore.ts';
export { jobDirOf, lockHolder, openJobStore, readJournal } from '../journal/jobStore.ts';
