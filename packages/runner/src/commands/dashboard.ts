/**
 * `tunekit dashboard`: serves the live dashboard of every job of the folder (dashboard/dashboardServer.ts) until
 * Ctrl-C or SIGTERM, which end the event streams and the watchers and close the server.
 */
import { type Command, Option } from 'commander';
import { startDashboardServer } from '../dashboard/dashboardServer.ts';
import { RunnerError } from '../errors.ts';
import { isLoopback } from '../net/listen.ts';
import type { CommandContext } from './context.ts';

/** The port the dashboard listens on by default. */
export const DEFAULT_DASHBOARD_PORT = 8177;

/**
 * Adds the `dashboard` command.
 *
 * @param program - The root command.
 * @param context - Streams and exit code.
 */
export function registerDashboard(program: Command, context: CommandContext): void {
  program
    .command('dashboard')
    .description('serve a live, read-only web dashboard of every job of the folder (stop it with Ctrl-C)')
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 picks a free one').default(
        String(DEFAULT_DASHBOARD_PORT),
      ),
    )
    .addOption(
      new Option(
        '--host <addr>',
        'address to listen on; anything but a loopback address lets others on the network read the jobs and logs',
      ).default('127.0.0.1'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tunekit dashboard\n  $ tunekit dashboard --dir experiments --port 0\n',
    )
    .action(async (options: { port: string; host: string }, command: Command) => {
      const { io } = context;
      const port = Number(options.port);
      if (!/^\d{1,5}$/.test(options.port) || port > 65_535) {
        throw new RunnerError(
          'invalidOption',
          `--port: must be a whole number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(options.port)}`,
        );
      }
      const host = options.host;
      if (host === '' || /[\s/\0]/.test(host)) {
        throw new RunnerError('invalidOption', `--host: not an address: ${JSON.stringify(host)}`);
      }
      const rootDir = context.globals(command).dir;
      // Listening for the signals before the URL is printed: a Ctrl-C at any moment after it stops cleanly.
      let stopRequested!: () => void;
      const stopped = new Promise<void>((resolve) => {
        stopRequested = resolve;
      });
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        stopRequested();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      let server: Awaited<ReturnType<typeof startDashboardServer>>;
      try {
        server = await startDashboardServer({ rootDir, port, host });
      } catch (error) {
        stop();
        throw error;
      }
      if (!isLoopback(host)) {
        io.stderr.write(
          `tunekit dashboard: warning: listening on ${host}: anyone who can reach ${host} can read the jobs, logs included\n`,
        );
      }
      io.stdout.write(`tunekit dashboard: ${server.url}\n`);
      await stopped;
      await server.close();
      io.stdout.write('tunekit dashboard: stopped\n');
    });
}
