import { Injectable } from '@nestjs/common';
import type { RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { CredentialsRepository } from '../clusters/credentials.repository.js';
import { RegistrationTokensRepository } from '../clusters/registration-tokens.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { FailureThrottle } from '../common/failure-throttle.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { TokenHasher } from '../common/token-hasher.js';
import { MetricsService } from '../health/metrics.service.js';
import type { RegistrationErrorCode } from '@flotilla/protocol';

export type CredentialCheck =
  | { ok: true; clusterId: string; clusterName: string; credentialId: string }
  | { ok: false; code: 'CREDENTIAL_INVALID' | 'CREDENTIAL_REVOKED'; message: string };

// Registration tokens are 256-bit random, so guessing one is hopeless; the limit keeps a client that loops on a
// bad, used or expired token (or a scanner) from costing the hub a database lookup per request without end.
const REGISTRATION_FAILURES = { windowMs: 5 * 60_000, maxFailures: 20, maxTracked: 10_000 };

@Injectable()
export class RegistrationService {
  private readonly failures: FailureThrottle;

  constructor(
    private readonly tokens: RegistrationTokensRepository,
    private readonly credentials: CredentialsRepository,
    private readonly hasher: TokenHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
  ) {
    this.failures = new FailureThrottle(clock, REGISTRATION_FAILURES);
  }

  /** A refused registration, counted by code so that replayed or guessed tokens show in /metrics. */
  refuse(code: RegistrationErrorCode, message: string): DomainError {
    this.metrics.registrationsRefused.inc({ code });
    return new DomainError(code, message);
  }

  /**
   * Trades a one-time registration token for the cluster's own credential (returned once, stored hashed). An
   * address with 20 failed redemptions within 5 minutes is refused until the window passes.
   */
  async register(token: string, origin: RequestOrigin): Promise<{ clusterId: string; clusterName: string; credential: string }> {
    const key = origin.ip ?? '?';
    const throttled = this.failures.check(key);
    if (throttled.retryAfterSeconds > 0) {
      this.metrics.registrationsRefused.inc({ code: 'TOO_MANY_ATTEMPTS' });
      throw new DomainError('TOO_MANY_ATTEMPTS', `too many failed registrations from this address; try again in ${throttled.retryAfterSeconds} s`);
    }
    try {
      const registered = await this.redeem(token, origin);
      this.failures.recordSuccess(key);
      return registered;
    } catch (err) {
      if (err instanceof DomainError && err.code.startsWith('REGISTRATION_TOKEN_')) this.failures.recordFailure(key);
      throw err;
    }
  }

  private async redeem(token: string, origin: RequestOrigin): Promise<{ clusterId: string; clusterName: string; credential: string }> {
    const row = await this.tokens.findByTokenHash(this.hasher.hashToken(token));
    if (!row) {
      throw this.refuse('REGISTRATION_TOKEN_INVALID', 'this registration token is not known to the hub; copy it again from "Add cluster"');
    }
    if (row.usedAt) {
      throw this.refuse('REGISTRATION_TOKEN_USED', 'this registration token was already used; create a new one for the cluster in the UI');
    }
    const now = this.clock.now();
    if (row.expiresAt.getTime() <= now.getTime()) {
      throw this.refuse('REGISTRATION_TOKEN_EXPIRED', `this registration token expired at ${row.expiresAt.toISOString()}; create a new one in the UI`);
    }
    const credential = this.ids.secret('flc');
    const credentialId = this.ids.id();
    const redeemed = await this.tokens.redeem(row.id, {
      id: credentialId,
      clusterId: row.clusterId,
      secretHash: this.hasher.hashToken(credential),
      createdAt: now,
    });
    if (!redeemed) {
      throw this.refuse('REGISTRATION_TOKEN_USED', 'this registration token was already used; create a new one for the cluster in the UI');
    }
    await this.audit.record({ kind: 'agent', clusterId: row.clusterId, clusterName: row.cluster.name }, origin, 'cluster.register', {
      type: 'cluster',
      id: row.clusterId,
    }, { registrationTokenId: row.id });
    // The older credentials were revoked with the redemption: their open connections go now, as on a revoke,
    // instead of reporting on until a heartbeat notices.
    this.events.emit('cluster.credentialsRevoked', { clusterId: row.clusterId, keepCredentialId: credentialId });
    this.events.emit('cluster.changed', { clusterId: row.clusterId });
    return { clusterId: row.clusterId, clusterName: row.cluster.name, credential };
  }

  async checkCredential(credential: unknown): Promise<CredentialCheck> {
    if (typeof credential !== 'string' || !/^flc_[A-Za-z0-9_-]{16,256}$/.test(credential)) {
      return { ok: false, code: 'CREDENTIAL_INVALID', message: 'send auth.credential = the flc_… credential from registration' };
    }
    const row = await this.credentials.findBySecretHash(this.hasher.hashToken(credential));
    if (!row) return { ok: false, code: 'CREDENTIAL_INVALID', message: 'this cluster credential is not known to the hub; register the cluster again' };
    if (row.revokedAt) {
      return { ok: false, code: 'CREDENTIAL_REVOKED', message: 'this cluster credential was revoked; create a registration token in the UI and register again' };
    }
    return { ok: true, clusterId: row.clusterId, clusterName: row.cluster.name, credentialId: row.id };
  }

  /** Re-checks a connected agent's credential (another hub process may have revoked it). */
  async checkCredentialById(credentialId: string): Promise<'active' | 'revoked' | 'missing'> {
    const row = await this.credentials.findById(credentialId);
    if (!row) return 'missing';
    return row.revokedAt ? 'revoked' : 'active';
  }
}
