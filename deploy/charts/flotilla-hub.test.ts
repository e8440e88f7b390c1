import type {
  V1Deployment,
  V1EnvVar,
  V1Ingress,
  V1PodDisruptionBudget,
  V1Secret,
} from '@kubernetes/client-node';
import { runHelm } from '@flotilla/testenv';
import { describe, expect, it } from 'vitest';
import { chartDir, find, renderChart, valueFlags, type RenderedObject } from './render-chart.js';

const databaseUrl = 'postgresql://flotilla:s3cret@postgres.db:5432/flotilla';
const container = (objects: RenderedObject[]) =>
  (find(objects, 'Deployment') as unknown as V1Deployment).spec!.template.spec!.containers[0]!;
const env = (objects: RenderedObject[], name: string): V1EnvVar | undefined =>
  container(objects).env?.find((e) => e.name === name);

describe('flotilla-hub chart', () => {
  it('passes helm lint', async () => {
    const { stdout } = await runHelm([
      'lint',
      chartDir('flotilla-hub'),
      ...valueFlags({ database: { url: databaseUrl } }),
    ]);
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('refuses to render without a database: the hub in a cluster runs on an external PostgreSQL', async () => {
    await expect(renderChart('flotilla-hub', {})).rejects.toThrow(
      /set database.url or database.existingSecret/,
    );
  });

  it('with defaults: one replica, the URL and a generated secret key in Secrets, probes on /healthz and /readyz', async () => {
    const objects = await renderChart('flotilla-hub', { database: { url: databaseUrl } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/flotilla-hub',
      'Secret/flotilla-hub-database',
      'Secret/flotilla-hub-secret-key',
      'Service/flotilla-hub',
    ]);
    const deployment = find(objects, 'Deployment') as unknown as V1Deployment;
    expect(deployment.spec?.replicas).toBe(1);
    const hub = container(objects);
    expect(hub.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(hub.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(hub.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    // The database URL holds a password: it is in the Secret only, never in the pod spec.
    expect(JSON.stringify(deployment)).not.toContain('s3cret');
    expect(env(objects, 'FLOTILLA_DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'flotilla-hub-database',
      key: 'url',
    });
    expect((find(objects, 'Secret', 'flotilla-hub-database') as unknown as V1Secret).stringData).toEqual({
      url: databaseUrl,
    });
    const key = find(objects, 'Secret', 'flotilla-hub-secret-key') as unknown as V1Secret;
    expect(key.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
    const value = Buffer.from(key.data!['secret-key']!, 'base64').toString();
    expect(Buffer.from(value, 'base64')).toHaveLength(32);
    expect(env(objects, 'FLOTILLA_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({
      name: 'flotilla-hub-secret-key',
      key: 'secret-key',
    });
    expect(env(objects, 'FLOTILLA_PUBLIC_URL')?.value).toBe('http://flotilla-hub.flotilla.svc:8080');
    expect(env(objects, 'FLOTILLA_ADMIN_PASSWORD')).toBeUndefined();
    expect(deployment.spec?.template.spec?.volumes?.find((v) => v.name === 'artifacts')?.emptyDir).toEqual({
      sizeLimit: '2Gi',
    });
  });

  it('with three replicas, existing Secrets, an ingress with TLS, a shared artifact volume and a ServiceMonitor', async () => {
    const objects = await renderChart('flotilla-hub', {
      replicaCount: 3,
      database: { existingSecret: 'hub-db', existingSecretKey: 'uri' },
      secretKey: { existingSecret: 'hub-key' },
      admin: { existingSecret: 'hub-admin' },
      artifacts: { existingClaim: 'hub-artifacts' },
      ingress: { enabled: true, className: 'nginx', host: 'fleet.example.com', tlsSecretName: 'fleet-tls' },
      metrics: { serviceMonitor: { enabled: true, tokenSecret: 'scrape' } },
      resources: { requests: { cpu: '1', memory: '1Gi' } },
    });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect((find(objects, 'Deployment') as unknown as V1Deployment).spec?.replicas).toBe(3);
    expect((find(objects, 'PodDisruptionBudget') as unknown as V1PodDisruptionBudget).spec).toEqual({
      maxUnavailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'flotilla-hub',
          'app.kubernetes.io/instance': 'flotilla-hub',
        },
      },
    });
    const ingress = find(objects, 'Ingress') as unknown as V1Ingress;
    expect(ingress.spec?.ingressClassName).toBe('nginx');
    expect(ingress.spec?.tls).toEqual([{ hosts: ['fleet.example.com'], secretName: 'fleet-tls' }]);
    expect(ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service).toEqual({
      name: 'flotilla-hub',
      port: { name: 'http' },
    });
    expect(env(objects, 'FLOTILLA_PUBLIC_URL')?.value).toBe('https://fleet.example.com');
    expect(env(objects, 'FLOTILLA_DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'hub-db',
      key: 'uri',
    });
    expect(env(objects, 'FLOTILLA_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({
      name: 'hub-key',
      key: 'secret-key',
    });
    expect(env(objects, 'FLOTILLA_ADMIN_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({
      name: 'hub-admin',
      key: 'password',
    });
    expect(env(objects, 'FLOTILLA_METRICS_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'scrape',
      key: 'token',
    });
    // Values merge into the defaults, as helm merges maps.
    expect(container(objects).resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
    const deployment = find(objects, 'Deployment') as unknown as V1Deployment;
    expect(
      deployment.spec?.template.spec?.volumes?.find((v) => v.name === 'artifacts')?.persistentVolumeClaim,
    ).toEqual({ claimName: 'hub-artifacts' });
    const monitor = find(objects, 'ServiceMonitor');
    expect(monitor.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'flotilla-hub',
          'app.kubernetes.io/instance': 'flotilla-hub',
        },
      },
      endpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          authorization: { type: 'Bearer', credentials: { name: 'scrape', key: 'token' } },
        },
      ],
    });
  });

  it('links the replicas through PostgreSQL when there are several (FLOTILLA_REPLICAS), or when socketAdapter says so', async () => {
    const one = await renderChart('flotilla-hub', { database: { url: databaseUrl } });
    expect(env(one, 'FLOTILLA_REPLICAS')?.value).toBe('1');
    expect(env(one, 'FLOTILLA_SOCKET_ADAPTER')).toBeUndefined();
    expect(env(one, 'FLOTILLA_ARTIFACTS_DIR')?.value).toBe('/data/artifacts');
    const three = await renderChart('flotilla-hub', { database: { url: databaseUrl }, replicaCount: 3 });
    expect(env(three, 'FLOTILLA_REPLICAS')?.value).toBe('3');
    const forced = await renderChart('flotilla-hub', { database: { url: databaseUrl }, socketAdapter: 'postgres' });
    expect(env(forced, 'FLOTILLA_SOCKET_ADAPTER')?.value).toBe('postgres');
  });

  it('keeps artifacts in S3 with store: s3, its keys from a mounted Secret and no artifact volume', async () => {
    const objects = await renderChart('flotilla-hub', {
      database: { url: databaseUrl },
      replicaCount: 3,
      artifacts: { store: 's3', s3: { bucket: 'fleet-artifacts', endpoint: 'http://minio.storage:9000', prefix: 'hub/', credentialsSecret: 's3-keys' } },
    });
    expect(env(objects, 'FLOTILLA_ARTIFACT_STORE')?.value).toBe('s3');
    expect(env(objects, 'FLOTILLA_S3_BUCKET')?.value).toBe('fleet-artifacts');
    expect(env(objects, 'FLOTILLA_S3_ENDPOINT')?.value).toBe('http://minio.storage:9000');
    expect(env(objects, 'FLOTILLA_S3_REGION')?.value).toBe('us-east-1');
    expect(env(objects, 'FLOTILLA_S3_PREFIX')?.value).toBe('hub/');
    expect(env(objects, 'FLOTILLA_S3_CREDENTIALS_FILE')?.value).toBe('/etc/flotilla/s3/credentials');
    expect(env(objects, 'FLOTILLA_ARTIFACTS_DIR')).toBeUndefined();
    const pod = (find(objects, 'Deployment') as unknown as V1Deployment).spec!.template.spec!;
    expect(pod.volumes?.map((v) => v.name)).toEqual(['data', 's3-credentials', 'tmp']);
    expect(pod.volumes?.find((v) => v.name === 's3-credentials')?.secret).toEqual({ secretName: 's3-keys', defaultMode: 0o400, items: [{ key: 'credentials', path: 'credentials' }] });
    expect(container(objects).volumeMounts?.find((m) => m.name === 's3-credentials')).toEqual({ name: 's3-credentials', mountPath: '/etc/flotilla/s3', readOnly: true });
    await expect(renderChart('flotilla-hub', { database: { url: databaseUrl }, artifacts: { store: 's3' } })).rejects.toThrow(/artifacts.s3.bucket is required/);
    await expect(renderChart('flotilla-hub', { database: { url: databaseUrl }, artifacts: { store: 'nfs' } })).rejects.toThrow(/artifacts.store must be fs or s3/);
  });

  it('refuses a ServiceMonitor without the Secret of the token the hub checks on /metrics', async () => {
    await expect(
      renderChart('flotilla-hub', {
        database: { url: databaseUrl },
        metrics: { serviceMonitor: { enabled: true } },
      }),
    ).rejects.toThrow(/metrics.serviceMonitor.tokenSecret is required/);
  });
});
