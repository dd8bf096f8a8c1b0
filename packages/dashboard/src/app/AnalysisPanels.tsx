/**
 * The analysis views, computed from a throttled copy of the job (they fit a surrogate or draw one chart per range):
 * hyperparameter importance, slice plots and the contour of two ranges the user picks.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ApiJobDetail } from '../api.ts';
import { contourOption } from '../charts/contourChart.ts';
import { importanceOption } from '../charts/importanceChart.ts';
import { sliceOption } from '../charts/sliceChart.ts';
import { contourData } from '../model/contour.ts';
import { importances } from '../model/importance.ts';
import { sliceData } from '../model/slice.ts';
import { Chart } from './Chart.tsx';

/** The number of Completed trials: the surrogate is refitted only when it changes. */
function completedCount(detail: ApiJobDetail): number {
  return detail.summary.counts.completed;
}

/** The importance chart's height: a bar a range. */
export function importanceHeight(detail: ApiJobDetail): number {
  return Math.max(200, 70 + 32 * detail.parameters.length);
}

/** Where a panel's section element goes (for drawing it only near the screen, inView.ts). */
type SectionRef = (element: Element | null) => void;

export function ImportancePanel({
  detail,
  sectionRef,
}: {
  readonly detail: ApiJobDetail;
  readonly sectionRef?: SectionRef;
}) {
  const count = completedCount(detail);
  const option = useMemo(() => {
    const values = importances(detail);
    return values === undefined ? undefined : importanceOption(values);
  }, [count, detail.parameters]);
  return (
    <section class="panel" ref={sectionRef}>
      <h2>Hyperparameter importance</h2>
      <Chart
        title="Hyperparameter importance"
        option={option}
        height={importanceHeight(detail)}
        testId="importance"
        empty="Importance needs at least 4 completed trials."
      />
      <p class="note">
        fANOVA main effects of a random forest fitted on the completed trials (up to 300): each range's share
        of the variance the forest explains.
      </p>
    </section>
  );
}

export function SlicePanel({
  detail,
  visible,
  sectionRef,
}: {
  readonly detail: ApiJobDetail;
  readonly visible?: ReadonlySet<number>;
  readonly sectionRef?: SectionRef;
}) {
  const slices = useMemo(() => sliceData(detail, visible), [detail, visible]);
  const options = useMemo(() => slices.map((slice) => sliceOption(detail, slice)), [slices, detail]);
  return (
    <section class="panel wide" ref={sectionRef}>
      <h2>Slices: {detail.summary.objective.metric} against each range</h2>
      <div class="slices">
        {options.map((option, index) => (
          <Chart
            title={`Slice of ${slices[index]!.parameter.name}`}
            key={slices[index]!.parameter.name}
            option={option}
            height={260}
            testId={`slice-${slices[index]!.parameter.name}`}
          />
        ))}
      </div>
    </section>
  );
}

export function ContourPanel({
  detail,
  sectionRef,
}: {
  readonly detail: ApiJobDetail;
  readonly sectionRef?: SectionRef;
}) {
  const names = detail.parameters.map((parameter) => parameter.name);
  const [x, setX] = useState(names[0] ?? '');
  const [y, setY] = useState(names[1] ?? '');
  const count = completedCount(detail);
  const option = useMemo(() => {
    const data = contourData(detail, x, y);
    return data === undefined ? undefined : contourOption(detail, data);
  }, [count, x, y, detail.parameters]);
  if (names.length < 2) return null;
  const select = (value: string, set: (next: string) => void, testId: string) => (
    <select
      value={value}
      onChange={(event) => set((event.target as HTMLSelectElement).value)}
      data-testid={testId}
    >
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
  return (
    <section class="panel" ref={sectionRef}>
      <h2>Contour</h2>
      <div class="controls">
        <span>x {select(x, setX, 'contour-x')}</span>
        <span>y {select(y, setY, 'contour-y')}</span>
      </div>
      <Chart
        title="Contour"
        option={option}
        height={360}
        testId="contour"
        empty={x === y ? 'Pick two different ranges.' : 'The contour needs at least 4 completed trials.'}
      />
      <p class="note">The random forest's prediction over the two ranges, the others averaged out.</p>
    </section>
  );
}
