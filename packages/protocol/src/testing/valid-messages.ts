import type { MessageType } from '../registry.js';

// Valid payloads of every message type, shared by the contract tests and the fuzz tests that mutate them.

export const hello = {
  protocolVersion: 1,
  agentVersion: '0.1.0',
  kubernetesVersion: 'v1.35.4',
  nodeCount: 3,
  capabilities: [],
  lastGeneration: 0,
};

export const digest = `sha256:${'a'.repeat(64)}`;
export const v2Valid = {
  assignment: {
    generation: 3,
    sources: [{ kind: 'GitRepository', namespace: 'flotilla-system', name: 'podinfo', revision: `main@sha1:${'b'.repeat(40)}`, digest, size: 1234, url: `/artifacts/${digest}` }],
    kustomizations: [
      {
        namespace: 'flotilla-system',
        name: 'apps',
        generation: 1,
        spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './clusters/my-cluster', interval: '1m', prune: true, force: false },
        variables: { cluster_name: 'prod-eu', cluster_id: 'c1', cluster_label_env: 'prod' },
      },
    ],
  },
  'assignment.ack': { generation: 3 },
  reconcile: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps', requestedAt: '2026-11-21T01:00:00.000Z' },
  status: {
    seq: 1,
    items: [
      {
        namespace: 'flotilla-system',
        name: 'apps',
        conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: main@sha1:${'b'.repeat(40)}`, lastTransitionTime: '2026-11-21T01:00:00Z' }],
        lastAppliedRevision: `main@sha1:${'b'.repeat(40)}`,
        lastAttemptedRevision: `main@sha1:${'b'.repeat(40)}`,
        observedGeneration: 1,
      },
    ],
  },
  inventory: { seq: 2, items: [{ namespace: 'flotilla-system', name: 'apps', entries: [{ id: 'default_nginx_apps_Deployment', v: 'v1' }] }] },
  events: {
    seq: 3,
    items: [
      {
        involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' },
        severity: 'info',
        reason: 'ReconciliationSucceeded',
        message: 'Deployment/default/nginx created',
        revision: `main@sha1:${'b'.repeat(40)}`,
        timestamp: '2026-11-21T01:00:00Z',
      },
    ],
  },
  'batch.ack': { seq: 3 },
} as const;

export const v3Valid = {
  suspend: { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' },
  resume: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' },
} as const;

export const v5Valid = {
  'object.read': {
    requestId: 'r-0123456789',
    owner: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    target: { group: 'apps', kind: 'Deployment', namespace: 'apps', name: 'web' },
  },
  'object.read.result': {
    requestId: 'r-0123456789',
    ok: true,
    live: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' } },
    desired: null,
  },
} as const;

export const v6Valid = {
  'substitute.read': {
    requestId: 'r-0123456789',
    owner: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    sources: [{ kind: 'ConfigMap', name: 'settings' }, { kind: 'Secret', name: 'tokens' }],
  },
  'substitute.read.result': {
    requestId: 'r-0123456789',
    ok: true,
    sources: [{ kind: 'ConfigMap', name: 'settings', data: { region: 'eu' } }, { kind: 'Secret', name: 'tokens', keys: ['api_token'] }],
  },
  'kustomization.diff': {
    requestId: 'r-0123456789',
    owner: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { region: 'eu' } }],
  },
  'kustomization.diff.result': {
    requestId: 'r-0123456789',
    ok: true,
    entries: [{ subject: 'ConfigMap/apps/settings', action: 'created' }],
    errors: [],
  },
} as const;

export const v7Valid = {
  'helmrelease.revisions': {
    requestId: 'r-0123456789',
    owner: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' },
    from: 1,
    to: 2,
  },
  'helmrelease.revisions.result': {
    requestId: 'r-0123456789',
    ok: true,
    release: { name: 'podinfo', namespace: 'apps' },
    from: { revision: 1, status: 'superseded', chartName: 'podinfo', chartVersion: '6.0.0', values: 'replicaCount: 1\n', manifest: '---\nkind: ConfigMap\n' },
    to: { revision: 2, status: 'deployed', chartName: 'podinfo', chartVersion: '6.0.1', appVersion: '6.0.1', values: 'replicaCount: 2\n', manifest: '---\nkind: ConfigMap\n' },
  },
} as const;

/** One valid payload of every message type. */
export const validMessages: Record<MessageType, unknown> = {
  hello,
  heartbeat: { seq: 1, sentAt: '2026-11-21T00:00:00.000Z' },
  welcome: { protocolVersion: 1, heartbeatIntervalMs: 10_000, clusterId: 'c1' },
  ack: { seq: 1 },
  'protocol.error': { code: 'MESSAGE_INVALID', message: 'invalid "heartbeat": seq: expected number' },
  revoked: { code: 'CREDENTIAL_REVOKED', message: 'the credential of cluster prod was revoked' },
  superseded: { message: 'a newer agent connected with this credential' },
  ...v2Valid,
  ...v3Valid,
  ...v5Valid,
  ...v6Valid,
  ...v7Valid,
};
