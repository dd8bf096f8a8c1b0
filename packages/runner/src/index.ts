export { DEFAULT_DASHBOARD_PORT } from './commands/dashboard.ts';
export type { CliIo, CliStream } from './commands/io.ts';
export type { LoadedTuningFile, TuningFileCheck } from './commands/loadTuningFile.ts';
export { checkTuningFile, loadTuningFile } from './commands/loadTuningFile.ts';
export { runCli } from './commands/program.ts';
export type { ReadJob } from './commands/readJob.ts';
export { readJob } from './commands/readJob.ts';
export type { SpecOverrides } from './commands/withOverrides.ts';
export { withOverrides } from './commands/withOverrides.ts';
export type { DashboardOptions, DashboardServer } from './dashboard/dashboardServer.ts';
export { startDashboardServer } from './dashboard/dashboardServer.ts';
export { runJob } from './drivers/runJob.ts';
export type { RunJobOptions } from './drivers/runOptions.ts';
export type { RunnerErrorCode } from './errors.ts';
export { isRunnerError, RunnerError } from './errors.ts';
export type { LocalExecutorOptions } from './executor/local.ts';
export { createLocalExecutor } from './executor/local.ts';
export { TRIAL_LOG_FILE } from './executor/trialFiles.ts';
export type { Executor, RunningTrial, TrialLaunch } from './executor/types.ts';
export type { JobStatus, JournalEvent, JournalReadResult } from './journal/events.ts';
export { jobDirOf, trialDirOf, trialLogPathOf } from './journal/jobPaths.ts';
export type { JobView, RecommendationRecord, TrialRecord, TrialRecordStatus } from './journal/jobView.ts';
export {
  bestObservedTrial,
  bestTrial,
  buildJobView,
  inFlightTrials,
  modelChoice,
} from './journal/jobView.ts';
export { createPlainProgress } from './progress/plainProgress.ts';
export { createTtyProgress } from './progress/ttyProgress.ts';
export { escapeCsv, trialsCsv } from './report/csv.ts';
export { htmlReport } from './report/html.ts';
export type { JobSummary, TypedHyperparameter } from './report/json.ts';
export { bestHyperparameters, jobSummary, trialsJson, typedStatic } from './report/json.ts';
export type { MarkdownOptions } from './report/markdown.ts';
export { markdownReport, mermaidChart } from './report/markdown.ts';
export { codeBlock, escapeMarkdown, inlineCode } from './report/markdownEscape.ts';
export { objectiveByParameterSvg, objectiveOverTrialsSvg } from './report/svg.ts';
export { renderTable, trialsTable } from './report/table.ts';
export type { TrialRow } from './report/trialRows.ts';
export {
  formatNumber,
  formatValue,
  metricCells,
  otherMetricNames,
  trialMetrics,
  trialRows,
} from './report/trialRows.ts';
// SageMaker: what needs no AWS SDK at load time (runJob loads the executors when a job names them).
export { buildTuningJobRequest } from './sagemaker/managedRequest.ts';
export type { JobEvent, JobEventListener, ProgressSnapshot } from './session/jobEvents.ts';
export type { JobResult } from './session/jobResult.ts';
export type { SpecChange, SpecDiff } from './session/specDiff.ts';
export { diffSpecs, formatChanges } from './session/specDiff.ts';
export { specHash } from './session/specHash.ts';
