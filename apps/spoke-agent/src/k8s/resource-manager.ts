import type { KubeConfig } from '@kubernetes/client-node';
import { applyAll, applyValidated, validateObjects, type ApplyResult, type Validation } from './apply.js';
import { deleteAll, type DeleteResult } from './delete.js';
import { diffAll, type DiffOptions } from './diff.js';
import { RestMapper } from './discovery.js';
import { createKubeClient, type KubeClient, type KubeClientOptions } from './kube-client.js';
import type { KubeObject, ObjectRef } from './object-ref.js';
import { defaultApplyOptions, defaultDeleteOptions, defaultWaitOptions, type ApplyOptions, type DeleteOptions, type WaitOptions } from './options.js';
import type { EngineContext } from './requests.js';
import { waitForCurrent, waitForTermination, type TerminationResult, type WaitResult } from './wait.js';
import { dryRunObject, readObject, type ReadResult } from './read.js';

/**
 * The agent's server-side-apply engine, split by verb like fluxcd/pkg/ssa. One instance per identity: the
 * agent's own, or an impersonating one for a Kustomization's serviceAccountName.
 */
export class ResourceManager {
  private readonly ctx: EngineContext;

  constructor(readonly client: KubeClient, mapper?: RestMapper) {
    this.ctx = { client, mapper: mapper ?? new RestMapper(client) };
  }

  static async fromKubeConfig(kubeConfig: KubeConfig, opts: KubeClientOptions = {}): Promise<ResourceManager> {
    return new ResourceManager(await createKubeClient(kubeConfig, opts));
  }

  /** A manager acting as `system:serviceaccount:<namespace>:<name>` (Impersonate-User), sharing discovery. */
  impersonating(namespace: string, serviceAccount: string): ResourceManager {
    return new ResourceManager(this.client.impersonate(`system:serviceaccount:${namespace}:${serviceAccount}`), this.ctx.mapper);
  }

  validate(objects: readonly KubeObject[], opts: Partial<ApplyOptions> = {}): Promise<Validation> {
    return validateObjects(this.ctx, objects, { ...defaultApplyOptions(), ...opts });
  }

  applyValidated(validation: Validation, opts: Partial<ApplyOptions> = {}): Promise<ApplyResult> {
    return applyValidated(this.ctx, validation, { ...defaultApplyOptions(), ...opts });
  }

  apply(objects: readonly KubeObject[], opts: Partial<ApplyOptions> = {}): Promise<ApplyResult> {
    return applyAll(this.ctx, objects, { ...defaultApplyOptions(), ...opts });
  }

  delete(refs: readonly ObjectRef[], opts: Partial<DeleteOptions> & Pick<DeleteOptions, 'owner'>): Promise<DeleteResult> {
    return deleteAll(this.ctx, refs, { ...defaultDeleteOptions(), ...opts });
  }

  wait(refs: readonly ObjectRef[], opts: Partial<WaitOptions> = {}): Promise<WaitResult> {
    return waitForCurrent(this.ctx, refs, { ...defaultWaitOptions(), ...opts });
  }

  /** Until every object is gone from the API server, or the timeout. */
  waitForTermination(refs: readonly ObjectRef[], opts: Pick<WaitOptions, 'timeoutMs'> & Partial<Pick<WaitOptions, 'pollIntervalMs'>>): Promise<TerminationResult> {
    return waitForTermination(this.ctx, refs, { pollIntervalMs: 2_000, ...opts });
  }

  /** One object as the API server holds it, or why it cannot be read. */
  read(ref: ObjectRef): Promise<ReadResult> {
    return readObject(this.ctx, ref);
  }

  /** The object as the API server would store it if applied now (server-side dry-run apply), or why not. */
  dryRun(obj: KubeObject): Promise<ReadResult> {
    return dryRunObject(this.ctx, obj);
  }

  /** What applying would do to each object (a server-side dry-run against the live one), as `flux diff` shows it. */
  diff(objects: readonly KubeObject[], opts: DiffOptions = {}) {
    return diffAll(this.ctx, objects, opts);
  }

  close(): void {
    this.client.close();
  }
}
