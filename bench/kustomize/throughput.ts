// In-process throughput of buildKustomization on a tree already in memory (objects per second).
import fs from 'node:fs';
import path from 'node:path';
import { buildKustomization } from '@flotilla/reconcile-core';

const [root, buildPath] = process.argv.slice(2) as [string, string];
const tree = new Map<string, Uint8Array>();
const walk = (abs: string, rel: string): void => {
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(abs, e.name), r);
    else tree.set(r, fs.readFileSync(path.join(abs, e.name)));
  }
};
walk(root, '');
let objects = 0;
const runs = 5;
buildKustomization(tree, buildPath); // warm-up (JIT)
const t0 = performance.now();
for (let i = 0; i < runs; i++) {
  const r = buildKustomization(tree, buildPath);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  objects += r.value.objects.length;
}
const s = (performance.now() - t0) / 1000;
console.log(`(b) in-process: ${runs} builds of ${objects / runs} objects in ${s.toFixed(2)} s → ${Math.round(objects / s)} objects/s (${((s / runs) * 1000).toFixed(0)} ms per build)`);
