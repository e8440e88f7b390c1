import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { fluxCustomResourceDefinitions } from './crds.js';

/** Where the generated CRDs are committed, for `kubectl apply -f` and for review of every schema change. */
export const FLUX_CRDS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../deploy/crds/flux.yaml',
);

export function renderFluxCrds(): string {
  const header = [
    '# Flux CustomResourceDefinitions as a Flotilla cluster serves them. The Flotilla agent installs these',
    '# itself at start; applying them by hand is only needed without an agent.',
    '# Generated from packages/protocol/src/flux by `pnpm --filter @flotilla/protocol generate:crds`; do not edit.',
  ].join('\n');
  const docs = fluxCustomResourceDefinitions().map((crd) =>
    stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return `${header}\n---\n${docs.join('---\n')}`;
}
