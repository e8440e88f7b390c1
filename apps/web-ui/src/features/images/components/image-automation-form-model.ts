import { imageAutomationDelivery, imageUpdateAutomationSpec } from '@flotilla/protocol/flux';
import { commitTemplateProblem } from '@flotilla/reconcile-core';
import { durationError } from '../../../lib/flux/duration';
import { objectNameError } from '../../../lib/flux/names';
import { emptyForgeSettings, forgeSettingsFrom, forgeSettingsInput, forgeTokenError, type ForgeKind, type ForgeSettingsState } from '../../../lib/forms/forge-provider';
import { plainMessage } from '../../../lib/forms/place-server-error';
import type { ImageUpdateAutomationInput } from '../../../lib/graphql/operation-types.gen';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import type { ImageUpdateAutomation } from '../api/list-image-automations';
import { POLICY_NAMESPACE } from './image-policy-form-model';

// The ImageUpdateAutomation form as plain data: state ⇄ the hub's input, and validation with the hub's own
// definitions (Flux's spec schema and Flotilla's delivery fields from protocol, the commit template renderer
// and label selector parser from reconcile-core), every problem at once.
export type AutomationMode = 'proposal' | 'push';
export type MergeStrategy = 'fast-forward' | 'merge-commit';

/** With the pull-request provider settings (only proposal mode takes a forge). */
export interface ImageAutomationFormState extends ForgeSettingsState {
  namespace: string;
  name: string;
  /** `namespace/name` of the GitRepository. */
  source: string;
  checkoutBranch: string;
  pushBranch: string;
  updatePath: string;
  authorName: string;
  authorEmail: string;
  messageTemplate: string;
  policySelector: string;
  mode: AutomationMode;
  requiredApprovals: string;
  approverTeam: string;
  mergeStrategy: MergeStrategy;
  /** Empty: auto-merge off (the default). */
  autoMergeAfter: string;
  autoMergeRequiresApproval: boolean;
  interval: string;
  suspend: boolean;
}

export type ImageAutomationFormField =
  | 'name'
  | 'source'
  | 'checkoutBranch'
  | 'pushBranch'
  | 'updatePath'
  | 'authorName'
  | 'authorEmail'
  | 'messageTemplate'
  | 'policySelector'
  | 'mode'
  | 'requiredApprovals'
  | 'approverTeam'
  | 'mergeStrategy'
  | 'autoMergeAfter'
  | 'provider'
  | 'providerRepository'
  | 'providerApiUrl'
  | 'providerToken'
  | 'interval';
export type ImageAutomationFormErrors = Partial<Record<ImageAutomationFormField, string>>;

export function emptyImageAutomationForm(): ImageAutomationFormState {
  return {
    namespace: POLICY_NAMESPACE,
    name: '',
    source: '',
    checkoutBranch: '',
    pushBranch: '',
    updatePath: './',
    authorName: 'Flotilla',
    authorEmail: '',
    messageTemplate: '',
    policySelector: '',
    mode: 'proposal',
    requiredApprovals: '1',
    approverTeam: '',
    mergeStrategy: 'fast-forward',
    autoMergeAfter: '',
    autoMergeRequiresApproval: true,
    ...emptyForgeSettings(),
    interval: '1m',
    suspend: false,
  };
}

export function formFromImageAutomation(a: ImageUpdateAutomation): ImageAutomationFormState {
  return {
    namespace: a.namespace,
    name: a.name,
    source: a.source,
    checkoutBranch: a.checkoutBranch ?? '',
    pushBranch: a.pushBranch ?? '',
    updatePath: a.updatePath,
    authorName: a.authorName,
    authorEmail: a.authorEmail,
    messageTemplate: a.messageTemplate ?? '',
    policySelector: a.policySelector ?? '',
    mode: a.mode === 'push' ? 'push' : 'proposal',
    requiredApprovals: String(a.requiredApprovals),
    approverTeam: a.approverTeam ?? '',
    mergeStrategy: a.mergeStrategy === 'merge-commit' ? 'merge-commit' : 'fast-forward',
    autoMergeAfter: a.autoMergeAfter ?? '',
    autoMergeRequiresApproval: a.autoMergeRequiresApproval,
    ...forgeSettingsFrom(a),
    interval: a.interval,
    suspend: a.suspend,
  };
}

function sourceRef(s: ImageAutomationFormState): { namespace?: string; name: string } {
  const [namespace, name] = s.source.includes('/') ? s.source.split('/', 2) : [undefined, s.source];
  return { name: name ?? '', ...(namespace ? { namespace } : {}) };
}

/** A path of Flux's spec or of the delivery fields to the form field that holds it. */
function fieldOfPath(path: readonly PropertyKey[]): ImageAutomationFormField | null {
  const p = path.map(String);
  if (p[0] === 'sourceRef') return 'source';
  if (p[0] === 'git') {
    if (p[1] === 'checkout') return 'checkoutBranch';
    if (p[1] === 'push') return 'pushBranch';
    if (p.includes('email')) return 'authorEmail';
    if (p.includes('author')) return 'authorName';
    return 'messageTemplate';
  }
  if (p[0] === 'update') return 'updatePath';
  if (p[0] === 'interval' || p[0] === 'mode' || p[0] === 'requiredApprovals' || p[0] === 'mergeStrategy' || p[0] === 'autoMergeAfter') return p[0];
  return null;
}

export function validateImageAutomationForm(s: ImageAutomationFormState): ImageAutomationFormErrors {
  const errors: ImageAutomationFormErrors = {};
  const set = (field: ImageAutomationFormField | null, message: string | null | undefined) => {
    if (field && message && !errors[field]) errors[field] = message;
  };
  set('name', objectNameError(s.name.trim()));
  if (sourceRef(s).name === '') set('source', 'Choose the Git repository the automation writes to.');
  if (s.authorEmail.trim() === '') set('authorEmail', 'The commit author’s email is required.');
  set('interval', durationError(s.interval));
  const spec = imageUpdateAutomationSpec.safeParse(specOf(s));
  if (!spec.success) for (const issue of spec.error.issues) set(fieldOfPath(issue.path), plainMessage(issue.message));
  const approvals = Number(s.requiredApprovals);
  set('autoMergeAfter', s.mode === 'proposal' ? durationError(s.autoMergeAfter, { required: false }) : null);
  const delivery = imageAutomationDelivery.safeParse({
    mode: s.mode,
    requiredApprovals: s.requiredApprovals.trim() === '' ? Number.NaN : approvals,
    mergeStrategy: s.mergeStrategy,
    ...(s.mode === 'proposal' && s.autoMergeAfter.trim() !== '' ? { autoMergeAfter: s.autoMergeAfter.trim() } : {}),
    autoMergeRequiresApproval: s.autoMergeRequiresApproval,
  });
  if (!delivery.success)
    for (const issue of delivery.error.issues)
      set(fieldOfPath(issue.path), issue.path[0] === 'requiredApprovals' ? 'A whole number from 1 to 10.' : plainMessage(issue.message));
  if (s.messageTemplate.trim() !== '')
    set('messageTemplate', commitTemplateProblem(s.messageTemplate, { namespace: s.namespace, name: s.name.trim() || 'automation' }));
  if (s.policySelector.trim() !== '') set('policySelector', labelSelectorError(s.policySelector));
  // The repository, URL and token formats are the hub's to judge; the form only asks for a token it lacks.
  set('providerToken', forgeTokenError(s, forgeOf(s)));
  return errors;
}

function specOf(s: ImageAutomationFormState) {
  return {
    sourceRef: sourceRef(s),
    git: {
      ...(s.checkoutBranch.trim() ? { checkout: { ref: { branch: s.checkoutBranch.trim() } } } : {}),
      commit: { author: { name: s.authorName.trim(), email: s.authorEmail.trim() }, ...(s.messageTemplate.trim() ? { messageTemplate: s.messageTemplate } : {}) },
      ...(s.mode === 'push' && s.pushBranch.trim() ? { push: { branch: s.pushBranch.trim() } } : {}),
    },
    interval: s.interval.trim(),
    update: { path: s.updatePath.trim() || './' },
    suspend: s.suspend,
  };
}

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/** The forge that reviews the proposals, or null: the hub alone (push mode never takes one). */
export function forgeOf(s: ImageAutomationFormState): ForgeKind | null {
  return s.mode === 'proposal' && s.provider !== 'native' ? s.provider : null;
}

export function toImageAutomationInput(s: ImageAutomationFormState): ImageUpdateAutomationInput {
  const ref = sourceRef(s);
  return {
    namespace: s.namespace,
    name: s.name.trim(),
    sourceName: ref.name,
    sourceNamespace: ref.namespace ?? null,
    checkoutBranch: orNull(s.checkoutBranch),
    // A proposal goes to the automation's own branch: the hub refuses a push branch with it.
    pushBranch: s.mode === 'push' ? orNull(s.pushBranch) : null,
    authorName: s.authorName.trim(),
    authorEmail: s.authorEmail.trim(),
    messageTemplate: s.messageTemplate.trim() === '' ? null : s.messageTemplate,
    updatePath: orNull(s.updatePath),
    mode: s.mode,
    requiredApprovals: Number(s.requiredApprovals),
    approverTeam: orNull(s.approverTeam),
    policySelector: orNull(s.policySelector),
    mergeStrategy: s.mergeStrategy,
    // Auto-merge is a proposal's: the hub refuses a delay in push mode.
    autoMergeAfter: s.mode === 'proposal' ? orNull(s.autoMergeAfter) : null,
    autoMergeRequiresApproval: s.autoMergeRequiresApproval,
    ...forgeSettingsInput(s, forgeOf(s)),
    interval: s.interval.trim(),
    suspend: s.suspend,
  };
}

const FLAT_FIELDS: readonly ImageAutomationFormField[] = [
  'name',
  'checkoutBranch',
  'pushBranch',
  'updatePath',
  'authorName',
  'authorEmail',
  'messageTemplate',
  'policySelector',
  'mode',
  'requiredApprovals',
  'approverTeam',
  'mergeStrategy',
  'autoMergeAfter',
  'provider',
  'providerRepository',
  'providerApiUrl',
  'providerToken',
  'interval',
];

/** Places a hub BAD_USER_INPUT `extensions.field` (`messageTemplate`, `git.commit.author.email`) on a field. */
export function imageAutomationFieldFromServer(field: string | undefined): ImageAutomationFormField | null {
  if (!field) return null;
  const flat = FLAT_FIELDS.find((f) => f === field);
  if (flat) return flat;
  if (field === 'sourceName' || field === 'sourceNamespace') return 'source';
  return fieldOfPath(field.split('.'));
}
