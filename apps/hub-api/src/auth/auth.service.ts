import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { TokenHasher } from '../common/token-hasher.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { MetricsService } from '../health/metrics.service.js';
import type { Actor, RequestOrigin } from './actor.js';
import type { CreateApiTokenInput, CreatedApiTokenObject } from './dto/api-token.object.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { UsersRepository } from './users.repository.js';

export interface NewSession {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

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
    this.throttle.recordSuccess(origin.ip, username);
    this.metrics.logins.inc({ outcome: 'success' });
    this.log.info('login', { username: user.username, ip: origin.ip });
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
    const actor: Actor = { userId: user.id, username: user.username, role: user.role, via: 'session', sessionId: session.id };
    await this.audit.record(actor, origin, 'auth.login', { type: 'user', id: user.id });
    return { actor, sessionToken, csrfToken, expiresAt };
  }

  /** Failed and throttled logins leave a log line and an audit entry (username and address, never the password). */
  private async loginRefused(username: string, origin: RequestOrigin, reason: 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS'): Promise<void> {
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
    if (!row || row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return {
      actor: { userId: row.user.id, username: row.user.username, role: row.user.role, via: 'session', sessionId: row.id },
      csrfHash: row.csrfHash,
    };
  }

  csrfMatches(csrfToken: string, csrfHash: string): boolean {
    return this.hasher.hashToken(csrfToken) === csrfHash;
  }

  async resolveApiToken(token: string): Promise<Actor | null> {
    const row = await this.apiTokens.findByTokenHashWithUser(this.hasher.hashToken(token));
    const now = this.clock.now();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    await this.apiTokens.touch(row.id, now);
    return { userId: row.user.id, username: row.user.username, role: row.user.role, via: 'api-token' };
  }

  /** Creates a user (bootstrap and tests; a user-management API comes with teams). */
  async createUser(username: string, password: string, role: Role): Promise<{ id: string }> {
    return this.users.create({
      id: this.ids.id(),
      username,
      passwordHash: await this.hasher.hashPassword(password),
      role,
      createdAt: this.clock.now(),
    });
  }

  /** Issues an API token for scripts; returns the token once (only its hash is stored). */
  async createApiToken(userId: string, name: string, ttlMs?: number): Promise<string> {
    return (await this.insertApiToken(userId, name, ttlMs)).token;
  }

  /** `createApiToken` mutation: a token for the caller, with the caller's role; audited without the value. */
  async issueApiToken(actor: Actor, origin: RequestOrigin, input: CreateApiTokenInput): Promise<CreatedApiTokenObject> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 128) throw badInput('input.name', 'name must have 1 to 128 characters');
    const days = input.ttlDays ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > 365) throw badInput('input.ttlDays', 'ttlDays must be between 1 and 365');
    const created = await this.insertApiToken(actor.userId, name, days * 86_400_000);
    await this.audit.record(actor, origin, 'apiToken.create', { type: 'apiToken', id: created.id }, { name });
    return { id: created.id, name, token: created.token, expiresAt: created.expiresAt! };
  }

  private async insertApiToken(userId: string, name: string, ttlMs?: number) {
    const token = this.ids.secret('flt');
    const now = this.clock.now();
    const row = await this.apiTokens.create({
      id: this.ids.id(),
      userId,
      name,
      tokenHash: this.hasher.hashToken(token),
      createdAt: now,
      expiresAt: ttlMs ? new Date(now.getTime() + ttlMs) : null,
    });
    return { id: row.id, token, expiresAt: row.expiresAt };
  }

  /**
   * On first start, creates `admin` with FLOTILLA_ADMIN_PASSWORD or a generated password, returned so
   * main.ts prints it exactly once. Returns null when users already exist.
   */
  async ensureAdmin(): Promise<{ username: string; password: string; generated: boolean } | null> {
    if ((await this.users.count()) > 0) return null;
    const generated = this.config.admin.password === undefined;
    const password = this.config.admin.password ?? this.ids.secret('fls').slice(4, 24);
    await this.createUser('admin', password, 'ADMIN');
    return { username: 'admin', password, generated };
  }
}
