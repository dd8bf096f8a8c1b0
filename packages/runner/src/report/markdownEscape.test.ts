import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { buildJobView } from '../journal/jobView.ts';
import { markdownReport, mermaidChart } from './markdown.ts';
import { codeBlock, escapeMarkdown, inlineCode, mermaidLabel } from './markdownEscape.ts';

const ZWJ = '\u200d';

/** Mentions, references and auto-links GitHub would act on: none may survive escaping. */
const LINKABLE = [
  /(^|[^\w`])@[A-Za-z0-9]/, // @user, @org/team
  /(^|\s)#\d/, // #12
  /\w\/\w+#\d/, // owner/repo#12
  /https?:\/\//i,
  /\bwww\./i,
  /[\w.]+@[\w-]+\.\w/, // e-mail address
];

function expectNothingLinkable(text: string): void {
  for (const pattern of LINKABLE) expect(text, `matches ${pattern}`).not.toMatch(pattern);
}

/** A job whose metric, parameter names and values, and failure reason come from an attacker. */
const metric = 'loss\n```\n<img src=x onerror=alert(1)>\n[click](https://evil.example) @octocat\n```';

function hostileView() {
  const spec = sampleSpec({
    objective: { metric, type: 'Minimize' },
    metrics: [{ name: metric, regex: 'loss=(\\S+)' }],
  });
  const events: JournalEvent[] = [{ type: 'jobCreated', t: 0, spec, specHash: 'h' }];
  finishedTrial(
    events,
    1,
    { eta: 0.1, depth: 3, booster: '@octocat <img src=x> www.evil.example @acme/admins' },
    { status: 'Completed', objective: 2 },
    1000,
  );
  finishedTrial(
    events,
    2,
    { eta: 0.2, depth: 4, booster: 'gbtree' },
    {
      status: 'Failed',
      reason: 'crash: see http://evil.example/x, mail admin@evil.example, cc @octocat #12',
    },
    3000,
  );
  return buildJobView(events);
}

describe('escapeMarkdown', () => {
  it('keeps no HTML, no markup, no line break and no link GitHub would make', () => {
    const text =
      'a\n```\n<img src=x>&amp; **b** [l](https://x.example) ![i](y) @octocat @acme/team acme/repo#12 #3 www.x.io a@b.io ~s~ $x$ | c';
    const escaped = escapeMarkdown(text);
    expect(escaped).not.toMatch(/[\r\n]/);
    expect(escaped).not.toContain('<');
    expect(escaped).not.toContain('>');
    expect(escaped).toContain('&lt;img src=x&gt;&amp;amp;');
    expect(escaped).toContain('\\*\\*b\\*\\*');
    expect(escaped).toContain('!\\[i\\](y)');
    expect(escaped).toContain('\\~s\\~ \\$x\\$ \\| c');
    expect(escaped).toContain(`@${ZWJ}octocat`);
    expectNothingLinkable(escaped);
    // Removing the joiners gives back the text the reader sees.
    expect(escaped.replaceAll(ZWJ, '')).toContain('@acme/team acme/repo#12 #3 www.x.io a@b.io');
  });

  it('escapes line-start markup there only, so names such as pr-tune stay readable', () => {
    expect(escapeMarkdown('# pr-tune')).toBe('\\# pr-tune');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('> quote')).toBe('&gt; quote');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
  });

  it('replaces control characters and bidirectional overrides', () => {
    expect(escapeMarkdown('a\u0000b\u001bc\u202ed\u2066e')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
  });
});

describe('code', () => {
  it('inline code cannot be closed or broken out of by its text', () => {
    expect(inlineCode('validation:rmse')).toBe('`validation:rmse`');
    expect(inlineCode('a ``` b')).toBe('````a ``` b````');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('a\n```\nb')).toBe('````a ``` b````');
  });

  it('a code block fence is longer than any backtick run in the lines', () => {
    const block = codeBlock('one\n````\n```` ```\ntwo', '  ');
    const lines = block.split('\n');
    expect(lines[0]).toBe('  `````');
    expect(lines.at(-1)).toBe('  `````');
    expect(lines).toHaveLength(6);
    expect(codeBlock('plain')).toBe('```\nplain\n```');
  });

  it('a Mermaid label keeps no quote, line break, backtick or angle bracket', () => {
    expect(mermaidLabel('validation:rmse')).toBe('validation:rmse');
    expect(mermaidLabel('a"\n```<b>')).toBe('a______b_');
    expect(mermaidLabel('x'.repeat(200))).toHaveLength(80);
  });
});

describe('the Markdown report of a hostile job', () => {
  it('the metric name cannot close the Mermaid block; no HTML, link or mention ships', () => {
    const view = hostileView();
    const markdown = markdownReport(view);
    // Exactly one fenced block: the chart, opened and closed by the report itself.
    expect(markdown.match(/^```/gm)).toEqual(['```', '```']);
    // Code renders literally (no HTML, link or mention inside): the metric's code span is the only one.
    const code = inlineCode(metric);
    expect(markdown).toContain(`minimising ${code}: `);
    const prose = markdown.replace(/```mermaid\n[\s\S]*?\n```\n/, '').replaceAll(code, '');
    expect(prose).not.toContain('<img');
    expect(prose).not.toMatch(/(?<!\\)\]\(/); // a link's `](` that is not escaped
    expectNothingLinkable(prose);
    const chart = mermaidChart(view)!;
    const lines = chart.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[2]).toMatch(/^ {2}title "[^"`<>\n]*"$/);
    expect(lines[4]).toMatch(/^ {2}y-axis "[^"`<>\n]*" /);
  });
});
