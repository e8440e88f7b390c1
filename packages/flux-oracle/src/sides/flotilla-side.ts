import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { startInClusterFlux } from '@flotilla/spoke-agent/in-cluster-flux';
import { createJsonLogger } from '@flotilla/spoke-agent/logging';
import { makeTempDir, removeDir, startCluster } from '@flotilla/testenv';
import { clientsOf, type Side } from './side.js';

/** A cluster whose Flux objects Flotilla's agent reconciles (its in-cluster Flux API, no hub). */
export async function startFlotillaSide(): Promise<Side> {
  const [cluster, dir] = await Promise.all([startCluster({ name: 'oracle-flotilla', nodes: 1 }), makeTempDir('oracle-agent')]);
  const logPath = path.join(dir, 'agent.log');
  const stream = createWriteStream(logPath);
  try {
    const agent = await startInClusterFlux({ kubeConfig: cluster.kubeConfig, cacheDir: dir, logger: createJsonLogger({ stream, level: 'info' }) });
    return {
      name: 'flotilla',
      kubeConfig: cluster.kubeConfig,
      ...clientsOf(cluster.kubeConfig),
      logs: () => ({ ...cluster.logs(), agent: logPath }),
      async stop() {
        await agent.stop();
        stream.end();
        await cluster.stop();
        await removeDir(dir);
      },
    };
  } catch (err) {
    stream.end();
    await cluster.stop();
    await removeDir(dir);
    throw err;
  }
}
