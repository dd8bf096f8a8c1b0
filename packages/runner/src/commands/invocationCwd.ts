/**
 * The folder the user ran `tunekit` in, against which relative files and `.tunekit/` resolve.
 *
 * `pnpm tunekit …` and `npm run tunekit …` (this repository's root script, or a project's own
 * `"tunekit": "tunekit"`) run the command in the folder of the package.json that holds the script, and put the
 * folder the user typed it in into `INIT_CWD`. Every process started under any package script inherits
 * `INIT_CWD`, so it is honoured only for the script named `tunekit` and only while the process still runs in that
 * script's package folder: a `tunekit` started by a test, a training job or another script keeps its own
 * working folder.
 */
import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * @param env - The process's environment.
 * @param cwd - The process's working folder.
 * @returns `INIT_CWD` when the process is the `tunekit` package script, otherwise `cwd`.
 */
export function invocationCwd(env: NodeJS.ProcessEnv, cwd: string): string {
  const initCwd = env.INIT_CWD;
  const packageJson = env.npm_package_json;
  if (env.npm_lifecycle_event !== 'tunekit' || !initCwd || !isAbsolute(initCwd) || !packageJson) return cwd;
  return resolve(dirname(packageJson)) === resolve(cwd) ? initCwd : cwd;
}
