import { describe, expect, it } from 'vitest';
import { loadCelFor, loadedCel, usesCel } from './cel-loader.js';

// One file, one module instance: these run in order, before and after the runtime is loaded.
describe('the CEL runtime, loaded by the first Kustomization with an expression', () => {
  it('is not loaded for specs without expressions, and says so when reached anyway', async () => {
    await loadCelFor({ interval: '10m', path: './', dependsOn: [{ name: 'a' }], healthCheckExprs: [] });
    expect(() => loadedCel()).toThrow(/before the CEL runtime was loaded/);
  });

  it('finds healthCheckExprs and dependsOn readyExpr (Flux’s two CEL fields) and nothing else', () => {
    expect(usesCel({ healthCheckExprs: [{ apiVersion: 'v1', kind: 'X', current: 'true' }] })).toBe(true);
    expect(usesCel({ dependsOn: [{ name: 'a' }, { name: 'b', readyExpr: 'dep.status.ready' }] })).toBe(true);
    expect(usesCel({ dependsOn: [{ name: 'a', readyExpr: '' }] })).toBe(false);
    expect(usesCel({ postBuild: { substitute: { x: 'self.y' } } })).toBe(false);
    expect(usesCel(undefined)).toBe(false);
  });

  it('loads for a spec with a readyExpr, then parses and refuses bad expressions as before', async () => {
    await loadCelFor({ dependsOn: [{ name: 'b', readyExpr: 'dep.status.ready == true' }] });
    expect(loadedCel().parseCelExpression('dep.status.ready == true').ok).toBe(true);
    expect(loadedCel().parseCelExpression('dep.status.(').ok).toBe(false);
  });
});
