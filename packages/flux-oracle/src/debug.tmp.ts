import { startGitServer } from '@flotilla/testenv';
import { loadScenarios } from './scenario/load-scenarios.js';
import { startFluxSide } from './sides/flux-side.js';
import { applyFile } from './runner/cluster-actions.js';
import { readTree } from './scenario/load-scenarios.js';
import path from 'node:path';

const [a, git] = await Promise.all([startFluxSide(), startGitServer()]);
try {
  const [s] = await loadScenarios(undefined, [process.argv[2] ?? 'apply-basic']);
  const repo = await git.createRepo(s!.name);
  await git.pushFiles(repo, await readTree(path.join(s!.dir, 'commits', '1')), { replaceAll: true });
  await a.core.createNamespace({ body: { metadata: { name: s!.name } } });
  await applyFile(a, s!.dir, 'flux.yaml', s!.name, { GIT_URL: repo, NAMESPACE: s!.name });
  await new Promise((r) => setTimeout(r, 15000));
  for (const k of ['GitRepository', 'Kustomization']) {
    const l = await a.objects.list(k === 'GitRepository' ? 'source.toolkit.fluxcd.io/v1' : 'kustomize.toolkit.fluxcd.io/v1', k, s!.name);
    console.log(JSON.stringify(l.items.map((o) => (o as { status?: unknown }).status), null, 1));
  }
  console.log(a.logs()['source-controller']?.slice(-3000));
} finally {
  await a.stop();
  await git.stop();
}
