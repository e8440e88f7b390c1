import {
  FLUX_CRD_MANAGED_BY,
  fluxCustomResourceDefinitions,
  type CustomResourceDefinition,
} from '@flotilla/protocol/flux';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../connection/backoff.js';
import { apiFailure } from '../k8s/api-error.js';
import { FIELD_MANAGER } from '../k8s/field-manager.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import type { Logger } from '../logging/logger.js';

/**
 * The agent serves Flux's API in its cluster: it installs the Flux CRDs generated from our kind definitions,
 * and upgrades them when a newer agent brings a changed schema. A CRD with the same name that someone else
 * installed (Flux itself, or a Helm chart) is left alone: replacing another manager's CRD would start a
 * tug of war with it.
 */

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

export type CrdAction = 'created' | 'configured' | 'unchanged' | 'skipped';

export interface CrdOutcome {
  name: string;
  action: CrdAction;
  /** Why a CRD was skipped: who else manages it. */
  reason?: string;
}

export class CrdInstallError extends Error {
  override readonly name = 'CrdInstallError';
}

const MANAGED_BY_KEY = Object.keys(FLUX_CRD_MANAGED_BY)[0]!;
const MANAGED_BY_VALUE = FLUX_CRD_MANAGED_BY[MANAGED_BY_KEY as keyof typeof FLUX_CRD_MANAGED_BY];

function resourceVersion(obj: unknown): string | undefined {
  return isRecord(obj) && isRecord(obj.metadata) && typeof obj.metadata.resourceVersion === 'string'
    ? obj.metadata.resourceVersion
    : undefined;
}

function managedBy(obj: unknown): string | undefined {
  if (!isRecord(obj) || !isRecord(obj.metadata) || !isRecord(obj.metadata.labels)) return undefined;
  const v = obj.metadata.labels[MANAGED_BY_KEY];
  return typeof v === 'string' ? v : undefined;
}

function established(obj: unknown): boolean {
  if (!isRecord(obj) || !isRecord(obj.status) || !Array.isArray(obj.status.conditions)) return false;
  const conditions = obj.status.conditions.filter(isRecord);
  const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  return isTrue('Established') && isTrue('NamesAccepted');
}

async function installOne(client: KubeClient, crd: CustomResourceDefinition): Promise<CrdOutcome> {
  const name = crd.metadata.name;
  const path = `${CRD_PATH}/${name}`;
  const current = await client.request({ method: 'GET', path });
  if (current.status !== 200 && current.status !== 404)
    throw new CrdInstallError(`reading CRD ${name}: ${apiFailure(current.status, current.body).message}`);
  if (current.status === 200 && managedBy(current.body) !== MANAGED_BY_VALUE) {
    const owner = managedBy(current.body);
    return {
      name,
      action: 'skipped',
      reason: owner ? `managed by ${owner}` : 'installed by another manager',
    };
  }
  // Server-side apply with the agent's field manager; force takes back fields someone edited by hand.
  const applied = await client.request({
    method: 'PATCH',
    path,
    query: { fieldManager: FIELD_MANAGER, force: 'true' },
    body: crd,
    contentType: 'application/apply-patch+yaml',
  });
  if (applied.status !== 200 && applied.status !== 201)
    throw new CrdInstallError(`applying CRD ${name}: ${apiFailure(applied.status, applied.body).message}`);
  if (current.status === 404) return { name, action: 'created' };
  return {
    name,
    action: resourceVersion(applied.body) === resourceVersion(current.body) ? 'unchanged' : 'configured',
  };
}

export interface InstallFluxCrdsOptions {
  /** How long to wait for the API server to serve the new kinds. */
  establishTimeoutMs?: number;
  crds?: CustomResourceDefinition[];
  /** Stops waiting for the API server (the agent is shutting down). */
  signal?: AbortSignal;
}

/** Applies every Flux CRD, then waits until the API server serves each one it applied. */
export async function installFluxCrds(
  client: KubeClient,
  opts: InstallFluxCrdsOptions = {},
): Promise<CrdOutcome[]> {
  const crds = opts.crds ?? fluxCustomResourceDefinitions();
  const outcomes: CrdOutcome[] = [];
  for (const crd of crds) outcomes.push(await installOne(client, crd));
  const deadline = Date.now() + (opts.establishTimeoutMs ?? 30_000);
  for (const o of outcomes.filter((x) => x.action !== 'skipped')) {
    for (;;) {
      const res = await client.request({ method: 'GET', path: `${CRD_PATH}/${o.name}` });
      if (res.status === 200 && established(res.body)) break;
      if (opts.signal?.aborted)
        throw new CrdInstallError('stopped while waiting for the CRDs to be established');
      if (Date.now() > deadline)
        throw new CrdInstallError(`CRD ${o.name} was applied but is not established yet`);
      await sleep(200, opts.signal);
    }
  }
  return outcomes;
}

/**
 * Installs the CRDs in the background, retrying with backoff until it succeeds or the signal aborts: a
 * cluster that is briefly unreachable at start must not keep the agent from connecting to the hub.
 */
export async function keepInstallingFluxCrds(
  client: KubeClient,
  logger: Logger,
  signal: AbortSignal,
  backoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 },
): Promise<CrdOutcome[] | undefined> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const outcomes = await installFluxCrds(client, { signal });
      const count = (a: CrdAction) => outcomes.filter((o) => o.action === a).map((o) => o.name);
      logger.info('Flux CRDs installed', {
        created: count('created'),
        configured: count('configured'),
        unchanged: count('unchanged').length,
      });
      for (const o of outcomes.filter((x) => x.action === 'skipped'))
        logger.warn('left a Flux CRD another manager installed as it is', { crd: o.name, reason: o.reason });
      return outcomes;
    } catch (err) {
      if (signal.aborted) break;
      const retryInMs = backoffDelayMs(attempt, backoff);
      logger.warn('cannot install the Flux CRDs yet; retrying', {
        err: err instanceof Error ? err.message : String(err),
        retryInMs,
      });
      await sleep(retryInMs, signal);
    }
  }
  return undefined;
}
