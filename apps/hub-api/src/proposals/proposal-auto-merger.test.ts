import { describe, expect, it } from 'vitest';
import { autoMergeDue } from './proposal-auto-merger.js';

const t0 = Date.parse('2026-12-05T10:00:00Z');
const proposal = (state: string, diffSince: number, automation: { autoMergeAfter: string | null; autoMergeRequiresApproval: boolean }) =>
  ({ state, diffSince: new Date(diffSince), automation }) as Parameters<typeof autoMergeDue>[0];
const approvedAfter30m = (state: string, since = t0) => proposal(state, since, { autoMergeAfter: '30m', autoMergeRequiresApproval: true });

describe('autoMergeDue', () => {
  it('an approved proposal is due once the delay passed since its current diff was first recorded, not before', () => {
    expect(autoMergeDue(approvedAfter30m('approved'), t0 + 30 * 60_000)).toBe(true);
    expect(autoMergeDue(approvedAfter30m('approved'), t0 + 30 * 60_000 - 1)).toBe(false);
  });

  it('a diff that changed since starts the delay again', () => {
    expect(autoMergeDue(approvedAfter30m('approved', t0 + 10 * 60_000), t0 + 30 * 60_000)).toBe(false);
  });

  it('an open proposal waits for its approvals unless the automation says it need not', () => {
    expect(autoMergeDue(approvedAfter30m('open'), t0 + 60 * 60_000)).toBe(false);
    expect(autoMergeDue(proposal('open', t0, { autoMergeAfter: '30m', autoMergeRequiresApproval: false }), t0 + 60 * 60_000)).toBe(true);
  });

  it('never: rejected, conflicted, merged or superseded proposals, and automations without a delay', () => {
    for (const state of ['rejected', 'conflicted', 'merged', 'superseded']) expect(autoMergeDue(proposal(state, t0, { autoMergeAfter: '1s', autoMergeRequiresApproval: false }), t0 + 3_600_000)).toBe(false);
    expect(autoMergeDue(proposal('approved', t0, { autoMergeAfter: null, autoMergeRequiresApproval: false }), t0 + 3_600_000)).toBe(false);
  });
});
