import { labelSelectorFromObject, matchesLabelSelector, parseLabelSelector } from '@flotilla/reconcile-core';
import type { AlertSpec } from '@flotilla/protocol/flux';
import type { HubEvent } from './hub-event.js';

/** Which clusters' events an Alert takes: a label selector and names; empty takes every cluster. */
export interface ClusterSelector {
  labels?: string;
  names?: string[];
}

export interface MatchableAlert {
  namespace: string;
  spec: Omit<AlertSpec, 'providerRef'>;
  clusterSelector: ClusterSelector;
}

/**
 * Flux's event source rule: the kind, the namespace (the Alert's when unset) and the name, `*` being every
 * name; then, when the source has matchLabels, the involved object's labels must hold every one of them (with
 * a name or `*` alike). An object whose labels the hub does not know matches no matchLabels, as Flux matches
 * nothing when it cannot read the object.
 */
function sourceMatches(alert: MatchableAlert, e: HubEvent): boolean {
  return alert.spec.eventSources.some(
    (s) =>
      s.kind === e.kind &&
      (s.namespace ?? alert.namespace) === e.namespace &&
      (s.name === '*' || s.name === e.name) &&
      labelsMatch(s.matchLabels, e.objectLabels),
  );
}

/** Whether labels hold every one of matchLabels; unknown labels (null) hold none, absent matchLabels take all. */
export function labelsMatch(
  matchLabels: Record<string, string> | undefined,
  labels: Record<string, string> | null,
): boolean {
  if (matchLabels === undefined) return true;
  if (labels === null) return false;
  const selector = labelSelectorFromObject({ matchLabels });
  return selector.ok && matchesLabelSelector(selector.value, labels);
}

export function clusterMatches(selector: ClusterSelector, cluster: HubEvent['cluster']): boolean {
  const names = selector.names ?? [];
  const labels = selector.labels?.trim() ?? '';
  if (names.length === 0 && labels === '') return true;
  if (names.includes(cluster.name)) return true;
  if (labels === '') return false;
  const parsed = parseLabelSelector(labels);
  return parsed.ok && matchesLabelSelector(parsed.value, cluster.labels);
}

/**
 * Flux's rules for an Alert, in Flux's order: suspended Alerts take nothing; the event's object must be one of
 * the event sources; `eventSeverity: info` takes every event and `error` only errors; the message must match
 * one inclusion regex when there are any, and no exclusion regex (exclusion wins). Then the hub's own rule: the
 * event's cluster must be one the cluster selector takes. Regexes were compiled at the edge; one that no longer
 * compiles takes nothing rather than everything.
 */
export function alertMatches(alert: MatchableAlert, e: HubEvent): boolean {
  if (alert.spec.suspend) return false;
  if (!sourceMatches(alert, e)) return false;
  if (alert.spec.eventSeverity === 'error' && e.severity !== 'error') return false;
  const include = alert.spec.inclusionList ?? [];
  if (include.length > 0 && !include.some((r) => safeTest(r, e.message))) return false;
  if ((alert.spec.exclusionList ?? []).some((r) => safeTest(r, e.message) !== false)) return false;
  return clusterMatches(alert.clusterSelector, e.cluster);
}

function safeTest(pattern: string, text: string): boolean | null {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return null;
  }
}
