import { openArtifact } from '../artifact/open-artifact.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

export const fetchPhase: Phase<PipelineContext> = {
  name: 'fetch',
  reason: 'ArtifactFailed',
  progress: (ctx) => `Fetching artifact for revision ${ctx.artifact.revision}`,
  async run(ctx) {
    const opened = openArtifact(ctx.artifact);
    if (!opened.ok) return { ok: false, message: opened.message };
    ctx.files = opened.files;
    return { ok: true };
  },
};
