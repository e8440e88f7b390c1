import os from 'node:os';
import path from 'node:path';
import { isLogLevel } from '../logging/logger.js';
import type { AgentConfig, StateKind } from './agent-config.js';

export const AGENT_USAGE = `usage: pnpm --silent flotilla agent --hub URL [--token TOKEN] [options]

Connects this cluster to a Flotilla hub. The registration token is traded once for the cluster's own
credential, which is stored and reused on restart (the token is single-use).

  --hub URL            hub base URL (env FLOTILLA_HUB_URL)
  --token TOKEN        registration token (env FLOTILLA_REGISTRATION_TOKEN); not needed once a credential is stored
  --kubeconfig FILE    kubeconfig of the cluster (default: in-cluster ServiceAccount, else $KUBECONFIG or ~/.kube/config)
  --state file|secret  where to keep the credential (default: secret in a cluster, file elsewhere)
  --state-file PATH    credential file (default ~/.flotilla/agent-<hub host>.json, mode 0600)
  --namespace NS       namespace of the credential Secret (default: the pod's namespace, else flotilla-system)
  --cache-dir DIR      artifacts and the report outbox (default /var/cache/flotilla in a cluster,
                       else ~/.flotilla/agent-cache/<hub host>); the assignment itself is kept in the
                       ConfigMap flotilla-agent-assignment (--state secret) or beside --state-file
  --concurrency N      Flux objects reconciled at once, hub placements included (default 4)
  --helm PATH          the helm v4 binary HelmCharts and HelmReleases run (env FLOTILLA_HELM; default: helm on PATH)
  --outbox-max-events N  events kept for the hub while it is unreachable (default 5000; the oldest are
                       dropped first, and the hub is told how many)
  --log-level LEVEL    debug | info | warn | error (default info)
  --help               show this help

Exit codes: 0 stopped by SIGINT/SIGTERM, 2 registration failed, 3 credential refused or revoked,
4 no common protocol version, 5 replaced by a newer agent with the same credential, 64 bad flags.
`;

export type ArgsResult = { kind: 'config'; config: AgentConfig } | { kind: 'help' } | { kind: 'error'; message: string };

const VALUE_FLAGS = ['hub', 'token', 'kubeconfig', 'state', 'state-file', 'namespace', 'log-level', 'cache-dir', 'concurrency', 'outbox-max-events', 'helm'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
// Two at least: one event and the note saying how many were dropped before it.
const MIN_OUTBOX_EVENTS = 2;
const MAX_OUTBOX_EVENTS = 1_000_000;
// RFC 1123 label: what Kubernetes accepts as a namespace name.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

/** Expands a leading `~/`, for values the shell did not expand (e.g. `--kubeconfig=~/.kube/config`). */
export function expandHome(p: string, home: string = os.homedir()): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

export function validateHubUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `--hub "${raw}" is not a URL; expected e.g. https://flotilla.example.com` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `--hub must be an http(s) URL, got ${url.protocol}` };
  if (url.username || url.password) return { ok: false, message: '--hub must not contain a user name or password' };
  if (url.search || url.hash) return { ok: false, message: '--hub must not have a query or fragment' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** Parses `flotilla agent` flags (`--flag value` or `--flag=value`); environment variables fill what flags leave out. */
export function parseAgentArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ArgsResult {
  const values: Partial<Record<ValueFlag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected argument "${arg}"` };
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!isValueFlag(name)) return { kind: 'error', message: `unknown flag --${name}` };
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { kind: 'error', message: `--${name} needs a value` };
      i++;
    }
    if (value === '') return { kind: 'error', message: `--${name} needs a value` };
    if (values[name] !== undefined) return { kind: 'error', message: `--${name} given twice` };
    values[name] = value;
  }

  const hubRaw = values.hub ?? env.FLOTILLA_HUB_URL;
  if (!hubRaw) return { kind: 'error', message: '--hub is required (the hub URL, e.g. https://flotilla.example.com)' };
  const hub = validateHubUrl(hubRaw);
  if (!hub.ok) return { kind: 'error', message: hub.message };

  const logLevel = values['log-level'] ?? env.FLOTILLA_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) return { kind: 'error', message: `--log-level must be debug, info, warn or error, got "${logLevel}"` };

  const state = values.state;
  if (state !== undefined && state !== 'file' && state !== 'secret') return { kind: 'error', message: `--state must be file or secret, got "${state}"` };
  if (state === 'secret' && values['state-file']) return { kind: 'error', message: '--state-file only applies to --state file' };

  const namespace = values.namespace;
  if (namespace !== undefined && !NAMESPACE.test(namespace)) return { kind: 'error', message: `--namespace "${namespace}" is not a valid namespace name` };

  const token = values.token ?? env.FLOTILLA_REGISTRATION_TOKEN;
  if (token !== undefined && (token.length > 512 || /\s/.test(token))) return { kind: 'error', message: '--token is malformed (whitespace or too long); paste it exactly as the hub showed it' };

  const concurrencyRaw = values.concurrency ?? env.FLOTILLA_CONCURRENCY;
  let concurrency: number | undefined;
  if (concurrencyRaw !== undefined) {
    concurrency = Number(concurrencyRaw);
    if (!/^\d+$/.test(concurrencyRaw) || concurrency < 1 || concurrency > 64) return { kind: 'error', message: `--concurrency must be a whole number from 1 to 64, got "${concurrencyRaw}"` };
  }

  const maxEventsRaw = values['outbox-max-events'] ?? env.FLOTILLA_OUTBOX_MAX_EVENTS;
  let outboxMaxEvents: number | undefined;
  if (maxEventsRaw !== undefined) {
    outboxMaxEvents = Number(maxEventsRaw);
    if (!/^\d+$/.test(maxEventsRaw) || outboxMaxEvents < MIN_OUTBOX_EVENTS || outboxMaxEvents > MAX_OUTBOX_EVENTS)
      return { kind: 'error', message: `--outbox-max-events must be a whole number from ${MIN_OUTBOX_EVENTS} to ${MAX_OUTBOX_EVENTS}, got "${maxEventsRaw}"` };
  }

  const config: AgentConfig = { hubUrl: hub.url, logLevel };
  if (concurrency !== undefined) config.concurrency = concurrency;
  if (outboxMaxEvents !== undefined) config.outboxMaxEvents = outboxMaxEvents;
  const cacheDir = values['cache-dir'] ?? env.FLOTILLA_CACHE_DIR;
  if (cacheDir) config.cacheDir = path.resolve(expandHome(cacheDir));
  const helm = values.helm ?? env.FLOTILLA_HELM;
  // A bare name is looked up on PATH when run; a path is made absolute here.
  if (helm) config.helmBinary = helm.includes('/') ? path.resolve(expandHome(helm)) : helm;
  if (token) config.token = token;
  if (values.kubeconfig) config.kubeconfig = path.resolve(expandHome(values.kubeconfig));
  if (values['state-file']) {
    config.stateFile = path.resolve(expandHome(values['state-file']));
    config.state = 'file';
  } else if (state) config.state = state as StateKind;
  if (namespace) config.namespace = namespace;
  return { kind: 'config', config };
}
