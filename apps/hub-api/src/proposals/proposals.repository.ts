import { Inject, Injectable } from '@nestjs/common';
import type { FleetSync, Prisma, UpdateProposal, ImageUpdateAutomation } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';

/** A proposal with its origin: an image update automation, or the FleetSync whose object was edited. */
export type ProposalRow = UpdateProposal & { automation: ImageUpdateAutomation | null; fleetSync: FleetSync | null };
export type ProposalWithAutomation = UpdateProposal & { automation: ImageUpdateAutomation };

/** The states in which a proposal is still in flight (at most one per automation). */
export const IN_FLIGHT = ['open', 'approved', 'conflicted'] as const;

const ORIGIN = { automation: true, fleetSync: true } as const;

@Injectable()
export class ProposalsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list(states?: readonly string[]): Promise<ProposalRow[]> {
    return this.db.updateProposal.findMany({
      where: states ? { state: { in: [...states] } } : {},
      orderBy: { updatedAt: 'desc' },
      include: ORIGIN,
    });
  }

  findById(id: string): Promise<ProposalRow | null> {
    return this.db.updateProposal.findUnique({ where: { id }, include: ORIGIN });
  }

  findInFlight(automationId: string) {
    return this.db.updateProposal.findFirst({ where: { automationId, state: { in: [...IN_FLIGHT] } } });
  }

  /** The automation's proposal in flight, with its origin. */
  findInFlightOfAutomation(automationId: string): Promise<ProposalRow | null> {
    return this.db.updateProposal.findFirst({ where: { automationId, state: { in: [...IN_FLIGHT] } }, include: ORIGIN });
  }

  /** The FleetSync's proposed edits in flight (each edit is a proposal of its own), oldest first. */
  inFlightOfFleetSync(fleetSyncId: string): Promise<ProposalRow[]> {
    return this.db.updateProposal.findMany({ where: { fleetSyncId, state: { in: [...IN_FLIGHT] } }, orderBy: { createdAt: 'asc' }, include: ORIGIN });
  }

  /** Open or approved proposals of automations with an auto-merge delay (never rejected or conflicted ones). */
  async autoMergeCandidates(): Promise<ProposalWithAutomation[]> {
    const rows = await this.db.updateProposal.findMany({
      where: { state: { in: ['open', 'approved'] }, automation: { autoMergeAfter: { not: null }, suspend: false } },
      include: { automation: true },
    });
    return rows.flatMap((r) => (r.automation ? [{ ...r, automation: r.automation }] : []));
  }

  /** Whether people rejected exactly this change before (same diff digest). */
  async wasRejected(automationId: string, diffDigest: string): Promise<boolean> {
    return (await this.db.updateProposal.count({ where: { automationId, diffDigest, state: 'rejected' } })) > 0;
  }

  create(data: Prisma.UpdateProposalUncheckedCreateInput) {
    return this.db.updateProposal.create({ data });
  }

  update(id: string, data: Prisma.UpdateProposalUncheckedUpdateInput) {
    return this.db.updateProposal.update({ where: { id }, data });
  }

  /** Moves a proposal on only from the state it was read in, so two concurrent steps cannot both win. */
  async transition(id: string, from: readonly string[], data: Prisma.UpdateProposalUncheckedUpdateInput): Promise<boolean> {
    const { count } = await this.db.updateProposal.updateMany({ where: { id, state: { in: [...from] } }, data });
    return count > 0;
  }

  async isTeamMember(userId: string, teamName: string): Promise<boolean> {
    const n = await this.db.teamMember.count({ where: { userId, team: { name: teamName } } });
    return n > 0;
  }
}
