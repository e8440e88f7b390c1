import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AgentManifestError, fillAgentManifestTemplate, renderAgentInstallManifests, renderAgentManifests } from './agent-manifests.js';

const values = { hubUrl: 'https://hub.example.com/', token: 'flr_abc123', image: 'registry.example.com:5000/flotilla/agent:0.1.0' };

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
}
const docs = (yaml: string): Doc[] => parseAllDocuments(yaml).map((d) => d.toJS() as Doc);

describe('renderAgentManifests', () => {
  it('renders Namespace, ServiceAccount, RBAC, token Secret and Deployment with every placeholder filled', () => {
    const yaml = renderAgentManifests(values);
    expect(yaml).not.toContain('{{');
    expect(docs(yaml).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/flotilla-system',
      'ServiceAccount/flotilla-agent',
      'ClusterRole/flotilla-agent',
      'ClusterRoleBinding/flotilla-agent',
      'ClusterRoleBinding/flotilla-agent-reconciler',
      'Role/flotilla-agent-credential',
      'RoleBinding/flotilla-agent-credential',
      'Secret/flotilla-agent-registration',
      'Deployment/flotilla-agent',
    ]);
  });

  it('puts the token only in the Secret, and passes it to the agent by secretKeyRef', () => {
    const all = docs(renderAgentManifests(values));
    const secret = all.find((d) => d.kind === 'Secret')!;
    expect(secret.stringData).toEqual({ token: 'flr_abc123' });
    const deployment = all.find((d) => d.kind === 'Deployment')!;
    expect(JSON.stringify(deployment)).not.toContain('flr_abc123');
    const container = (deployment as unknown as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } }).spec.template.spec.containers[0]!;
    expect(container.image).toBe(values.image);
    expect(container.args).toEqual(['--hub', 'https://hub.example.com']);
    expect(container.env).toContainEqual({
      name: 'FLOTILLA_REGISTRATION_TOKEN',
      valueFrom: { secretKeyRef: { name: 'flotilla-agent-registration', key: 'token', optional: true } },
    });
  });

  it('without a token (an install that stores the credential itself): the same objects less the registration Secret', () => {
    const install = { hubUrl: values.hubUrl, image: values.image };
    const withToken = docs(renderAgentManifests(values)).filter((d) => d.kind !== 'Secret');
    expect(docs(renderAgentInstallManifests(install))).toEqual(withToken);
    expect(renderAgentInstallManifests(install)).not.toMatch(/REGISTRATION_TOKEN"|kind: Secret/);
  });

  it('escapes values so they cannot inject YAML', () => {
    const yaml = fillAgentManifestTemplate('a: "{{REGISTRATION_TOKEN}}"\nb: "{{HUB_URL}}"\nc: "{{AGENT_IMAGE}}"\n', { ...values, token: 'x"}\\n#kind:"Evil\\' });
    expect(docs(yaml)).toEqual([{ a: 'x"}\\n#kind:"Evil\\', b: 'https://hub.example.com', c: values.image }].map((d) => d as unknown as Doc));
  });

  it.each([
    [{ hubUrl: 'not a url' }, /not a URL/],
    [{ hubUrl: 'ftp://hub' }, /http\(s\)/],
    [{ hubUrl: 'https://u:p@hub' }, /credentials/],
    [{ token: '' }, /token/],
    [{ token: 'has space' }, /token/],
    [{ image: 'UPPER/case' }, /image reference/],
    [{ image: 'x; rm -rf /' }, /image reference/],
  ])('rejects %j', (override, message) => {
    expect(() => renderAgentManifests({ ...values, ...override })).toThrow(AgentManifestError);
    expect(() => renderAgentManifests({ ...values, ...override })).toThrow(message);
  });

  it('accepts digests and plain names as images', () => {
    expect(() => renderAgentManifests({ ...values, image: 'flotilla/agent' })).not.toThrow();
    expect(() => renderAgentManifests({ ...values, image: `ghcr.io/flotilla/agent@sha256:${'a'.repeat(64)}` })).not.toThrow();
  });

  it('refuses a template with an unknown or unquoted placeholder', () => {
    expect(() => fillAgentManifestTemplate('a: "{{NOPE}}"', values)).toThrow(/unknown placeholder/);
    expect(() => fillAgentManifestTemplate('a: {{HUB_URL}}', values)).toThrow(/not a whole double-quoted value/);
  });
});
