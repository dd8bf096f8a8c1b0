/**
 * The jobs table: every job under `.tunekit/jobs` with the /api/jobs fields, running ones marked live, refreshed
 * every 2 s.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiJobListing } from '../api.ts';
import { formatNumber } from '../charts/format.ts';
import { jobHref } from './router.ts';
import { fetchJobs } from './source.ts';

/** Refresh period of the jobs table. */
const POLL_MS = 2000;

// One formatter each: toLocaleString() builds one per call, which showed in a profile of a 10,000-trial page.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** An ISO time as local date and time (or time of day only). */
export function formatTime(iso: string | undefined, timeOnly = false): string {
  if (iso === undefined) return '';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : (timeOnly ? TIME : DATE_TIME).format(time);
}

export function JobsPage() {
  const [jobs, setJobs] = useState<ApiJobListing[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await fetchJobs();
        if (!stopped) {
          setJobs(next);
          setError(undefined);
        }
      } catch (cause) {
        if (!stopped) setError(String((cause as Error).message ?? cause));
      }
      if (!stopped) timer = setTimeout(load, POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return (
    <main>
      <h1>Jobs</h1>
      {error === undefined ? null : <p class="error">Cannot read the jobs: {error}</p>}
      {jobs === undefined ? (
        <p>Loading…</p>
      ) : jobs.length === 0 ? (
        <p>No job yet. Run `tunekit run &lt;tuning file&gt;` in this folder; it shows here as it starts.</p>
      ) : (
        <div class="table-scroll">
          <table data-testid="jobs-table">
            <thead>
              <tr>
                <th>job</th>
                <th>status</th>
                <th>strategy</th>
                <th>objective</th>
                <th>trials done / budget</th>
                <th>running</th>
                <th>failed</th>
                <th>stopped</th>
                <th>best</th>
                <th>best trial</th>
                <th>created</th>
                <th>last event</th>
                <th>tuner</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) =>
                job.status === 'Damaged' ? (
                  <tr key={job.name}>
                    <td>{job.name}</td>
                    <td>
                      <span class="badge Failed">Damaged</span>
                    </td>
                    <td colSpan={11}>{job.problem}</td>
                  </tr>
                ) : (
                  <tr key={job.name}>
                    <td>
                      <a href={jobHref(job.name)} data-testid={`job-link-${job.name}`}>
                        {job.name}
                      </a>
                    </td>
                    <td>
                      <span class={`badge ${job.status}`}>{job.status}</span>
                      {job.tunerPid === undefined ? null : <span class="live">live</span>}
                    </td>
                    <td>{job.strategy}</td>
                    <td>
                      {job.objective.type} {job.objective.metric}
                    </td>
                    <td>
                      {job.counts.total - job.counts.inFlight}/{job.maxTrials}
                    </td>
                    <td>{job.counts.inFlight}</td>
                    <td>{job.counts.failed}</td>
                    <td>{job.counts.stopped}</td>
                    <td>
                      {job.best === undefined ? '' : formatNumber(job.best.objective)}
                      {job.best?.model === undefined ? null : (
                        <span
                          class="mark choice"
                          data-testid="jobs-mark-choice"
                          title={`The objective is noisy (noise std ≈ ${formatNumber(job.best.model.noiseStd)}): the model's estimate of this trial is ${formatNumber(job.best.model.estimate)}${job.bestObserved === undefined ? '' : `; best observed ${formatNumber(job.bestObserved.objective)} (trial ${job.bestObserved.trial})`}`}
                        >
                          model's choice
                        </span>
                      )}
                    </td>
                    <td>{job.best === undefined ? '' : job.best.trial}</td>
                    <td>{formatTime(job.createdAt)}</td>
                    <td>{formatTime(job.lastEventAt)}</td>
                    <td>{job.tunerPid === undefined ? '' : `pid ${job.tunerPid}`}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
