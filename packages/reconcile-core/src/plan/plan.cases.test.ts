import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inventoryFromRefs, staleObjects } from '../inventory/inventory.js';
import { inventoryId, objectRef, refSubject } from '../inventory/object-ref.js';
import type { KubeObject } from '../object/kube-object.js';
import { apiVersionOf, kindOf } from '../object/kube-object.js';
import { formatChangeSet } from './change-set.js';
import { excludedFromApply } from './flux-metadata.js';
import { planPrune } from './plan-prune.js';
import { applyStage, compareRefs, STAGE_ORDER } from './reconcile-order.js';

interface CaseInput {
  owner: { name: string; namespace: string };
  prune: boolean;
  applySucceeded: boolean;
  oldInventory: string[];
  desired: KubeObject[];
  live: KubeObject[];
}

const root = new URL('../../testdata/plan/', import.meta.url);
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
// Cases we knowingly do not pass yet, with the reason.
const skip: Record<string, string> = {};

function byId(objects: KubeObject[]): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const o of objects) {
    const r = objectRef(o);
    if (r.ok) map.set(inventoryId(r.value), o);
  }
  return map;
}

describe('plan cases (testdata/plan)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it.skipIf(name in skip)(name, () => {
      const input = parse(readFileSync(new URL(`${name}/input.yaml`, root), 'utf8')) as CaseInput;
      const expected = parse(readFileSync(new URL(`${name}/expected.yaml`, root), 'utf8')) as Record<
        string,
        unknown
      >;
      const live = byId(input.live);
      // The agent's staged apply: Flux's stages in order, each in reconcile order; excluded objects are
      // skipped but stay in the new inventory where the stage lists them.
      const refs = input.desired.map((obj) => {
        const r = objectRef(obj);
        if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
        const stage = applyStage({ apiVersion: apiVersionOf(obj) ?? '', kind: kindOf(obj) ?? '' });
        return { obj, ref: r.value, stage, skipped: excludedFromApply(obj, live.get(inventoryId(r.value))) };
      });
      const staged = STAGE_ORDER.map((stage) => ({
        stage,
        entries: refs.filter((e) => e.stage === stage).sort((a, b) => compareRefs(a.ref, b.ref)),
      })).filter((s) => s.entries.length > 0);
      const next = inventoryFromRefs(staged.flatMap((s) => s.entries.map((e) => e.ref)));
      const old = { entries: input.oldInventory.map((id) => ({ id, v: 'v1' })) };
      const stale = staleObjects(old, next);
      if (!stale.ok) throw new Error(stale.errors[0]?.message);
      const prune = planPrune({
        stale: stale.value,
        live,
        owner: input.owner,
        prune: input.prune,
        applySucceeded: input.applySucceeded,
      });
      const settled = formatChangeSet(prune.settled);
      expect({
        stages: staged
          .map((s) => [s.stage, s.entries.filter((e) => !e.skipped).map((e) => refSubject(e.ref))] as const)
          .filter(([, subjects]) => subjects.length > 0),
        skipped: staged.flatMap((s) => s.entries.filter((e) => e.skipped).map((e) => `${refSubject(e.ref)} skipped`)),
        newInventory: next.entries.map((e) => e.id),
        delete: prune.delete.map(refSubject),
        settled: settled === '' ? [] : settled.split('\n'),
      }).toEqual(expected);
    });
  }
});
