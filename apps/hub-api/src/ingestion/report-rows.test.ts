import { describe, expect, it } from 'vitest';
import { eventRows, inventoryRows, statusRows, withoutNul } from './report-rows.js';
import { parseRetention } from './retention-duration.js';

const condition = { type: 'Ready', status: 'True' as const, reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: '2026-11-21T00:00:00Z' };

describe('report rows', () => {
  it('keeps the last item per Kustomization in a batch (one statement cannot update a row twice)', () => {
    const rows = statusRows([
      { namespace: 'ns', name: 'a', conditions: [condition], observedGeneration: 1 },
      { namespace: 'ns', name: 'b', conditions: [], observedGeneration: 1 },
      { namespace: 'ns', name: 'a', conditions: [condition], observedGeneration: 2, lastAppliedRevision: 'main@sha1:x' },
    ]);
    expect(rows.map((r) => [r.name, r.observedGeneration, r.lastAppliedRevision])).toEqual([
      ['a', 2, 'main@sha1:x'],
      ['b', 1, null],
    ]);
    expect(inventoryRows([{ namespace: 'ns', name: 'a', entries: [{ id: 'x', v: 'v1' }] }, { namespace: 'ns', name: 'a', entries: [] }])).toEqual([
      { namespace: 'ns', name: 'a', inventory: [] },
    ]);
  });

  it('removes NUL characters, which Postgres text and jsonb refuse (else the batch could never be written)', () => {
    expect(withoutNul({ 'k\u0000': ['a\u0000b', 1, null] })).toEqual({ k: ['ab', 1, null] });
    const [row] = eventRows([{ involvedObject: { kind: 'Kustomization', name: 'a' }, severity: 'error', reason: 'BuildFailed', message: 'bad\u0000 yaml', timestamp: '2026-11-21T00:00:00Z' }]);
    expect(row).toEqual({ kind: 'Kustomization', namespace: null, name: 'a', severity: 'error', reason: 'BuildFailed', message: 'bad yaml', revision: null, occurredAt: '2026-11-21T00:00:00Z' });
  });

  it('caps observedGeneration at the int4 column range instead of failing the whole batch', () => {
    expect(statusRows([{ namespace: 'ns', name: 'a', conditions: [], observedGeneration: 2 ** 40 }])[0]!.observedGeneration).toBe(2_147_483_647);
  });
});

describe('parseRetention (FLOTILLA_EVENT_RETENTION)', () => {
  it('reads Go duration units plus d', () => {
    expect(parseRetention('7d')).toBe(7 * 86_400_000);
    expect(parseRetention('1d12h')).toBe(36 * 3_600_000);
    expect(parseRetention('90m')).toBe(5_400_000);
    expect(parseRetention(' 1.5h ')).toBe(5_400_000);
  });

  it.each(['', '7', 'seven days', '7w', '-1d', '0s'])('refuses %j', (text) => {
    expect(parseRetention(text)).toBeUndefined();
  });
});
