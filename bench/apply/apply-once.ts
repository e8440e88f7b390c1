// Child process for the benchmark: applies a build with the agent's engine and reports the apply's wall
// time and the process's peak RSS, so both tools are measured as separate processes.
import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { ResourceManager } from '@flotilla/spoke-agent/k8s';

const [kubeconfig, buildFile, concurrency] = process.argv.slice(2);
if (kubeconfig === '--baseline') {
  // The same process with the same modules loaded, applying nothing: the RSS floor of Node + tsx + client-node.
  process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
  process.exit(0);
}
if (!kubeconfig || !buildFile) throw new Error('usage: apply-once <kubeconfig> <build.json> [concurrency]');
const objects = JSON.parse(await readFile(buildFile, 'utf8')) as Record<string, unknown>[];
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const started = performance.now();
const rm = await ResourceManager.fromKubeConfig(kc);
const result = await rm.apply(objects, { concurrency: Number(concurrency ?? 4) });
const ms = performance.now() - started;
rm.close();
const counts: Record<string, number> = {};
for (const c of result.changeSet) counts[c.action] = (counts[c.action] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ ms, counts, errors: result.errors.slice(0, 3).map((e) => e.message), maxRssKb: process.resourceUsage().maxRSS })}\n`);
