import { InvalidArgumentError } from 'commander';
import { AgentManifestError } from '@flotilla/protocol/agent-manifests';
import type { HttpCredentials } from '@flotilla/git-source';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { cleanRepoPath, componentManifests } from './bootstrap-manifests.js';

export interface BootstrapGitFlags {
  url: string;
  branch: string;
  path?: string;
  interval: string;
  username: string;
  password?: string;
  tokenAuth: boolean;
  allowInsecureHttp: boolean;
  authorName: string;
  authorEmail: string;
  kubeconfig?: string;
  context?: string;
  clusterName: string;
  label?: Record<string, string>;
  agentImage: string;
  agentVersion: string;
  /** How long to wait for the agent and the sync pair, in milliseconds. */
  timeout: number;
}

/** `--label k=v`, repeatable: collected into one map (a key given twice keeps the last value, as kubectl does). */
export function labelArg(raw: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${raw}" is not key=value`);
  return { ...previous, [raw.slice(0, eq)]: raw.slice(eq + 1) };
}

export interface BootstrapSettings {
  url: string;
  branch: string;
  path: string;
  interval: string;
  credentials?: HttpCredentials;
  tokenAuth: boolean;
  author: { name: string; email: string };
  image: string;
  version: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Checks the flags together, before anything is contacted; every refusal is a usage error (exit 2). */
export function settingsOf(o: BootstrapGitFlags, env: NodeJS.ProcessEnv = process.env): BootstrapSettings {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new CliError(EXIT.usage, `--url: "${o.url}" is not a URL`);
  }
  if (url.protocol === 'ssh:') throw new CliError(EXIT.usage, '--url: SSH repositories are not supported by bootstrap yet; give the https:// URL with --username/--password');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(EXIT.usage, `--url: only http(s) repositories are supported (got ${url.protocol})`);
  if (url.username || url.password) throw new CliError(EXIT.usage, '--url: put no credentials in the URL; give --username/--password (or GIT_PASSWORD)');
  const password = o.password ?? (env.GIT_PASSWORD || undefined);
  // As flux's: credentials are not sent in clear text unless asked for.
  if (password && url.protocol === 'http:' && !o.allowInsecureHttp) throw new CliError(EXIT.usage, '--url: credentials over plain http need --allow-insecure-http');
  if (o.tokenAuth && !password) throw new CliError(EXIT.usage, '--token-auth needs --password (or GIT_PASSWORD): the cluster reads the repository with them');
  if (!o.branch || /\s|\.\.|^-|^\/|\/$/.test(o.branch)) throw new CliError(EXIT.usage, `--branch: "${o.branch}" is not a branch name`);
  if (!TAG.test(o.agentVersion)) throw new CliError(EXIT.usage, `--agent-version: "${o.agentVersion}" is not an image tag`);
  const lastSegment = o.agentImage.split('/').at(-1) ?? '';
  if (lastSegment.includes(':') || lastSegment.includes('@')) throw new CliError(EXIT.usage, `--agent-image: give the repository without a tag or digest (the tag is --agent-version), got "${o.agentImage}"`);
  const image = `${o.agentImage}:${o.agentVersion}`;
  try {
    componentManifests('https://hub.invalid', image);
  } catch (err) {
    if (err instanceof AgentManifestError) throw new CliError(EXIT.usage, `--agent-image: ${err.message}`);
    throw err;
  }
  return {
    url: url.href.replace(/\/$/, ''),
    branch: o.branch,
    path: cleanRepoPath(o.path ?? ''),
    interval: o.interval,
    ...(password ? { credentials: { username: o.username, password } } : {}),
    tokenAuth: o.tokenAuth,
    author: { name: o.authorName, email: o.authorEmail },
    image,
    version: o.agentVersion,
  };
}
