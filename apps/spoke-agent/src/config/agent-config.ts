import type { LogLevel } from '../logging/logger.js';

export type StateKind = 'file' | 'secret';

/** Everything `flotilla agent` was told, validated. */
export interface AgentConfig {
  /** Hub base URL without a trailing slash, e.g. `https://flotilla.example.com` or `http://127.0.0.1:8080/prefix`. */
  hubUrl: string;
  /** Registration token; only needed until a credential is stored. */
  token?: string;
  kubeconfig?: string;
  /** Where the credential lives; undefined = `secret` in a cluster, otherwise `file`. */
  state?: StateKind;
  stateFile?: string;
  namespace?: string;
  logLevel: LogLevel;
  /** Artifacts and the outbox; undefined = /var/cache/flotilla in a cluster, else ~/.flotilla/agent-cache/<hub host>. */
  cacheDir?: string;
  /** Flux objects reconciled at once, hub placements included (default 4). */
  concurrency?: number;
  /** Events the outbox keeps while the hub is unreachable (default 5000). */
  outboxMaxEvents?: number;
  /** The helm binary for HelmCharts and HelmReleases; undefined = `helm` on PATH. */
  helmBinary?: string;
}
