import type { Result } from '../../errors.js';
import type { SetterChange } from '../setters/apply-setters.js';
import { renderGoTemplate } from './go-template.js';

/** image-automation-controller's message when `git.commit.messageTemplate` is empty. */
export const DEFAULT_COMMIT_MESSAGE_TEMPLATE = 'Update from image update automation';

/** A changed file's setter changes, as applySetters reports them. */
export interface FileSetterChanges {
  path: string;
  changes: readonly SetterChange[];
}

interface TemplateChange {
  OldValue: string;
  NewValue: string;
  Setter: string;
}

/** Flux's ObjectIdentifier: prints as Go prints the struct, reads by field. */
class ObjectIdentifier {
  constructor(
    readonly Kind: string,
    readonly Namespace: string,
    readonly Name: string,
  ) {}
  toString(): string {
    return `{${this.Kind} ${this.Namespace} ${this.Name}}`;
  }
}

function objectOf(subject: string | undefined): ObjectIdentifier {
  const [kind = '', a = '', b] = (subject ?? '').split('/');
  return b === undefined ? new ObjectIdentifier(kind, '', a) : new ObjectIdentifier(kind, a, b);
}

/**
 * Flux's template data: `.AutomationObject` (namespace/name, with `.Namespace` and `.Name`), `.Changed`
 * with `.FileChanges` (file → object → changes), `.Changes` (every change) and `.Objects` (object →
 * changes), each change with `.OldValue`, `.NewValue` and `.Setter`; and `.Values`.
 */
export function commitTemplateData(automation: { namespace: string; name: string }, files: readonly FileSetterChanges[], values: Readonly<Record<string, string>> = {}) {
  const byKey = new Map<string, ObjectIdentifier>();
  const ident = (subject: string | undefined): ObjectIdentifier => {
    const key = subject ?? '';
    let id = byKey.get(key);
    if (!id) byKey.set(key, (id = objectOf(subject)));
    return id;
  };
  const fileChanges = new Map<string, Map<ObjectIdentifier, TemplateChange[]>>();
  const objects = new Map<ObjectIdentifier, TemplateChange[]>();
  const all: TemplateChange[] = [];
  for (const f of files) {
    const perObject = new Map<ObjectIdentifier, TemplateChange[]>();
    for (const c of f.changes) {
      const change = { OldValue: c.oldValue, NewValue: c.newValue, Setter: c.setter };
      const id = ident(c.object);
      perObject.set(id, [...(perObject.get(id) ?? []), change]);
      objects.set(id, [...(objects.get(id) ?? []), change]);
      all.push(change);
    }
    fileChanges.set(f.path, perObject);
  }
  const automationObject = { Namespace: automation.namespace, Name: automation.name, toString: () => `${automation.namespace}/${automation.name}` };
  return { AutomationObject: automationObject, Changed: { FileChanges: fileChanges, Changes: all, Objects: objects }, Values: { ...values } };
}

export function renderCommitMessage(template: string | undefined, automation: { namespace: string; name: string }, files: readonly FileSetterChanges[], values?: Readonly<Record<string, string>>): Result<string> {
  return renderGoTemplate(template || DEFAULT_COMMIT_MESSAGE_TEMPLATE, commitTemplateData(automation, files, values));
}

/**
 * Why a messageTemplate cannot be rendered, or undefined: it is rendered over one sample change, so a template
 * that would fail at every run is refused when it is written (by the hub, and by the form before that).
 */
export function commitTemplateProblem(template: string, automation: { namespace: string; name: string }): string | undefined {
  const sample = renderCommitMessage(template, automation, [
    { path: 'apps/app.yaml', changes: [{ setter: `${automation.namespace}:app`, line: 1, oldValue: 'app:1.0.0', newValue: 'app:1.0.1', object: 'Deployment/default/app' }] },
  ]);
  return sample.ok ? undefined : sample.errors[0]!.message;
}
