import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inventoryFromRefs, staleObjects } from '../inventory/inventory.js';
import { inventoryId, objectRef, refSubject } from '../inventory/object-ref.js';
import type { KubeObject } from '../object/kube-object.js';
import { formatChangeSet } from './change-set.js';
import { planApply } from './plan-apply.js';
import { planPrune } from './plan-prune.js';

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
      const apply = planApply({ desired: input.desired, existing: live, owner: input.owner });
      if (!apply.ok) throw new Error(apply.errors.map((e) => e.message).join('; '));
      const next = inventoryFromRefs(apply.value.inventoryRefs);
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
        stages: apply.value.stages.map((s) => [s.stage, s.objects.map((p) => refSubject(p.ref))]),
        skipped: apply.value.skipped.map((s) => `${s.subject} ${s.action}`),
        newInventory: next.entries.map((e) => e.id),
        delete: prune.delete.map(refSubject),
        settled: settled === '' ? [] : settled.split('\n'),
      }).toEqual(expected);
    });
  }
});
