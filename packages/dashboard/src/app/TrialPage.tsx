/**
 * A trial's page: its hyperparameters (to copy), status and reason, every metric's curve, and its log, tailed by
 * polling `/log?from=` every 500 ms while the trial can still write (its detail refreshes every 2 s meanwhile).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiTrialDetail } from '../api.ts';
import { formatNumber, formatValue } from '../charts/format.ts';
import { metricOption } from '../charts/metricChart.ts';
import { hyperparameterText } from '../model/trialsTable.ts';
import { Chart } from './Chart.tsx';
import { formatTime } from './JobsPage.tsx';
import { jobHref } from './router.ts';
import { fetchLog, fetchTrial } from './source.ts';

const LOG_POLL_MS = 500;
const DETAIL_POLL_MS = 2000;
/** The most log text kept on the page; older text is dropped from the top. */
const LOG_KEEP = 2_000_000;
const LIVE_STATUSES = new Set(['Pending', 'Running']);

export function TrialPage({ name, trial }: { readonly name: string; readonly trial: number }) {
  const [detail, setDetail] = useState<ApiTrialDetail | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [log, setLog] = useState('');
  const [logLive, setLogLive] = useState(true);
  const [format, setFormat] = useState<'yaml' | 'json'>('yaml');
  const logBox = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await fetchTrial(name, trial);
        if (stopped) return;
        setDetail(next);
        setError(undefined);
        if (next.live) timer = setTimeout(load, DETAIL_POLL_MS);
      } catch (cause) {
        if (!stopped) setError((cause as Error).message);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [name, trial]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let offset = 0;
    setLog('');
    setLogLive(true);
    const poll = async () => {
      try {
        const piece = await fetchLog(name, trial, offset);
        if (stopped) return;
        offset = piece.next;
        if (piece.text.length > 0) {
          const box = logBox.current;
          const atBottom = box === null || box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
          setLog((previous) => {
            const next = previous + piece.text;
            return next.length > LOG_KEEP ? next.slice(next.length - LOG_KEEP) : next;
          });
          if (atBottom) requestAnimationFrame(() => box?.scrollTo({ top: box.scrollHeight }));
        }
        const live = piece.status === null || LIVE_STATUSES.has(piece.status);
        setLogLive(live);
        // Still growing, or more text waiting past a full piece: ask again.
        if (live || piece.text.length > 0) timer = setTimeout(poll, live ? LOG_POLL_MS : 0);
      } catch {
        if (!stopped) timer = setTimeout(poll, LOG_POLL_MS * 4);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [name, trial]);

  const current = detail?.trial;
  return (
    <main>
      <nav class="crumbs">
        <a href="#/">all jobs</a> / <a href={jobHref(name)}>{name}</a>
      </nav>
      <header class="job-header">
        <h1>
          {name} · trial {trial}
        </h1>
        {current === undefined ? null : (
          <span class={`badge ${current.status}`} data-testid="trial-status">
            {current.status}
          </span>
        )}
        {detail?.live ? <span class="live">live</span> : null}
      </header>
      {error === undefined ? null : <p class="error">Cannot read the trial: {error}</p>}
      {current === undefined ? null : (
        <div class="grid">
          <section class="panel">
            <h2>Hyperparameters</h2>
            <table class="kv">
              <tbody>
                {Object.entries(current.hyperparameters).map(([key, value]) => (
                  <tr key={key}>
                    <th>{key}</th>
                    <td>{formatValue(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="controls">
              <label>
                <input type="radio" checked={format === 'yaml'} onChange={() => setFormat('yaml')} /> YAML
              </label>
              <label>
                <input type="radio" checked={format === 'json'} onChange={() => setFormat('json')} /> JSON
              </label>
              <button
                type="button"
                onClick={() =>
                  navigator.clipboard?.writeText(hyperparameterText(current.hyperparameters, format))
                }
              >
                copy
              </button>
            </div>
            <pre class="copyable">{hyperparameterText(current.hyperparameters, format)}</pre>
          </section>
          <section class="panel">
            <h2>Outcome</h2>
            <dl>
              <dt>status</dt>
              <dd>{current.status}</dd>
              {current.reason === undefined ? null : (
                <>
                  <dt>reason</dt>
                  <dd data-testid="trial-reason">{current.reason}</dd>
                </>
              )}
              <dt>objective</dt>
              <dd>{formatNumber(current.objective)}</dd>
              {Object.entries(current.metrics).map(([metric, value]) => (
                <>
                  <dt key={`t-${metric}`}>{metric}</dt>
                  <dd key={`d-${metric}`}>{formatNumber(value)}</dd>
                </>
              ))}
              <dt>start</dt>
              <dd>{formatTime(current.start)}</dd>
              <dt>end</dt>
              <dd>{formatTime(current.end)}</dd>
              <dt>seconds</dt>
              <dd>{formatNumber(current.durationSeconds)}</dd>
              <dt>attempt</dt>
              <dd>{current.attempt}</dd>
            </dl>
          </section>
          {Object.entries(detail!.metricCurves).map(([metric, points]) => (
            <section class="panel" key={metric}>
              <h2>{metric} by step</h2>
              <Chart
                title={`${metric} by step`}
                option={points.length === 0 ? undefined : metricOption(metric, points)}
                testId={`metric-${metric}`}
              />
            </section>
          ))}
        </div>
      )}
      <section class="panel wide">
        <h2>Log {logLive ? <span class="live">following</span> : null}</h2>
        <pre class="log" data-testid="log" ref={logBox}>
          {log}
        </pre>
      </section>
    </main>
  );
}
