import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Fills the agent's Kubernetes manifests (deploy/agent/*.yaml, written with the agent) with the hub URL and the
 * registration token. Placeholders: `${FLOTILLA_HUB_URL}`, `${FLOTILLA_REGISTRATION_TOKEN}` and
 * `${FLOTILLA_CLUSTER_NAME}`. Values are inserted as JSON strings where the template quotes them, which is
 * also valid YAML, so no value can break out of its scalar.
 */
export async function renderAgentManifests(
  templateDir: string,
  values: { hubUrl: string; token: string; clusterName: string },
): Promise<string> {
  const files = (await readdir(templateDir).catch(() => []))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const docs = files.length
    ? await Promise.all(files.map((f) => readFile(path.join(templateDir, f), 'utf8')))
    : [builtinTemplate];
  const text = docs.map((d) => d.trim()).join('\n---\n');
  return `${fill(text, values)}\n`;
}

export function fill(template: string, values: { hubUrl: string; token: string; clusterName: string }): string {
  const byName: Record<string, string> = {
    FLOTILLA_HUB_URL: values.hubUrl,
    FLOTILLA_REGISTRATION_TOKEN: values.token,
    FLOTILLA_CLUSTER_NAME: values.clusterName,
  };
  return template
    .replace(/"\$\{(FLOTILLA_[A-Z_]+)\}"/g, (whole, name: string) => (name in byName ? JSON.stringify(byName[name]) : whole))
    .replace(/\$\{(FLOTILLA_[A-Z_]+)\}/g, (whole, name: string) => byName[name] ?? whole);
}

// Used only when deploy/agent/ has no templates (e.g. a hub image built without them).
const builtinTemplate = `apiVersion: v1
kind: Namespace
metadata:
  name: flotilla-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: flotilla-agent
  namespace: flotilla-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: flotilla-agent
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: flotilla-agent
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: flotilla-agent
subjects:
  - kind: ServiceAccount
    name: flotilla-agent
    namespace: flotilla-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: flotilla-agent-state
  namespace: flotilla-system
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "create", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: flotilla-agent-state
  namespace: flotilla-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: flotilla-agent-state
subjects:
  - kind: ServiceAccount
    name: flotilla-agent
    namespace: flotilla-system
---
apiVersion: v1
kind: Secret
metadata:
  name: flotilla-agent-registration
  namespace: flotilla-system
type: Opaque
stringData:
  token: "\${FLOTILLA_REGISTRATION_TOKEN}"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flotilla-agent
  namespace: flotilla-system
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app.kubernetes.io/name: flotilla-agent
  template:
    metadata:
      labels:
        app.kubernetes.io/name: flotilla-agent
    spec:
      serviceAccountName: flotilla-agent
      containers:
        - name: agent
          image: flotilla/agent:latest
          args: ["agent", "--hub", "\${FLOTILLA_HUB_URL}"]
          env:
            - name: FLOTILLA_REGISTRATION_TOKEN
              valueFrom:
                secretKeyRef:
                  name: flotilla-agent-registration
                  key: token
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
`;
