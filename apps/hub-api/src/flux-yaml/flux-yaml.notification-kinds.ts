import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import type { AlertInput } from '../notifications/dto/alert.input.js';
import type { NotificationProviderInput } from '../notifications/dto/notification-provider.input.js';
import type { ReceiverInput } from '../notifications/dto/receiver.input.js';
import { checkFields, valueReader, type SpecContext } from './flux-yaml.fields.js';
import { clusterNamesOf } from './placement-annotations.js';

// Flux's Provider, Alert (notification.toolkit.fluxcd.io/v1beta3) and Receiver (v1) → the hub's inputs.
// Where Flotilla differs from Flux:
// - A Flux secretRef/certSecretRef names a Kubernetes Secret the YAML does not carry. The hub keeps a
//   Provider's credentials and CA bundle itself (sealed) and makes a Receiver's token itself, so it keeps only
//   the Secret's name, which export writes back; a new object's credentials are set at the hub afterwards.
// - An Alert's clusters, mode and group window are Flotilla's; they travel in alert.flotilla.dev/* annotations,
//   which Flux and kubectl keep and ignore. Flux's providerRef names a Provider of the Alert's namespace; a hub
//   Alert may send to a Provider of another one, which an annotation says.

export const ALERT_ANNOTATION_PREFIX = 'alert.flotilla.dev/';
export const ALERT_CLUSTER_SELECTOR_ANNOTATION = `${ALERT_ANNOTATION_PREFIX}cluster-selector`;
export const ALERT_CLUSTERS_ANNOTATION = `${ALERT_ANNOTATION_PREFIX}clusters`;
export const ALERT_MODE_ANNOTATION = `${ALERT_ANNOTATION_PREFIX}mode`;
export const ALERT_GROUP_WINDOW_ANNOTATION = `${ALERT_ANNOTATION_PREFIX}group-window-seconds`;
export const ALERT_PROVIDER_NAMESPACE_ANNOTATION = `${ALERT_ANNOTATION_PREFIX}provider-namespace`;
export const ALERT_ANNOTATIONS = [ALERT_CLUSTER_SELECTOR_ANNOTATION, ALERT_CLUSTERS_ANNOTATION, ALERT_MODE_ANNOTATION, ALERT_GROUP_WINDOW_ANNOTATION, ALERT_PROVIDER_NAMESPACE_ANNOTATION];

/** Flux's Receiver re-reads its Secret this often; the hub reads no Secret, so only the default means the same. */
const RECEIVER_DEFAULT_INTERVAL_MS = 10 * 60_000;
const UNSERVED = 'a Flux field the hub does not serve';

/** An Alert as its document gives it: the Provider by name, resolved to an id when the import writes. */
export type FluxAlertInput = Omit<AlertInput, 'providerId'> & { providerRef: { namespace: string | null; name: string } };

const noLabels = (ctx: SpecContext, kind: string) => {
  if (ctx.labels.length > 0) ctx.report(['metadata', 'labels'], `the hub keeps no labels on a ${kind}`);
};

const secretName = (read: ReturnType<typeof valueReader>, field: string, v: unknown): string | null => read.str(`${field}.name`, read.map(field, v).name);

export function readProvider(spec: Record<string, unknown>, ctx: SpecContext): NotificationProviderInput {
  checkFields(
    spec,
    {
      served: ['type', 'address', 'channel', 'username', 'timeout', 'proxy', 'suspend', 'secretRef.name', 'certSecretRef.name'],
      unserved: {
        proxySecretRef: 'a proxy with credentials is kept in the hub’s Provider secret (secret.proxy), not read from a Secret',
        serviceAccountName: 'workload identity is not served: the hub sends with the credentials it keeps',
        commitStatusExpr: UNSERVED,
        interval: 'deprecated by Flux and unused',
      },
    },
    ctx.report,
  );
  noLabels(ctx, 'Provider');
  const read = valueReader(ctx.report);
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    type: read.str('spec.type', spec.type) ?? '',
    address: read.str('spec.address', spec.address),
    channel: read.str('spec.channel', spec.channel),
    username: read.str('spec.username', spec.username),
    timeout: read.str('spec.timeout', spec.timeout),
    proxy: read.str('spec.proxy', spec.proxy),
    suspend: read.bool('spec.suspend', spec.suspend),
    // The document is the whole object: no secretRef means none (an update clears the stored name, not the credentials).
    secretRefName: spec.secretRef === undefined ? null : secretName(read, 'spec.secretRef', spec.secretRef),
    certSecretRefName: spec.certSecretRef === undefined ? null : secretName(read, 'spec.certSecretRef', spec.certSecretRef),
  };
}

/** An event source or receiver resource: Flux's CrossNamespaceObjectReference without apiVersion. */
function readReferences(list: unknown, field: string, ctx: SpecContext): { kind: string; name: string; namespace: string | null; matchLabels: { key: string; value: string }[] }[] {
  const read = valueReader(ctx.report);
  if (!Array.isArray(list)) {
    if (list !== undefined && list !== null) ctx.report(field.split('.'), 'must be a list');
    return [];
  }
  return list.map((item, i) => {
    const ref = read.map(`${field}.${i}`, item);
    const labels = read.map(`${field}.${i}.matchLabels`, ref.matchLabels);
    return {
      kind: read.str(`${field}.${i}.kind`, ref.kind) ?? '',
      name: read.str(`${field}.${i}.name`, ref.name) ?? '',
      namespace: read.str(`${field}.${i}.namespace`, ref.namespace),
      matchLabels: Object.entries(labels).map(([key, v]) => ({ key, value: read.str(`${field}.${i}.matchLabels.${key}`, v) ?? '' })),
    };
  });
}

const REFERENCE_FIELDS = (list: string) => [`${list}.kind`, `${list}.name`, `${list}.namespace`, `${list}.matchLabels.*`];

export function readAlert(spec: Record<string, unknown>, ctx: SpecContext): FluxAlertInput {
  checkFields(
    spec,
    {
      served: ['providerRef.name', 'eventSeverity', ...REFERENCE_FIELDS('eventSources'), 'inclusionList', 'exclusionList', 'eventMetadata.*', 'summary', 'suspend'],
      unserved: { 'eventSources.apiVersion': 'the hub matches event sources by kind' },
    },
    ctx.report,
  );
  noLabels(ctx, 'Alert');
  const read = valueReader(ctx.report);
  const metadata = read.map('spec.eventMetadata', spec.eventMetadata);
  const a = ctx.annotations;
  const window = a[ALERT_GROUP_WINDOW_ANNOTATION];
  if (window !== undefined && !/^\d+$/.test(window)) ctx.report(['metadata', 'annotations', ALERT_GROUP_WINDOW_ANNOTATION], 'must be a whole number of seconds');
  const mode = a[ALERT_MODE_ANNOTATION];
  if (mode !== undefined && mode !== 'every' && mode !== 'state-change') ctx.report(['metadata', 'annotations', ALERT_MODE_ANNOTATION], `must be every or state-change (got ${mode})`);
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    providerRef: { namespace: a[ALERT_PROVIDER_NAMESPACE_ANNOTATION] ?? null, name: read.str('spec.providerRef.name', read.map('spec.providerRef', spec.providerRef).name) ?? '' },
    eventSeverity: read.str('spec.eventSeverity', spec.eventSeverity),
    eventSources: readReferences(spec.eventSources, 'spec.eventSources', ctx),
    inclusionList: read.strings('spec.inclusionList', spec.inclusionList),
    exclusionList: read.strings('spec.exclusionList', spec.exclusionList),
    eventMetadata: Object.entries(metadata).map(([key, v]) => ({ key, value: read.str(`spec.eventMetadata.${key}`, v) ?? '' })),
    summary: read.str('spec.summary', spec.summary),
    suspend: read.bool('spec.suspend', spec.suspend),
    clusterSelector: {
      labels: a[ALERT_CLUSTER_SELECTOR_ANNOTATION] ?? null,
      names: clusterNamesOf(a[ALERT_CLUSTERS_ANNOTATION]),
    },
    mode: mode === 'state-change' ? 'STATE_CHANGE' : 'EVERY',
    groupWindowSeconds: window !== undefined && /^\d+$/.test(window) ? Number(window) : 0,
  };
}

export function readReceiver(spec: Record<string, unknown>, ctx: SpecContext): ReceiverInput {
  checkFields(
    spec,
    {
      served: ['type', 'events', ...REFERENCE_FIELDS('resources'), 'secretRef.name', 'interval', 'suspend'],
      unserved: {
        'resources.apiVersion': 'the hub finds resources by kind',
        'resources.filter': 'CEL filters are not served',
        resourceFilter: 'CEL filters are not served',
        oidcProviders: 'generic-oidc Receivers are not served',
      },
    },
    ctx.report,
  );
  noLabels(ctx, 'Receiver');
  const read = valueReader(ctx.report);
  const interval = read.str('spec.interval', spec.interval);
  if (interval !== null) {
    const parsed = parseGoDuration(interval);
    if (!parsed.ok || durationMs(parsed.value) !== RECEIVER_DEFAULT_INTERVAL_MS)
      ctx.report(['spec', 'interval'], 'only Flux’s default 10m: the interval is how often Flux re-reads the Secret, and the hub keeps the token itself');
  }
  if (spec.secretRef === undefined) ctx.report(['spec', 'secretRef'], 'is required (Flux reads the token from that Secret)');
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    type: read.str('spec.type', spec.type) ?? '',
    events: read.strings('spec.events', spec.events),
    resources: readReferences(spec.resources, 'spec.resources', ctx),
    suspend: read.bool('spec.suspend', spec.suspend),
    secretRefName: spec.secretRef === undefined ? null : secretName(read, 'spec.secretRef', spec.secretRef),
  };
}
