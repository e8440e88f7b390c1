import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { parseArtifactArgs, parseCreds, parseOciReference, printError } from './oci-reference.js';

const usage = 'flotilla pull artifact oci://HOST/REPO:TAG|@DIGEST --output DIR [--creds user:pass] [--insecure]';

// Reads what `flux push artifact` (or ours) pushed: the Flux content layer (else the first layer), every
// digest checked, untarred into DIR with the agent's rules (regular files only, no path leaving DIR).
export const pullArtifactCommand: CliCommand = {
  name: 'pull',
  usage,
  async run(args, io) {
    const parsed = parseArtifactArgs(args, { output: { type: 'string', short: 'o' } }, ['output'], usage, io);
    if (!parsed) return 2;
    const { url, values } = parsed;
    const ref = parseOciReference(url, { requireTag: false });
    if (typeof ref === 'string') return printError(io, ref);
    const auth = parseCreds(values.creds as string | undefined);
    if (typeof auth === 'string') return printError(io, auth);
    const output = String(values.output);
    const [oci, { openArtifact }] = await Promise.all([import('@flotilla/oci-client'), import('@flotilla/git-source')]);
    try {
      const session = new oci.RegistrySession(ref.registry, ref.repository, auth, values.insecure ? { insecure: true } : {});
      const { digest, manifest } = await oci.fetchManifest(session, ref.reference);
      const descriptor = manifest.layers.find((l) => l.mediaType === oci.fluxContentMediaType) ?? manifest.layers[0];
      if (!descriptor) return printError(io, 'no layers found in artifact');
      const layer = await oci.fetchBlob(session, descriptor);
      const opened = openArtifact({ kind: 'tarball', revision: digest, digest: layer.digest, bytes: layer.data });
      if (!opened.ok) return printError(io, opened.message);
      const out = path.resolve(output);
      for (const [rel, data] of opened.files) {
        const file = path.join(out, ...rel.split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data);
      }
      const source = manifest.annotations?.['org.opencontainers.image.source'];
      const revision = manifest.annotations?.['org.opencontainers.image.revision'];
      const origin = source ? ` (source ${source}${revision ? `, revision ${revision}` : ''})` : '';
      io.stdout.write(`pulled ${ref.registry}/${ref.repository}@${digest}${origin}: ${opened.files.size} files in ${output}\n`);
      return 0;
    } catch (err) {
      return printError(io, (err as Error).message);
    }
  },
};
