import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '@flotilla/reconcile-core';
import type { Role } from '@flotilla/prisma/client';
import { fleetRole, highestRole, roleOn, scopeHolds, scopeOf } from './access.js';
import type { Actor, Grant } from './actor.js';

const grant = (role: Role, selector = '', namespaces: string[] = []): Grant => {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(selector);
  return { role, selector: parsed.value, namespaces };
};
const actor = (role: Role | null, grants: Grant[] = []): Actor => ({ userId: 'u', username: 'u', role, grants, via: 'session' });
const dev = { id: 'c-dev', labels: { env: 'dev' } };
const prod = { id: 'c-prod', labels: { env: 'prod' } };

describe('access decisions', () => {
  it("a user's own role is a grant on the whole fleet, as before teams", () => {
    const a = actor('OPERATOR');
    expect([fleetRole(a), highestRole(a), roleOn(a, prod, 'any-ns'), roleOn(a, dev, null)]).toEqual(['OPERATOR', 'OPERATOR', 'OPERATOR', 'OPERATOR']);
    expect(scopeOf(a, 'OPERATOR', [dev, prod])).toEqual({ all: true });
    expect(scopeOf(a, 'ADMIN', [dev, prod])).toEqual({ all: false, rules: [] });
  });

  it('the permission on an object is the highest of the grants whose selector and namespaces cover it', () => {
    const a = actor('VIEWER', [grant('OPERATOR', 'env=dev'), grant('ADMIN', 'env=dev', ['apps'])]);
    expect(roleOn(a, dev, 'apps')).toBe('ADMIN');
    expect(roleOn(a, dev, 'infra')).toBe('OPERATOR');
    expect(roleOn(a, prod, 'apps')).toBe('VIEWER');
    // The cluster as a whole (its credentials) is not covered by a namespace-limited grant.
    expect(roleOn(a, dev, null)).toBe('OPERATOR');
    expect([fleetRole(a), highestRole(a)]).toEqual(['VIEWER', 'ADMIN']);
  });

  it('a scope lists the clusters per grant and keeps namespace limits', () => {
    const a = actor(null, [grant('VIEWER', 'env in (dev,qa)', ['apps']), grant('OPERATOR', '!env')]);
    const clusters = [dev, prod, { id: 'c-bare', labels: {} }];
    const viewers = scopeOf(a, 'VIEWER', clusters);
    expect(viewers).toEqual({ all: false, rules: [{ clusterIds: ['c-dev'], namespaces: ['apps'] }, { clusterIds: ['c-bare'], namespaces: [] }] });
    expect(scopeHolds(viewers, 'c-dev')).toBe(true);
    expect(scopeHolds(viewers, 'c-dev', 'apps')).toBe(true);
    expect(scopeHolds(viewers, 'c-dev', 'infra')).toBe(false);
    expect(scopeHolds(viewers, 'c-dev', null)).toBe(false);
    expect(scopeHolds(viewers, 'c-prod')).toBe(false);
    expect(scopeHolds(viewers, 'c-bare', null)).toBe(true);
    expect(fleetRole(a)).toBeNull();
  });

  it('a team grant without selector or namespaces is fleet-wide like an own role', () => {
    const a = actor(null, [grant('ADMIN')]);
    expect(fleetRole(a)).toBe('ADMIN');
    expect(scopeOf(a, 'ADMIN', [dev])).toEqual({ all: true });
  });
});
