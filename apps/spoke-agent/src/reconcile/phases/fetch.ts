import { hasBuildPath } from '@flotilla/reconcile-core';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';
import { openArtifactShared } from './shared-artifact-trees.js';

export const fetchPhase: Phase<PipelineContext> = {
  name: 'fetch',
  reason: 'ArtifactFailed',
  progress: (ctx) => `Fetching artifact for revision ${ctx.artifact.revision}`,
  async run(ctx) {
    const opened = openArtifactShared(ctx.artifact);
    if (!opened.ok) return { ok: false, message: opened.message };
    // Checked before the build, as kustomize-controller does: the overlay fields would otherwise generate a
    // kustomization in the missing directory and apply nothing.
    if (!hasBuildPath(opened.files, ctx.spec.path)) return { ok: false, message: `kustomization path not found: stat ${ctx.spec.path}: no such file or directory` };
    ctx.files = opened.files;
    ctx.fetched = true;
    return { ok: true };
  },
};
