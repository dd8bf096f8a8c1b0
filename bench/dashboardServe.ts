/**
 * The server half of bench/dashboard.ts: `tunekit dashboard`'s server on a folder, bundled by esbuild and run under
 * plain Node (as the built `tunekit` runs), so that its resident memory is the server's own. Prints its URL.
 *
 * Run by bench/dashboard.ts: node dashboardServe.mjs <rootDir> <distDir>
 */
import { startDashboardServer } from '../packages/runner/src/dashboard/dashboardServer.ts';

const [rootDir, distDir] = process.argv.slice(2);
const server = await startDashboardServer({
  rootDir: rootDir!,
  distDir: distDir!,
  port: 0,
  host: '127.0.0.1',
});
console.log(server.url);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
