import { useState } from 'react';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { SelectField } from '../../../components/select-field';
import type { HelmReleaseClusterStatus } from '../api/get-helm-release-clusters';
import styles from '../../../components/table.module.css';
import { RevisionContentDiff } from './revision-content-diff';

// Two revisions of a release's history on one cluster side by side: what changed between them among what the
// agent reports of each (chart, app version, helm status, and the digest of the values helm was given; Flux's
// config digest changes exactly when the values do). The values and manifest themselves are read from the cluster
// through its agent only when asked for.

type Snapshot = HelmReleaseClusterStatus['history'][number];

const FIELDS: readonly { label: string; of: (s: Snapshot) => string }[] = [
  { label: 'Chart', of: (s) => `${s.chartName}@${s.chartVersion}` },
  { label: 'App version', of: (s) => s.appVersion ?? '—' },
  { label: 'Values (config digest)', of: (s) => s.configDigest },
  { label: 'Status', of: (s) => s.status },
];

/** Each compared field with both sides and whether it changed. */
export function compareRevisions(
  from: Snapshot,
  to: Snapshot,
): { label: string; from: string; to: string; changed: boolean }[] {
  return FIELDS.map((f) => ({
    label: f.label,
    from: f.of(from),
    to: f.of(to),
    changed: f.of(from) !== f.of(to),
  }));
}

/** `history` newest first, as Flux keeps it; starts on the two newest revisions. */
export function RevisionCompare({
  history,
  cluster,
  releaseId,
  clusterId,
}: {
  history: readonly Snapshot[];
  cluster: string;
  releaseId: string;
  clusterId: string;
}) {
  const [toVersion, setTo] = useState(history[0]?.version);
  const [fromVersion, setFrom] = useState(history[1]?.version);
  // The pair whose values and manifest were asked for; picking another revision closes that diff.
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  if (history.length < 2) return null;
  const from = history.find((h) => h.version === fromVersion);
  const to = history.find((h) => h.version === toVersion);
  const options = history.map((h) => (
    <option key={h.version} value={h.version}>
      {`${h.version} · ${h.chartVersion} · ${h.status}`}
    </option>
  ));
  return (
    <section aria-label={`Compare revisions on ${cluster}`}>
      <SelectField
        label="From revision"
        value={fromVersion}
        onChange={(e) => {
          setFrom(Number(e.target.value));
          setAsked(null);
        }}
      >
        {options}
      </SelectField>
      <SelectField
        label="To revision"
        value={toVersion}
        onChange={(e) => {
          setTo(Number(e.target.value));
          setAsked(null);
        }}
      >
        {options}
      </SelectField>
      {from && to ? (
        <div className={styles.wrap} tabIndex={0} role="region" aria-label={`Revision ${from.version} → ${to.version} on ${cluster}, scrollable`}>
          <table
            className={styles.table}
            aria-label={`Revision ${from.version} → ${to.version} on ${cluster}`}
          >
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">{`Revision ${from.version}`}</th>
                <th scope="col">{`Revision ${to.version}`}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {compareRevisions(from, to).map((c) => (
                <tr key={c.label}>
                  <th scope="row">{c.label}</th>
                  <td className={styles.mono}>{c.from}</td>
                  <td className={styles.mono}>{c.to}</td>
                  <td className={styles.nowrap}>
                    {c.changed ? <Badge tone="warning">changed</Badge> : 'same'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {from && to && !asked ? (
        <div>
          <Button size="sm" onClick={() => setAsked({ from: from.version, to: to.version })}>
            {`Compare values and manifest of revisions ${from.version} and ${to.version}`}
          </Button>
        </div>
      ) : null}
      {asked ? (
        <RevisionContentDiff
          args={{ releaseId, clusterId, fromRevision: asked.from, toRevision: asked.to }}
          cluster={cluster}
        />
      ) : null}
    </section>
  );
}
