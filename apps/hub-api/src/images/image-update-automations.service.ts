import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { imageAutomationDelivery, imageUpdateAutomationSpec, type Condition } from '@flotilla/protocol/flux';
import { durationMs, formatLabelSelector, matchesLabelSelector, parseGoDuration, parseLabelSelector, commitTemplateProblem, type LatestImageRef } from '@flotilla/reconcile-core';
import { labelMap } from '../common/label-map.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { JobLeases } from '../common/job-leases.repository.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { GitRemotes } from '../proposals/git-remotes.js';
import { ProposalForge } from '../proposals/proposal-forge.js';
import { forgeTokenContext } from '../proposals/providers/proposal-providers.js';
import { FORGE_NAMES, type ProviderKind } from '../proposals/providers/proposal-provider.js';
import { nextProviderToken, validateProviderSettings } from '../proposals/providers/provider-settings.validation.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import type { SecretBox } from '../common/secret-box.js';
import { SECRET_BOX } from '../sources/sources.providers.js';
import { toConditionObjects } from '../sources/source-status.mapper.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import { normaliseUpdatePath, runAutomation, type AutomationRunResult } from './automation/automation-run.js';
import type { ImageUpdateAutomationInput } from './dto/image-update-automation.inputs.js';
import type { ImageUpdateAutomationObject } from './dto/image-update-automation.object.js';
import { ImagePoliciesRepository } from './image-policies.repository.js';
import { storedPolicyStatus } from './image-policy.mapper.js';
import { ImageUpdateAutomationsRepository, type AutomationRow, type AutomationWrite } from './image-update-automations.repository.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

/** The longest an automation run (clone, edit, push) may take before another replica may start one. */
const RUN_LEASE_MS = 10 * 60_000;
const runLease = (id: string): string => `imageUpdateAutomation:${id}`;

const notFound = (): DomainError => new DomainError('IMAGE_OBJECT_NOT_FOUND', 'no such ImageUpdateAutomation');

interface StoredAutomationStatus {
  conditions?: Condition[];
  warnings?: string[];
  lastAutomationRunTime?: string;
  lastPushCommit?: string;
  lastPushTime?: string;
  observedGeneration?: number;
}

const statusOf = (row: AutomationRow): StoredAutomationStatus => (typeof row.status === 'object' && row.status !== null && !Array.isArray(row.status) ? (row.status as StoredAutomationStatus) : {});

/** The branch of a proposal: one per automation, so a newer tag rewrites it instead of opening another. */
export const proposalBranch = (name: string): string => `flotilla/update-${name}`;

function toObject(row: AutomationRow): ImageUpdateAutomationObject {
  const s = statusOf(row);
  const conditions = toConditionObjects(s.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    source: `${row.sourceNamespace}/${row.sourceName}`,
    checkoutBranch: row.checkoutBranch,
    pushBranch: row.pushBranch,
    authorName: row.authorName,
    authorEmail: row.authorEmail,
    messageTemplate: row.messageTemplate,
    updatePath: row.updatePath,
    mode: row.mode,
    requiredApprovals: row.requiredApprovals,
    approverTeam: row.approverTeam,
    policySelector: row.policySelector,
    mergeStrategy: row.mergeStrategy,
    provider: row.provider,
    providerApiUrl: row.providerApiUrl,
    providerRepository: row.providerRepository,
    providerTokenSet: row.providerTokenSealed !== null,
    autoMergeAfter: row.autoMergeAfter,
    autoMergeRequiresApproval: row.autoMergeRequiresApproval,
    interval: row.interval,
    suspend: row.suspend,
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? 'waiting for the first run',
    conditions,
    warnings: s.warnings ?? [],
    lastPushCommit: s.lastPushCommit ?? null,
    lastPushTime: s.lastPushTime ? new Date(s.lastPushTime) : null,
    lastAutomationRunTime: s.lastAutomationRunTime ? new Date(s.lastAutomationRunTime) : null,
  };
}

/** The form's rules for an automation, which a Flux YAML import applies too. */
export function validateImageUpdateAutomationInput(input: ImageUpdateAutomationInput): { namespace: string; name: string; write: AutomationWrite; provider: ProviderKind; token: string | undefined } {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const parsed = imageUpdateAutomationSpec.safeParse({
    sourceRef: { name: input.sourceName, namespace: input.sourceNamespace ?? namespace },
    git: {
      ...(input.checkoutBranch ? { checkout: { ref: { branch: input.checkoutBranch } } } : {}),
      commit: { author: { name: input.authorName, email: input.authorEmail }, ...(input.messageTemplate ? { messageTemplate: input.messageTemplate } : {}) },
      ...(input.pushBranch ? { push: { branch: input.pushBranch } } : {}),
    },
    interval: input.interval ?? '1m',
    update: { path: input.updatePath ?? './' },
    suspend: input.suspend ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw badInput(field, `${field}: ${issue.message}`);
  }
  const template = parsed.data.git.commit.messageTemplate;
  if (template) {
    const problem = commitTemplateProblem(template, { namespace, name });
    if (problem) throw badInput('messageTemplate', problem);
  }
  if (normaliseUpdatePath(parsed.data.update.path) === undefined) throw badInput('updatePath', 'updatePath: must stay inside the repository');
  const delivery = imageAutomationDelivery.safeParse({
    mode: input.mode ?? undefined,
    requiredApprovals: input.requiredApprovals ?? undefined,
    mergeStrategy: input.mergeStrategy ?? undefined,
    autoMergeAfter: input.autoMergeAfter || undefined,
    autoMergeRequiresApproval: input.autoMergeRequiresApproval ?? undefined,
  });
  if (!delivery.success) {
    const issue = delivery.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw badInput(field, `${field}: ${issue.message}`);
  }
  const { mode, requiredApprovals: required, mergeStrategy, autoMergeAfter, autoMergeRequiresApproval } = delivery.data;
  if (autoMergeAfter && mode === 'push') throw badInput('autoMergeAfter', 'autoMergeAfter is for proposal mode; push mode commits straight to the branch');
  let policySelector: string | null = null;
  if (input.policySelector?.trim()) {
    const parsed = parseLabelSelector(input.policySelector);
    if (!parsed.ok) throw badInput('policySelector', `policySelector: ${parsed.errors[0]?.message ?? 'invalid label selector'}`);
    // Stored in one spelling, so the API shows what the hub understood.
    policySelector = formatLabelSelector(parsed.value);
  }
  if (input.pushBranch && mode === 'proposal') throw badInput('pushBranch', 'pushBranch is for push mode; a proposal goes to its own branch and reaches the checkout branch when merged');
  const provider = validateProviderSettings(input, mode);
  const s = parsed.data;
  return {
    namespace,
    name,
    provider: provider.settings.provider,
    token: provider.token,
    write: {
      ...provider.settings,
      sourceNamespace: s.sourceRef.namespace ?? namespace,
      sourceName: s.sourceRef.name,
      checkoutBranch: s.git.checkout?.ref.branch ?? null,
      pushBranch: s.git.push?.branch ?? null,
      authorName: s.git.commit.author.name ?? '',
      authorEmail: s.git.commit.author.email,
      messageTemplate: s.git.commit.messageTemplate ?? null,
      updatePath: s.update.path,
      mode,
      requiredApprovals: required,
      approverTeam: input.approverTeam || null,
      policySelector,
      mergeStrategy,
      autoMergeAfter: autoMergeAfter ?? null,
      autoMergeRequiresApproval,
      interval: s.interval,
      suspend: s.suspend ?? false,
    },
  };
}

/**
 * ImageUpdateAutomations at the hub: CRUD, and a run whenever a policy of their namespace changes, when a
 * merge found the base moved, or on request. In push mode the commit goes to the branch (Flux); in proposal
 * mode to the automation's own branch, recorded as an UpdateProposal.
 */
@Injectable()
export class ImageUpdateAutomationsService implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];
  /** One run at a time per automation; a request during a run queues exactly one more. */
  private readonly running = new Map<string, Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: ImageUpdateAutomationsRepository,
    private readonly policies: ImagePoliciesRepository,
    private readonly remotes: GitRemotes,
    private readonly proposals: ProposalsService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly leases: JobLeases,
    private readonly forge: ProposalForge,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly managed: ManagedByGit,
  ) {}

  onModuleInit(): void {
    // Besides policy changes, each automation runs at its interval, as Flux's does: that is how a proposal
    // follows a base branch that moved, and how a push that failed is retried.
    if (this.config.sources?.scheduler !== false) {
      this.timer = setInterval(() => void this.runDue().catch((err: unknown) => this.log.error('image automation tick failed', { error: String(err) })), this.config.sources?.pollIntervalMs ?? 1000);
      this.timer.unref();
    }
    const background = (id: string): void => {
      void this.run(id).catch((err: unknown) => this.log.error('image update automation failed', { automationId: id, error: String(err) }));
    };
    this.unsubscribe.push(
      this.events.on('imagePolicy.changed', ({ imagePolicyId }) => {
        void this.policies.findById(imagePolicyId).then(async (p) => {
          if (p) for (const a of await this.repo.listInNamespace(p.namespace)) background(a.id);
        });
      }),
      this.events.on('proposal.rebaseRequested', ({ automationId }) => background(automationId)),
    );
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
  }

  /** Runs the automations whose interval has passed since their last run (none already running). */
  private async runDue(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const row of await this.repo.list()) {
      if (row.suspend || this.running.has(row.id)) continue;
      const last = statusOf(row).lastAutomationRunTime;
      const interval = parseGoDuration(row.interval);
      const due = !last || Date.parse(last) + (interval.ok ? durationMs(interval.value) : 60_000) <= now;
      // Every replica ticks; the one that takes the run's lease runs it, the others skip it this tick.
      if (due && (await this.leases.take(runLease(row.id), RUN_LEASE_MS))) void this.run(row.id).catch((err: unknown) => this.log.error('image update automation failed', { automationId: row.id, error: String(err) }));
    }
  }

  async list(): Promise<ImageUpdateAutomationObject[]> {
    return (await this.repo.list()).map(toObject);
  }

  async get(id: string): Promise<ImageUpdateAutomationObject | null> {
    const row = await this.repo.findById(id);
    return row ? toObject(row) : null;
  }

  async create(actor: Actor, origin: RequestOrigin, input: ImageUpdateAutomationInput): Promise<ImageUpdateAutomationObject> {
    const v = validateImageUpdateAutomationInput(input);
    const id = this.ids.id();
    const providerTokenSealed = nextProviderToken(v.provider, v.token, null, (t) => this.sealToken(id, t));
    const row = await this.repo.create({ id, namespace: v.namespace, name: v.name, ...v.write, providerTokenSealed });
    if (!row) throw new DomainError('NAME_TAKEN', `an ImageUpdateAutomation ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'imageUpdateAutomation.create', { type: 'imageUpdateAutomation', id }, { namespace: v.namespace, name: v.name, ...(v.write as Prisma.InputJsonObject) });
    return toObject(await this.run(id));
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: ImageUpdateAutomationInput): Promise<ImageUpdateAutomationObject> {
    await this.managed.refuseHandEdit('ImageUpdateAutomation', id, 'edit', actor);
    const v = validateImageUpdateAutomationInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace || v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'namespace and name cannot change', v.namespace !== row.namespace ? 'namespace' : 'name');
    // No token given keeps the stored one; an empty one removes it.
    const sealed = nextProviderToken(v.provider, v.token, row.providerTokenSealed, (t) => this.sealToken(id, t));
    await this.repo.update(id, { ...v.write, providerTokenSealed: sealed });
    await this.audit.record(actor, origin, 'imageUpdateAutomation.update', { type: 'imageUpdateAutomation', id }, { namespace: v.namespace, name: v.name, ...(v.write as Prisma.InputJsonObject) });
    return toObject(await this.run(id));
  }

  /**
   * The automation as an update with `input` would store it, nothing written (a change proposed in git is
   * exported from it): the update's checks, with the stored forge token (the caller refuses a new one).
   */
  async asUpdated(id: string, input: ImageUpdateAutomationInput): Promise<{ current: ImageUpdateAutomationObject; after: ImageUpdateAutomationObject }> {
    const v = validateImageUpdateAutomationInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace || v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'namespace and name cannot change', v.namespace !== row.namespace ? 'namespace' : 'name');
    if (v.provider !== 'native' && !row.providerTokenSealed) throw badInput('providerToken', `providerToken: ${FORGE_NAMES[v.provider]} needs a token with access to the repository, and none is stored at the hub`);
    // The written JSON values read back as they are written.
    return { current: toObject(row), after: toObject({ ...row, ...v.write } as AutomationRow) };
  }

  /**
   * `flux suspend|resume image update`: spec.suspend alone. Allowed on an automation a FleetSync manages, as
   * `flux suspend` is on an object applied from git. A resume runs it, as an update does.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (row.suspend !== suspend) await this.repo.setSuspend(id, suspend);
    await this.audit.record(actor, origin, suspend ? 'imageUpdateAutomation.suspend' : 'imageUpdateAutomation.resume', { type: 'imageUpdateAutomation', id }, { namespace: row.namespace, name: row.name });
    if (!suspend) await this.run(id);
  }

  private sealToken(automationId: string, token: string): string {
    return this.box.seal(token, forgeTokenContext({ kind: 'ImageUpdateAutomation', id: automationId }));
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('ImageUpdateAutomation', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'imageUpdateAutomation.delete', { type: 'imageUpdateAutomation', id }, { namespace: row.namespace, name: row.name });
    return true;
  }

  async requestRun(actor: Actor, origin: RequestOrigin, id: string): Promise<ImageUpdateAutomationObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.audit.record(actor, origin, 'imageUpdateAutomation.run', { type: 'imageUpdateAutomation', id }, { namespace: row.namespace, name: row.name });
    return toObject(await this.run(id));
  }

  /** Runs now, after a run already under way. */
  run(id: string): Promise<AutomationRow> {
    const previous = this.running.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runNow(id));
    this.running.set(id, next);
    void next
      .finally(() => {
        if (this.running.get(id) === next) this.running.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  /** One run at a time across replicas: a run asked for here waits for one under way elsewhere. */
  private async runNow(id: string): Promise<AutomationRow> {
    const deadline = this.clock.now().getTime() + RUN_LEASE_MS;
    while (!(await this.leases.take(runLease(id), RUN_LEASE_MS))) {
      if (this.clock.now().getTime() > deadline) throw new Error(`another hub replica has run ImageUpdateAutomation ${id} for longer than its lease`);
      await new Promise((r) => setTimeout(r, 250));
    }
    try {
      return await this.runLeased(id);
    } finally {
      await this.leases.release(runLease(id)).catch(() => undefined);
    }
  }

  private async runLeased(id: string): Promise<AutomationRow> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (row.suspend) return row;
    const now = this.clock.now();
    const prev = statusOf(row);
    const ready = (status: Condition['status'], reason: string, message: string): Condition => {
      const old = prev.conditions?.find((c) => c.type === 'Ready');
      return { type: 'Ready', status, reason, message, observedGeneration: row.generation, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now.toISOString() };
    };
    const save = async (status: StoredAutomationStatus): Promise<AutomationRow> => {
      await this.repo.setStatus(id, { ...status, observedGeneration: row.generation, lastAutomationRunTime: now.toISOString() } as Prisma.InputJsonObject);
      return (await this.repo.findById(id)) ?? row;
    };
    const source = await this.remotes.findSource(row.sourceNamespace, row.sourceName);
    if (!source) return save({ ...prev, conditions: [ready('False', 'InvalidSourceConfiguration', `GitRepository ${row.sourceNamespace}/${row.sourceName} not found`)] });
    const checkoutBranch = row.checkoutBranch ?? this.remotes.branchOf(source);
    // Flux: the policies of the automation's namespace that policySelector matches (all when it is unset);
    // a marker naming any other policy is left unchanged, with a warning.
    const selector = row.policySelector ? parseLabelSelector(row.policySelector) : undefined;
    if (selector && !selector.ok) return save({ ...prev, conditions: [ready('False', 'InvalidPolicySelector', `policySelector: ${selector.errors[0]?.message ?? 'invalid'}`)] });
    const latest: Record<string, LatestImageRef> = {};
    for (const p of await this.policies.list()) {
      const ref = storedPolicyStatus(p).latestRef;
      if (p.namespace !== row.namespace || !ref) continue;
      if (selector && !matchesLabelSelector(selector.value, labelMap(p.labels))) continue;
      latest[`${p.namespace}:${p.name}`] = ref;
    }
    // A pull request merged or closed at the forge since the last run moves the proposal first, so this run
    // does not rebuild (or supersede) what the forge already settled.
    if (row.mode === 'proposal') await this.forge.follow(row.id);
    let result: AutomationRunResult;
    try {
      result = await runAutomation({
        remote: this.remotes.remoteFor(source),
        automation: { namespace: row.namespace, name: row.name },
        checkoutBranch,
        target: row.mode === 'push' ? { kind: 'push', branch: row.pushBranch ?? checkoutBranch } : { kind: 'proposal', branch: proposalBranch(row.name) },
        updatePath: row.updatePath,
        policies: latest,
        author: { name: row.authorName, email: row.authorEmail },
        messageTemplate: row.messageTemplate ?? undefined,
        now: () => this.clock.now(),
        ...(row.mode === 'proposal' ? { manualEdits: await this.proposals.manualEditsFor(row.id) } : {}),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const reason = /template/i.test(message) ? 'UpdateFailed' : 'GitOperationFailed';
      return save({ ...prev, conditions: [ready('False', reason, message)] });
    }
    for (const w of result.warnings) this.log.warn('image update automation warning', { automation: `${row.namespace}/${row.name}`, warning: w });
    if (row.mode === 'proposal') {
      await this.proposals.recordRun(row, checkoutBranch, result);
      await this.forge.publish(row.id);
    }
    if (result.kind === 'no-change') return save({ ...prev, warnings: result.warnings, conditions: [ready('True', 'Succeeded', 'repository up-to-date')] });
    if (result.kind === 'conflicted') return save({ ...prev, warnings: result.warnings, conditions: [ready('False', 'ProposalConflicted', `the base branch changed files edited by hand on the proposal since: ${result.files.join(', ')}`)] });
    const pushed = `pushed commit '${result.head.slice(0, 7)}' to branch '${result.branch}'`;
    return save({ ...prev, warnings: result.warnings, lastPushCommit: result.head, lastPushTime: now.toISOString(), conditions: [ready('True', 'Succeeded', pushed)] });
  }
}
