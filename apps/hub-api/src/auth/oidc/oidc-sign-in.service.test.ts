import { describe, expect, it } from 'vitest';
import { groupsOf } from './oidc-sign-in.service.js';

describe('groupsOf', () => {
  it('reads the groups claim as a list, or one name, and ignores anything else', () => {
    expect(groupsOf({ groups: ['dev-ops', 7, 'sre'] }, 'groups')).toEqual(['dev-ops', 'sre']);
    expect(groupsOf({ roles: 'platform' }, 'roles')).toEqual(['platform']);
    expect(groupsOf({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });
});
