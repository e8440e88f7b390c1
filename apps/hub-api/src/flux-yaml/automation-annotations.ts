import type { ImageUpdateAutomationInput } from '../images/dto/image-update-automation.inputs.js';
import type { ImageUpdateAutomationObject } from '../images/dto/image-update-automation.object.js';
import { selectorObject } from './label-selector-object.js';

// An ImageUpdateAutomation has fields of Flotilla's own (how its change reaches the branch: a proposal to
// approve or Flux's push, and the forge that reviews it). Flux YAML has no place for them: they travel in
// these annotations, which Flux and kubectl keep and ignore, so an export imported again is the same object.
// The forge token is never exported: an update keeps the stored one.

export const AUTOMATION_ANNOTATION_PREFIX = 'image-automation.flotilla.dev/';

type DeliveryField = 'policySelector' | 'mode' | 'requiredApprovals' | 'approverTeam' | 'mergeStrategy' | 'provider' | 'providerApiUrl' | 'providerRepository' | 'autoMergeAfter' | 'autoMergeRequiresApproval';

/** Annotation key → the input field it carries, its type, and the value export leaves out (the hub's default). */
export const AUTOMATION_ANNOTATIONS: Readonly<Record<string, { field: DeliveryField; type: 'string' | 'int' | 'bool'; omit: (o: ImageUpdateAutomationObject) => boolean }>> = {
  [`${AUTOMATION_ANNOTATION_PREFIX}mode`]: { field: 'mode', type: 'string', omit: () => false },
  [`${AUTOMATION_ANNOTATION_PREFIX}required-approvals`]: { field: 'requiredApprovals', type: 'int', omit: (o) => o.requiredApprovals === 1 },
  [`${AUTOMATION_ANNOTATION_PREFIX}approver-team`]: { field: 'approverTeam', type: 'string', omit: (o) => o.approverTeam === null },
  [`${AUTOMATION_ANNOTATION_PREFIX}merge-strategy`]: { field: 'mergeStrategy', type: 'string', omit: (o) => o.mergeStrategy === 'fast-forward' },
  [`${AUTOMATION_ANNOTATION_PREFIX}provider`]: { field: 'provider', type: 'string', omit: (o) => o.provider === 'native' },
  [`${AUTOMATION_ANNOTATION_PREFIX}provider-api-url`]: { field: 'providerApiUrl', type: 'string', omit: (o) => o.providerApiUrl === null },
  [`${AUTOMATION_ANNOTATION_PREFIX}provider-repository`]: { field: 'providerRepository', type: 'string', omit: (o) => o.providerRepository === null },
  [`${AUTOMATION_ANNOTATION_PREFIX}auto-merge-after`]: { field: 'autoMergeAfter', type: 'string', omit: (o) => o.autoMergeAfter === null },
  // A selector with `>` or `<`, which metav1.LabelSelector (spec.policySelector) cannot say.
  [`${AUTOMATION_ANNOTATION_PREFIX}policy-selector`]: { field: 'policySelector', type: 'string', omit: (o) => o.policySelector === null || !('unexportable' in selectorObject(o.policySelector)) },
  [`${AUTOMATION_ANNOTATION_PREFIX}auto-merge-requires-approval`]: { field: 'autoMergeRequiresApproval', type: 'bool', omit: (o) => o.autoMergeRequiresApproval },
};

/** The annotation that carries an input field (to point a validator's complaint at its line). */
export const annotationOf = (field: string): string | undefined => Object.entries(AUTOMATION_ANNOTATIONS).find(([, a]) => a.field === field)?.[0];

export function automationAnnotations(o: ImageUpdateAutomationObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, a] of Object.entries(AUTOMATION_ANNOTATIONS)) if (!a.omit(o)) out[key] = String(o[a.field]);
  return out;
}

/** The delivery fields of the annotations; a value of the wrong form is reported. */
export function deliveryFromAnnotations(annotations: Record<string, string>, report: (key: string, message: string) => void): Partial<ImageUpdateAutomationInput> {
  const out: Partial<Record<DeliveryField, string | number | boolean>> = {};
  for (const [key, a] of Object.entries(AUTOMATION_ANNOTATIONS)) {
    const raw = annotations[key];
    if (raw === undefined) continue;
    if (a.type === 'int') {
      if (!/^\d+$/.test(raw)) report(key, `must be a whole number`);
      else out[a.field] = Number(raw);
    } else if (a.type === 'bool') {
      if (raw !== 'true' && raw !== 'false') report(key, `must be "true" or "false"`);
      else out[a.field] = raw === 'true';
    } else out[a.field] = raw;
  }
  return out as Partial<ImageUpdateAutomationInput>;
}
