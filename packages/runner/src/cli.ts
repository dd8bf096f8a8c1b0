/**
 * The `tunekit` executable's entry: runs the CLI on the process's arguments and exits with its code.
 */
import { guardStream } from './commands/guardedStream.ts';
import { invocationCwd } from './commands/invocationCwd.ts';
import { runCli } from './commands/program.ts';

const outputClosed = new AbortController();
const closeOutput = (): void => {
  if (!outputClosed.signal.aborted) outputClosed.abort();
};
const code = await runCli(process.argv.slice(2), {
  stdout: guardStream(process.stdout, closeOutput),
  stderr: guardStream(process.stderr, closeOutput),
  cwd: invocationCwd(process.env, process.cwd()),
  outputClosed: outputClosed.signal,
});
process.exitCode = code;
