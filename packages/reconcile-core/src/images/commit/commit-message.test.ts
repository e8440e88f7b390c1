import { describe, expect, it } from 'vitest';
import { commitTemplateProblem, renderCommitMessage } from './commit-message.js';

const files = [
  {
    path: 'apps/app.yaml',
    changes: [{ setter: 'flux-system:app', line: 7, oldValue: 'reg/app:1.0.0', newValue: 'reg/app:1.0.1', object: 'Deployment/default/app' }],
  },
  {
    path: 'apps/worker.yaml',
    changes: [{ setter: 'flux-system:worker:tag', line: 3, oldValue: '2.0.0', newValue: '2.1.0', object: 'Deployment/default/worker' }],
  },
];
const automation = { namespace: 'flux-system', name: 'apps' };

describe('renderCommitMessage (Flux messageTemplate data)', () => {
  it('an empty template gives Flux’s default message', () => {
    expect(renderCommitMessage(undefined, automation, files)).toEqual({ ok: true, value: 'Update from image update automation', warnings: [] });
  });

  it('renders the template from Flux’s image-automation guide: files, objects and their changes, `-}}` trimming the blank line as Go does', () => {
    const template = `Automated image update

Automation name: {{ .AutomationObject }}

Files:
{{ range $filename, $_ := .Changed.FileChanges -}}
- {{ $filename }}
{{ end -}}

Objects:
{{ range $resource, $changes := .Changed.Objects -}}
- {{ $resource.Kind }} {{ $resource.Name }}
  Changes:
{{- range $_, $change := $changes }}
    - {{ $change.OldValue }} -> {{ $change.NewValue }}
{{ end -}}
{{ end -}}`;
    const r = renderCommitMessage(template, automation, files);
    expect(r.ok && r.value).toBe(`Automated image update

Automation name: flux-system/apps

Files:
- apps/app.yaml
- apps/worker.yaml
Objects:
- Deployment app
  Changes:
    - reg/app:1.0.0 -> reg/app:1.0.1
- Deployment worker
  Changes:
    - 2.0.0 -> 2.1.0
`);
  });

  it('.Changed.Changes, if/else, len and .Values', () => {
    const r = renderCommitMessage('{{ len .Changed.Changes }} changes{{ if .Values.ticket }} for {{ .Values.ticket }}{{ else }} untracked{{ end }}: {{ range .Changed.Changes }}{{ .NewValue }} {{ end }}', automation, files, { ticket: 'OPS-1' });
    expect(r.ok && r.value).toBe('2 changes for OPS-1: reg/app:1.0.1 2.1.0 ');
  });

  it('a template using a function the subset lacks, or an unknown field, fails instead of rendering something else', () => {
    for (const t of ['{{ .Changed.Changes | join ", " }}', '{{ .Updated.Images }}', '{{ range .Changed.Changes }}']) {
      const r = renderCommitMessage(t, automation, files);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.code).toBe('TEMPLATE_INVALID');
    }
  });
});

describe('commitTemplateProblem (the check when a messageTemplate is saved)', () => {
  it('a template that renders over Flux’s data has no problem; an unclosed action, an unknown field chain or a function Flux’s data does not offer is named', () => {
    expect(commitTemplateProblem('Update {{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }} {{ end }}by {{ .AutomationObject }}', automation)).toBeUndefined();
    expect(commitTemplateProblem('{{ range .Changed.Changes }}{{ .NewValue }}', automation)).toMatch(/^message template: /);
    expect(commitTemplateProblem('{{ printf "%s" .AutomationObject }}', automation)).toMatch(/^message template: /);
  });
});
