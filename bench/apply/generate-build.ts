// A 1,000-object build like a mid-sized platform repo: a few namespaces, each with ConfigMaps, Secrets,
// Services (headless: the test API server's service CIDR is small) and Deployments (0 replicas). Deterministic, so every tool applies exactly the same objects.

export type Obj = Record<string, unknown>;

export interface BuildShape {
  namespaces: number;
  total: number;
}

export function generateBuild(prefix: string, shape: BuildShape = { namespaces: 4, total: 1000 }): Obj[] {
  const out: Obj[] = [];
  const nsNames = Array.from({ length: shape.namespaces }, (_, i) => `${prefix}-${i}`);
  for (const ns of nsNames) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kinds = ['ConfigMap', 'Secret', 'Service', 'Deployment'] as const;
  for (let i = 0; out.length < shape.total; i++) {
    const ns = nsNames[i % nsNames.length] as string;
    const kind = kinds[Math.floor(i / nsNames.length) % kinds.length] as (typeof kinds)[number];
    const name = `${kind.toLowerCase()}-${i}`;
    const labels = { app: name, 'app.kubernetes.io/part-of': 'bench' };
    switch (kind) {
      case 'ConfigMap':
        out.push({ apiVersion: 'v1', kind, metadata: { name, namespace: ns, labels }, data: { 'app.properties': `name=${name}\nreplicas=1\n`, index: String(i) } });
        break;
      case 'Secret':
        out.push({ apiVersion: 'v1', kind, metadata: { name, namespace: ns, labels }, type: 'Opaque', stringData: { password: `not-a-secret-${i}` } });
        break;
      case 'Service':
        out.push({ apiVersion: 'v1', kind, metadata: { name, namespace: ns, labels }, spec: { clusterIP: 'None', selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
        break;
      case 'Deployment':
        out.push({
          apiVersion: 'apps/v1', kind, metadata: { name, namespace: ns, labels },
          spec: {
            // No pods: the test nodes hold 220, and pod churn would load the API server for whichever run comes next.
            replicas: 0,
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `registry.example.com/app:${i % 7}`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
          },
        });
        break;
    }
  }
  return out;
}
