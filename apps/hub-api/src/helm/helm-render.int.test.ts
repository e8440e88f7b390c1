import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryPath, helmRenderPath } from '@flotilla/testenv';
import { HelmRenderWorker } from './helm-render-worker.js';
import { HelmTemplate, type TemplateInput } from './helm-template.js';

// The render helper (tools/helm-render, helm's library in one long-lived process) against the real
// `helm template`: the same output byte for byte, and the same error text, on what charts do (subcharts, hooks,
// CRDs, `.Capabilities.KubeVersion`, `required`, `fail`); then what the hub does when the helper dies or is
// missing.

const enc = (files: Record<string, string>) => new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));

const parent = enc({
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.2.0\n    condition: sub.enabled\n',
  'values.yaml': 'image: app:1\nsub:\n  enabled: true\n  greeting: hello\nsecret: s3cr3t\n',
  'crds/widget.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: { kind: Widget, plural: widgets }\n  scope: Namespaced\n  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  image: {{ .Values.image | quote }}\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n  minor: {{ .Capabilities.KubeVersion.Minor | quote }}\n  {{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.GitVersion }}\n  modern: "yes"\n  {{- end }}\n',
  'templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-creds\nstringData:\n  password: {{ .Values.secret | quote }}\n',
  'templates/hook.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: m, image: {{ .Values.image | quote }} }]\n',
  'templates/tests/ping.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-ping\n  annotations:\n    helm.sh/hook: test\nspec:\n  containers: [{ name: p, image: busybox }]\n',
  'templates/_helpers.tpl': '{{- define "app.labels" -}}\napp: {{ .Chart.Name }}\n{{- end }}\n',
  'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\nspec:\n  ports: [{ port: 80 }]\n',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.2.0\n',
  'charts/sub/values.yaml': 'greeting: hi\n',
  'charts/sub/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-sub\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  global: {{ .Values.global.region | default "none" | quote }}\n',
});

const withTemplate = (name: string, text: string) => new Map([...parent, [`templates/${name}`, new TextEncoder().encode(text)]]);

const cases: [string, TemplateInput][] = [
  ['a chart with a subchart, hooks (the test hook left out as --skip-tests does), CRDs and a helper template', { files: parent, releaseName: 'app', namespace: 'apps', values: { image: 'app:2', sub: { greeting: 'bonjour' }, global: { region: 'eu' } } }],
  ['the subchart disabled by its condition', { files: parent, releaseName: 'edge', namespace: 'edge', values: { sub: { enabled: false } } }],
  ['.Capabilities.KubeVersion given (--kube-version)', { files: parent, releaseName: 'app', namespace: 'apps', values: {}, kubeVersion: 'v1.28.3' }],
  ['.Capabilities.KubeVersion by default (helm’s built-in version)', { files: parent, releaseName: 'app', namespace: 'apps', values: {} }],
  ['a `required` value missing: helm’s error text', { files: withTemplate('req.yaml', 'x: {{ required "region is required" .Values.region }}\n'), releaseName: 'app', namespace: 'apps', values: {} }],
  ['`fail`: helm’s error text', { files: withTemplate('fail.yaml', '{{ fail "this chart refuses" }}\n'), releaseName: 'app', namespace: 'apps', values: {} }],
  ['a template that renders invalid YAML: helm’s error text', { files: withTemplate('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n'), releaseName: 'app', namespace: 'apps', values: {} }],
  ['a dependency missing from charts/: helm’s error text', { files: new Map([...parent].filter(([p]) => !p.startsWith('charts/'))), releaseName: 'app', namespace: 'apps', values: {} }],
  ['a library chart: not installable, as helm says', { files: enc({ 'Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n' }), releaseName: 'app', namespace: 'apps', values: {} }],
  ['an invalid release name: helm’s error text', { files: parent, releaseName: 'Not_Valid', namespace: 'apps', values: {} }],
  ['an invalid Kubernetes version: helm’s error text', { files: parent, releaseName: 'app', namespace: 'apps', values: {}, kubeVersion: 'banana' }],
];

describe('helm-render (helm’s library in one process) against `helm template`', () => {
  let helm: string;
  let helper: string;
  const opened: HelmTemplate[] = [];
  const template = (withHelper: boolean) => {
    const t = new HelmTemplate(helm, withHelper ? helper : undefined);
    opened.push(t);
    return t;
  };
  beforeAll(async () => {
    [helm, helper] = await Promise.all([binaryPath('helm'), helmRenderPath()]);
  }, 600_000);
  afterAll(() => opened.forEach((t) => t.close()));

  it.each(cases)('%s: the same result byte for byte', async (_name, input) => {
    const [viaHelm, viaHelper] = [template(false), template(true)];
    const [expected, actual] = await Promise.all([viaHelm.render(input), viaHelper.render(input)]);
    expect(viaHelm.processes).toBe(1);
    expect(viaHelper.processes).toBe(0);
    expect(viaHelper.helperRenders).toBe(1);
    expect(actual).toEqual(expected);
  });

  it('the outputs it is compared with are what the cases say (so equality is not two empty answers)', async () => {
    const t = template(true);
    const full = await t.render(cases[0]![1]);
    if (!full.ok) throw new Error(full.message);
    expect(full.manifest).toContain('kind: CustomResourceDefinition');
    expect(full.manifest).toContain('greeting: "bonjour"');
    expect(full.manifest).toContain('global: "eu"');
    expect(full.manifest).toContain('# Source: app/templates/hook.yaml');
    expect(full.manifest).not.toContain('app-ping');
    const kube = await t.render(cases[2]![1]);
    expect(kube.ok && kube.manifest).toContain('kube: "v1.28.3"');
    expect(await t.render(cases[4]![1])).toEqual({ ok: false, unavailable: false, message: expect.stringContaining('region is required') as unknown });
    expect(await t.render(cases[5]![1])).toEqual({ ok: false, unavailable: false, message: expect.stringContaining('this chart refuses') as unknown });
  });

  it('many renders at once with values differing per cluster: each is its own, and one process did them all', async () => {
    const t = template(true);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => t.render({ files: parent, releaseName: 'app', namespace: 'apps', values: { image: `app:${i}` } })));
    results.forEach((r, i) => expect(r.ok && r.manifest).toContain(`image: "app:${i}"`));
    expect(t.helperRenders).toBe(40);
    expect(t.processes).toBe(0);
  });

  it('a helper that dies is started again at the next render; the render it was doing fails with a plain message', async () => {
    const worker = new HelmRenderWorker(helper);
    try {
      const request = { chart: '/nonexistent/chart', releaseName: 'app', namespace: 'apps', values: '' };
      const first = await worker.render(request, 10_000);
      expect(first).toMatchObject({ ok: false, missing: false });
      expect(worker.starts).toBe(1);
      const pid = worker.pid!;
      // Values travel through the pipe: the command line is the binary alone.
      expect((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean)).toEqual([helper]);
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      expect(worker.pid).toBeUndefined();
      const again = await worker.render(request, 10_000);
      expect(again).toEqual(first);
      expect(worker.starts).toBe(2);
    } finally {
      worker.close();
    }
  });

  it('without the helper (a path that does not exist), `helm template` renders instead, and keeps doing so', async () => {
    const t = new HelmTemplate(helm, '/nonexistent/helm-render');
    const expected = await template(false).render(cases[0]![1]);
    expect(await t.render(cases[0]![1])).toEqual(expected);
    expect(await t.render(cases[1]![1])).toMatchObject({ ok: true });
    expect(t.processes).toBe(2);
  });
});
