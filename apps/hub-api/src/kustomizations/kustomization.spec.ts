import { z } from 'zod';
import { FLUX_KINDS, fluxDurationSchema } from '@flotilla/reconcile-core';

// A Kustomization spec with Flux's field names and defaults (shared/reference/flux.md §1.6), validated at the
// edge. Stored as JSON with defaults filled in; the agent maps it to its own KustomizationSpec.
// Not yet supported fields (kubeConfig, healthCheckExprs, deletionPolicy, ignore, buildMetadata…) are
// rejected by name rather than silently ignored.

const duration = fluxDurationSchema('interval', { positive: true });

const dnsSubdomain = z
  .string()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');
const dnsLabel = z
  .string()
  .min(1, 'must not be empty')
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits and "-")');
const stringMap = z.record(z.string(), z.string());

const path = z
  .string()
  .max(4096)
  .superRefine((v, ctx) => {
    // Flux joins the path under the artifact root; a path that climbs out of it can never build.
    let depth = 0;
    for (const part of v.split('/')) {
      if (part === '..') depth--;
      else if (part !== '' && part !== '.') depth++;
      if (depth < 0) {
        ctx.addIssue({ code: 'custom', message: 'must stay inside the source artifact (no leading "..")' });
        return;
      }
    }
  });

const varName = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export const kustomizationSpecSchema = z
  .object({
    sourceRef: z
      .object({
        kind: z.literal(FLUX_KINDS.GitRepository.kind, { error: `only ${FLUX_KINDS.GitRepository.kind} sources are supported so far` }),
        name: dnsSubdomain,
        namespace: dnsLabel.optional(),
      })
      .strict(),
    path: path.default('./'),
    interval: duration,
    retryInterval: duration.optional(),
    timeout: duration.optional(),
    prune: z.boolean({ error: 'is required: true or false (Flux has no default)' }),
    wait: z.boolean().default(false),
    force: z.boolean().default(false),
    suspend: z.boolean().default(false),
    healthChecks: z
      .array(z.object({ apiVersion: z.string().min(1), kind: z.string().min(1), name: dnsSubdomain, namespace: dnsLabel.optional() }).strict())
      .max(500)
      .default([]),
    dependsOn: z.array(z.object({ name: dnsSubdomain, namespace: dnsLabel.optional() }).strict()).max(100).default([]),
    targetNamespace: dnsLabel.optional(),
    namePrefix: z.string().max(200).optional(),
    nameSuffix: z.string().max(200).optional(),
    commonMetadata: z.object({ labels: stringMap.optional(), annotations: stringMap.optional() }).strict().optional(),
    patches: z
      .array(
        z
          .object({
            patch: z.string().min(1, 'must not be empty'),
            target: z
              .object({
                group: z.string().optional(),
                version: z.string().optional(),
                kind: z.string().optional(),
                name: z.string().optional(),
                namespace: z.string().optional(),
                labelSelector: z.string().optional(),
                annotationSelector: z.string().optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(500)
      .optional(),
    images: z
      .array(z.object({ name: z.string().min(1), newName: z.string().optional(), newTag: z.string().optional(), digest: z.string().optional() }).strict())
      .max(500)
      .optional(),
    components: z.array(z.string().min(1)).max(100).optional(),
    postBuild: z
      .object({
        substitute: z
          .record(z.string().regex(varName, 'variable names are letters, digits and _, not starting with a digit'), z.string())
          .optional(),
        substituteFrom: z
          .array(z.object({ kind: z.enum(['ConfigMap', 'Secret']), name: dnsSubdomain, optional: z.boolean().default(false) }).strict())
          .max(100)
          .optional(),
        substituteStrategy: z.enum(['WithVariables', 'Always']).optional(),
      })
      .strict()
      .optional(),
    decryption: z
      .object({
        provider: z.literal('sops', { error: 'only the sops provider exists' }),
        secretRef: z.object({ name: dnsSubdomain }).strict().optional(),
      })
      .strict()
      .optional(),
    serviceAccountName: dnsSubdomain.optional(),
  })
  .strict();

export type KustomizationSpecInput = z.input<typeof kustomizationSpecSchema>;
export type KustomizationSpec = z.output<typeof kustomizationSpecSchema>;

export type KustomizationSpecResult = { ok: true; value: KustomizationSpec } | { ok: false; path: string; message: string };

/** Validates a spec; the first error names its path from the spec root (`interval`, `sourceRef.name`, `patches.0.patch`). */
export function parseKustomizationSpec(input: unknown): KustomizationSpecResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, path: '', message: 'must be an object' };
  const r = kustomizationSpecSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const segments = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { ok: false, path: [...segments, key].join('.'), message: `unknown field "${key}"` };
  }
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  return { ok: false, path: segments.join('.'), message: missing ? (issue.message.startsWith('is required') ? issue.message : 'is required') : issue.message };
}
