import { formatLabelSelector, labelSelectorFromObject, type LabelSelectorObject } from '@flotilla/reconcile-core';
import type { ImagePolicyInput } from '../images/dto/image-policy.inputs.js';
import type { ImageRepositoryInput } from '../images/dto/image-repository.inputs.js';
import type { ImageUpdateAutomationInput } from '../images/dto/image-update-automation.inputs.js';
import { deliveryFromAnnotations } from './automation-annotations.js';
import { checkFields, valueReader, type SpecContext } from './flux-yaml.fields.js';

// Flux's image kinds (image.toolkit.fluxcd.io) → the hub's inputs for them. The hub's validators check the
// values afterwards; here only names and types.

const CREDENTIALS = 'credentials are not imported: set them on the hub’s object (they are stored encrypted)';
const UNSERVED = 'a Flux field the hub does not serve';

export function readImageRepository(spec: Record<string, unknown>, ctx: SpecContext): ImageRepositoryInput {
  checkFields(
    spec,
    {
      served: ['image', 'interval', 'timeout', 'exclusionList', 'insecure', 'suspend', 'provider'],
      unserved: { secretRef: CREDENTIALS, serviceAccountName: CREDENTIALS, certSecretRef: UNSERVED, proxySecretRef: UNSERVED, accessFrom: UNSERVED },
    },
    ctx.report,
  );
  // The hub scans with its own credentials: only the generic provider (Flux's default) means the same thing.
  if (spec.provider !== undefined && spec.provider !== 'generic') ctx.report(['spec', 'provider'], `only the generic provider is served (got ${String(spec.provider)})`);
  if (ctx.labels.length > 0) ctx.report(['metadata', 'labels'], 'the hub keeps no labels on an ImageRepository');
  const v = valueReader(ctx.report);
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    image: v.str('spec.image', spec.image) ?? '',
    interval: v.str('spec.interval', spec.interval),
    timeout: v.str('spec.timeout', spec.timeout),
    exclusionList: v.strings('spec.exclusionList', spec.exclusionList),
    insecure: v.bool('spec.insecure', spec.insecure),
    suspend: v.bool('spec.suspend', spec.suspend),
  };
}

export function readImagePolicy(spec: Record<string, unknown>, ctx: SpecContext): ImagePolicyInput {
  checkFields(
    spec,
    {
      served: [
        'imageRepositoryRef.name',
        'imageRepositoryRef.namespace',
        'policy.semver.range',
        'policy.alphabetical.order',
        'policy.numerical.order',
        'filterTags.pattern',
        'filterTags.extract',
        'digestReflectionPolicy',
        'interval',
        'suspend',
      ],
    },
    ctx.report,
  );
  const v = valueReader(ctx.report);
  const ref = v.map('spec.imageRepositoryRef', spec.imageRepositoryRef);
  const policy = v.map('spec.policy', spec.policy);
  const order = (kind: 'alphabetical' | 'numerical') => (policy[kind] === undefined ? null : { order: v.str(`spec.policy.${kind}.order`, v.map(`spec.policy.${kind}`, policy[kind]).order) });
  const semver = policy.semver === undefined ? null : { range: v.str('spec.policy.semver.range', v.map('spec.policy.semver', policy.semver).range) ?? '' };
  const filter = spec.filterTags === undefined ? null : v.map('spec.filterTags', spec.filterTags);
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    labels: ctx.labels,
    imageRepositoryRef: { name: v.str('spec.imageRepositoryRef.name', ref.name) ?? '', namespace: v.str('spec.imageRepositoryRef.namespace', ref.namespace) },
    policy: { semver, alphabetical: order('alphabetical'), numerical: order('numerical') },
    filterTags: filter ? { pattern: v.str('spec.filterTags.pattern', filter.pattern), extract: v.str('spec.filterTags.extract', filter.extract) } : null,
    digestReflectionPolicy: v.str('spec.digestReflectionPolicy', spec.digestReflectionPolicy),
    interval: v.str('spec.interval', spec.interval),
    suspend: v.bool('spec.suspend', spec.suspend),
  };
}

export function readImageUpdateAutomation(spec: Record<string, unknown>, ctx: SpecContext): ImageUpdateAutomationInput {
  checkFields(
    spec,
    {
      served: [
        'sourceRef.kind',
        'sourceRef.name',
        'sourceRef.namespace',
        'git.checkout.ref.branch',
        'git.commit.author.name',
        'git.commit.author.email',
        'git.commit.messageTemplate',
        'git.push.branch',
        'interval',
        'update.strategy',
        'update.path',
        'policySelector.matchLabels.*',
        'policySelector.matchExpressions.*',
        'suspend',
      ],
      unserved: {
        'git.checkout.ref.tag': UNSERVED,
        'git.checkout.ref.semver': UNSERVED,
        'git.checkout.ref.name': UNSERVED,
        'git.checkout.ref.commit': UNSERVED,
        'git.commit.signingKey': UNSERVED,
        'git.commit.messageTemplateValues': UNSERVED,
        'git.push.refspec': UNSERVED,
        'git.push.options': UNSERVED,
      },
    },
    ctx.report,
  );
  if (ctx.labels.length > 0) ctx.report(['metadata', 'labels'], 'the hub keeps no labels on an ImageUpdateAutomation');
  const v = valueReader(ctx.report);
  const sourceRef = v.map('spec.sourceRef', spec.sourceRef);
  if (sourceRef.kind !== undefined && sourceRef.kind !== 'GitRepository') ctx.report(['spec', 'sourceRef', 'kind'], `must be GitRepository (got ${String(sourceRef.kind)})`);
  const git = v.map('spec.git', spec.git);
  const checkout = v.map('spec.git.checkout.ref', v.map('spec.git.checkout', git.checkout).ref);
  const commit = v.map('spec.git.commit', git.commit);
  const author = v.map('spec.git.commit.author', commit.author);
  const push = git.push === undefined ? null : v.map('spec.git.push', git.push);
  const update = v.map('spec.update', spec.update);
  if (update.strategy !== undefined && update.strategy !== 'Setters') ctx.report(['spec', 'update', 'strategy'], `only Setters is defined (got ${String(update.strategy)})`);
  const delivery = deliveryFromAnnotations(ctx.annotations, (key, message) => ctx.report(['metadata', 'annotations', key], message));
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    sourceName: v.str('spec.sourceRef.name', sourceRef.name) ?? '',
    sourceNamespace: v.str('spec.sourceRef.namespace', sourceRef.namespace),
    checkoutBranch: v.str('spec.git.checkout.ref.branch', checkout.branch),
    pushBranch: push ? v.str('spec.git.push.branch', push.branch) : null,
    authorName: v.str('spec.git.commit.author.name', author.name) ?? '',
    authorEmail: v.str('spec.git.commit.author.email', author.email) ?? '',
    messageTemplate: v.str('spec.git.commit.messageTemplate', commit.messageTemplate),
    updatePath: v.str('spec.update.path', update.path),
    policySelector: spec.policySelector === undefined ? null : selectorText(v.map('spec.policySelector', spec.policySelector) as LabelSelectorObject, ctx),
    interval: v.str('spec.interval', spec.interval),
    suspend: v.bool('spec.suspend', spec.suspend),
    // Flux's automation pushes: a document that says where to push and names no mode keeps Flux's meaning.
    mode: push && delivery.mode === undefined ? 'push' : null,
    ...delivery,
  };
}

/** metav1.LabelSelector → the hub's text form (`app=web,tier in (fe)`). */
function selectorText(selector: LabelSelectorObject, ctx: SpecContext): string | null {
  const parsed = labelSelectorFromObject(selector);
  if (!parsed.ok) {
    ctx.report(['spec', 'policySelector'], parsed.errors[0]?.message ?? 'invalid label selector');
    return null;
  }
  return formatLabelSelector(parsed.value);
}
