/**
 * A Kustomization spec that sets every field of Flux's Kustomization v1 (kustomize-controller v1.9.5), with a
 * GitRepository source as the hub has. Tests at every edge use it: the hub must accept and store it whole,
 * the agent must act on or refuse each field; `kustomization.schema.test.ts` checks it stays complete.
 * `kubeConfig.configMapRef` is the one field left out: Flux allows it or `secretRef`, never both.
 */
export const EVERY_KUSTOMIZATION_FIELD = {
  sourceRef: { kind: 'GitRepository', name: 'podinfo', namespace: 'flotilla-system', apiVersion: 'source.toolkit.fluxcd.io/v1' },
  path: './apps',
  interval: '5m',
  retryInterval: '1m',
  timeout: '2m',
  prune: true,
  deletionPolicy: 'WaitForTermination',
  wait: false,
  force: true,
  suspend: false,
  targetNamespace: 'apps',
  namePrefix: 'p-',
  nameSuffix: '-s',
  commonMetadata: { labels: { team: 'a' }, annotations: { note: 'x' } },
  patches: [{ patch: 'kind: Deployment\nmetadata:\n  name: web', target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web', namespace: 'apps', labelSelector: 'a=b', annotationSelector: 'c=d' } }],
  images: [{ name: 'nginx', newName: 'mirror/nginx', newTag: '1.27', digest: 'sha256:abc' }],
  components: ['../components/a'],
  ignoreMissingComponents: true,
  buildMetadata: ['originAnnotations'],
  dependsOn: [{ name: 'infra', namespace: 'flotilla-system', readyExpr: "dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')" }],
  healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps' }],
  healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')", inProgress: 'false', failed: 'false' }],
  postBuild: { substitute: { env: 'prod' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars', optional: true }], substituteStrategy: 'Always' },
  decryption: { provider: 'sops', secretRef: { name: 'sops-age' }, serviceAccountName: 'kms' },
  serviceAccountName: 'deployer',
  kubeConfig: { secretRef: { name: 'remote', key: 'value' } },
  ignore: [{ paths: ['/spec/replicas'], target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web', namespace: 'apps', labelSelector: 'a=b', annotationSelector: 'c=d' } }],
} as const;
