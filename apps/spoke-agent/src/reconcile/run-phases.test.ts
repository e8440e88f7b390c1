import { describe, expect, it } from 'vitest';
import { runPhases, type Phase } from './run-phases.js';

describe('runPhases (STYLE.md 20)', () => {
  it('runs phases in order and stops at the first failure with its Flux reason', async () => {
    const ran: string[] = [];
    const progress: string[] = [];
    const phase = (name: string, ok: boolean): Phase<null> => ({
      name,
      reason: name === 'build' ? 'BuildFailed' : 'ReconciliationFailed',
      progress: () => `running ${name}`,
      run: async () => {
        ran.push(name);
        return ok ? { ok: true } : { ok: false, message: `${name} broke` };
      },
    });
    const out = await runPhases(null, [phase('fetch', true), phase('build', false), phase('apply', true)], (m) => void progress.push(m));
    expect(out).toEqual({ ok: false, phase: 'build', reason: 'BuildFailed', message: 'build broke' });
    expect(ran).toEqual(['fetch', 'build']);
    expect(progress).toEqual(['running fetch', 'running build']);
  });

  it('turns a thrown error into a failure of that phase', async () => {
    const out = await runPhases(null, [{ name: 'prune', reason: 'PruneFailed', progress: () => '', run: () => Promise.reject(new Error('boom')) }], () => {});
    expect(out).toEqual({ ok: false, phase: 'prune', reason: 'PruneFailed', message: 'prune failed unexpectedly: boom' });
  });
});
