/**
 * Puts an HTTP server of tunekit's (the dashboard, a served job) on an address, with a clear error when it cannot.
 */
import type { Server } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { RunnerError } from '../errors.ts';

/**
 * Listens on a host and port.
 *
 * @param server - The server, not yet listening.
 * @param host - The address (or name) to bind.
 * @param port - The port; 0 for a free one.
 * @returns The URL with the real port (`http://<host>:<port>/`) and the port.
 * @throws RunnerError `addressUnavailable` when the port is taken or the host is not this machine's.
 */
export async function listen(
  server: Server,
  host: string,
  port: number,
): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES'
          ? new RunnerError(
              'addressUnavailable',
              error.code === 'EADDRINUSE'
                ? `port ${port} on ${host} is taken: pass another --port, or --port 0 for a free one`
                : `cannot listen on ${host}:${port} (${error.code}): pass --host with an address of ` +
                    'this machine, and a --port above 1023',
              { cause: error },
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const hostInUrl = isIP(host) === 6 ? `[${host}]` : host;
  return { url: `http://${hostInUrl}:${actual}/`, port: actual };
}

/**
 * Whether an address is a loopback one (only this machine can reach it).
 *
 * @param host - A host name or address.
 * @returns True for localhost, 127.x.y.z and ::1.
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
