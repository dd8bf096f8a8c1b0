/**
 * The `tunekit` executable's entry: runs the CLI on the process's arguments and exits with its code.
 */
import { runCli } from './commands/program.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
