import { Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { TokenHasher } from '../common/token-hasher.js';
import { fleetRole, highestRole } from './access.js';
import { lowerRole, roleAtLeast, type Actor, type RequestOrigin } from './actor.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import type { ApiTokenObject, CreateApiTokenInput, CreatedApiTokenObject } from './dto/api-token.object.js';

type ListedToken = NonNullable<Awaited<ReturnType<ApiTokensRepository['findById']>>>;

const toApiTokenObject = (row: ListedToken): ApiTokenObject => ({
  id: row.id,
  name: row.name,
  userId: row.userId,
  username: row.user.username,
  // A token of a user without a fleet-wide role is capped only per grant, at its own role.
  role: lowerRole(row.role, row.user.role) ?? row.role,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

/** API tokens for scripts: issued with a role no higher than the caller's, listed without their value, revoked. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly repo: ApiTokensRepository,
    private readonly hasher: TokenHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** `createApiToken`: a token of the caller's, shown once and audited without its value. */
  async issue(actor: Actor, origin: RequestOrigin, input: CreateApiTokenInput): Promise<CreatedApiTokenObject> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 128) throw badInput('input.name', 'name must have 1 to 128 characters');
    const days = input.ttlDays ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > 365) throw badInput('input.ttlDays', 'ttlDays must be between 1 and 365');
    const highest = highestRole(actor);
    const role = input.role ?? highest;
    if (!role || !roleAtLeast(highest, role)) {
      throw new DomainError('TOKEN_ROLE_TOO_HIGH', `a token may have your highest role (${highest?.toLowerCase() ?? 'none'}) or a lower one`, 'input.role');
    }
    const created = await this.insert(actor.userId, name, role, days * 86_400_000);
    await this.audit.record(actor, origin, 'apiToken.create', { type: 'apiToken', id: created.id }, { name, role, ttlDays: days });
    return { id: created.id, name, role, token: created.token, expiresAt: created.expiresAt! };
  }

  /** Stores a new token's hash; the value is returned once and kept nowhere. */
  async insert(userId: string, name: string, role: Role, ttlMs?: number): Promise<{ id: string; token: string; expiresAt: Date | null }> {
    const token = this.ids.secret('flt');
    const now = this.clock.now();
    const row = await this.repo.create({
      id: this.ids.id(),
      userId,
      name,
      role,
      tokenHash: this.hasher.hashToken(token),
      createdAt: now,
      expiresAt: ttlMs ? new Date(now.getTime() + ttlMs) : null,
    });
    return { id: row.id, token, expiresAt: row.expiresAt };
  }

  /** The caller's tokens; an admin may ask for another user's (`userId`) or everyone's (`all`). */
  async list(actor: Actor, args: { userId?: string | null; all?: boolean | null }): Promise<ApiTokenObject[]> {
    const others = args.all === true || (args.userId != null && args.userId !== actor.userId);
    if (others && !roleAtLeast(fleetRole(actor), 'ADMIN')) throw new DomainError('FORBIDDEN', "only admins see other users' tokens");
    const rows = await this.repo.list(args.all === true ? undefined : (args.userId ?? actor.userId));
    return rows.map(toApiTokenObject);
  }

  /** Revokes a token of the caller's (any token, for an admin); refused from the next request on. */
  async revoke(actor: Actor, origin: RequestOrigin, id: string): Promise<ApiTokenObject> {
    const row = await this.repo.findById(id);
    // Someone else's token is reported as missing to non-admins, so ids cannot be probed.
    if (!row || (row.userId !== actor.userId && !roleAtLeast(fleetRole(actor), 'ADMIN'))) throw new DomainError('API_TOKEN_NOT_FOUND', 'no such API token');
    if (row.revokedAt) return toApiTokenObject(row);
    const revoked = await this.repo.revoke(id, this.clock.now());
    await this.audit.record(actor, origin, 'apiToken.revoke', { type: 'apiToken', id }, { name: row.name, owner: row.user.username });
    return toApiTokenObject(revoked);
  }
}
