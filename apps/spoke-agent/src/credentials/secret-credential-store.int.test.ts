import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialStoreError, type StoredCredential } from './credential-store.js';
import { CREDENTIAL_SECRET_NAME, createSecretCredentialStore } from './secret-credential-store.js';

const stored: StoredCredential = {
  hubUrl: 'http://127.0.0.1:8080',
  clusterId: 'c1',
  clusterName: 'dev',
  credential: 'flc_0123456789abcdef0123',
  tokenSha256: 'b'.repeat(64),
  registeredAt: '2026-11-21T00:00:00.000Z',
};

describe('createSecretCredentialStore (real kube-apiserver)', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  let n = 0;
  const namespace = async (): Promise<string> => {
    const name = `cred-${++n}`;
    await core.createNamespace({ body: { metadata: { name } } });
    return name;
  };
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('returns null before anything is stored, then round-trips through the Secret', async () => {
    const ns = await namespace();
    const store = createSecretCredentialStore(cluster.kubeConfig, ns);
    expect(store.location).toBe(`Secret ${ns}/${CREDENTIAL_SECRET_NAME}`);
    expect(await store.load()).toBeNull();
    await store.checkWritable();
    expect(await store.load()).toBeNull(); // the dry run stored nothing
    await store.save(stored);
    expect(await store.load()).toEqual(stored);
    const secret = await core.readNamespacedSecret({ name: CREDENTIAL_SECRET_NAME, namespace: ns });
    expect(secret.type).toBe('Opaque');
    expect(secret.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('flotilla-agent');
  });

  it('replaces an existing credential', async () => {
    const ns = await namespace();
    const store = createSecretCredentialStore(cluster.kubeConfig, ns);
    await store.save(stored);
    await store.checkWritable();
    await store.save({ ...stored, credential: 'flc_fedcba9876543210fedc', clusterId: 'c2' });
    expect(await store.load()).toMatchObject({ credential: 'flc_fedcba9876543210fedc', clusterId: 'c2' });
  });

  it('says the Secret is damaged instead of re-registering over it', async () => {
    const ns = await namespace();
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: CREDENTIAL_SECRET_NAME }, stringData: { credential: 'nope' } } });
    await expect(createSecretCredentialStore(cluster.kubeConfig, ns).load()).rejects.toThrow(/is damaged .*delete it to register again/);
  });

  it('without RBAC on Secrets: checkWritable fails before a token is spent, with a hint about the Role', async () => {
    const ns = await namespace();
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'weak' } } });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(await cluster.kubeconfigForToken(await cluster.mintServiceAccountToken(ns, 'weak')));
    const store = createSecretCredentialStore(kubeConfig, ns);
    await expect(store.checkWritable()).rejects.toThrow(CredentialStoreError);
    await expect(store.checkWritable()).rejects.toThrow(/forbidden \(does the agent Role allow/);
    await expect(store.load()).rejects.toThrow(/cannot read Secret/);
    // With a Role like deploy/agent's (create + get/update on the one name) it works.
    const rbac = cluster.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'cred' },
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: [CREDENTIAL_SECRET_NAME], verbs: ['get', 'update'] },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: { metadata: { name: 'cred' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cred' }, subjects: [{ kind: 'ServiceAccount', name: 'weak', namespace: ns }] },
    });
    await expect.poll(() => store.checkWritable().then(() => true, () => false), { timeout: 10_000 }).toBe(true);
    await store.save(stored);
    await store.save({ ...stored, clusterId: 'again' });
    expect(await store.load()).toMatchObject({ clusterId: 'again' });
  });
});
