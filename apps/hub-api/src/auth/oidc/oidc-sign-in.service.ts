import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import { IdGenerator } from '../../common/id-generator.js';
import { JsonLogger } from '../../common/logger.js';
import type { RequestOrigin } from '../actor.js';
import { AuthService, type NewSession } from '../auth.service.js';
import { USERNAME_PATTERN } from '../password-policy.js';
import { OidcClient, type PendingSignIn, type SignInClaims } from './oidc-client.js';
import { OidcUsersRepository } from './oidc-users.repository.js';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The groups claim as a list of names: an array of strings, or one string. */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const v = claims[claim];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Sign-in through the OpenID provider. The user is found by (issuer, subject); at the first sign-in they are
 * created with the configured default role under their `preferred_username` (else email, else subject),
 * refused when a local account holds that name. At every sign-in their teams become the existing teams named
 * by their groups claim.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    private readonly client: OidcClient,
    private readonly users: OidcUsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
  ) {}

  get enabled(): boolean {
    return this.client.settings !== undefined;
  }

  begin(): Promise<{ url: URL; pending: PendingSignIn }> {
    return this.client.begin();
  }

  async complete(callbackUrl: URL, pending: PendingSignIn, origin: RequestOrigin): Promise<NewSession> {
    let claims: SignInClaims;
    try {
      claims = await this.client.complete(callbackUrl, pending);
    } catch (err) {
      this.log.warn('oidc sign-in refused', { ip: origin.ip, error: err instanceof Error ? err.message : String(err) });
      await this.audit.recordFailedLogin('(oidc)', origin, 'OIDC_FAILED');
      throw new DomainError('UNAUTHENTICATED', 'the identity provider’s answer could not be verified; sign in again');
    }
    const settings = this.client.settings!;
    let user = await this.users.findBySubject(claims.iss, claims.sub);
    if (!user) {
      const username = (text(claims.preferred_username) ?? text(claims.email) ?? claims.sub).toLowerCase();
      if (!USERNAME_PATTERN.test(username)) {
        await this.audit.recordFailedLogin(username, origin, 'OIDC_FAILED');
        throw new DomainError('UNAUTHENTICATED', `the identity provider’s username "${username.slice(0, 64)}" is not one the hub accepts`);
      }
      user = await this.users.create({ id: this.ids.id(), username, role: settings.defaultRole, issuer: claims.iss, subject: claims.sub, createdAt: this.clock.now() });
      if (!user) {
        await this.audit.recordFailedLogin(username, origin, 'OIDC_USERNAME_TAKEN');
        throw new DomainError('USERNAME_TAKEN', `a local user named ${username} exists; an admin must rename or remove it first`);
      }
    }
    if (user.disabledAt) {
      await this.audit.recordFailedLogin(user.username, origin, 'ACCOUNT_DISABLED');
      throw new DomainError('ACCOUNT_DISABLED', 'this account is disabled; ask an admin to enable it');
    }
    const teams = await this.users.syncTeams(user.id, groupsOf(claims, settings.groupsClaim));
    const session = await this.auth.startSession(user, origin, { via: 'oidc', issuer: claims.iss });
    if (teams.joined.length || teams.left.length) {
      await this.audit.record(session.actor, origin, 'team.member.sync', { type: 'user', id: user.id }, { joined: teams.joined, left: teams.left });
    }
    return session;
  }
}
