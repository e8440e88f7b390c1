import { stringify } from 'yaml';
import type { KustomizationObject } from '../kustomizations/dto/kustomization.object.js';
import type { GitRepositoryObject } from '../sources/dto/git-repository.object.js';
import type { ImagePolicyObject } from '../images/dto/image-policy.object.js';
import type { ImageRepositoryObject } from '../images/dto/image-repository.object.js';
import type { ImageUpdateAutomationObject } from '../images/dto/image-update-automation.object.js';
import type { HelmReleaseObject, HelmRepositoryObject } from '../helm/dto/helm.objects.js';
import type { OciRepositoryObject } from '../oci-sources/dto/oci-repository.object.js';
import type { AlertObject } from '../notifications/dto/alert.object.js';
import type { NotificationProviderObject } from '../notifications/dto/notification-provider.object.js';
import type { ReceiverObject } from '../notifications/dto/receiver.object.js';
import { automationAnnotations } from './automation-annotations.js';
import { overlaysAnnotation } from './flux-yaml.helm-kinds.js';
import {
  ALERT_CLUSTER_SELECTOR_ANNOTATION,
  ALERT_CLUSTERS_ANNOTATION,
  ALERT_GROUP_WINDOW_ANNOTATION,
  ALERT_MODE_ANNOTATION,
  ALERT_PROVIDER_NAMESPACE_ANNOTATION,
} from './flux-yaml.notification-kinds.js';
import { selectorObject } from './label-selector-object.js';
import { IMPORTABLE_KINDS } from './flux-yaml.parse.js';
import { placementAnnotations } from './placement-annotations.js';

// Hub objects → Flux YAML that the API server with Flux's CRDs accepts and that imports back to the same
// objects. Only spec: status belongs to each cluster; credentials stay in the hub (a GitRepository with
// stored credentials is exported without secretRef, and imported again keeps what it stored).

export type FluxDocument = Record<string, unknown>;

/** metadata.labels as a map, left out when there are none. */
const labelsOf = (labels: { key: string; value: string }[]) =>
  labels.length > 0 ? { labels: Object.fromEntries(labels.map((l) => [l.key, l.value])) } : {};

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export function gitRepositoryDocument(g: Pick<GitRepositoryObject, 'name' | 'namespace' | 'labels' | 'url' | 'ref' | 'interval' | 'timeout' | 'ignore' | 'suspend'>): FluxDocument {
  const ref = g.ref ? compact({ ...g.ref }) : {};
  return {
    apiVersion: IMPORTABLE_KINDS.GitRepository,
    kind: 'GitRepository',
    metadata: { name: g.name, namespace: g.namespace, ...labelsOf(g.labels) },
    spec: compact({
      url: g.url,
      ...(Object.keys(ref).length > 0 ? { ref } : {}),
      interval: g.interval,
      timeout: g.timeout,
      ignore: g.ignore,
      ...(g.suspend ? { suspend: true } : {}),
    }),
  };
}

export function kustomizationDocument(k: Pick<KustomizationObject, 'name' | 'namespace' | 'labels' | 'placement' | 'spec'>): FluxDocument {
  const annotations = placementAnnotations(k.placement);
  return {
    apiVersion: IMPORTABLE_KINDS.Kustomization,
    kind: 'Kustomization',
    metadata: { name: k.name, namespace: k.namespace, ...labelsOf(k.labels), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: k.spec,
  };
}

const annotationsOf = (a: Record<string, string>) => (Object.keys(a).length > 0 ? { annotations: a } : {});

/** `namespace/name` as the hub's objects name what they reference. */
const splitRef = (ref: string) => {
  const [namespace = '', name = ''] = ref.split('/');
  return { name, namespace };
};

// The stored spec, Flux's defaults filled in; credentials and cosign keys stay in the hub.
export function ociRepositoryDocument(o: OciRepositoryObject): FluxDocument {
  return { apiVersion: IMPORTABLE_KINDS.OCIRepository, kind: 'OCIRepository', metadata: { name: o.name, namespace: o.namespace, ...labelsOf(o.labels) }, spec: o.spec };
}

// Credentials stay in the hub: an update from this text keeps the stored ones.
export function helmRepositoryDocument(r: HelmRepositoryObject): FluxDocument {
  return {
    apiVersion: IMPORTABLE_KINDS.HelmRepository,
    kind: 'HelmRepository',
    metadata: { name: r.name, namespace: r.namespace, ...labelsOf(r.labels) },
    spec: {
      ...(r.type === 'oci' ? { type: 'oci' } : {}),
      url: r.url,
      interval: r.interval,
      timeout: r.timeout,
      ...(r.passCredentials ? { passCredentials: true } : {}),
      ...(r.insecure ? { insecure: true } : {}),
      ...(r.suspend ? { suspend: true } : {}),
    },
  };
}

/** The stored spec as Flux's; placement and values overlays in our annotations. */
export function helmReleaseDocument(h: Pick<HelmReleaseObject, 'name' | 'namespace' | 'labels' | 'placement' | 'overlays' | 'spec'>): FluxDocument {
  const annotations = { ...placementAnnotations(h.placement), ...overlaysAnnotation(h.overlays) };
  return {
    apiVersion: IMPORTABLE_KINDS.HelmRelease,
    kind: 'HelmRelease',
    metadata: { name: h.name, namespace: h.namespace, ...labelsOf(h.labels), ...annotationsOf(annotations) },
    spec: h.spec,
  };
}

export function imageRepositoryDocument(r: ImageRepositoryObject): FluxDocument {
  return {
    apiVersion: IMPORTABLE_KINDS.ImageRepository,
    kind: 'ImageRepository',
    metadata: { name: r.name, namespace: r.namespace },
    spec: {
      image: r.image,
      interval: r.interval,
      timeout: r.timeout,
      exclusionList: r.exclusionList,
      ...(r.insecure ? { insecure: true } : {}),
      ...(r.suspend ? { suspend: true } : {}),
    },
  };
}

export function imagePolicyDocument(p: ImagePolicyObject): FluxDocument {
  return {
    apiVersion: IMPORTABLE_KINDS.ImagePolicy,
    kind: 'ImagePolicy',
    metadata: { name: p.name, namespace: p.namespace, ...labelsOf(p.labels) },
    spec: compact({
      imageRepositoryRef: splitRef(p.imageRepository),
      policy: p.policy,
      filterTags: p.filterTags,
      ...(p.digestReflectionPolicy !== 'Never' ? { digestReflectionPolicy: p.digestReflectionPolicy } : {}),
      interval: p.interval,
      ...(p.suspend ? { suspend: true } : {}),
    }),
  };
}

export function imageUpdateAutomationDocument(a: ImageUpdateAutomationObject): FluxDocument {
  const selector = a.policySelector === null ? null : selectorObject(a.policySelector);
  return {
    apiVersion: IMPORTABLE_KINDS.ImageUpdateAutomation,
    kind: 'ImageUpdateAutomation',
    metadata: { name: a.name, namespace: a.namespace, ...annotationsOf(automationAnnotations(a)) },
    spec: {
      interval: a.interval,
      sourceRef: { kind: 'GitRepository', ...splitRef(a.source) },
      git: {
        ...(a.checkoutBranch !== null ? { checkout: { ref: { branch: a.checkoutBranch } } } : {}),
        commit: { author: { ...(a.authorName ? { name: a.authorName } : {}), email: a.authorEmail }, ...(a.messageTemplate !== null ? { messageTemplate: a.messageTemplate } : {}) },
        ...(a.pushBranch !== null ? { push: { branch: a.pushBranch } } : {}),
      },
      update: { strategy: 'Setters', path: a.updatePath },
      ...(selector !== null && !('unexportable' in selector) ? { policySelector: selector } : {}),
      ...(a.suspend ? { suspend: true } : {}),
    },
  };
}

const secretRef = (name: string | null) => (name === null ? {} : { secretRef: { name } });
const labelObject = (labels: { key: string; value: string }[]) => Object.fromEntries(labels.map((l) => [l.key, l.value]));
const references = (list: AlertObject['eventSources']) =>
  list.map((r) => compact({ kind: r.kind, name: r.name, namespace: r.namespace, matchLabels: r.matchLabels.length > 0 ? labelObject(r.matchLabels) : null }));

// The credentials and CA bundle stay in the hub: only the names of the Secrets the imported YAML gave.
export function providerDocument(p: NotificationProviderObject): FluxDocument {
  return {
    apiVersion: IMPORTABLE_KINDS.Provider,
    kind: 'Provider',
    metadata: { name: p.name, namespace: p.namespace },
    spec: compact({
      type: p.type,
      address: p.address,
      channel: p.channel,
      username: p.username,
      timeout: p.timeout,
      proxy: p.proxy,
      ...secretRef(p.secretRefName),
      ...(p.certSecretRefName !== null ? { certSecretRef: { name: p.certSecretRefName } } : {}),
      ...(p.suspend ? { suspend: true } : {}),
    }),
  };
}

/** `providerNamespace` is where the Alert's Provider is: Flux's providerRef names one of the Alert's namespace. */
export function alertDocument(a: AlertObject, providerNamespace: string): FluxDocument {
  const annotations: Record<string, string> = {
    ...(a.clusterSelector.labels !== null ? { [ALERT_CLUSTER_SELECTOR_ANNOTATION]: a.clusterSelector.labels } : {}),
    ...(a.clusterSelector.names.length > 0 ? { [ALERT_CLUSTERS_ANNOTATION]: a.clusterSelector.names.join(',') } : {}),
    ...(a.mode === 'STATE_CHANGE' ? { [ALERT_MODE_ANNOTATION]: 'state-change' } : {}),
    ...(a.groupWindowSeconds > 0 ? { [ALERT_GROUP_WINDOW_ANNOTATION]: String(a.groupWindowSeconds) } : {}),
    ...(providerNamespace !== a.namespace ? { [ALERT_PROVIDER_NAMESPACE_ANNOTATION]: providerNamespace } : {}),
  };
  return {
    apiVersion: IMPORTABLE_KINDS.Alert,
    kind: 'Alert',
    metadata: { name: a.name, namespace: a.namespace, ...annotationsOf(annotations) },
    spec: compact({
      providerRef: { name: a.providerName },
      eventSeverity: a.eventSeverity,
      eventSources: references(a.eventSources),
      inclusionList: a.inclusionList.length > 0 ? a.inclusionList : null,
      exclusionList: a.exclusionList.length > 0 ? a.exclusionList : null,
      eventMetadata: a.eventMetadata.length > 0 ? labelObject(a.eventMetadata) : null,
      summary: a.summary,
      ...(a.suspend ? { suspend: true } : {}),
    }),
  };
}

/**
 * The hub keeps the token. Flux requires a secretRef, so a Receiver made at the hub, which names no Secret, is
 * exported naming `<name>-token`: the Secret a cluster would need, holding the token the hub showed once.
 */
export function receiverDocument(r: ReceiverObject): FluxDocument {
  return {
    apiVersion: IMPORTABLE_KINDS.Receiver,
    kind: 'Receiver',
    metadata: { name: r.name, namespace: r.namespace },
    spec: {
      type: r.type,
      ...(r.events.length > 0 ? { events: r.events } : {}),
      resources: references(r.resources),
      ...secretRef(r.secretRefName ?? `${r.name}-token`),
      ...(r.suspend ? { suspend: true } : {}),
    },
  };
}

/** Documents as one multi-document YAML text, `---` between them. */
export function toFluxYaml(docs: readonly FluxDocument[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
