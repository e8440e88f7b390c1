import { Badge } from '../../../components/badge';
import { ConditionsTable } from '../../../components/conditions-table';
import { RelativeTime } from '../../../components/relative-time';
import { ReadyBadge } from '../../../components/status-badges';
import type { HelmReleaseClusterStatus } from '../api/get-helm-release-clusters';
import { RevisionCompare } from './revision-compare';
import styles from '../../../components/table.module.css';

// A hub HelmRelease on each targeted cluster, as its agent reported it: Ready with Flux's reason and message,
// the chart version released, the failure counters and the remediation state, then each cluster's conditions
// (after a rollback Ready carries RollbackSucceeded, and only Released still says why the upgrade failed) and
// its release history (status.history, newest first) with two of its revisions compared.

type ClusterStatus = HelmReleaseClusterStatus;

const shortDigest = (d: string | null | undefined): string => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '—');

/**
 * Remediated (a rollback or uninstall after a failure) and Stalled (retries exhausted), as Flux sets them; a
 * release that gave up after rolling back has both.
 */
function Remediation({ status }: { status: ClusterStatus }) {
  const remediated = status.conditions.find((c) => c.type === 'Remediated' && c.status === 'True');
  const stalled = status.stalled ? status.conditions.find((c) => c.type === 'Stalled') : undefined;
  if (!status.stalled && !remediated) return <>—</>;
  return (
    <>
      {remediated ? <Badge tone="warning">{`Remediated · ${remediated.reason}`}</Badge> : null}
      {remediated && status.stalled ? ' ' : null}
      {status.stalled ? <Badge tone="danger">{`Stalled · ${stalled?.reason ?? 'RetriesExceeded'}`}</Badge> : null}
    </>
  );
}

function failuresText(s: ClusterStatus): string {
  if (s.failures === 0) return '0';
  const parts = [s.installFailures ? `${s.installFailures} install` : '', s.upgradeFailures ? `${s.upgradeFailures} upgrade` : ''].filter(Boolean);
  return parts.length ? `${s.failures} (${parts.join(', ')})` : String(s.failures);
}

function HistoryTable({ status, release }: { status: ClusterStatus; release: string }) {
  if (status.history.length === 0) return <p>No release made on {status.cluster.name} yet.</p>;
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label={`History of ${release} on ${status.cluster.name}`}>
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Chart</th>
            <th scope="col">App version</th>
            <th scope="col">Status</th>
            <th scope="col">Deployed</th>
            <th scope="col">Config digest</th>
            <th scope="col">Tests</th>
          </tr>
        </thead>
        <tbody>
          {status.history.map((h) => (
            <tr key={h.version}>
              <td className={styles.mono}>{h.version}</td>
              <td className={styles.nowrap}>{`${h.chartName}@${h.chartVersion}`}</td>
              <td className={styles.nowrap}>{h.appVersion ?? '—'}</td>
              <td className={styles.nowrap}>
                <Badge tone={h.status === 'deployed' ? 'success' : h.status === 'failed' ? 'danger' : 'neutral'}>{h.status}</Badge>
              </td>
              <td className={styles.nowrap}>{h.lastDeployed ? <RelativeTime value={h.lastDeployed} /> : '—'}</td>
              <td className={styles.mono} title={h.configDigest}>
                {shortDigest(h.configDigest)}
              </td>
              <td className={styles.nowrap}>{h.testHooks.length ? h.testHooks.map((t) => `${t.name}: ${t.phase ?? '?'}`).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReleaseClusters({ release, releaseId, clusters }: { release: string; releaseId: string; clusters: readonly ClusterStatus[] }) {
  if (clusters.length === 0) return <p>No targeted cluster.</p>;
  return (
    <>
      {/* Wider than the page with long messages: focusable, so the keyboard can scroll it. */}
      <div className={styles.wrap} tabIndex={0} role="region" aria-label={`${release} per cluster, scrollable`}>
        <table className={styles.table} aria-label={`${release} per cluster`}>
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">Ready</th>
              <th scope="col">Message</th>
              <th scope="col">Chart version</th>
              <th scope="col">Last attempt</th>
              <th scope="col">Failures</th>
              <th scope="col">Remediation</th>
              <th scope="col">Reported</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((s) => (
              <tr key={s.cluster.id}>
                <td className={styles.name}>{s.cluster.name}</td>
                <td className={styles.nowrap}>
                  <ReadyBadge ready={s.ready} reason={s.reason} message={s.message} />
                </td>
                <td className={styles.message}>{s.message ?? '—'}</td>
                <td className={[styles.mono, styles.nowrap].join(' ')}>{s.revision ?? '—'}</td>
                <td className={styles.nowrap}>{s.lastAttemptedReleaseAction ? `${s.lastAttemptedReleaseAction} ${s.lastAttemptedRevision ?? ''}` : '—'}</td>
                <td className={styles.nowrap}>{failuresText(s)}</td>
                <td className={styles.nowrap}>
                  <Remediation status={s} />
                </td>
                <td className={styles.nowrap}>{s.updatedAt ? <RelativeTime value={s.updatedAt} /> : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {clusters.map((s) => (
        <section key={s.cluster.id} aria-label={`History on ${s.cluster.name}`}>
          <h4>Conditions on {s.cluster.name}</h4>
          <ConditionsTable conditions={s.conditions} label={`Conditions of ${release} on ${s.cluster.name}`} />
          <h4>History on {s.cluster.name}</h4>
          <HistoryTable status={s} release={release} />
          <RevisionCompare history={s.history} cluster={s.cluster.name} releaseId={releaseId} clusterId={s.cluster.id} />
        </section>
      ))}
    </>
  );
}
