import { writeFile } from 'node:fs/promises';
import { FLUX_CRDS_FILE, renderFluxCrds } from '../src/flux/crds-yaml.js';

await writeFile(FLUX_CRDS_FILE, renderFluxCrds());
process.stdout.write(`wrote ${FLUX_CRDS_FILE}\n`);
