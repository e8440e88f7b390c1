import type pg from 'pg';

// Of every 20 objects of a cluster: 8 Kustomizations, 4 HelmReleases, 8 sources. About 3% fail, 1% stall,
// 2% are suspended, 4% progress; one cluster in ten runs an older revision of its Kustomizations.
const CLUSTERS = `
INSERT INTO clusters (id, name, labels, connection_state, last_seen_at)
SELECT 'c' || i, 'cluster-' || lpad(i::text, 5, '0'),
       jsonb_build_object('env', (ARRAY['prod', 'staging', 'dev'])[1 + i % 3], 'region', 'r' || (i % 12), 'tier', 't' || (i % 4)),
       (CASE WHEN i % 50 = 0 THEN 'DISCONNECTED' WHEN i % 97 = 0 THEN 'PENDING' ELSE 'CONNECTED' END)::"ClusterConnectionState",
       now() - (i % 600) * interval '1 second'
  FROM generate_series(1, $1::int) i`;

const OBJECTS = `
INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, ready, ready_reason, ready_message, state, suspended, revision, conditions, inventory)
SELECT 'c' || i, o.kind, 'team-' || (j % 5), 'app-' || j, 'cluster', o.ready, o.reason, o.reason || ' on app-' || j,
       CASE WHEN o.h = 'suspended' THEN 'suspended' WHEN o.ready = 'True' THEN 'ready' WHEN o.ready = 'False' THEN 'failing' ELSE 'progressing' END,
       o.h = 'suspended',
       CASE WHEN o.kind IN ('Kustomization', 'HelmRelease') THEN 'main@sha1:' || CASE WHEN i % 10 = 0 THEN 'old' ELSE 'new' END || (j % 3) END,
       jsonb_build_array(jsonb_build_object('type', 'Ready', 'status', o.ready, 'reason', o.reason, 'message', o.reason, 'lastTransitionTime', '2026-12-03T00:00:00Z'))
         || CASE WHEN o.h = 'stalled' THEN '[{"type": "Stalled", "status": "True", "reason": "InvalidPath", "message": "stalled", "lastTransitionTime": "2026-12-03T00:00:00Z"}]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN o.kind = 'Kustomization' THEN (
         SELECT jsonb_agg(jsonb_build_object('id', 'team-' || (j % 5) || '_app-' || j || '-' || k || '_apps_' || (ARRAY['Deployment', 'Service', 'ConfigMap'])[1 + k % 3], 'v', 'v1')
                          -- A Deployment runs its app's image at one of 50 versions (by cluster) and a shared sidecar,
                          -- stored split as ingestion stores them.
                          || CASE WHEN k % 3 = 0 THEN jsonb_build_object('images', jsonb_build_array(
                               jsonb_build_object('ref', 'registry.example.com/app-' || j || ':1.' || (i % 50) || '.0', 'name', 'registry.example.com/app-' || j, 'tag', '1.' || (i % 50) || '.0', 'digest', ''),
                               jsonb_build_object('ref', 'envoyproxy/envoy:v1.3' || (i % 4), 'name', 'envoyproxy/envoy', 'tag', 'v1.3' || (i % 4), 'digest', '')))
                             ELSE '{}'::jsonb END)
           FROM generate_series(1, $2::int) k) ELSE '[]'::jsonb END
  FROM generate_series(1, $1::int) i, generate_series(0, $3::int - 1) j,
       LATERAL (SELECT CASE WHEN j % 20 < 8 THEN 'Kustomization' WHEN j % 20 < 12 THEN 'HelmRelease'
                            WHEN j % 20 < 16 THEN 'GitRepository' WHEN j % 20 < 18 THEN 'OCIRepository' ELSE 'HelmRepository' END AS kind,
                       CASE WHEN (i * 7 + j) % 100 < 3 THEN 'failing' WHEN (i * 7 + j) % 100 = 3 THEN 'stalled'
                            WHEN (i * 7 + j) % 100 < 6 THEN 'suspended' WHEN (i * 7 + j) % 100 < 10 THEN 'progressing' ELSE 'ready' END AS h) s,
       LATERAL (SELECT s.kind, s.h,
                       CASE s.h WHEN 'failing' THEN 'False' WHEN 'stalled' THEN 'False' WHEN 'progressing' THEN 'Unknown' ELSE 'True' END AS ready,
                       CASE s.h WHEN 'failing' THEN 'HealthCheckFailed' WHEN 'stalled' THEN 'InvalidPath' WHEN 'progressing' THEN 'Progressing' ELSE 'ReconciliationSucceeded' END AS reason) o`;

const EVENTS = `
INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
SELECT 'c' || (1 + n % $1::int), CASE WHEN n % 3 = 0 THEN 'GitRepository' ELSE 'Kustomization' END, 'team-' || (n % 5), 'app-' || (n % 20),
       CASE WHEN n % 10 = 0 THEN 'error' ELSE 'info' END, 'ReconciliationSucceeded', 'event ' || n, now() - n * interval '100 milliseconds'
  FROM generate_series(1, $2::int) n`;

export interface FleetSize {
  clusters: number;
  objectsPerCluster: number;
  inventoryPerKustomization: number;
  events: number;
}

/** Bulk INSERTs of a whole fleet in one transaction, then VACUUM ANALYZE so plans and index-only scans are those of a settled database. */
export async function seedFleet(db: pg.Client, size: FleetSize): Promise<void> {
  await db.query('BEGIN');
  await db.query(CLUSTERS, [size.clusters]);
  await db.query(OBJECTS, [size.clusters, size.inventoryPerKustomization, size.objectsPerCluster]);
  await db.query(EVENTS, [size.clusters, size.events]);
  await db.query('COMMIT');
  await db.query(
    'VACUUM ANALYZE clusters, flux_objects, fleet_cluster_health, flux_inventory_entries, flux_inventory_images, cluster_events',
  );
}
