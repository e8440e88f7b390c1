import { alertSpec, providerSpec, type AlertSpec, type ProviderSpec } from '@flotilla/protocol/flux';
import { durationMs, parseGoDuration, parseLabelSelector } from '@flotilla/reconcile-core';
import type { z } from 'zod';
import { validLabels } from '../clusters/cluster-input.validation.js';
import { badInput } from '../common/domain-error.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import type { ClusterSelector } from './alerts/alert-match.js';
import type { AlertInput } from './dto/alert.input.js';
import type { AlertMode } from './dto/alert.object.js';
import type { NotificationProviderInput } from './dto/notification-provider.input.js';
import type { ProviderSecret } from './payloads/provider-request.js';
import { parseProxyUrl } from './delivery/proxy-url.js';
import { pemCertificatesProblem } from '../common/pem-certificates.js';

/** The first problem zod found, as BAD_USER_INPUT naming the field by its input path. */
function parsedOrBad<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'input';
  throw badInput(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_SECRET_TEXT = 8192;
/** The dispatcher's claim on a message outlives this, so no second replica sends it meanwhile. */
export const MAX_PROVIDER_TIMEOUT_MS = 60_000;

export interface ValidProviderInput {
  namespace: string;
  name: string;
  spec: Omit<ProviderSpec, 'secretRef' | 'certSecretRef'>;
  /** undefined: keep what is stored; null: remove it. */
  secret: ProviderSecret | null | undefined;
  /** undefined: keep what is stored; null: remove it. */
  certificate: string | null | undefined;
  /** The Secret names Flux YAML gives; undefined: keep what is stored; null: remove them. */
  secretRefName: string | null | undefined;
  certSecretRefName: string | null | undefined;
}

function validSecret(input: NotificationProviderInput): ProviderSecret | null | undefined {
  if (input.clearSecret) {
    if (input.secret) throw badInput('secret', 'give secret or clearSecret, not both');
    return null;
  }
  const s = input.secret;
  if (!s) return undefined;
  const out: ProviderSecret = {};
  if (s.address) out.address = s.address;
  if (s.token) out.token = s.token;
  if (s.proxy) {
    // The message never repeats the value: it may hold the proxy's password.
    const u = s.proxy.length > MAX_SECRET_TEXT ? 'is too long' : parseProxyUrl(s.proxy);
    if (typeof u === 'string') throw badInput('secret.proxy', `secret.proxy: the proxy ${u}`);
    out.proxy = s.proxy.trim();
  }
  for (const [field, v] of [
    ['secret.address', s.address],
    ['secret.token', s.token],
  ] as const) {
    if (v && v.length > MAX_SECRET_TEXT)
      throw badInput(field, `${field} is longer than ${MAX_SECRET_TEXT} characters`);
  }
  if (s.headers?.length) {
    const headers: Record<string, string> = {};
    s.headers.forEach((h, i) => {
      if (!HEADER_NAME.test(h.key))
        throw badInput(`secret.headers[${i}].key`, `"${h.key.slice(0, 60)}" is not an HTTP header name`);
      if (/[\r\n]/.test(h.value) || h.value.length > MAX_SECRET_TEXT)
        throw badInput(`secret.headers[${i}].value`, 'header values are one line of at most 8192 characters');
      headers[h.key.toLowerCase()] = h.value;
    });
    out.headers = headers;
  }
  return out;
}

const blankToUndefined = (v: string | null | undefined): string | undefined =>
  v === null || v === undefined || v.trim() === '' ? undefined : v.trim();

export function validateProviderInput(input: NotificationProviderInput): ValidProviderInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const spec = parsedOrBad(providerSpec.omit({ secretRef: true, certSecretRef: true }), {
    type: input.type,
    address: blankToUndefined(input.address),
    channel: blankToUndefined(input.channel),
    username: blankToUndefined(input.username),
    timeout: blankToUndefined(input.timeout),
    proxy: blankToUndefined(input.proxy),
    suspend: input.suspend ?? false,
  });
  if (spec.proxy !== undefined) {
    const u = parseProxyUrl(spec.proxy);
    if (typeof u === 'string') throw badInput('proxy', `proxy: the proxy ${u}`);
    if (u.username || u.password)
      throw badInput(
        'proxy',
        'proxy: must not contain credentials; put a proxy with credentials in secret.proxy, which is stored encrypted',
      );
  }
  if (spec.timeout !== undefined) {
    const parsed = parseGoDuration(spec.timeout);
    if (!parsed.ok || durationMs(parsed.value) > MAX_PROVIDER_TIMEOUT_MS)
      throw badInput(
        'timeout',
        'timeout: at most 60s (a delivery is retried with backoff rather than waited for)',
      );
  }
  return {
    namespace,
    name,
    spec,
    secret: validSecret(input),
    certificate: validCertificate(input),
    secretRefName: validSecretRefName(input.secretRefName, 'secretRefName'),
    certSecretRefName: validSecretRefName(input.certSecretRefName, 'certSecretRefName'),
  };
}

/** A Secret's name as Flux YAML gives it: undefined keeps the stored one, null (or blank) removes it. */
export function validSecretRefName(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  const name = blankToUndefined(value);
  return name === undefined ? null : validObjectName(name, field);
}

/** Like the secret: a form that leaves the field empty keeps what is stored; clearing is its own choice. */
function validCertificate(input: NotificationProviderInput): string | null | undefined {
  const certificate = blankToUndefined(input.certificate);
  if (input.clearCertificate) {
    if (certificate !== undefined)
      throw badInput('certificate', 'give certificate or clearCertificate, not both');
    return null;
  }
  const problem = certificate === undefined ? undefined : pemCertificatesProblem(certificate);
  if (problem) throw badInput('certificate', `certificate: ${problem}`);
  return certificate;
}

export interface ValidAlertInput {
  namespace: string;
  name: string;
  providerId: string;
  spec: Omit<AlertSpec, 'providerRef'>;
  clusterSelector: ClusterSelector;
  mode: 'every' | 'state-change';
  groupWindowMs: number;
}

const MODE: Record<AlertMode, ValidAlertInput['mode']> = { EVERY: 'every', STATE_CHANGE: 'state-change' };
const MAX_GROUP_WINDOW_SECONDS = 3600;

export function validateAlertInput(input: AlertInput): ValidAlertInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const eventMetadata = input.eventMetadata?.length
    ? Object.fromEntries(input.eventMetadata.map((l) => [l.key, l.value]))
    : undefined;
  const spec = parsedOrBad(alertSpec.omit({ providerRef: true }), {
    eventSeverity: blankToUndefined(input.eventSeverity),
    eventSources: input.eventSources.map((s, i) => ({
      kind: s.kind,
      name: s.name,
      ...(blankToUndefined(s.namespace) ? { namespace: s.namespace } : {}),
      ...(s.matchLabels?.length
        ? { matchLabels: validLabels(s.matchLabels, `eventSources.${i}.matchLabels`) }
        : {}),
    })),
    ...(input.inclusionList?.length ? { inclusionList: input.inclusionList } : {}),
    ...(input.exclusionList?.length ? { exclusionList: input.exclusionList } : {}),
    ...(eventMetadata ? { eventMetadata } : {}),
    ...(blankToUndefined(input.summary) ? { summary: input.summary } : {}),
    suspend: input.suspend ?? false,
  });
  for (const list of ['inclusionList', 'exclusionList'] as const) {
    (spec[list] ?? []).forEach((pattern, i) => {
      try {
        new RegExp(pattern);
      } catch (err) {
        throw badInput(`${list}.${i}`, `${list}.${i}: not a regular expression: ${(err as Error).message}`);
      }
    });
  }
  const labels = blankToUndefined(input.clusterSelector?.labels);
  if (labels !== undefined) {
    const parsed = parseLabelSelector(labels);
    if (!parsed.ok)
      throw badInput(
        'clusterSelector.labels',
        `clusterSelector.labels: ${parsed.errors[0]?.message ?? 'not a label selector'}`,
      );
  }
  const names = (input.clusterSelector?.names ?? []).map((n, i) =>
    validObjectName(n, `clusterSelector.names.${i}`),
  );
  const windowSeconds = input.groupWindowSeconds ?? 0;
  if (!Number.isInteger(windowSeconds) || windowSeconds < 0 || windowSeconds > MAX_GROUP_WINDOW_SECONDS) {
    throw badInput('groupWindowSeconds', `groupWindowSeconds: 0 to ${MAX_GROUP_WINDOW_SECONDS}`);
  }
  return {
    namespace,
    name,
    providerId: input.providerId,
    spec,
    clusterSelector: { ...(labels !== undefined ? { labels } : {}), ...(names.length ? { names } : {}) },
    mode: MODE[input.mode ?? 'EVERY'],
    groupWindowMs: windowSeconds * 1000,
  };
}
