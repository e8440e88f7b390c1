import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { AuditService, type LoginRefusal } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { TokenHasher } from '../common/token-hasher.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { MetricsService } from '../health/metrics.service.js';
import { GrantsRepository } from './grants.repository.js';
import { lowerRole, type Actor, type RequestOrigin } from './actor.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokensService } from './api-tokens.service.js';
import { checkPassword } from './password-policy.js';
import { SessionsRepository } from './sessions.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { UsersRepository } from './users.repository.js';

export interface NewSession {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * A token's lastUsedAt is written at most this often: a script calling in a loop costs one write a minute,
 * not one per request, and the column is still exact to the minute.
 */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

export interface SessionLookup {
  actor: Actor;
  csrfHash: string;
}

@Injectable()
export class AuthService {
  // Verified against when the username is unknown, so a wrong username costs as much time as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly apiTokens: ApiTokensRepository,
    private readonly grants: GrantsRepository,
    private readonly apiTokenIssuer: ApiTokensService,
    private readonly hasher: TokenHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly metrics: MetricsService,
  ) {}

  async login(username: string, password: string, origin: RequestOrigin): Promise<NewSession> {
    const throttled = this.throttle.check(origin.ip, username);
    if (throttled.retryAfterSeconds > 0) {
      this.metrics.logins.inc({ outcome: 'throttled' });
      // Refusals cost the caller nothing, so only the first of a lockout is written down; the metric counts all.
      if (throttled.firstRefusal) await this.loginRefused(username, origin, 'TOO_MANY_ATTEMPTS');
      throw new DomainError('TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${throttled.retryAfterSeconds} s`);
    }
    const user = await this.users.findByUsername(username);
    if (!user) {
      this.dummyHash ??= this.hasher.hashPassword('not-a-password');
      await this.hasher.verifyPassword(password, await this.dummyHash);
    }
    if (!user || !(await this.hasher.verifyPassword(password, user.passwordHash))) {
      this.throttle.recordFailure(origin.ip, username);
      this.metrics.logins.inc({ outcome: 'invalid' });
      await this.loginRefused(username, origin, 'INVALID_CREDENTIALS');
      throw new DomainError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    if (user.disabledAt) {
      this.metrics.logins.inc({ outcome: 'invalid' });
      await this.loginRefused(username, origin, 'ACCOUNT_DISABLED');
      throw new DomainError('ACCOUNT_DISABLED', 'this account is disabled; ask an admin to enable it');
    }
    this.throttle.recordSuccess(origin.ip, username);
    this.metrics.logins.inc({ outcome: 'success' });
    this.log.info('login', { username: user.username, ip: origin.ip });
    return this.startSession(user, origin);
  }

  /** A new session for a user who proved who they are (password or OpenID provider), audited as a login. */
  async startSession(
    user: { id: string; username: string; role: Role | null; mustChangePassword: boolean },
    origin: RequestOrigin,
    details: { via: 'oidc'; issuer: string } | Record<string, never> = {},
  ): Promise<NewSession> {
    const sessionToken = this.ids.secret('fls');
    const csrfToken = this.ids.secret('csrf');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionTtlMs);
    const session = await this.sessions.create({
      id: this.ids.id(),
      userId: user.id,
      tokenHash: this.hasher.hashToken(sessionToken),
      csrfHash: this.hasher.hashToken(csrfToken),
      createdAt: now,
      expiresAt,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    });
    await this.users.recordLogin(user.id, now);
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      role: user.role,
      grants: await this.grants.forUser(user.id),
      via: 'session',
      sessionId: session.id,
      passwordChangeRequired: user.mustChangePassword,
    };
    await this.audit.record(actor, origin, 'auth.login', { type: 'user', id: user.id }, details);
    return { actor, sessionToken, csrfToken, expiresAt };
  }

  /** Failed and throttled logins leave a log line and an audit entry (username and address, never the password). */
  private async loginRefused(username: string, origin: RequestOrigin, reason: LoginRefusal): Promise<void> {
    this.log.warn('login refused', { username, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 200) ?? null, reason });
    await this.audit.recordFailedLogin(username, origin, reason);
  }

  async logout(actor: Actor, origin: RequestOrigin): Promise<void> {
    if (actor.sessionId) {
      await this.sessions.deleteById(actor.sessionId);
      this.events.emit('session.ended', { sessionId: actor.sessionId });
    }
    await this.audit.record(actor, origin, 'auth.logout', { type: 'user', id: actor.userId });
  }

  async resolveSession(sessionToken: string): Promise<SessionLookup | null> {
    const row = await this.sessions.findByTokenHashWithUser(this.hasher.hashToken(sessionToken));
    if (!row || row.expiresAt.getTime() <= this.clock.now().getTime() || row.user.disabledAt) return null;
    return {
      actor: {
        userId: row.user.id,
        username: row.user.username,
        role: row.user.role,
        grants: await this.grants.forUser(row.user.id),
        via: 'session',
        sessionId: row.id,
        passwordChangeRequired: row.user.mustChangePassword,
      },
      csrfHash: row.csrfHash,
    };
  }

  csrfMatches(csrfToken: string, csrfHash: string): boolean {
    return this.hasher.hashToken(csrfToken) === csrfHash;
  }

  /**
   * The actor of an API token: refused when revoked, expired or its owner is disabled; it acts with the lower
   * of its own role and its owner's current one. Use is summarised: lastUsedAt moves at most once a minute,
   * and the audit log gets one `apiToken.use` entry per token and UTC day it is used.
   */
  async resolveApiToken(token: string, origin: RequestOrigin): Promise<Actor | null> {
    const row = await this.apiTokens.findByTokenHashWithUser(this.hasher.hashToken(token));
    const now = this.clock.now();
    if (!row || row.revokedAt || row.user.disabledAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    const tokenRole = row.role;
    const actor: Actor = {
      userId: row.user.id,
      username: row.user.username,
      role: lowerRole(tokenRole, row.user.role),
      grants: (await this.grants.forUser(row.user.id)).map((g) => ({ ...g, role: lowerRole(tokenRole, g.role)! })),
      via: 'api-token',
    };
    const last = row.lastUsedAt;
    // Only the request whose conditional update wins writes, so concurrent requests (or replicas) that all
    // read the old value still leave one touch and at most one audit entry.
    if ((!last || now.getTime() - last.getTime() >= TOKEN_TOUCH_INTERVAL_MS) && (await this.apiTokens.touch(row.id, last, now))) {
      if (!last || utcDay(last) !== utcDay(now)) {
        await this.audit.record(actor, origin, 'apiToken.use', { type: 'apiToken', id: row.id }, { name: row.name });
      }
    }
    return actor;
  }

  /** Ends the user's sessions but `keepSessionId`, and drops their live `/ui` sockets. */
  async endSessions(userId: string, keepSessionId?: string): Promise<void> {
    for (const sessionId of await this.sessions.deleteByUser(userId, keepSessionId)) this.events.emit('session.ended', { sessionId });
  }

  /**
   * Sets the caller's own password after checking the current one (failures count against the login
   * throttle, so this is no way around it); the caller's other sessions end.
   */
  async changeOwnPassword(actor: Actor, origin: RequestOrigin, currentPassword: string, newPassword: string): Promise<void> {
    const throttled = this.throttle.check(origin.ip, actor.username);
    if (throttled.retryAfterSeconds > 0) {
      throw new DomainError('TOO_MANY_ATTEMPTS', `too many wrong passwords; try again in ${throttled.retryAfterSeconds} s`);
    }
    const user = await this.users.findById(actor.userId);
    if (!user || !(await this.hasher.verifyPassword(currentPassword, user.passwordHash))) {
      this.throttle.recordFailure(origin.ip, actor.username);
      // Not INVALID_CREDENTIALS (UNAUTHENTICATED): the caller is logged in; one field of the input is wrong.
      throw new DomainError('CURRENT_PASSWORD_WRONG', 'the current password is wrong', 'currentPassword');
    }
    checkPassword(newPassword, user.username, 'newPassword');
    await this.users.setPasswordHash(user.id, await this.hasher.hashPassword(newPassword), { mustChange: false });
    await this.endSessions(user.id, actor.sessionId);
    await this.audit.record(actor, origin, 'user.password.change', { type: 'user', id: user.id });
  }

  /** Creates a user (bootstrap and tests; admins use UsersService). */
  async createUser(username: string, password: string, role: Role | null): Promise<{ id: string }> {
    const row = await this.users.create({
      id: this.ids.id(),
      username,
      passwordHash: await this.hasher.hashPassword(password),
      role,
      createdAt: this.clock.now(),
      mustChangePassword: false,
    });
    if (!row) throw new DomainError('USERNAME_TAKEN', `a user named ${username} exists`);
    return { id: row.id };
  }

  /** Issues an API token with the user's role for scripts and tests; returns the token once. */
  async createApiToken(userId: string, name: string, ttlMs?: number): Promise<string> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('USER_NOT_FOUND', 'no such user');
    // Without a fleet-wide role of their own, the token is capped only by what each of their grants gives.
    return (await this.apiTokenIssuer.insert(userId, name, user.role ?? 'ADMIN', ttlMs)).token;
  }

  /**
   * On first start, creates `admin` with FLOTILLA_ADMIN_PASSWORD or a generated password, returned so
   * main.ts prints it exactly once. Returns null when users already exist.
   */
  async ensureAdmin(): Promise<{ username: string; password: string; generated: boolean } | null> {
    if ((await this.users.count()) > 0) return null;
    const generated = this.config.admin.password === undefined;
    const password = this.config.admin.password ?? this.ids.password();
    await this.createUser('admin', password, 'ADMIN');
    return { username: 'admin', password, generated };
  }
}
