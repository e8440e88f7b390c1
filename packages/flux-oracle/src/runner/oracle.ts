import { startGitServer } from '@flotilla/testenv';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import { startFlotillaSide } from '../sides/flotilla-side.js';
import { startFluxSide } from '../sides/flux-side.js';
import { runScenario, type Env, type ScenarioResult } from './run-scenario.js';

export interface Oracle {
  env: Env;
  run(s: LoadedScenario): Promise<ScenarioResult>;
  stop(): Promise<void>;
}

/** Two clusters — one reconciled by Flux's controllers, one by Flotilla's agent — and one git server both read. */
export async function startOracle(): Promise<Oracle> {
  const [flux, flotilla, git] = await Promise.allSettled([startFluxSide(), startFlotillaSide(), startGitServer()]);
  const started = [flux, flotilla, git].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (flux.status === 'rejected' || flotilla.status === 'rejected' || git.status === 'rejected') {
    await Promise.all(started.map((p) => p.stop()));
    const failed = [flux, flotilla, git].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    throw failed.reason;
  }
  const env: Env = { flux: flux.value, flotilla: flotilla.value, git: git.value };
  return {
    env,
    run: (s) => runScenario(env, s),
    async stop() {
      await Promise.all([env.flux.stop(), env.flotilla.stop(), env.git.stop()]);
    },
  };
}
