/**
 * The trials table: sortable columns (every range and metric), filters by status, objective range and the
 * parallel-coordinates brush, a page of rows at a time (10,000 rows in the DOM would make every update slow), and
 * each trial's hyperparameters copied as JSON or YAML.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ApiJobDetail, ApiTrialStatus } from '../api.ts';
import { formatValue } from '../charts/format.ts';
import { bestObservedTrial, modelChoice } from '../model/best.ts';
import {
  cellValue,
  hyperparameterText,
  type TrialSort,
  trialColumns,
  trialTableRows,
} from '../model/trialsTable.ts';
import { formatTime } from './JobsPage.tsx';
import { jobHref } from './router.ts';

/** Rows a page. */
const PAGE = 100;

const STATUSES: readonly ApiTrialStatus[] = [
  'Completed',
  'Stopped',
  'Failed',
  'Running',
  'Pending',
  'Interrupted',
];

/** Copies text, with a fallback where the clipboard API is refused (a file:// report). */
async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/** A number field's value, or undefined when empty or not a number. */
function parseBound(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export interface TrialsTableProps {
  readonly detail: ApiJobDetail;
  /** Trials kept by the parallel-coordinates brush. */
  readonly brushed: ReadonlySet<number> | undefined;
  readonly onClearBrush: () => void;
  readonly hovered: number | undefined;
  readonly onHover: (trial: number | undefined) => void;
  /** Whether trial pages exist (not in a static report). */
  readonly links: boolean;
}

export function TrialsTable({ detail, brushed, onClearBrush, hovered, onHover, links }: TrialsTableProps) {
  const [sort, setSort] = useState<TrialSort>({ key: 'trial', descending: false });
  const [statuses, setStatuses] = useState<ReadonlySet<ApiTrialStatus>>(new Set());
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const [page, setPage] = useState(0);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const columns = useMemo(() => trialColumns(detail), [detail]);
  const objectiveMin = parseBound(minText);
  const objectiveMax = parseBound(maxText);
  const rows = useMemo(
    () =>
      trialTableRows(
        detail.trials,
        {
          statuses,
          ...(objectiveMin === undefined ? {} : { objectiveMin }),
          ...(objectiveMax === undefined ? {} : { objectiveMax }),
          ...(brushed === undefined ? {} : { trials: brushed }),
        },
        sort,
      ),
    [detail.trials, statuses, objectiveMin, objectiveMax, brushed, sort],
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * PAGE, (current + 1) * PAGE);
  // Under significant noise the model's choice is the best row and the best observed one is marked too; else the
  // summary's best is the best row.
  const chosen = useMemo(() => modelChoice(detail)?.trial.trial, [detail.trials, detail.recommendation]);
  const observed = useMemo(
    () => (chosen === undefined ? undefined : bestObservedTrial(detail)?.trial),
    [chosen, detail.trials, detail.summary.objective.type],
  );
  const best = chosen ?? detail.summary.best?.trial;
  const toggleStatus = (status: ApiTrialStatus) => {
    const next = new Set(statuses);
    if (next.has(status)) next.delete(status);
    else next.add(status);
    setStatuses(next);
    setPage(0);
  };
  const sortBy = (key: string) => {
    setSort((previous) => ({ key, descending: previous.key === key ? !previous.descending : false }));
    setPage(0);
  };
  const onCopy = async (trial: number, format: 'json' | 'yaml') => {
    const found = detail.trials.find((entry) => entry.trial === trial);
    if (found === undefined) return;
    await copy(hyperparameterText(found.hyperparameters, format));
    setCopied(`trial ${trial} as ${format.toUpperCase()}`);
  };
  return (
    <section class="panel wide">
      <h2>Trials</h2>
      <div class="filters">
        <span>status:</span>
        {STATUSES.map((status) => (
          <label key={status}>
            <input
              type="checkbox"
              checked={statuses.has(status)}
              onChange={() => toggleStatus(status)}
              data-testid={`filter-status-${status}`}
            />
            {status}
          </label>
        ))}
        <label>
          {detail.summary.objective.metric} from{' '}
          <input
            type="number"
            step="any"
            value={minText}
            onInput={(event) => {
              setMinText((event.target as HTMLInputElement).value);
              setPage(0);
            }}
            data-testid="filter-objective-min"
          />
        </label>
        <label>
          to{' '}
          <input
            type="number"
            step="any"
            value={maxText}
            onInput={(event) => {
              setMaxText((event.target as HTMLInputElement).value);
              setPage(0);
            }}
            data-testid="filter-objective-max"
          />
        </label>
        {brushed === undefined ? null : (
          <button type="button" onClick={onClearBrush} data-testid="clear-brush">
            brushed: {brushed.size} trials ✕
          </button>
        )}
        <span class="muted" data-testid="trials-shown">
          {rows.length} of {detail.trials.length} trials
        </span>
        {copied === undefined ? null : <span class="muted">copied {copied}</span>}
      </div>
      <div class="table-scroll">
        <table data-testid="trials-table" class="trials">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} class={column.numeric ? 'num' : ''}>
                  <button
                    type="button"
                    class="sort"
                    onClick={() => sortBy(column.key)}
                    data-testid={`sort-${column.key}`}
                  >
                    {column.title}
                    {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
              <th>copy</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((trial) => (
              <tr
                key={trial.trial}
                data-testid={`trial-row-${trial.trial}`}
                class={`${trial.trial === best ? 'best' : trial.trial === observed ? 'best-observed' : ''} ${trial.trial === hovered ? 'hovered' : ''}`}
                onMouseEnter={() => onHover(trial.trial)}
                onMouseLeave={() => onHover(undefined)}
              >
                {columns.map((column) => {
                  const value = cellValue(trial, column.key);
                  if (column.key === 'trial')
                    return (
                      <td key={column.key} class="num">
                        {links ? (
                          <a
                            href={jobHref(detail.summary.name, trial.trial)}
                            data-testid={`trial-link-${trial.trial}`}
                          >
                            {trial.trial}
                          </a>
                        ) : (
                          trial.trial
                        )}
                        {trial.trial === chosen ? (
                          <span
                            class="mark choice"
                            data-testid="mark-choice"
                            title="the reported best: the model's estimate is best (noise is significant)"
                          >
                            model's choice
                          </span>
                        ) : null}
                        {trial.trial === observed ? (
                          <span
                            class="mark observed"
                            data-testid="mark-observed"
                            title="the best observed value"
                          >
                            best observed
                          </span>
                        ) : null}
                      </td>
                    );
                  if (column.key === 'status')
                    return (
                      <td key={column.key}>
                        <span class={`badge ${trial.status}`}>{trial.status}</span>
                      </td>
                    );
                  if (column.key === 'start')
                    return <td key={column.key}>{formatTime(trial.start, true)}</td>;
                  return (
                    <td
                      key={column.key}
                      class={column.numeric ? 'num' : column.key === 'reason' ? 'reason' : ''}
                    >
                      {formatValue(value)}
                    </td>
                  );
                })}
                <td class="copy">
                  <button
                    type="button"
                    onClick={() => onCopy(trial.trial, 'json')}
                    title="copy hyperparameters as JSON"
                  >
                    JSON
                  </button>
                  <button
                    type="button"
                    onClick={() => onCopy(trial.trial, 'yaml')}
                    title="copy hyperparameters as YAML"
                  >
                    YAML
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <div class="pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            ← previous
          </button>
          <span>
            page {current + 1} of {pages}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            next →
          </button>
        </div>
      ) : null}
    </section>
  );
}
