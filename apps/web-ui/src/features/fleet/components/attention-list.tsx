import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../../components/badge';
import { RelativeTime } from '../../../components/relative-time';
import type { FleetAttentionItem } from '../api/list-fleet-attention';
import { rolloutHref } from '../api/rollout';
import styles from './fleet.module.css';

const LOOK: Record<FleetAttentionItem['type'], { tone: BadgeTone; label: string; since: string }> = {
  DISCONNECTED: { tone: 'danger', label: 'Disconnected', since: 'last seen' },
  STALLED: { tone: 'danger', label: 'Stalled', since: 'since' },
  FAILING: { tone: 'danger', label: 'Failing', since: 'since' },
};

/** Where one click on an item leads: the cluster's page, or the object in the fleet's object list. */
export function attentionHref(item: FleetAttentionItem): string {
  if (item.type === 'DISCONNECTED' || !item.kind || !item.name)
    return `/clusters/${encodeURIComponent(item.clusterId)}`;
  const params = new URLSearchParams({ cluster: item.clusterId, kind: item.kind, q: item.name });
  return `/flux-objects?${params.toString()}`;
}

export function AttentionList({ items }: { items: readonly FleetAttentionItem[] }) {
  if (items.length === 0)
    return (
      <p className={styles.muted} style={{ padding: 16 }}>
        Nothing needs attention: every agent is connected and no Flux object fails.
      </p>
    );
  return (
    <ul className={styles.attention} aria-label="Needs attention">
      {items.map((item) => {
        const look = LOOK[item.type];
        const what =
          item.type === 'DISCONNECTED'
            ? `Cluster ${item.clusterName}`
            : `${item.kind}/${item.namespace}/${item.name}`;
        return (
          <li
            key={`${item.type}/${item.clusterId}/${item.kind ?? ''}/${item.namespace ?? ''}/${item.name ?? ''}`}
            className={styles.attentionItem}
          >
            <Badge tone={look.tone}>{look.label}</Badge>
            <div className={styles.what}>
              <Link to={attentionHref(item)}>{what}</Link>
              {item.type !== 'DISCONNECTED' && <span className={styles.muted}>on {item.clusterName}</span>}
              {item.reason && <strong>{item.reason}</strong>}
              {(item.kind === 'Kustomization' || item.kind === 'HelmRelease') &&
                item.namespace &&
                item.name && (
                  <Link
                    to={rolloutHref({ kind: item.kind, namespace: item.namespace, name: item.name })}
                    aria-label={`Rollout of ${item.kind}/${item.namespace}/${item.name} across the fleet`}
                  >
                    Rollout
                  </Link>
                )}
            </div>
            <span className={styles.muted}>
              {look.since} <RelativeTime value={item.since ?? null} fallback="unknown" />
            </span>
            {item.message && <p className={styles.message}>{item.message}</p>}
          </li>
        );
      })}
    </ul>
  );
}
