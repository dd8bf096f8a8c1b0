/**
 * How tunekit's tests and benchmarks start a browser: Debian's Chromium (`apt-get install -y chromium`; .ci/run
 * installs it as root) driven by playwright-core, headless, with the flags that keep it off the network (without
 * them it floods a closed network with refused connections). One place, so a new browser test cannot forget one.
 */

/** Where Debian installs Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** playwright-core's `launch` options. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
};
