import { readAgeIdentities, readSubstituteSources } from '../build/cluster-inputs.js';
import { renderManifests } from '../build/render-manifests.js';
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
    const rendered = await renderManifests(ctx.builder, ctx.files, ctx.spec, ctx.ref, {
      identities: identities.value,
      substituteFrom: () => readSubstituteSources(ctx.agent.client, ctx.ref, ctx.spec),
    });
    // The unpacked repository is not needed past the build; dropped here, it is not kept through the apply and
    // a health wait that may last until the timeout.
    ctx.files = undefined;
    if (!rendered.ok) return rendered;
    ctx.objects = rendered.objects;
    return { ok: true };
  },
};
