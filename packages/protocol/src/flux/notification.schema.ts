import * as z from 'zod';
import { fluxDuration, localObjectReference, stringMap } from './meta.schema.js';

/**
 * notification.toolkit.fluxcd.io: Provider and Alert (v1beta3) and Receiver (v1), with Flux's field names,
 * enums, limits and defaults. The hub keeps these objects itself (they are not served in clusters), so the
 * types here are the parts Flotilla delivers; the others Flux lists are left out of the enums rather than
 * accepted and ignored.
 */

export const NOTIFICATION_API_VERSIONS = {
  Provider: 'notification.toolkit.fluxcd.io/v1beta3',
  Alert: 'notification.toolkit.fluxcd.io/v1beta3',
  Receiver: 'notification.toolkit.fluxcd.io/v1',
} as const;

/** Chat and alerting sinks that receive event messages. */
export const CHAT_PROVIDER_TYPES = [
  'generic',
  'generic-hmac',
  'slack',
  'rocket',
  'mattermost',
  'msteams',
  'discord',
  'googlechat',
  'alertmanager',
  'pagerduty',
  'opsgenie',
  'telegram',
] as const;
/** Forges that receive commit statuses for Kustomization results. */
export const GIT_PROVIDER_TYPES = ['github', 'gitlab', 'gitea', 'bitbucket'] as const;
export const PROVIDER_TYPES = [...CHAT_PROVIDER_TYPES, ...GIT_PROVIDER_TYPES] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export type GitProviderType = (typeof GIT_PROVIDER_TYPES)[number];
export const isGitProviderType = (t: string): t is GitProviderType =>
  (GIT_PROVIDER_TYPES as readonly string[]).includes(t);

/** Flux's Provider timeout pattern (no hours: a notification that takes an hour is lost anyway). */
const providerTimeout = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m))+$/);

export const providerSpec = z.object({
  type: z.enum(PROVIDER_TYPES),
  channel: z.string().max(2048).optional(),
  username: z.string().max(2048).optional(),
  address: z.string().max(2048).optional(),
  timeout: providerTimeout.optional(),
  /** An http(s) proxy for the Provider's requests (Flux's pattern; the secret's `proxy` key overrides it). */
  proxy: z
    .string()
    .max(2048)
    .regex(/^(http|https):\/\/.*$/)
    .optional(),
  secretRef: localObjectReference.optional(),
  certSecretRef: localObjectReference.optional(),
  suspend: z.boolean().optional(),
});
export type ProviderSpec = z.infer<typeof providerSpec>;
/** Flux's default when `timeout` is unset. */
export const DEFAULT_PROVIDER_TIMEOUT = '15s';

/** Kinds whose events an Alert may select, as Flux's CRD enumerates them. */
export const EVENT_SOURCE_KINDS = [
  'Bucket',
  'GitRepository',
  'Kustomization',
  'HelmRelease',
  'HelmChart',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'OCIRepository',
  'ArtifactGenerator',
  'ExternalArtifact',
] as const;

/** Flux's CrossNamespaceObjectReference: an Alert's event source, a Receiver's resource. */
export const crossNamespaceObjectReference = z.object({
  apiVersion: z.string().optional(),
  kind: z.enum(EVENT_SOURCE_KINDS),
  /** An object name, or `*` for every object of the kind. */
  name: z.string().min(1).max(253),
  namespace: z.string().min(1).max(253).optional(),
  matchLabels: stringMap.optional(),
});
export type CrossNamespaceObjectReference = z.infer<typeof crossNamespaceObjectReference>;

export const EVENT_SEVERITIES = ['info', 'error'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const alertSpec = z.object({
  providerRef: localObjectReference,
  eventSeverity: z.enum(EVENT_SEVERITIES).default('info'),
  eventSources: z.array(crossNamespaceObjectReference).min(1),
  inclusionList: z.array(z.string()).optional(),
  exclusionList: z.array(z.string()).optional(),
  eventMetadata: stringMap.optional(),
  summary: z.string().max(255).optional(),
  suspend: z.boolean().optional(),
});
export type AlertSpec = z.infer<typeof alertSpec>;

export const RECEIVER_TYPES = [
  'generic',
  'generic-hmac',
  'github',
  'gitlab',
  'bitbucket',
  'harbor',
  'dockerhub',
  'quay',
  'nexus',
  'acr',
  'gcr',
  'cdevents',
] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

/** Receiver v1 `resources` use the same reference type as Alert event sources in Flux's API. */
export const receiverResource = crossNamespaceObjectReference;
export type ReceiverResource = z.infer<typeof receiverResource>;

export const receiverSpec = z.object({
  type: z.enum(RECEIVER_TYPES),
  interval: fluxDuration.default('10m'),
  events: z.array(z.string()).optional(),
  resources: z.array(receiverResource).min(1),
  secretRef: localObjectReference,
  suspend: z.boolean().optional(),
});
export type ReceiverSpec = z.infer<typeof receiverSpec>;

/**
 * The event a controller posts to notification-controller (fluxcd/pkg runtime/events Event), which generic
 * providers forward as JSON unchanged.
 */
export interface FluxEvent {
  involvedObject: { kind: string; namespace: string; name: string; apiVersion?: string; uid?: string };
  severity: EventSeverity;
  timestamp: string;
  message: string;
  reason: string;
  metadata?: Record<string, string>;
  reportingController: string;
  reportingInstance?: string;
}
