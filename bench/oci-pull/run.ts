// `pnpm bench:oci-pull`: one 5 MB OCI artifact (incompressible, so the layer is 5 MB too) pushed once with
// `flux push artifact` to the test registry, then pulled ROUNDS times by the agent's OCIRepository reconciler
// (resolve the tag, pull the manifest and layer, untar, archive again, store) and by `flux pull artifact`
// (resolve, pull, untar into a directory), alternating, each round into fresh storage so nothing is skipped.
// flux's figure includes its process start. Bounded: ROUNDS (default 7) rounds, and the registry stops at the end.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeTempDir, percentile, runFlux, startRegistry } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { GitArtifactStorage } from '../../apps/spoke-agent/src/controller/kinds/git-repository/git-artifact-storage.js';
import { createOciRepositoryReconciler } from '../../apps/spoke-agent/src/controller/kinds/oci-repository/oci-repository-reconciler.js';
import type { KubeClient } from '../../apps/spoke-agent/src/k8s/kube-client.js';


const ROUNDS = Math.min(50, Math.max(1, Number(process.env.ROUNDS ?? '7')));
const SIZE = 5 * 1024 * 1024;

runBench(async () => {
  const [registry, work] = await Promise.all([startRegistry(), makeTempDir('oci-pull-bench')]);
  try {
    const src = path.join(work, 'src');
    await mkdir(path.join(src, 'deploy'), { recursive: true });
    await writeFile(path.join(src, 'deploy', 'blob.bin'), randomBytes(SIZE));
    await writeFile(path.join(src, 'deploy', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n');
    const kubeconfig = path.join(work, 'none');
    const url = `oci://${registry.host}/bench/big`;
    const pushed = await runFlux(['push', 'artifact', `${url}:v1`, '--path', src, '--source', 'https://example.com/r', '--revision', 'v1'], { kubeconfig });
    if (pushed.exitCode !== 0) throw new Error(`flux push artifact failed: ${pushed.stderr}`);

    // An anonymous registry: the reconciler reads no Secret, so no cluster is needed.
    const noCluster = { request: () => Promise.reject(new Error('no cluster in this bench')) } as unknown as KubeClient;
    const obj = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'big', namespace: 'bench', generation: 1 }, spec: { url, ref: { tag: 'v1' }, interval: '10m' } };
    const ctx = { signal: new AbortController().signal, now: () => new Date(), progress: async () => undefined, get: () => undefined, list: () => [] };
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const dir = path.join(work, `agent-${i}`);
      const sut = createOciRepositoryReconciler({ kube: noCluster, storage: new GitArtifactStorage(dir, 'OCIRepository') });
      let t = performance.now();
      const result = await sut.reconcile(obj, ctx);
      ours.push(performance.now() - t);
      if (result.failed) throw new Error(`the reconciler failed: ${JSON.stringify(result.status)}`);
      const out = path.join(work, `flux-${i}`);
      await mkdir(out);
      t = performance.now();
      const pulled = await runFlux(['pull', 'artifact', `${url}:v1`, '--output', out], { kubeconfig });
      theirs.push(performance.now() - t);
      if (pulled.exitCode !== 0) throw new Error(`flux pull artifact failed: ${pulled.stderr}`);
      await Promise.all([rm(dir, { recursive: true, force: true }), rm(out, { recursive: true, force: true })]);
    }
    const p50 = (xs: number[]) => percentile(xs, 50);
    log(`oci-pull: ${ROUNDS} rounds of a ${SIZE / 1024 / 1024} MiB artifact; load ${loadAverage()}`);
    log(`agent reconciler  p50 ${p50(ours).toFixed(0)} ms  min ${Math.min(...ours).toFixed(0)} ms  max ${Math.max(...ours).toFixed(0)} ms`);
    log(`flux pull artifact p50 ${p50(theirs).toFixed(0)} ms  min ${Math.min(...theirs).toFixed(0)} ms  max ${Math.max(...theirs).toFixed(0)} ms`);
    log(`ratio agent/flux (p50): ${(p50(ours) / p50(theirs)).toFixed(2)}×`);
  } finally {
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  }
});
