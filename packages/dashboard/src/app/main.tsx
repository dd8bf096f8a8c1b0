/**
 * The dashboard's entry: the scheme, the route, and the page. In a static report (a job embedded in the page) it
 * shows that job's page and nothing else, with no request to any server.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { JobPage } from './JobPage.tsx';
import { JobsPage } from './JobsPage.tsx';
import { useRoute } from './router.ts';
import { applyScheme, initialScheme, type Scheme, SchemeContext } from './scheme.ts';
import { embeddedJob } from './source.ts';
import { TrialPage } from './TrialPage.tsx';

const embedded = embeddedJob();

function Pages() {
  const route = useRoute();
  if (embedded !== undefined) return <JobPage name={embedded.summary.name} embedded={embedded} />;
  if (route.page === 'job') return <JobPage key={route.name} name={route.name} />;
  if (route.page === 'trial')
    return <TrialPage key={`${route.name}/${route.trial}`} name={route.name} trial={route.trial} />;
  return <JobsPage />;
}

function App() {
  const [scheme, setScheme] = useState<Scheme>(initialScheme);
  useEffect(() => applyScheme(scheme, false), [scheme]);
  const toggle = () => {
    const next = scheme === 'dark' ? 'light' : 'dark';
    applyScheme(next, true);
    setScheme(next);
  };
  useEffect(() => {
    if (embedded !== undefined) document.title = `tunekit: ${embedded.summary.name}`;
  }, []);
  return (
    <SchemeContext.Provider value={scheme}>
      <div class="topbar">
        <a class="brand" href={embedded === undefined ? '#/' : undefined}>
          tunekit
        </a>
        <span class="muted">{embedded === undefined ? 'dashboard' : 'report'}</span>
        <button
          type="button"
          class="scheme"
          onClick={toggle}
          data-testid="scheme-toggle"
          title="switch light / dark"
        >
          {scheme === 'dark' ? '☀ light' : '☾ dark'}
        </button>
      </div>
      <Pages />
    </SchemeContext.Provider>
  );
}

render(<App />, document.getElementById('root')!);
