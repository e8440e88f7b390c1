import { loadCelFor } from '@flotilla/reconcile-core';
import { Injectable } from '@nestjs/common';
import { imagePolicyCompileProblems } from '@flotilla/protocol/flux';
import { fleetRole } from '../auth/access.js';
import { roleAtLeast, type Actor, type RequestOrigin } from '../auth/actor.js';
import { badInput, DomainError, type DomainErrorCode } from '../common/domain-error.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { HelmReleasesService } from '../helm/helm-releases.service.js';
import { HelmRepositoriesService } from '../helm/helm-repositories.service.js';
import { validateHelmReleaseInput, validateHelmRepositoryInput } from '../helm/helm-validation.js';
import { validateImagePolicyInput } from '../images/image-policy.validation.js';
import { ImagePoliciesService } from '../images/image-policies.service.js';
import { ImageRepositoriesService } from '../images/image-repositories.service.js';
import { validateImageRepositoryInput } from '../images/image-repository.validation.js';
import { ImageUpdateAutomationsService, validateImageUpdateAutomationInput } from '../images/image-update-automations.service.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import type { Placement } from '../kustomizations/placement.js';
import type { OciRepositoryObject } from '../oci-sources/dto/oci-repository.object.js';
import { OciRepositoriesService } from '../oci-sources/oci-repositories.service.js';
import { validateOciRepositoryInput } from '../oci-sources/oci-repository.validation.js';
import type { ReceiverObject } from '../notifications/dto/receiver.object.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { validateAlertInput, validateProviderInput } from '../notifications/notifications.validation.js';
import { ReceiversService, validateReceiverInput } from '../notifications/receivers/receivers.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { validateGitRepositoryInput } from '../sources/git-repository.validation.js';
import { annotationOf } from './automation-annotations.js';
import { HELM_OVERLAYS_ANNOTATION } from './flux-yaml.helm-kinds.js';
import {
  ALERT_CLUSTER_SELECTOR_ANNOTATION,
  ALERT_CLUSTERS_ANNOTATION,
  ALERT_GROUP_WINDOW_ANNOTATION,
  ALERT_MODE_ANNOTATION,
  type FluxAlertInput,
} from './flux-yaml.notification-kinds.js';
import type { FluxYamlImportObjectObject, FluxYamlImportResultObject, FluxYamlProblemObject } from './dto/flux-yaml.object.js';
import {
  alertDocument,
  gitRepositoryDocument,
  helmReleaseDocument,
  helmRepositoryDocument,
  imagePolicyDocument,
  imageRepositoryDocument,
  imageUpdateAutomationDocument,
  kustomizationDocument,
  ociRepositoryDocument,
  providerDocument,
  receiverDocument,
  toFluxYaml,
  type FluxDocument,
} from './flux-yaml.export.js';
import { IMPORTABLE_KINDS, parseFluxYaml, type FieldPath, type ImportableKind, type ParsedDoc } from './flux-yaml.parse.js';
import { CLUSTER_SELECTOR_ANNOTATION, CLUSTERS_ANNOTATION } from './placement-annotations.js';
import { TransactionScope } from '../db/transaction-scope.js';

export interface ExportFilter {
  kind: string | null;
  namespace: string | null;
  name: string | null;
}

/** Automation input fields whose place in Flux's spec is not `spec.<field>`. */
const AUTOMATION_SPEC_PATHS: Readonly<Record<string, string>> = {
  sourceName: 'spec.sourceRef.name',
  sourceNamespace: 'spec.sourceRef.namespace',
  checkoutBranch: 'spec.git.checkout.ref.branch',
  pushBranch: 'spec.git.push.branch',
  authorName: 'spec.git.commit.author.name',
  authorEmail: 'spec.git.commit.author.email',
  messageTemplate: 'spec.git.commit.messageTemplate',
  updatePath: 'spec.update.path',
};

/** Where a validator's input field sits in the Flux document it came from. */
export function documentPath(doc: ParsedDoc, field: string): FieldPath {
  if (field === 'name' || field === 'namespace') return ['metadata', field];
  if (field.startsWith('labels')) return ['metadata', 'labels'];
  if (field.startsWith('placement.clusterSelector')) return ['metadata', 'annotations', CLUSTER_SELECTOR_ANNOTATION];
  if (field.startsWith('placement')) return ['metadata', 'annotations', CLUSTERS_ANNOTATION];
  switch (doc.kind) {
    case 'Kustomization':
      return field;
    case 'HelmRelease':
      // The release's validator names `spec.<path>` itself; its overlays come from our annotation.
      return field.startsWith('overlays') ? ['metadata', 'annotations', HELM_OVERLAYS_ANNOTATION] : field.replace(/\[(\d+)\]/g, '.$1');
    case 'OCIRepository':
      return field === 'verifyPublicKeys' ? 'spec.verify' : field;
    case 'Provider':
    case 'Receiver':
    case 'Alert':
      return NOTIFICATION_PATHS[field] ?? (field.startsWith('clusterSelector.names') ? ['metadata', 'annotations', ALERT_CLUSTERS_ANNOTATION] : `spec.${field}`);
    case 'ImageUpdateAutomation': {
      const annotation = annotationOf(field);
      if (annotation) return ['metadata', 'annotations', annotation];
      return AUTOMATION_SPEC_PATHS[field] ?? `spec.${field}`;
    }
    default:
      // `exclusionList[1]` is the list's second item.
      return `spec.${field.replace(/\[(\d+)\]/g, '.$1')}`;
  }
}

/** Notification input fields whose place in Flux's document is not `spec.<field>`. */
const NOTIFICATION_PATHS: Readonly<Record<string, FieldPath>> = {
  secretRefName: 'spec.secretRef.name',
  certSecretRefName: 'spec.certSecretRef.name',
  providerId: 'spec.providerRef.name',
  'clusterSelector.labels': ['metadata', 'annotations', ALERT_CLUSTER_SELECTOR_ANNOTATION],
  mode: ['metadata', 'annotations', ALERT_MODE_ANNOTATION],
  groupWindowSeconds: ['metadata', 'annotations', ALERT_GROUP_WINDOW_ANNOTATION],
  // A gcr Receiver's audience and email are in Flux's Secret, which the YAML does not carry.
  gcrAudience: 'spec.type',
  gcrEmail: 'spec.type',
};

const isNotificationKind = (kind: string): boolean => kind === 'Provider' || kind === 'Alert' || kind === 'Receiver';
const notificationsFor = (actor: Actor, role: 'VIEWER' | 'ADMIN'): boolean => roleAtLeast(fleetRole(actor), role);

/**
 * The notification validators name the input's fields (`type: …`, `eventSources.0.kind: …`); a problem of a
 * document names the document's (`spec.type: …`).
 */
export function inDocumentTerms(doc: ParsedDoc, field: string | undefined, path: FieldPath | null, message: string): string {
  if (!field || path === null || !isNotificationKind(doc.kind)) return message;
  const shown = typeof path === 'string' ? path : path.join('.');
  return message.startsWith(`${field}: `) ? `${shown}: ${message.slice(field.length + 2)}` : message;
}

const order = (kind: string) => Object.keys(IMPORTABLE_KINDS).indexOf(kind);
/** The code each kind's own queries and mutations answer a missing object with. */
export const NOT_FOUND: Record<ImportableKind, DomainErrorCode> = {
  GitRepository: 'SOURCE_NOT_FOUND',
  OCIRepository: 'SOURCE_NOT_FOUND',
  HelmRepository: 'SOURCE_NOT_FOUND',
  ImageRepository: 'IMAGE_OBJECT_NOT_FOUND',
  ImagePolicy: 'IMAGE_OBJECT_NOT_FOUND',
  ImageUpdateAutomation: 'IMAGE_OBJECT_NOT_FOUND',
  Kustomization: 'KUSTOMIZATION_NOT_FOUND',
  HelmRelease: 'FLUX_OBJECT_NOT_FOUND',
  Provider: 'PROVIDER_NOT_FOUND',
  Alert: 'ALERT_NOT_FOUND',
  Receiver: 'RECEIVER_NOT_FOUND',
};

export interface Existing {
  id: string;
  oci?: OciRepositoryObject;
  receiver?: ReceiverObject;
}

/** Where an Alert document's Provider is: the annotation's namespace, else the Alert's own (Flux's rule). */
export const providerKey = (input: FluxAlertInput, alertNamespace: string) => `Provider/${input.providerRef.namespace ?? alertNamespace}/${input.providerRef.name}`;

/**
 * Flux YAML in and out of the hub. An import checks every document with the same validators the create
 * mutations use before it writes any, so a text with one bad document creates nothing; the writes then go
 * through the services (audit entries, assignments and events as for a form), sources before what reads them,
 * in one database transaction: a write that fails after the checks (a name taken meanwhile, the database
 * going away) leaves nothing of the text behind, and the events go out once it has all committed.
 */
@Injectable()
export class FluxYamlService {
  constructor(
    private readonly git: GitRepositoriesService,
    private readonly kustomizations: KustomizationsService,
    private readonly oci: OciRepositoriesService,
    private readonly helmRepositories: HelmRepositoriesService,
    private readonly helmReleases: HelmReleasesService,
    private readonly imageRepositories: ImageRepositoriesService,
    private readonly imagePolicies: ImagePoliciesService,
    private readonly automations: ImageUpdateAutomationsService,
    private readonly managed: ManagedByGit,
    private readonly notifications: NotificationsService,
    private readonly receivers: ReceiversService,
    private readonly transaction: TransactionScope,
  ) {}

  /** Every hub object of the importable kinds as its Flux document, in dependency order. */
  private async documents(
    actor: Actor,
  ): Promise<{ kind: ImportableKind; namespace: string; name: string; id: string; doc: () => FluxDocument; oci?: OciRepositoryObject; receiver?: ReceiverObject }[]> {
    const [gits, ocis, helmRepos, repos, policies, automations, kss, releases, providers, alerts, receivers] = await Promise.all([
      this.git.list(actor),
      this.oci.list(),
      this.helmRepositories.list(),
      this.imageRepositories.list(),
      this.imagePolicies.list(),
      this.automations.list(),
      this.kustomizations.list(actor),
      this.helmReleases.list(actor),
      // The notification objects are read by fleet-wide viewers only, as their own queries are.
      notificationsFor(actor, 'VIEWER') ? this.notifications.listProviders() : [],
      notificationsFor(actor, 'VIEWER') ? this.notifications.listAlerts() : [],
      notificationsFor(actor, 'VIEWER') ? this.receivers.list() : [],
    ]);
    const providerNamespace = new Map(providers.map((p) => [p.id, p.namespace]));
    return [
      ...gits.map((o) => ({ kind: 'GitRepository' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => gitRepositoryDocument(o) })),
      ...ocis.map((o) => ({ kind: 'OCIRepository' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => ociRepositoryDocument(o), oci: o })),
      ...helmRepos.map((o) => ({ kind: 'HelmRepository' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => helmRepositoryDocument(o) })),
      ...repos.map((o) => ({ kind: 'ImageRepository' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => imageRepositoryDocument(o) })),
      ...policies.map((o) => ({ kind: 'ImagePolicy' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => imagePolicyDocument(o) })),
      ...automations.map((o) => ({ kind: 'ImageUpdateAutomation' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => imageUpdateAutomationDocument(o) })),
      ...kss.map((o) => ({ kind: 'Kustomization' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => kustomizationDocument(o) })),
      ...releases.map((o) => ({ kind: 'HelmRelease' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => helmReleaseDocument(o) })),
      ...providers.map((o) => ({ kind: 'Provider' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => providerDocument(o) })),
      ...alerts.map((o) => ({ kind: 'Alert' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => alertDocument(o, providerNamespace.get(o.providerId) ?? o.namespace) })),
      ...receivers.map((o) => ({ kind: 'Receiver' as const, namespace: o.namespace, name: o.name, id: o.id, doc: () => receiverDocument(o), receiver: o })),
    ];
  }

  /** The hub's objects of the importable kinds by `Kind/namespace/name`, with what an update keeps of them. */
  async existing(actor: Actor): Promise<Map<string, Existing>> {
    return new Map((await this.documents(actor)).map((o) => [`${o.kind}/${o.namespace}/${o.name}`, { id: o.id, ...(o.oci ? { oci: o.oci } : {}), ...(o.receiver ? { receiver: o.receiver } : {}) }]));
  }

  async export(actor: Actor, filter: ExportFilter): Promise<string> {
    if (filter.kind !== null && !(filter.kind in IMPORTABLE_KINDS)) {
      throw badInput('kind', `kind: "${filter.kind}" is not exported; the hub exports ${Object.keys(IMPORTABLE_KINDS).join(', ')}`);
    }
    const docs = (await this.documents(actor)).filter(
      (o) => (filter.kind === null || filter.kind === o.kind) && (filter.namespace === null || o.namespace === filter.namespace) && (filter.name === null || o.name === filter.name),
    );
    if (filter.name !== null && docs.length === 0) {
      throw new DomainError(filter.kind !== null ? NOT_FOUND[filter.kind as ImportableKind] : 'KUSTOMIZATION_NOT_FOUND', `no ${filter.kind ?? 'object'} named ${filter.name}`);
    }
    return toFluxYaml(docs.map((o) => o.doc()));
  }

  async import(actor: Actor, origin: RequestOrigin, text: string, dryRun: boolean): Promise<FluxYamlImportResultObject> {
    const { docs, problems } = parseFluxYaml(text);
    const existing = await this.existing(actor);
    const seen = new Set<string>();
    const objects: (FluxYamlImportObjectObject & { doc: ParsedDoc })[] = [];
    const problem = (doc: ParsedDoc, path: FieldPath | null, message: string): FluxYamlProblemObject => {
      const field = path === null ? null : typeof path === 'string' ? path : path.join('.');
      return { document: doc.document, line: path === null ? doc.line : doc.lineOf(path), kind: doc.kind, name: doc.name, field, message };
    };
    for (const doc of docs) {
      try {
        if (doc.kind === 'Kustomization') await loadCelFor(doc.input.spec);
        const v = this.validate(doc, (key) => existing.get(key));
        // The chart's values schema, checked now so a text with values the chart refuses writes nothing.
        if (doc.kind === 'HelmRelease') await this.helmReleases.checkValuesSchema(validateHelmReleaseInput(doc.input));
        const key = `${doc.kind}/${v.namespace}/${v.name}`;
        if (seen.has(key)) {
          problems.push(problem(doc, 'metadata.name', `metadata.name: ${doc.kind} ${v.namespace}/${v.name} is in the text twice`));
          continue;
        }
        seen.add(key);
        const action = existing.has(key) ? 'update' : 'create';
        objects.push({ kind: doc.kind, namespace: v.namespace, name: v.name, action, document: doc.document, placement: v.placement, notes: notesOf(doc, action), doc });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
        const path = err.field ? documentPath(doc, err.field) : null;
        problems.push(problem(doc, path, inDocumentTerms(doc, err.field, path, err.message)));
      }
    }
    // A GitRepository and an OCIRepository of one name would be the same ExternalArtifact in clusters.
    for (const o of objects) {
      const other = o.kind === 'OCIRepository' ? 'GitRepository' : o.kind === 'GitRepository' ? 'OCIRepository' : null;
      const otherKey = `${other}/${o.namespace}/${o.name}`;
      if (other && o.action === 'create' && (existing.has(otherKey) || seen.has(otherKey))) {
        problems.push(problem(o.doc, 'metadata.name', `metadata.name: a ${other} ${o.namespace}/${o.name} exists or is imported too; both would be the ExternalArtifact ${o.name} in clusters`));
      }
    }
    // The notification objects are written by fleet-wide admins only, as their own mutations are.
    for (const o of objects) {
      if (isNotificationKind(o.kind) && !notificationsFor(actor, 'ADMIN')) {
        problems.push(problem(o.doc, null, `a ${o.kind} is created and changed by admins of the whole fleet; you have ${fleetRole(actor)?.toLowerCase() ?? 'no role'} on the whole fleet`));
      }
    }
    // An Alert sends to a Provider that exists or is in the text: checked before anything is written.
    for (const o of objects) {
      if (o.doc.kind !== 'Alert') continue;
      const key = providerKey(o.doc.input, o.namespace);
      if (!existing.has(key) && !seen.has(key)) problems.push(problem(o.doc, 'spec.providerRef.name', `spec.providerRef.name: no ${key.replace('/', ' ')} exists or is imported`));
    }
    // An object a FleetSync made is edited in git: refused here before anything is written, not halfway.
    for (const o of objects) {
      const id = existing.get(`${o.kind}/${o.namespace}/${o.name}`)?.id;
      if (!id) continue;
      try {
        await this.managed.refuseHandEdit(o.doc.kind, id, 'edit');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'MANAGED_BY_GIT') throw err;
        problems.push(problem(o.doc, 'metadata.name', err.message));
      }
    }
    problems.sort((a, b) => a.document - b.document || a.line - b.line);
    const result = (applied: boolean): FluxYamlImportResultObject => ({ objects: objects.map(({ doc: _doc, ...o }) => o), problems, applied });
    if (problems.length > 0 || dryRun) return result(false);
    const ids = new Map([...existing].map(([key, e]) => [key, e.id]));
    await this.transaction.run(async () => {
      for (const o of [...objects].sort((a, b) => order(a.kind) - order(b.kind))) {
        const key = `${o.kind}/${o.namespace}/${o.name}`;
        ids.set(key, await this.write(actor, origin, o.doc, existing.get(key), ids));
      }
    });
    return result(true);
  }

  /**
   * The create form's checks for one document; throws BAD_USER_INPUT naming the input field. A FleetSync
   * checks its documents with it too.
   */
  validate(doc: ParsedDoc, existing: (key: string) => Existing | undefined): { namespace: string; name: string; placement: Placement | null } {
    switch (doc.kind) {
      case 'GitRepository':
        return { ...validateGitRepositoryInput(doc.input), placement: null };
      case 'Kustomization':
        return this.kustomizations.validate(doc.input);
      case 'OCIRepository': {
        // The hub holds the cosign keys: an update keeps them, as it keeps stored credentials.
        const stored = existing(`OCIRepository/${doc.input.namespace ?? 'flotilla-system'}/${doc.input.name}`)?.oci?.verifyPublicKeys ?? [];
        doc.input.verifyPublicKeys = stored.map(({ name, pem }) => ({ name, pem }));
        return { ...validateOciRepositoryInput(doc.input), placement: null };
      }
      case 'HelmRepository':
        return { ...validateHelmRepositoryInput(doc.input), placement: null };
      case 'HelmRelease':
        return validateHelmReleaseInput(doc.input);
      case 'ImageRepository':
        return { ...validateImageRepositoryInput(doc.input), placement: null };
      case 'ImagePolicy': {
        const v = validateImagePolicyInput(doc.input);
        // The form stores a range that does not compile and reports it as Ready=False (as Flux does); a text
        // being imported is refused instead, so the mistake is seen before anything is written.
        const bad = imagePolicyCompileProblems(v.spec)[0];
        if (bad) throw badInput(bad.path, `spec.${bad.path}: ${bad.message}`);
        return { ...v, placement: null };
      }
      case 'Provider':
        return { ...validateProviderInput(doc.input), placement: null };
      case 'Alert': {
        // The Provider is resolved after every document is read (it may come later in the text).
        const { providerRef: _ref, ...input } = doc.input;
        return { ...validateAlertInput({ ...input, providerId: '' }), placement: null };
      }
      case 'Receiver': {
        // Flux reads a gcr Receiver's audience and email from its Secret: an update keeps the hub's.
        const stored = existing(`Receiver/${doc.input.namespace ?? 'flotilla-system'}/${doc.input.name}`)?.receiver;
        if (doc.input.type === 'gcr') {
          if (!stored?.gcrAudience || !stored.gcrEmail) {
            throw badInput('type', 'spec.type: a gcr Receiver needs the audience and service account email Flux reads from its Secret: create it at the hub with them, then an import updates it');
          }
          doc.input.gcrAudience = stored.gcrAudience;
          doc.input.gcrEmail = stored.gcrEmail;
        }
        return { ...validateReceiverInput(doc.input), placement: null };
      }
      case 'ImageUpdateAutomation': {
        const v = validateImageUpdateAutomationInput(doc.input);
        const stored = existing(`ImageUpdateAutomation/${v.namespace}/${v.name}`);
        if (v.write.provider !== 'native' && !stored) {
          throw badInput('provider', `provider: a ${v.write.provider} automation needs its forge token, which is not imported: create it in the hub with its token, then import updates it`);
        }
        return { ...v, placement: null };
      }
    }
  }

  /**
   * Writes one object through its service and returns its id (an Alert written later reads its Provider's).
   * A FleetSync writes the kinds it does not compare field by field with it too.
   */
  async write(actor: Actor, origin: RequestOrigin, doc: ParsedDoc, existing: Existing | undefined, ids: ReadonlyMap<string, string>): Promise<string> {
    const id = existing?.id;
    switch (doc.kind) {
      case 'Provider':
        return (await (id ? this.notifications.updateProvider(actor, origin, id, doc.input) : this.notifications.createProvider(actor, origin, doc.input))).id;
      case 'Alert': {
        const { providerRef: _ref, ...rest } = doc.input;
        const providerId = ids.get(providerKey(doc.input, rest.namespace ?? 'flotilla-system'));
        if (!providerId) throw new DomainError('PROVIDER_NOT_FOUND', `no Provider ${doc.input.providerRef.name} for Alert ${doc.name}`);
        const input = { ...rest, providerId };
        return (await (id ? this.notifications.updateAlert(actor, origin, id, input) : this.notifications.createAlert(actor, origin, input))).id;
      }
      case 'Receiver':
        // The token made for a new Receiver is not returned here: renewing it at the hub shows one.
        return id ? (await this.receivers.update(actor, origin, id, doc.input)).id : (await this.receivers.create(actor, origin, doc.input)).receiver.id;
      case 'GitRepository':
        return (await (id ? this.git.update(actor, origin, id, doc.input) : this.git.create(actor, origin, doc.input))).id;
      case 'OCIRepository':
        return (await (id ? this.oci.update(actor, origin, id, doc.input) : this.oci.create(actor, origin, doc.input))).id;
      case 'HelmRepository':
        return (await (id ? this.helmRepositories.update(actor, origin, id, doc.input) : this.helmRepositories.create(actor, origin, doc.input))).id;
      case 'HelmRelease':
        return (await (id ? this.helmReleases.update(actor, origin, id, doc.input) : this.helmReleases.create(actor, origin, doc.input))).id;
      case 'ImageRepository':
        return (await (id ? this.imageRepositories.update(actor, origin, id, doc.input) : this.imageRepositories.create(actor, origin, doc.input))).id;
      case 'ImagePolicy':
        return (await (id ? this.imagePolicies.update(actor, origin, id, doc.input) : this.imagePolicies.create(actor, origin, doc.input))).id;
      case 'ImageUpdateAutomation':
        return (await (id ? this.automations.update(actor, origin, id, doc.input) : this.automations.create(actor, origin, doc.input))).id;
      case 'Kustomization':
        return (await (id ? this.kustomizations.update(actor, origin, id, doc.input) : this.kustomizations.create(actor, origin, doc.input))).id;
    }
  }

  /**
   * Deletes one object through its service (its audit entry, its events, and its refusals, such as a Provider
   * an Alert still sends to). A FleetSync prunes with it.
   */
  async delete(actor: Actor, origin: RequestOrigin, kind: ImportableKind, id: string): Promise<void> {
    switch (kind) {
      case 'GitRepository':
        await this.git.delete(actor, origin, id);
        return;
      case 'OCIRepository':
        await this.oci.delete(actor, origin, id);
        return;
      case 'HelmRepository':
        await this.helmRepositories.delete(actor, origin, id);
        return;
      case 'HelmRelease':
        await this.helmReleases.delete(actor, origin, id);
        return;
      case 'ImageRepository':
        await this.imageRepositories.delete(actor, origin, id);
        return;
      case 'ImagePolicy':
        await this.imagePolicies.delete(actor, origin, id);
        return;
      case 'ImageUpdateAutomation':
        await this.automations.delete(actor, origin, id);
        return;
      case 'Kustomization':
        await this.kustomizations.delete(actor, origin, id);
        return;
      case 'Provider':
        await this.notifications.deleteProvider(actor, origin, id);
        return;
      case 'Alert':
        await this.notifications.deleteAlert(actor, origin, id);
        return;
      case 'Receiver':
        await this.receivers.delete(actor, origin, id);
        return;
    }
  }
}

/** What the hub does with a notification document differently from Flux, said in the import's result. */
function notesOf(doc: ParsedDoc, action: 'create' | 'update'): string[] {
  if (doc.kind === 'Provider') {
    const notes: string[] = [];
    const { secretRefName, certSecretRefName } = doc.input;
    const kept = action === 'update' ? 'the stored ones are kept' : 'set them on the hub’s Provider (they are stored encrypted)';
    if (secretRefName) notes.push(`spec.secretRef: the hub does not read Secret ${secretRefName}; ${kept}`);
    if (certSecretRefName) notes.push(`spec.certSecretRef: the hub does not read Secret ${certSecretRefName} (CA certificates); ${action === 'update' ? 'the stored ones are kept' : 'set them on the hub’s Provider'}`);
    return notes;
  }
  if (doc.kind === 'Receiver') {
    return [
      action === 'update'
        ? `spec.secretRef: the hub does not read Secret ${doc.input.secretRefName ?? ''}; the Receiver keeps its token and webhook path`
        : `spec.secretRef: the hub does not read Secret ${doc.input.secretRefName ?? ''}; it made a new token (so a webhook path other than Flux's): renew the token at the hub to see it and give it to the sender`,
    ];
  }
  return [];
}
