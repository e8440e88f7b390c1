import { Link } from 'react-router';
import type { FleetSearchResult } from '../api/search-fleet';
import { HealthBadge } from './health-badge';
import styles from './fleet.module.css';

const objectHref = (clusterId: string, kind: string, name: string): string =>
  `/flux-objects?${new URLSearchParams({ cluster: clusterId, kind, q: name }).toString()}`;

export function FluxObjectHits({ hits }: { hits: FleetSearchResult['objects'] }) {
  if (hits.length === 0) return <NoHits>No Flux object matches.</NoHits>;
  return (
    <ul className={styles.results} aria-label="Flux objects found">
      {hits.map((h) => (
        <li key={`${h.clusterId}/${h.kind}/${h.namespace}/${h.name}`} className={styles.result}>
          <Link to={objectHref(h.clusterId, h.kind, h.name)}>
            {h.kind}/{h.namespace}/{h.name}
          </Link>
          <span className={styles.muted}>
            on <Link to={`/clusters/${encodeURIComponent(h.clusterId)}`}>{h.clusterName}</Link>
          </span>
          <HealthBadge health={h.health} />
        </li>
      ))}
    </ul>
  );
}

type AppliedHit = FleetSearchResult['inventory'][number];

const hitKey = (h: AppliedHit): string =>
  `${h.clusterId}/${h.group}/${h.kind}/${h.namespace ?? ''}/${h.name}/${h.ownerKind}/${h.ownerNamespace}/${h.ownerName}`;

/** An object a Flux object applied: what it is, on which cluster, applied by what. */
function AppliedObject({ hit: h }: { hit: AppliedHit }) {
  return (
    <>
      <span>
        {h.kind}/{h.namespace ? `${h.namespace}/` : ''}
        {h.name}
      </span>
      <span className={styles.muted}>
        on <Link to={`/clusters/${encodeURIComponent(h.clusterId)}`}>{h.clusterName}</Link>, applied by{' '}
        <Link to={objectHref(h.clusterId, h.ownerKind, h.ownerName)}>
          {h.ownerKind}/{h.ownerNamespace}/{h.ownerName}
        </Link>
      </span>
    </>
  );
}

function NoHits({ children }: { children: string }) {
  return (
    <p className={styles.muted} style={{ padding: 16 }}>
      {children}
    </p>
  );
}

export function InventoryHits({ hits }: { hits: FleetSearchResult['inventory'] }) {
  if (hits.length === 0) return <NoHits>No applied object matches.</NoHits>;
  return (
    <ul className={styles.results} aria-label="Applied objects found">
      {hits.map((h) => (
        <li key={hitKey(h)} className={styles.result}>
          <AppliedObject hit={h} />
        </li>
      ))}
    </ul>
  );
}

export function ImageHits({ hits }: { hits: FleetSearchResult['images'] }) {
  if (hits.length === 0) return <NoHits>No workload runs a matching image.</NoHits>;
  return (
    <ul className={styles.results} aria-label="Workloads running the image">
      {hits.map((h) => (
        <li key={`${hitKey(h)}/${h.image}`} className={styles.result}>
          <code>{h.image}</code>
          <AppliedObject hit={h} />
        </li>
      ))}
    </ul>
  );
}
