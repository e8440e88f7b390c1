import * as z from 'zod';
import { fluxDurationSchema } from '@flotilla/reconcile-core';
import { semverSelector } from '../ref/semver-adapter.js';

// GitRepository spec with Flux's field names and defaults (shared/reference/flux.md §1.1). Credentials are
// not inline: like Flux's `secretRef`, the spec names a secret that the hub stores encrypted (SecretBox)
// and hands to the reconciler through a resolver, so a spec can be logged or returned by GraphQL as-is.

export const defaultTimeout = '60s';
export const defaultBranch = 'master';

// git check-ref-format, the parts that matter for names a user types.
function refNameProblem(name: string): string | undefined {
  if (name.trim() !== name || /\s/.test(name)) return 'must not contain whitespace';
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || /[~^:?*[\\]/.test(name)) return 'must not contain control characters or any of ~ ^ : ? * [ \\';
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return "must not contain '..', '@{' or '//'";
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) {
    return "must not start with '-' or '/' nor end with '/', '.' or '.lock'";
  }
  if (name.split('/').some((c) => c.startsWith('.'))) return "no path component may start with '.'";
  return undefined;
}

const refName = z.string().min(1, 'must not be empty').superRefine((v, ctx) => {
  const problem = refNameProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const url = z
  .string()
  .min(1, 'is required')
  .max(2048)
  .superRefine((v, ctx) => {
    if (/^[A-Za-z0-9._-]+@[^/:]+:/.test(v) && !v.includes('://')) {
      ctx.addIssue({ code: 'custom', message: 'the scp-like form user@host:path is not supported (as in Flux); write ssh://user@host/path' });
      return;
    }
    if (!/^(http|https|ssh):\/\//.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'must start with http://, https:// or ssh://' });
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return;
    }
    if (!parsed.hostname) ctx.addIssue({ code: 'custom', message: 'has no host' });
    // Credentials belong in the secret, where they are encrypted; a URL is shown in the UI and in messages.
    if ((parsed.username || parsed.password) && parsed.protocol !== 'ssh:') {
      ctx.addIssue({ code: 'custom', message: 'must not embed credentials; use secretRef' });
    }
    if (parsed.search || parsed.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
  });

export const gitRepositoryRefSchema = z
  .object({
    branch: refName.optional(),
    tag: refName.optional(),
    semver: z
      .string()
      .superRefine((v, ctx) => {
        const problem = semverSelector.validateRange(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    name: refName
      .refine((v) => v.startsWith('refs/'), { message: 'must be a full reference starting with refs/ (e.g. refs/heads/main, refs/pull/1/head)' })
      .optional(),
    commit: z
      .string()
      .regex(/^[0-9a-f]{40}$/, 'must be a full 40-character lowercase SHA-1 commit id')
      .optional(),
  })
  .strict();

export const gitRepositorySpecSchema = z
  .object({
    url,
    secretRef: z.object({ name: z.string().min(1, 'must not be empty').max(253) }).strict().optional(),
    ref: gitRepositoryRefSchema.optional(),
    interval: fluxDurationSchema('interval', { positive: true, label: 'interval' }),
    timeout: fluxDurationSchema('sourceTimeout', { positive: true, label: 'timeout' }).default(defaultTimeout),
    ignore: z.string().max(64 * 1024).optional(),
    suspend: z.boolean().default(false),
  })
  .strict();

export type GitRepositorySpecInput = z.input<typeof gitRepositorySpecSchema>;
export type GitRepositorySpec = z.output<typeof gitRepositorySpecSchema>;
export type GitRepositoryRef = z.output<typeof gitRepositoryRefSchema>;

// The secret a GitRepository's secretRef names, with Flux's Secret keys: basic auth or a bearer token for
// http(s); for ssh, `identity` (the private key), `known_hosts` and, for an encrypted key, `password`.
export const httpCredentialsSchema = z.union([
  z.object({ username: z.string().min(1, 'must not be empty'), password: z.string().min(1, 'must not be empty') }).strict(),
  z.object({ bearerToken: z.string().min(1, 'must not be empty') }).strict(),
]);
export type HttpCredentials = z.output<typeof httpCredentialsSchema>;

export const sshCredentialsSchema = z
  .object({
    identity: z.string().min(1, 'must not be empty').max(64 * 1024),
    knownHosts: z.string().min(1, 'must not be empty').max(256 * 1024),
    password: z.string().min(1, 'must not be empty').optional(),
  })
  .strict();
export type SshCredentials = z.output<typeof sshCredentialsSchema>;

export const gitCredentialsSchema = z.union([httpCredentialsSchema, sshCredentialsSchema]);
export type GitCredentials = z.output<typeof gitCredentialsSchema>;

export const isSshCredentials = (c: GitCredentials): c is SshCredentials => 'identity' in c;

export interface FieldError {
  /** Dotted path from the spec root, e.g. `ref.semver`. */
  path: string;
  message: string;
}

export type SpecResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    // zod's own messages for wrong types are fine, but unknown keys should name the key.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.join(', ');
      return { path: issue.path.length ? `${path}` : keys, message: `unknown field ${keys}` };
    }
    return { path, message: issue.message };
  });
}

/** Validates user input at the edge; errors name the field path and never echo secret values. */
export function parseGitRepositorySpec(input: unknown): SpecResult<GitRepositorySpec> {
  const r = gitRepositorySpecSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: toFieldErrors(r.error) };
}

export function parseGitCredentials(input: unknown): SpecResult<GitCredentials> {
  const r = gitCredentialsSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  // A union's issues would echo nothing secret, but they are unreadable; say what is expected.
  return { ok: false, errors: [{ path: '(root)', message: 'expected {username, password} (basic auth), {bearerToken} or {identity, knownHosts, password?} (ssh)' }] };
}

/** What to fetch, after Flux's precedence: commit > name > semver > tag > branch; default branch `master`. */
export type EffectiveRef =
  | { kind: 'branch'; branch: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'semver'; range: string }
  | { kind: 'name'; name: string }
  | { kind: 'commit'; commit: string; branch?: string };

export function effectiveRef(ref: GitRepositoryRef | undefined): EffectiveRef {
  if (ref?.commit) return ref.branch ? { kind: 'commit', commit: ref.commit, branch: ref.branch } : { kind: 'commit', commit: ref.commit };
  if (ref?.name) return { kind: 'name', name: ref.name };
  if (ref?.semver) return { kind: 'semver', range: ref.semver };
  if (ref?.tag) return { kind: 'tag', tag: ref.tag };
  return { kind: 'branch', branch: ref?.branch ?? defaultBranch };
}

export function describeRef(ref: EffectiveRef): string {
  switch (ref.kind) {
    case 'branch':
      return `branch '${ref.branch}'`;
    case 'tag':
      return `tag '${ref.tag}'`;
    case 'semver':
      return `semver range '${ref.range}'`;
    case 'name':
      return `reference '${ref.name}'`;
    case 'commit':
      return ref.branch ? `commit '${ref.commit}' on branch '${ref.branch}'` : `commit '${ref.commit}'`;
  }
}
