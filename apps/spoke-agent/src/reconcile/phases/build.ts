import { decryptObjects, formatCoreError, resolveSubstituteVars, substituteObjects, withOwnerLabels } from '@flotilla/reconcile-core';
import { readAgeIdentities, readSubstituteSources } from '../build/cluster-inputs.js';
import { decryptTree } from '../build/decrypt-tree.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

/** SOPS decryption → kustomize build → postBuild substitution → owner labels, all in memory. */
export const buildPhase: Phase<PipelineContext> = {
  name: 'build',
  reason: 'BuildFailed',
  progress: (ctx) => `Building manifests for revision ${ctx.artifact.revision}`,
  async run(ctx) {
    if (!ctx.files) return { ok: false, message: 'no artifact files' };
    const identities = await readAgeIdentities(ctx.agent.client, ctx.ref, ctx.spec);
    if (!identities.ok) return { ok: false, message: identities.message };
    const plainFiles = await decryptTree(ctx.files, identities.value);
    if (!plainFiles.ok) return { ok: false, message: plainFiles.message };
    const built = await ctx.builder.build(plainFiles.files, ctx.spec);
    if (!built.ok) return { ok: false, message: built.errors.map((e) => e.message).join('\n') };

    const decrypted = await decryptObjects(built.objects, identities.value);
    if (!decrypted.ok) return { ok: false, message: decrypted.errors.map(formatCoreError).join('\n') };

    let objects = decrypted.value;
    const post = ctx.spec.postBuild;
    if (post) {
      const sources = await readSubstituteSources(ctx.agent.client, ctx.ref, ctx.spec);
      if (!sources.ok) return { ok: false, message: sources.message };
      const vars = resolveSubstituteVars({ substitute: post.substitute, substituteFrom: sources.value });
      if (!vars.ok) return { ok: false, message: vars.errors.map(formatCoreError).join('\n') };
      const substituted = substituteObjects(objects, vars.value, { always: post.substituteStrategy === 'Always' });
      if (!substituted.ok) return { ok: false, message: substituted.errors.map(formatCoreError).join('\n') };
      objects = substituted.value;
    }
    ctx.objects = objects.map((o) => withOwnerLabels(o, ctx.ref));
    return { ok: true };
  },
};
