// The seed's repository as `flux bootstrap` lays it out: the sync pair in the seed's v1beta2 versions and the
// nginx Deployment, for the seed-scenario tests over http(s) and over ssh.

export const SYNC_FILE = 'clusters/my-cluster/flux-system/gotk-sync.yaml';
export const APP_FILE = 'clusters/my-cluster/apps/nginx-deployment.yaml';

export const gotkSync = (url: string, interval: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: ${interval}
  url: ${url}
  secretRef:
    name: flux-system
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: ${interval}
  path: ./clusters/my-cluster
  sourceRef:
    kind: GitRepository
    name: flux-system
  prune: true
`;

export const nginx = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.3
        ports:
        - containerPort: 80
`;
