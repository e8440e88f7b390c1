import type { V1ClusterRoleBinding, V1Deployment, V1Secret } from '@kubernetes/client-node';
import { renderAgentManifests } from '@flotilla/protocol/agent-manifests';
import { runHelm } from '@flotilla/testenv';
import { describe, expect, it } from 'vitest';
import {
  chartDir,
  find,
  parseObjects,
  renderChart,
  valueFlags,
  type RenderedObject,
} from './render-chart.js';

const values = { hubUrl: 'https://hub.example.com/', registration: { token: 'flr_chart' } };
const deploymentOf = (objects: RenderedObject[]) => find(objects, 'Deployment') as unknown as V1Deployment;

describe('flotilla-agent chart', () => {
  it('passes helm lint', async () => {
    const { stdout } = await runHelm(['lint', chartDir('flotilla-agent'), ...valueFlags(values)]);
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('refuses to render without the hub URL or without a registration token', async () => {
    await expect(renderChart('flotilla-agent', { registration: values.registration })).rejects.toThrow(
      /hubUrl is required/,
    );
    await expect(renderChart('flotilla-agent', { hubUrl: values.hubUrl })).rejects.toThrow(
      /set registration.token or registration.existingSecret/,
    );
  });

  // The chart reads its RBAC rules from the manifests the hub's "Add cluster" dialog fills; this holds it to
  // them, rules and bindings, and to the same pod hardening.
  it('grants what the dialog manifests grant and runs the agent pod the same way', async () => {
    const chart = await renderChart('flotilla-agent', values, 'flotilla-system');
    const dialog = parseObjects(
      renderAgentManifests({ hubUrl: values.hubUrl, token: 'flr_chart', image: 'flotilla/agent:0.1.0' }),
    );
    for (const kind of ['ClusterRole', 'Role'])
      expect(find(chart, kind).rules).toEqual(find(dialog, kind).rules);
    // Bindings: the same roles to the agent's service account in the release namespace.
    const grants = (objects: RenderedObject[], account: string) =>
      objects
        .filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')
        .map((o) => {
          const b = o as unknown as V1ClusterRoleBinding;
          const role = b.roleRef.name === 'cluster-admin' ? 'cluster-admin' : `${b.roleRef.kind}/agent-role`;
          return {
            role,
            subjects: b.subjects?.map((s) => ({
              kind: s.kind,
              account: s.name === account ? 'agent' : s.name,
              namespace: s.namespace,
            })),
          };
        })
        .sort((a, b) => (a.role < b.role ? -1 : 1));
    expect(grants(chart, 'flotilla-agent')).toEqual(grants(dialog, 'flotilla-agent'));
    expect(grants(chart, 'flotilla-agent').map((g) => g.role)).toEqual([
      'ClusterRole/agent-role',
      'Role/agent-role',
      'cluster-admin',
    ]);

    const [ours, theirs] = [deploymentOf(chart), deploymentOf(dialog)];
    expect(ours.spec?.strategy).toEqual(theirs.spec?.strategy);
    expect(ours.spec?.template.spec?.securityContext).toEqual(theirs.spec?.template.spec?.securityContext);
    const [a, b] = [ours.spec!.template.spec!.containers[0]!, theirs.spec!.template.spec!.containers[0]!];
    expect(a.securityContext).toEqual(b.securityContext);
    expect(a.args).toEqual(['--hub', 'https://hub.example.com']);
    expect(a.args).toEqual(b.args);
    expect(a.env?.map((e) => e.name)).toEqual(b.env?.map((e) => e.name));
    expect(a.volumeMounts).toEqual(b.volumeMounts);
    expect(a.resources).toEqual(b.resources);
    // The token is in the Secret only.
    expect(JSON.stringify(ours)).not.toContain('flr_chart');
    expect((find(chart, 'Secret') as unknown as V1Secret).stringData).toEqual({ token: 'flr_chart' });
  });

  it('uses an existing token Secret, and without cluster-admin runs connect-only', async () => {
    const objects = await renderChart('flotilla-agent', {
      hubUrl: values.hubUrl,
      registration: { existingSecret: 'agent-token', existingSecretKey: 'value' },
      rbac: { clusterAdmin: false },
      resources: { limits: { memory: '128Mi' } },
    });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(
      objects.some(
        (o) =>
          o.kind === 'ClusterRoleBinding' &&
          (o as unknown as V1ClusterRoleBinding).roleRef.name === 'cluster-admin',
      ),
    ).toBe(false);
    const agent = deploymentOf(objects).spec!.template.spec!.containers[0]!;
    expect(agent.env?.find((e) => e.name === 'FLOTILLA_REGISTRATION_TOKEN')?.valueFrom?.secretKeyRef).toEqual(
      { name: 'agent-token', key: 'value', optional: true },
    );
    expect(agent.resources?.limits).toEqual({ memory: '128Mi' });
  });
});
