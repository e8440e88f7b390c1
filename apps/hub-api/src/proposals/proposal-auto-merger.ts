import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import { Clock } from '../common/clock.js';
import { JobLeases } from '../common/job-leases.repository.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import type { ProposalWithAutomation } from './proposals.repository.js';
import { ProposalsService } from './proposals.service.js';

/** The sweep's lease: held for its longest run (pushes included) and released at its end. */
const SWEEP_LEASE = 'proposal.autoMerge';
const SWEEP_LEASE_MS = 5 * 60_000;

/**
 * Whether a proposal is due for auto-merge at `now`: its automation's delay has passed since its current diff
 * was first recorded (a changed diff starts the delay again), and it is approved, or open while the automation
 * does not wait for approvals. Rejected, conflicted, merged and superseded proposals never are.
 */
export function autoMergeDue(p: Pick<ProposalWithAutomation, 'state' | 'diffSince' | 'automation'>, now: number): boolean {
  if (!p.automation.autoMergeAfter) return false;
  const delay = parseGoDuration(p.automation.autoMergeAfter);
  if (!delay.ok || p.diffSince.getTime() + durationMs(delay.value) > now) return false;
  return p.state === 'approved' || (p.state === 'open' && !p.automation.autoMergeRequiresApproval);
}

/**
 * Merges the proposals whose automation's auto-merge delay passed with no rejection. Every replica ticks; the
 * one that takes the sweep's lease merges, so a proposal is merged once across hub replicas.
 */
@Injectable()
export class ProposalAutoMerger implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  /** The sweep under way in this process: the lease keeps other replicas out, this keeps the next tick out. */
  private running: Promise<number> | undefined;

  constructor(
    private readonly proposals: ProposalsService,
    private readonly leases: JobLeases,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.sources?.scheduler === false) return;
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => this.log.error('proposal auto-merge sweep failed', { error: String(err) })), this.config.sources?.pollIntervalMs ?? 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sweep; the number of proposals merged (0 when a sweep is under way here or on another replica). */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = this.sweepLeased();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async sweepLeased(): Promise<number> {
    if (!(await this.leases.take(SWEEP_LEASE, SWEEP_LEASE_MS))) return 0;
    try {
      const now = this.clock.now().getTime();
      let merged = 0;
      for (const p of await this.proposals.autoMergeCandidates()) {
        if (!autoMergeDue(p, now)) continue;
        try {
          if (await this.proposals.autoMerge(p.id, { state: p.state, diffDigest: p.diffDigest })) merged++;
        } catch (err) {
          // A moved base (the proposal is being rebuilt) or an unreachable remote: tried again next sweep.
          this.log.warn('proposal auto-merge failed', { proposalId: p.id, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return merged;
    } finally {
      await this.leases.release(SWEEP_LEASE).catch(() => undefined);
    }
  }
}
