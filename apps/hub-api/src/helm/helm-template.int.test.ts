import { beforeAll, describe, expect, it } from 'vitest';
import { binaryPath } from '@flotilla/testenv';
import { HelmTemplate, type TemplateInput } from './helm-template.js';

// The hub's `helm template` with the real helm binary: what it renders, and that a render depends only on its
// input, so the same input is rendered by one helm process however often (and however concurrently) it is asked.

const enc = (files: Record<string, string>) => new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
const chart = enc({
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'values.yaml': 'image: app:1\ncluster: none\n',
  'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  image: {{ .Values.image | quote }}\n  cluster: {{ .Values.cluster | quote }}\n',
});
const input = (over: Partial<TemplateInput> = {}): TemplateInput => ({ files: chart, releaseName: 'app', namespace: 'apps', values: {}, ...over });

describe('HelmTemplate (real helm)', () => {
  let helmBinary: string;
  beforeAll(async () => {
    helmBinary = await binaryPath('helm');
  });

  it('renders with the release name, namespace and values; the same input again, even asked at once, is not rendered again', async () => {
    const helm = new HelmTemplate(helmBinary);
    const [a, b] = await Promise.all([helm.render(input({ values: { cluster: 'edge' } })), helm.render(input({ values: { cluster: 'edge' } }))]);
    expect(a.ok && a.manifest).toContain('name: app\n  namespace: apps');
    expect(a.ok && a.manifest).toContain('cluster: "edge"');
    expect(b).toEqual(a);
    // Equal files in another tree object (a later proposal's base is the earlier head, read again) hit too.
    const again = await helm.render(input({ files: new Map(chart), values: { cluster: 'edge' } }));
    expect(again).toEqual(a);
    expect(helm.processes).toBe(1);
  });

  it('another input is rendered: other values, another Kubernetes version, other chart files', async () => {
    const helm = new HelmTemplate(helmBinary);
    await helm.render(input());
    const other = await helm.render(input({ values: { cluster: 'core' } }));
    expect(other.ok && other.manifest).toContain('cluster: "core"');
    await helm.render(input({ kubeVersion: 'v1.30.0' }));
    const files = new Map(chart);
    files.set('values.yaml', new TextEncoder().encode('image: app:2\ncluster: none\n'));
    const changed = await helm.render(input({ files }));
    expect(changed.ok && changed.manifest).toContain('image: "app:2"');
    expect(helm.processes).toBe(4);
  });

  it("a failed render says helm's error and is tried again next time (a timeout may pass then)", async () => {
    const helm = new HelmTemplate(helmBinary);
    const broken = enc({ 'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n', 'templates/cm.yaml': '{{ .Values.missing.deeper }}\n' });
    const first = await helm.render(input({ files: broken }));
    expect(first).toMatchObject({ ok: false, unavailable: false, message: expect.stringContaining('nil pointer') as unknown });
    await helm.render(input({ files: broken }));
    expect(helm.processes).toBe(2);
  });

  it('without helm at the hub: unavailable, said so', async () => {
    const helm = new HelmTemplate('/nonexistent/helm');
    expect(await helm.render(input())).toEqual({ ok: false, unavailable: true, message: 'helm is not available at the hub ("/nonexistent/helm" not found)' });
  });
});
