/**
 * A job's page: status and progress, the optimization history, intermediate values, parallel coordinates (whose
 * brush filters the slices, the curves and the table), importance, slices, contour and the trials table. It follows
 * the job live (liveJob.ts); hovering a trial anywhere highlights it on the other charts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiJobDetail } from '../api.ts';
import { formatNumber } from '../charts/format.ts';
import { historyOption } from '../charts/historyChart.ts';
import { intermediateOption } from '../charts/intermediateChart.ts';
import { parallelOption } from '../charts/parallelChart.ts';
import { bestObservedTrial, modelChoice } from '../model/best.ts';
import { brushedTrials, type ParallelBrush, parallelData, parallelDimensions } from '../model/parallel.ts';
import { ContourPanel, ImportancePanel, importanceHeight, SlicePanel } from './AnalysisPanels.tsx';
import { Chart } from './Chart.tsx';
import type { ECharts } from './echarts.ts';
import { useInView, useWhileInView } from './inView.ts';
import { formatTime } from './JobsPage.tsx';
import { useLagged, useLiveJob, useSettled, useSnapshotBy, useStaged, useThrottled } from './liveJob.ts';
import { jobHref } from './router.ts';
import { TrialsTable } from './TrialsTable.tsx';

/** Charts redraw at most this often while events stream in (the header and the table follow every frame). */
const CHART_THROTTLE_MS = 300;
/**
 * Past this many trials a chart takes a good part of a second to draw: the charts redraw once events have paused
 * for 0.4 s, and at least every 3 s while they keep coming, so a burst of events shows in the header and the table
 * at once instead of queueing behind chart redraws.
 */
const BIG_JOB = 2000;
const BIG_CHART_QUIET_MS = 400;
const BIG_CHART_MAX_WAIT_MS = 3000;
/** A big job's importance and contour (a surrogate refit) change slowly: at most every 10 s. */
const BIG_ANALYSIS_THROTTLE_MS = 10_000;

/** Shown in a big job's panel that has not been near the screen yet. */
const OUT_OF_VIEW = 'Drawn when scrolled into view.';

/** A panel not drawn yet: in its turn (`Drawing…`), or once scrolled near ({@link OUT_OF_VIEW}). */
function Placeholder({
  title,
  wide = false,
  text = 'Drawing…',
  height = 320,
  sectionRef,
}: {
  readonly title: string;
  readonly wide?: boolean;
  readonly text?: string;
  /** About the panel's chart's height, so that the page keeps its layout when it is drawn. */
  readonly height?: number;
  readonly sectionRef?: (element: Element | null) => void;
}) {
  return (
    <section class={`panel${wide ? ' wide' : ''}`} ref={sectionRef}>
      <h2>{title}</h2>
      <div class="chart empty" style={{ minHeight: `${height}px` }}>
        {text}
      </div>
    </section>
  );
}

/** The brushed intervals of each parallel axis, read from the chart after a brush. */
function readBrush(chart: ECharts, axes: number): ParallelBrush {
  const model = (
    chart as unknown as { getModel(): { getComponent(type: string, index: number): unknown } }
  ).getModel();
  const brush = new Map<number, [number, number][]>();
  for (let index = 0; index < axes; index++) {
    const axis = model.getComponent('parallelAxis', index) as
      | { activeIntervals?: [number, number][] }
      | undefined;
    if (axis?.activeIntervals !== undefined && axis.activeIntervals.length > 0)
      brush.set(index, axis.activeIntervals);
  }
  return brush;
}

/** A trial number, a link to its page on the live dashboard. */
function TrialRef({
  name,
  trial,
  live,
}: {
  readonly name: string;
  readonly trial: number;
  readonly live: boolean;
}) {
  return live ? <a href={jobHref(name, trial)}>{trial}</a> : trial;
}

/**
 * The job's best, in the facts list: the best trial and its objective; under significant noise, the model's choice
 * (the reported best) said as such, with its estimate and the noise, and the best observed trial beside it.
 */
function BestFacts({ detail, live }: { readonly detail: ApiJobDetail; readonly live: boolean }) {
  const summary = detail.summary;
  const chosen = modelChoice(detail);
  const observed = chosen === undefined ? undefined : bestObservedTrial(detail);
  if (chosen === undefined || observed === undefined)
    return (
      <>
        <dt>best</dt>
        <dd data-testid="best">
          {summary.best === undefined ? (
            '—'
          ) : (
            <>
              {formatNumber(summary.best.objective)} (trial{' '}
              <TrialRef name={summary.name} trial={summary.best.trial} live={live} />)
            </>
          )}
        </dd>
      </>
    );
  const metric = summary.objective.metric;
  const { trial, recommendation } = chosen;
  return (
    <>
      <dt>best (model's choice under noise)</dt>
      <dd
        data-testid="best"
        title="The objective is noisy: the best observed value is partly a lucky draw, so the reported best is the evaluated configuration the model estimates best (the lowest posterior mean)."
      >
        trial <TrialRef name={summary.name} trial={trial.trial} live={live} /> — estimated {metric}{' '}
        {formatNumber(recommendation.estimate)} (observed {formatNumber(trial.objective)}); noise std ≈{' '}
        {formatNumber(recommendation.noiseStd)} from {recommendation.basedOn} trials
      </dd>
      <dt>best observed</dt>
      <dd data-testid="best-observed">
        trial <TrialRef name={summary.name} trial={observed.trial} live={live} />, {metric}{' '}
        {formatNumber(observed.objective)}
      </dd>
    </>
  );
}

export function JobPage({ name, embedded }: { readonly name: string; readonly embedded?: ApiJobDetail }) {
  const { detail, error, connected } = useLiveJob(name, embedded);
  if (error !== undefined)
    return (
      <main>
        <p class="error">
          Cannot read job {name}: {error}
        </p>
        <a href="#/">all jobs</a>
      </main>
    );
  if (detail === undefined)
    return (
      <main>
        <p>Loading {name}…</p>
      </main>
    );
  return <JobView detail={detail} live={embedded === undefined} connected={connected} />;
}

function JobView({ detail, live, connected }: { detail: ApiJobDetail; live: boolean; connected: boolean }) {
  const summary = detail.summary;
  // Three paces: the header and the table follow every frame; the curves follow metric events at a throttled
  // pace (slower for big jobs, whose charts take longer to draw); the charts of finished trials change only
  // when a trial finishes.
  const big = detail.trials.length > BIG_JOB;
  // Both paces are kept (hooks run in a fixed order); a job that grows past BIG_JOB switches from one to the other.
  const throttled = useThrottled(detail, CHART_THROTTLE_MS);
  const settled = useSettled(detail, BIG_CHART_QUIET_MS, BIG_CHART_MAX_WAIT_MS);
  const charted = big ? settled : throttled;
  const finishedKey = `${charted.summary.createdAt} ${charted.summary.counts.completed} ${charted.summary.counts.stopped} ${charted.summary.counts.failed} ${charted.recommendation?.t}`;
  const finished = useSnapshotBy(charted, finishedKey);
  // Each chart takes the new job in a task of its own, so that an event arriving meanwhile is shown between two
  // charts' work instead of after all of it; importance and the contour refit at most every 10 s on a big job.
  const historyFrom = useLagged(finished, 1);
  const parallelFrom = useLagged(finished, 2);
  const sliceFrom = useLagged(finished, 3);
  const analysisFrom = useLagged(useThrottled(finished, big ? BIG_ANALYSIS_THROTTLE_MS : 0), 4);
  // The first render draws the header and the table; the charts follow, one per task, so the page paints first.
  const stage = useStaged(6);
  // A big job's panels below the first screen are drawn once scrolled near, and keep what they drew while away.
  const lazy = big && live;
  const parallelView = useInView(lazy);
  const importanceView = useInView(lazy);
  const contourView = useInView(lazy);
  const sliceView = useInView(lazy);
  const parallelShown = useWhileInView(parallelFrom, parallelView.inView);
  const importanceShown = useWhileInView(analysisFrom, importanceView.inView);
  const contourShown = useWhileInView(analysisFrom, contourView.inView);
  const sliceShown = useWhileInView(sliceFrom, sliceView.inView);
  const [by, setBy] = useState<'trial' | 'time'>('trial');
  const [log, setLog] = useState(false);
  const [brush, setBrush] = useState<ParallelBrush>(new Map());
  const [hovered, setHovered] = useState<number | undefined>(undefined);
  // The lines are drawn in their turn; the axes (what a brush is read against) are cheap.
  const parallel = useMemo(
    () =>
      stage < 3 || parallelShown === undefined
        ? { dimensions: parallelDimensions(parallelFrom), rows: [], trials: [] }
        : parallelData(parallelShown),
    [stage < 3, parallelShown ?? parallelFrom],
  );
  const brushed = useMemo(
    () => brushedTrials(detail, parallel.dimensions, brush),
    [detail, parallel.dimensions, brush],
  );
  const chartedBrushed = useMemo(
    () => brushedTrials(charted, parallel.dimensions, brush),
    [charted, parallel.dimensions, brush],
  );
  const finishedBrushed = useMemo(
    () => (sliceShown === undefined ? undefined : brushedTrials(sliceShown, parallel.dimensions, brush)),
    [sliceShown, parallel.dimensions, brush],
  );
  const history = useMemo(
    () => (stage < 1 ? undefined : historyOption(historyFrom, by, log)),
    [stage < 1, historyFrom, by, log],
  );
  const curves = useMemo(
    () => (stage < 2 ? undefined : intermediateOption(charted, chartedBrushed)),
    [stage < 2, charted, chartedBrushed],
  );
  const parallelChartOption = useMemo(
    () =>
      parallel.rows.length === 0 || parallelShown === undefined
        ? undefined
        : parallelOption(parallelShown, parallel),
    [parallelShown, parallel],
  );
  const logAllowed = useMemo(
    () => historyFrom.trials.every((trial) => trial.objective === undefined || trial.objective > 0),
    [historyFrom],
  );

  // Hover: charts report the trial under the pointer; the others highlight it.
  const charts = useRef<{ history?: ECharts; curves?: ECharts; parallel?: ECharts }>({});
  const parallelRef = useRef(parallel);
  parallelRef.current = parallel;
  const historyRef = useRef(history);
  historyRef.current = history;
  const onHistory = useCallback((chart: ECharts) => {
    charts.current.history = chart;
    chart.on('mouseover', (event) => {
      const value = (event as { value?: unknown }).value;
      if (Array.isArray(value) && typeof value[2] === 'number') setHovered(value[2]);
    });
    chart.on('mouseout', () => setHovered(undefined));
  }, []);
  const onCurves = useCallback((chart: ECharts) => {
    charts.current.curves = chart;
    chart.on('mouseover', (event) => {
      const id = String((event as { seriesId?: string }).seriesId ?? '');
      if (id.startsWith('trial-')) setHovered(Number(id.slice(6)));
    });
    chart.on('mouseout', () => setHovered(undefined));
  }, []);
  const onParallel = useCallback((chart: ECharts) => {
    charts.current.parallel = chart;
    chart.on('axisareaselected', () => setBrush(readBrush(chart, parallelRef.current.dimensions.length)));
  }, []);
  useEffect(() => {
    const { history: historyChart, curves: curvesChart, parallel: parallelChart } = charts.current;
    if (hovered === undefined) {
      historyChart?.dispatchAction({ type: 'downplay' });
      curvesChart?.dispatchAction({ type: 'downplay' });
      parallelChart?.dispatchAction({ type: 'downplay' });
      return;
    }
    // From the option the page built: the chart's getOption() would clone every point.
    const pointIndex = ((historyRef.current?.series ?? []) as { id?: string; data?: number[][] }[])
      .find((series) => series.id === 'completed')
      ?.data?.findIndex((point) => point[2] === hovered);
    if (pointIndex !== undefined && pointIndex >= 0)
      historyChart?.dispatchAction({ type: 'highlight', seriesId: 'completed', dataIndex: pointIndex });
    curvesChart?.dispatchAction({ type: 'highlight', seriesId: `trial-${hovered}` });
    const row = parallelRef.current.trials.indexOf(hovered);
    if (row >= 0) parallelChart?.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: row });
  }, [hovered]);
  const clearBrush = () => {
    const chart = charts.current.parallel;
    for (let index = 0; index < parallel.dimensions.length; index++)
      chart?.dispatchAction({ type: 'axisAreaSelect', parallelAxisIndex: index, intervals: [] });
    // The action keeps the drawn brush of the axis it names (the user drew it); a redraw removes it.
    chart?.setOption({ parallel: {} });
    setBrush(new Map());
  };

  const done = summary.counts.total - summary.counts.inFlight;
  const progress = summary.maxTrials > 0 ? Math.min(1, done / summary.maxTrials) : 0;
  return (
    <main>
      <nav class="crumbs">{live ? <a href="#/">all jobs</a> : <span>tunekit report</span>}</nav>
      <header class="job-header">
        <h1>{summary.name}</h1>
        <span class={`badge ${summary.status}`} data-testid="job-status">
          {summary.status}
        </span>
        {live && summary.tunerPid !== undefined ? (
          <span
            class={`live ${connected ? '' : 'off'}`}
            title={connected ? 'following the journal' : 'reconnecting'}
          >
            live
          </span>
        ) : null}
      </header>
      <div class="facts">
        <div class="progress" title={`${done} of ${summary.maxTrials} trials finished`}>
          <div class="bar" style={{ width: `${progress * 100}%` }} />
          <span>
            <span data-testid="trial-count">
              {done}/{summary.maxTrials}
            </span>{' '}
            trials done{summary.counts.inFlight > 0 ? `, ${summary.counts.inFlight} running` : ''}
          </span>
        </div>
        <dl>
          <dt>objective</dt>
          <dd>
            {summary.objective.type} {summary.objective.metric}
          </dd>
          <BestFacts detail={detail} live={live} />
          <dt>strategy</dt>
          <dd>{summary.strategy}</dd>
          <dt>early stopping</dt>
          <dd>{detail.earlyStopping}</dd>
          <dt>completed · stopped · failed</dt>
          <dd>
            {summary.counts.completed} · {summary.counts.stopped} · {summary.counts.failed}
          </dd>
          <dt>created</dt>
          <dd>{formatTime(summary.createdAt)}</dd>
          <dt>elapsed</dt>
          <dd>{Math.round(summary.elapsedSeconds)} s</dd>
          {summary.finishReason === undefined ? null : (
            <>
              <dt>finished</dt>
              <dd>{summary.finishReason}</dd>
            </>
          )}
        </dl>
      </div>
      <div class="grid">
        <section class="panel">
          <h2>Optimization history</h2>
          <div class="controls">
            <label>
              <input type="radio" checked={by === 'trial'} onChange={() => setBy('trial')} /> by trial
            </label>
            <label>
              <input type="radio" checked={by === 'time'} onChange={() => setBy('time')} /> by time
            </label>
            <label title={logAllowed ? '' : 'a log axis needs every value > 0'}>
              <input
                type="checkbox"
                checked={log && logAllowed}
                disabled={!logAllowed}
                onChange={() => setLog(!log)}
              />{' '}
              log scale
            </label>
          </div>
          <Chart
            title="Optimization history"
            option={history}
            testId="history"
            onChart={onHistory}
            empty={stage < 1 ? 'Drawing…' : 'No trial has finished yet.'}
          />
        </section>
        <section class="panel">
          <h2>Intermediate values</h2>
          <Chart
            title="Intermediate values"
            option={curves === undefined || curves.total === 0 ? undefined : curves.option}
            testId="intermediate"
            onChart={onCurves}
            empty={stage < 2 ? 'Drawing…' : 'No trial has reported an intermediate value yet.'}
          />
          {curves !== undefined && curves.shown < curves.total ? (
            <p class="note">
              {curves.shown} of {curves.total} curves: the running trials, the best, then the latest.
            </p>
          ) : null}
        </section>
        <section class="panel wide" ref={parallelView.ref}>
          <h2>Parallel coordinates</h2>
          <p class="note">
            Drag along an axis to keep an interval: the slices, the curves and the table follow.
          </p>
          <Chart
            title="Parallel coordinates"
            option={parallelChartOption}
            height={360}
            testId="parallel-coordinates"
            onChart={onParallel}
            empty={
              stage < 3
                ? 'Drawing…'
                : parallelShown === undefined
                  ? OUT_OF_VIEW
                  : 'No trial has completed yet.'
            }
          />
        </section>
        {stage < 4 || importanceShown === undefined ? (
          <Placeholder
            title="Hyperparameter importance"
            height={importanceHeight(detail)}
            sectionRef={importanceView.ref}
            {...(stage < 4 ? {} : { text: OUT_OF_VIEW })}
          />
        ) : (
          <ImportancePanel detail={importanceShown} sectionRef={importanceView.ref} />
        )}
        {stage < 5 || contourShown === undefined ? (
          <Placeholder
            title="Contour"
            height={360}
            sectionRef={contourView.ref}
            {...(stage < 5 ? {} : { text: OUT_OF_VIEW })}
          />
        ) : (
          <ContourPanel detail={contourShown} sectionRef={contourView.ref} />
        )}
        {stage < 6 || sliceShown === undefined ? (
          <Placeholder
            title="Slices"
            wide
            height={260}
            sectionRef={sliceView.ref}
            {...(stage < 6 ? {} : { text: OUT_OF_VIEW })}
          />
        ) : (
          <SlicePanel
            detail={sliceShown}
            sectionRef={sliceView.ref}
            {...(finishedBrushed === undefined ? {} : { visible: finishedBrushed })}
          />
        )}
        <TrialsTable
          detail={detail}
          brushed={brushed}
          onClearBrush={clearBrush}
          hovered={hovered}
          onHover={setHovered}
          links={live}
        />
      </div>
    </main>
  );
}
