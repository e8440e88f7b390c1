import type { AlertSpec } from '@flotilla/protocol/flux';
import { labelList } from '../common/label-map.js';
import type { ClusterSelector } from './alerts/alert-match.js';
import type { AlertObject } from './dto/alert.object.js';
import type {
  NotificationAttemptObject,
  NotificationProviderObject,
} from './dto/notification-provider.object.js';
import type { AlertRow, ProviderRow } from './notifications.repository.js';
import type { ProviderProblem } from './payloads/build-request.js';

export function toProviderObject(
  row: ProviderRow,
  problem: ProviderProblem | null,
): NotificationProviderObject {
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    type: row.type,
    address: row.address,
    channel: row.channel,
    username: row.username,
    timeout: row.timeout,
    proxy: row.proxy,
    suspend: row.suspend,
    secretKeys: row.secretKeys,
    hasCertificate: row.certificate !== null,
    secretRefName: row.secretRefName,
    certSecretRefName: row.certSecretRefName,
    ready: problem === null,
    message: problem ? `${problem.field}: ${problem.message}` : null,
    field: problem?.field ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toAlertObject(row: AlertRow): AlertObject {
  const spec = row.spec as Omit<AlertSpec, 'providerRef'>;
  const selector = row.clusterSelector as ClusterSelector;
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    providerId: row.providerId,
    providerName: row.provider.name,
    eventSeverity: spec.eventSeverity,
    eventSources: spec.eventSources.map((s) => ({
      kind: s.kind,
      name: s.name,
      namespace: s.namespace ?? null,
      matchLabels: labelList(s.matchLabels),
    })),
    inclusionList: spec.inclusionList ?? [],
    exclusionList: spec.exclusionList ?? [],
    eventMetadata: labelList(spec.eventMetadata),
    summary: spec.summary ?? null,
    suspend: spec.suspend ?? false,
    clusterSelector: { labels: selector.labels ?? null, names: selector.names ?? [] },
    mode: row.mode === 'state-change' ? 'STATE_CHANGE' : 'EVERY',
    groupWindowSeconds: Math.round(row.groupWindowMs / 1000),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

interface AttemptRow {
  id: bigint;
  deliveryId: bigint;
  at: Date;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  delivery: { state: string; events: unknown };
}

export function toAttemptObject(row: AttemptRow): NotificationAttemptObject {
  const [first] = Array.isArray(row.delivery.events)
    ? (row.delivery.events as { reason?: string; message?: string }[])
    : [];
  const count = Array.isArray(row.delivery.events) ? row.delivery.events.length : 0;
  const summary = first ? `${first.reason ?? ''}: ${first.message ?? ''}`.slice(0, 300) : '';
  return {
    id: String(row.id),
    deliveryId: String(row.deliveryId),
    at: row.at,
    statusCode: row.statusCode,
    error: row.error,
    latencyMs: row.latencyMs,
    deliveryState: row.delivery.state,
    summary: count > 1 ? `${summary} (+${count - 1} more)` : summary,
  };
}
