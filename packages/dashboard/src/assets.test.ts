import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobFixture } from '../test/jobFixture.ts';
import { renderReportHtml, scriptSafeJson } from './assets.ts';

/** A page as Vite builds it: a module script and a stylesheet linked from index.html. */
function fakeBuild(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tunekit-assets-'));
  mkdirSync(join(folder, 'assets'));
  writeFileSync(
    join(folder, 'index.html'),
    '<!doctype html><html><head><title>tunekit dashboard</title>' +
      '<script type="module" crossorigin src="./assets/index-1.js"></script>' +
      '<link rel="stylesheet" crossorigin href="./assets/index-1.css"></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFileSync(join(folder, 'assets', 'index-1.js'), "const end = '</script>'; const cost = '$&$1';");
  writeFileSync(join(folder, 'assets', 'index-1.css'), 'body { color: red }');
  return folder;
}

describe('the static report', () => {
  const job = jobFixture(
    [{ type: 'categorical', name: 'k', values: ['</script><!--', '$&'] }],
    [{ hyperparameters: { k: '</script><!--' }, objective: 1, reason: '\u2028 $1 $&' }],
  );

  it('inlines the script and stylesheet and embeds the job so that it reads back whole', () => {
    const html = renderReportHtml(job, { appDir: fakeBuild() });
    expect(html).toContain(
      "<script type=\"module\">const end = '<\\/script>'; const cost = '$&$1';</script>",
    );
    expect(html).toContain('<style>body { color: red }</style>');
    expect(html).not.toMatch(/\ssrc=|\shref=/);
    expect(html).toContain('<title>tunekit: fixture</title>');
    const start = html.indexOf('<script type="application/json" id="tunekit-data">');
    const text = html.slice(start).replace(/^[^>]*>/, '');
    expect(JSON.parse(text.slice(0, text.indexOf('</script')))).toEqual(job);
  });

  it('escapes every <, > and & of the job, so no </script or <!-- can end or change the element', () => {
    const text = scriptSafeJson({ a: '</script><!-- & \u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028' });
  });

  it('says how to build the page when it is not built', () => {
    expect(() => renderReportHtml(job, { appDir: join(tmpdir(), 'no-such-page') })).toThrow(
      expect.objectContaining({
        code: 'pageNotBuilt',
        message: expect.stringContaining('pnpm --filter @tunekit/dashboard build'),
      }),
    );
  });
});
