// Generates the large benchmark tree: a base of 2,000 resources (500 apps × Deployment, Service,
// ServiceAccount, ConfigMap) with generators and patches, under three overlay levels.
import fs from 'node:fs';
import path from 'node:path';

export function generateTree(root, apps = 500) {
  fs.rmSync(root, { recursive: true, force: true });
  const w = (rel, text) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  const files = [];
  const perFile = 50;
  for (let f = 0; f < apps / perFile; f++) {
    const docs = [];
    for (let i = f * perFile; i < (f + 1) * perFile; i++) {
      const app = `app-${String(i).padStart(4, '0')}`;
      const team = `team-${i % 7}`;
      docs.push(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  labels:
    app: ${app}
    team: ${team}`);
      docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-static
  labels:
    app: ${app}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
  description: "Static configuration for ${app}; long enough to make the emitter fold this line at eighty columns."`);
      docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${app}
  labels:
    app: ${app}
    team: ${team}
spec:
  selector:
    app: ${app}
  ports:
  - name: http
    port: 80
    targetPort: 8080`);
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  labels:
    app: ${app}
    team: ${team}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      serviceAccountName: ${app}
      containers:
      - name: main
        image: registry.example.com/${team}/${app}:1.0.${i % 10}
        args: ["--port=8080", "--upstream=http://${app}.svc"]
        ports:
        - containerPort: 8080
          name: http
        envFrom:
        - configMapRef:
            name: shared-env-${i % 50}
        env:
        - name: STATIC
          valueFrom:
            configMapKeyRef:
              name: ${app}-static
              key: LOG_LEVEL
        volumeMounts:
        - name: settings
          mountPath: /etc/settings
      volumes:
      - name: settings
        configMap:
          name: ${app}-static`);
    }
    const name = `apps-${f}.yaml`;
    files.push(name);
    w(`base/${name}`, `${docs.join('\n---\n')}\n`);
  }
  const gens = [];
  for (let g = 0; g < 50; g++) gens.push(`- name: shared-env-${g}\n  literals:\n  - SHARD=${g}\n  - REGION=default`);
  w('base/kustomization.yaml', `resources:
${files.map((f) => `- ${f}`).join('\n')}
configMapGenerator:
${gens.join('\n')}
patches:
- target:
    kind: Deployment
    labelSelector: team=team-3
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: main
            resources:
              limits:
                memory: 512Mi
`);
  w('staging/kustomization.yaml', `resources:
- ../base
namePrefix: stg-
commonLabels:
  env: staging
configMapGenerator:
- name: shared-env-0
  behavior: merge
  literals:
  - REGION=staging
patches:
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: main
            env:
            - name: ENVIRONMENT
              value: staging
`);
  w('region/kustomization.yaml', `resources:
- ../staging
namespace: eu-west
images:
- name: registry.example.com/team-1/app-0001
  newTag: 2.0.0
replicas:
- name: stg-app-0002
  count: 5
patches:
- target:
    kind: Service
  patch: |-
    - op: add
      path: /metadata/annotations
      value:
        region: eu-west
`);
  w('prod/kustomization.yaml', `resources:
- ../region
nameSuffix: -v2
commonAnnotations:
  owner: platform
labels:
- pairs:
    tier: prod
secretGenerator:
- name: db-credentials
  literals:
  - username=app
  - password=not-a-real-secret
`);
  return path.join(root, 'prod');
}
