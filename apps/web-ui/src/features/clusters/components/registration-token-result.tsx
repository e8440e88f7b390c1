import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert } from '../../../components/alert';
import { buttonClassName } from '../../../components/button';
import { CopyBlock } from '../../../components/copy-block';
import { RelativeTime } from '../../../components/relative-time';
import { formatDateTime } from '../../../lib/relative-time';
import type { RegistrationToken } from '../api/cluster-types';
import { InClusterPrerequisites } from './in-cluster-prerequisites';
import styles from './registration-token-result.module.css';

type TabId = 'local' | 'in-cluster';
const TABS: { id: TabId; label: string }[] = [
  { id: 'local', label: 'Local kubeconfig' },
  { id: 'in-cluster', label: 'In-cluster manifests' },
];

/** Shows a freshly minted token once: the only moment it exists outside the hub's hash. */
export function RegistrationTokenResult({ result }: { result: RegistrationToken }) {
  const [tab, setTab] = useState<TabId>('local');
  const baseId = useId();
  const tabRefs = useRef<Record<TabId, HTMLButtonElement | null>>({ local: null, 'in-cluster': null });
  const expiresAt = new Date(result.expiresAt);
  const manifestUrl = useMemo(
    () =>
      typeof URL.createObjectURL === 'function'
        ? URL.createObjectURL(new Blob([result.agentManifests], { type: 'application/yaml' }))
        : '',
    [result.agentManifests],
  );

  // Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const index = TABS.findIndex((t) => t.id === tab);
    const nextIndex =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? TABS.length - 1
          : (index + (e.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length;
    const next = TABS[nextIndex];
    if (next) {
      setTab(next.id);
      tabRefs.current[next.id]?.focus();
    }
  };

  return (
    <>
      <Alert tone="warning" title="Copy the token now: it is shown only once.">
        Flotilla stores only a hash of it. If you lose it, issue a new registration token from the cluster
        page.
      </Alert>
      <dl className={styles.meta}>
        <dt>Cluster</dt>
        <dd>
          <strong>{result.cluster.name}</strong>
        </dd>
        <dt>Expires</dt>
        <dd>
          <RelativeTime value={result.expiresAt} /> ({formatDateTime(expiresAt)}); single use
        </dd>
      </dl>
      <CopyBlock label="Registration token" text={result.token} testId="registration-token" />
      <div role="tablist" aria-label="How to run the agent" className={styles.tabs} onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={styles.tab}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'local' ? (
        <div
          key="local"
          role="tabpanel"
          id={`${baseId}-panel-local`}
          aria-labelledby={`${baseId}-tab-local`}
          className={styles.panel}
        >
          <p className={styles.note}>
            Run the agent on a machine whose kubeconfig reaches the cluster. Adjust the kubeconfig path if
            needed.
          </p>
          <CopyBlock label="Agent command" text={result.agentCommand} testId="agent-command" />
        </div>
      ) : (
        <div
          key="in-cluster"
          role="tabpanel"
          id={`${baseId}-panel-in-cluster`}
          aria-labelledby={`${baseId}-tab-in-cluster`}
          className={styles.panel}
        >
          <InClusterPrerequisites hubUrl={result.hubUrl} agentImage={result.agentImage} />
          <p className={styles.note}>
            Apply with <code>kubectl apply -f flotilla-agent.yaml</code>. It creates the{' '}
            <code>flotilla-system</code> namespace, a service account with RBAC, a Secret holding the token
            and the agent Deployment.
          </p>
          <CopyBlock
            label="Agent manifests"
            text={result.agentManifests}
            tall
            testId="agent-manifests"
            extraActions={
              manifestUrl ? (
                <a
                  href={manifestUrl}
                  download="flotilla-agent.yaml"
                  className={buttonClassName('ghost', 'sm')}
                >
                  Download
                </a>
              ) : null
            }
          />
        </div>
      )}
    </>
  );
}
