import { Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { AuditService } from '../audit/audit.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { checkPassword, USERNAME_PATTERN } from '../auth/password-policy.js';
import { UsersRepository, type GuardedUserChange } from '../auth/users.repository.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { TokenHasher } from '../common/token-hasher.js';
import type { CreateUserInput, UserAccountObject, UserWithPasswordObject } from './dto/user-account.object.js';
import { toUserAccountObject } from './users.mapper.js';


/**
 * Admins manage users here. Whatever ends someone's access (disable, password reset, delete) ends their
 * sessions at once; their API tokens are refused from the next request because every request re-reads the user.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly hasher: TokenHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(_actor: Actor): Promise<UserAccountObject[]> {
    return (await this.users.listByUsername()).map(toUserAccountObject);
  }

  async create(actor: Actor, origin: RequestOrigin, input: CreateUserInput): Promise<UserWithPasswordObject> {
    const username = input.username.trim();
    if (!USERNAME_PATTERN.test(username)) {
      throw badInput('input.username', 'a username has 1 to 64 lowercase letters, digits, `.`, `_`, `-` or `@`, starting with a letter or digit');
    }
    const chosen = input.password ?? null;
    if (chosen !== null) checkPassword(chosen, username, 'input.password');
    const password = chosen ?? this.ids.password();
    const row = await this.users.create({
      id: this.ids.id(),
      username,
      passwordHash: await this.hasher.hashPassword(password),
      role: input.role ?? null,
      createdAt: this.clock.now(),
      // A generated password is known to the admin too, so its holder must replace it; a chosen one need not.
      mustChangePassword: chosen === null,
    });
    if (!row) throw new DomainError('USERNAME_TAKEN', `a user named ${username} exists`, 'input.username');
    await this.audit.record(actor, origin, 'user.create', { type: 'user', id: row.id }, { username, role: input.role ?? null, passwordGenerated: chosen === null });
    return { user: toUserAccountObject(row), oneTimePassword: chosen === null ? password : null };
  }

  async setRole(actor: Actor, origin: RequestOrigin, userId: string, role: Role | null): Promise<UserAccountObject> {
    const before = await this.existing(userId);
    if (before.role === role) return toUserAccountObject(before);
    const row = await this.guarded(userId, { kind: 'role', role }, 'demote');
    await this.audit.record(actor, origin, 'user.role.change', { type: 'user', id: userId }, { username: row.username, from: before.role, to: role });
    return toUserAccountObject(row);
  }

  async disable(actor: Actor, origin: RequestOrigin, userId: string): Promise<UserAccountObject> {
    const before = await this.existing(userId);
    if (before.disabledAt) return toUserAccountObject(before);
    const row = await this.guarded(userId, { kind: 'disable', at: this.clock.now() }, 'disable');
    await this.auth.endSessions(userId);
    await this.audit.record(actor, origin, 'user.disable', { type: 'user', id: userId }, { username: row.username });
    return toUserAccountObject(row);
  }

  async enable(actor: Actor, origin: RequestOrigin, userId: string): Promise<UserAccountObject> {
    const before = await this.existing(userId);
    if (!before.disabledAt) return toUserAccountObject(before);
    const row = await this.users.enable(userId);
    await this.audit.record(actor, origin, 'user.enable', { type: 'user', id: userId }, { username: row.username });
    return toUserAccountObject(row);
  }

  /**
   * A new generated password, shown once, which its holder must replace at their next sign-in; the user's
   * sessions end (an admin resetting their own keeps this one).
   */
  async resetPassword(actor: Actor, origin: RequestOrigin, userId: string): Promise<UserWithPasswordObject> {
    await this.existing(userId);
    const password = this.ids.password();
    const row = await this.users.setPasswordHash(userId, await this.hasher.hashPassword(password), { mustChange: true });
    await this.auth.endSessions(userId, userId === actor.userId ? actor.sessionId : undefined);
    await this.audit.record(actor, origin, 'user.password.reset', { type: 'user', id: userId }, { username: row.username });
    return { user: toUserAccountObject(row), oneTimePassword: password };
  }

  /** Deletes the user with their sessions and API tokens; audit entries keep the copied username. */
  async delete(actor: Actor, origin: RequestOrigin, userId: string): Promise<string> {
    if (userId === actor.userId) throw new DomainError('CANNOT_DELETE_SELF', 'you cannot delete yourself; ask another admin');
    const before = await this.existing(userId);
    // Disabled first, under the admin guard: from then on nothing of theirs works, even if the delete fails.
    await this.guarded(userId, { kind: 'disable', at: before.disabledAt ?? this.clock.now() }, 'delete');
    await this.auth.endSessions(userId);
    await this.users.delete(userId);
    await this.audit.record(actor, origin, 'user.delete', { type: 'user', id: userId }, { username: before.username, role: before.role });
    return userId;
  }

  private async existing(userId: string) {
    const row = await this.users.findById(userId);
    if (!row) throw new DomainError('USER_NOT_FOUND', 'no such user');
    return row;
  }

  private async guarded(userId: string, change: GuardedUserChange, verb: 'demote' | 'disable' | 'delete') {
    const result = await this.users.applyKeepingAnAdmin(userId, change);
    if (result === 'LAST_ADMIN') {
      throw new DomainError('LAST_ADMIN', `you cannot ${verb} the last enabled admin; make another user admin first`);
    }
    return result;
  }
}
