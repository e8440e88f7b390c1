import { Injectable } from '@nestjs/common';
import { formatLabelSelector, parseLabelSelector } from '@flotilla/reconcile-core';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { UsersRepository } from '../auth/users.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { validNamespace } from '../sources/git-repository.validation.js';
import type { AddTeamGrantInput, TeamObject } from './dto/team.object.js';
import { toTeamObject, type TeamRow } from './teams.mapper.js';
import { TeamsRepository } from './teams.repository.js';

// Names an identity provider's group could carry too: letters, digits and a few separators.
const TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:@/-]{0,127}$/;
const MAX_NAMESPACES = 100;

const teamNotFound = (): DomainError => new DomainError('TEAM_NOT_FOUND', 'no such team');

/** Admins manage teams, their members and their grants; each change applies from the members' next request. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(_actor: Actor): Promise<TeamObject[]> {
    return (await this.teams.listByName()).map(toTeamObject);
  }

  async create(actor: Actor, origin: RequestOrigin, name: string): Promise<TeamObject> {
    const valid = validTeamName(name);
    const row = await this.teams.create({ id: this.ids.id(), name: valid, createdAt: this.clock.now() });
    if (!row) throw new DomainError('NAME_TAKEN', `a team named ${valid} exists`, 'name');
    await this.audit.record(actor, origin, 'team.create', { type: 'team', id: row.id }, { name: valid });
    return toTeamObject(row);
  }

  async rename(actor: Actor, origin: RequestOrigin, id: string, name: string): Promise<TeamObject> {
    const before = await this.existing(id);
    const valid = validTeamName(name);
    if (before.name === valid) return toTeamObject(before);
    const row = await this.teams.rename(id, valid);
    if (!row) throw new DomainError('NAME_TAKEN', `a team named ${valid} exists`, 'name');
    await this.audit.record(actor, origin, 'team.rename', { type: 'team', id }, { from: before.name, to: valid });
    return toTeamObject(row);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<string> {
    const before = await this.existing(id);
    await this.teams.delete(id);
    await this.audit.record(actor, origin, 'team.delete', { type: 'team', id }, { name: before.name, members: before.members.map((m) => m.user.username) });
    return id;
  }

  async addMember(actor: Actor, origin: RequestOrigin, teamId: string, userId: string): Promise<TeamObject> {
    const team = await this.existing(teamId);
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('USER_NOT_FOUND', 'no such user', 'userId');
    if (team.members.some((m) => m.user.id === userId)) return toTeamObject(team);
    await this.teams.addMember(teamId, userId);
    await this.audit.record(actor, origin, 'team.member.add', { type: 'team', id: teamId }, { team: team.name, username: user.username });
    return toTeamObject(await this.existing(teamId));
  }

  async removeMember(actor: Actor, origin: RequestOrigin, teamId: string, userId: string): Promise<TeamObject> {
    const team = await this.existing(teamId);
    const member = team.members.find((m) => m.user.id === userId);
    if (member && (await this.teams.removeMember(teamId, userId))) {
      await this.audit.record(actor, origin, 'team.member.remove', { type: 'team', id: teamId }, { team: team.name, username: member.user.username });
    }
    return toTeamObject(await this.existing(teamId));
  }

  async addGrant(actor: Actor, origin: RequestOrigin, input: AddTeamGrantInput): Promise<TeamObject> {
    const team = await this.existing(input.teamId);
    const parsed = parseLabelSelector(input.clusterSelector ?? '');
    if (!parsed.ok) throw badInput('input.clusterSelector', `invalid label selector: ${parsed.errors[0]?.message}`);
    // Stored in one spelling, so the list shows what the hub understood.
    const clusterSelector = formatLabelSelector(parsed.value);
    const given = input.namespaces ?? [];
    if (given.length > MAX_NAMESPACES) throw badInput('input.namespaces', `at most ${MAX_NAMESPACES} namespaces`);
    const namespaces = [...new Set(given.map((ns, i) => validNamespace(ns, `input.namespaces.${i}`)))].sort();
    await this.teams.addGrant({ id: this.ids.id(), teamId: team.id, role: input.role, clusterSelector, namespaces, createdAt: this.clock.now() });
    await this.audit.record(actor, origin, 'team.grant.add', { type: 'team', id: team.id }, { team: team.name, role: input.role, clusterSelector, namespaces });
    return toTeamObject(await this.existing(team.id));
  }

  async removeGrant(actor: Actor, origin: RequestOrigin, grantId: string): Promise<TeamObject> {
    const grant = await this.teams.findGrant(grantId);
    if (!grant) throw new DomainError('TEAM_GRANT_NOT_FOUND', 'no such grant');
    await this.teams.removeGrant(grantId);
    await this.audit.record(actor, origin, 'team.grant.remove', { type: 'team', id: grant.team.id }, {
      team: grant.team.name,
      role: grant.role,
      clusterSelector: grant.clusterSelector,
      namespaces: grant.namespaces,
    });
    return toTeamObject(await this.existing(grant.team.id));
  }

  private async existing(id: string): Promise<TeamRow> {
    const row = await this.teams.findById(id);
    if (!row) throw teamNotFound();
    return row;
  }
}

function validTeamName(name: string): string {
  const trimmed = name.trim();
  if (!TEAM_NAME.test(trimmed)) {
    throw badInput('name', 'a team name has 1 to 128 letters, digits, spaces, `.`, `_`, `:`, `@`, `/` or `-`, starting with a letter or digit');
  }
  return trimmed;
}
