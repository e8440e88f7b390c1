import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { CliError, EXIT } from './exit-codes.js';

export interface HubLogin {
  hub: string;
  token: string;
}

/** `$XDG_CONFIG_HOME/flotilla/config.json`, else `~/.config/flotilla/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? homedir(), '.config');
  return path.join(base, 'flotilla', 'config.json');
}

export const LOGIN_HELP = 'run "flotilla login --hub <url>" with an API token (create one on the hub’s Account page), or set FLOTILLA_HUB and FLOTILLA_TOKEN';

/** Checks a hub URL at the edge: http(s) only, no path, query or credentials; returns it without a trailing slash. */
export function normalizeHubUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(EXIT.usage, `--hub: "${raw}" is not a URL (expected http(s)://host[:port])`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(EXIT.usage, `--hub: only http and https URLs are accepted (got ${url.protocol})`);
  if (url.username || url.password) throw new CliError(EXIT.usage, '--hub: put no credentials in the URL; give the token with --token or on stdin');
  if (url.search || url.hash) throw new CliError(EXIT.usage, '--hub: the URL takes no query or fragment');
  return url.href.replace(/\/+$/, '');
}

async function readStored(file: string): Promise<Partial<HubLogin>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(EXIT.usage, `${file} is not JSON; remove it and log in again`);
  }
  const o = (parsed ?? {}) as Record<string, unknown>;
  return { hub: typeof o.hub === 'string' ? o.hub : undefined, token: typeof o.token === 'string' ? o.token : undefined };
}

/**
 * The hub and token a command uses: FLOTILLA_HUB and FLOTILLA_TOKEN override the stored login one by one.
 * Without both, the command stops before sending anything and says how to log in.
 */
export async function resolveLogin(env: NodeJS.ProcessEnv = process.env): Promise<HubLogin> {
  const stored = await readStored(configPath(env));
  const hub = env.FLOTILLA_HUB || stored.hub;
  const token = env.FLOTILLA_TOKEN || stored.token;
  if (!hub || !token) throw new CliError(EXIT.usage, `not logged in to a hub: ${LOGIN_HELP}`);
  return { hub: normalizeHubUrl(hub), token };
}

/** Writes the login readable by its owner only: the directory 0700, the file 0600 (also when they existed). */
export async function storeLogin(login: HubLogin, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = configPath(env);
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFile(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Removes the stored login; true when there was one. */
export async function removeLogin(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = configPath(env);
  const existed = (await readStored(file)).token !== undefined;
  await rm(file, { force: true });
  return existed;
}
