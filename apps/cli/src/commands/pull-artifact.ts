import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';

const usage = 'flotilla pull artifact oci://HOST/REPO:TAG|@DIGEST --output DIR [--creds user:pass] [--insecure]';

// Reads what `flux push artifact` (or ours) pushed: the Flux content layer (else the first layer), every
// digest checked, untarred into DIR with the agent's rules (regular files only, no path leaving DIR).
export const pullArtifactCommand: CliCommand = {
  name: 'pull',
  summary: 'pull a Flux OCI artifact into a directory (like `flux pull artifact`)',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, creds: { type: 'string' }, insecure: { type: 'boolean' } } });
    } catch (err) {
      io.stderr.write(`Error: ${(err as Error).message}\nusage: ${usage}\n`);
      return 2;
    }
    const [what, url, ...extra] = parsed.positionals;
    const { values } = parsed;
    if (what !== 'artifact' || !url || extra.length > 0 || !values.output) {
      io.stderr.write(`usage: ${usage}\n`);
      return 2;
    }
    const [{ parseCreds, parseOciReference }, oci, { openArtifact }] = await Promise.all([import('./oci-reference.js'), import('@flotilla/oci-client'), import('@flotilla/spoke-agent/artifact')]);
    const ref = parseOciReference(url, { requireTag: false });
    if (typeof ref === 'string') return fail(io, ref);
    const auth = parseCreds(values.creds);
    if (typeof auth === 'string') return fail(io, auth);
    try {
      const session = new oci.RegistrySession(ref.registry, ref.repository, auth, values.insecure ? { insecure: true } : {});
      const { digest, manifest } = await oci.fetchManifest(session, ref.reference);
      const descriptor = manifest.layers.find((l) => l.mediaType === oci.fluxContentMediaType) ?? manifest.layers[0];
      if (!descriptor) return fail(io, 'no layers found in artifact');
      const layer = await oci.fetchBlob(session, descriptor);
      const opened = openArtifact({ kind: 'tarball', revision: digest, digest: layer.digest, bytes: layer.data });
      if (!opened.ok) return fail(io, opened.message);
      const out = path.resolve(values.output);
      for (const [rel, data] of opened.files) {
        const file = path.join(out, ...rel.split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data);
      }
      const source = manifest.annotations?.['org.opencontainers.image.source'];
      const revision = manifest.annotations?.['org.opencontainers.image.revision'];
      io.stdout.write(`pulled ${ref.registry}/${ref.repository}@${digest}${source ? ` (source ${source}` : ''}${source && revision ? `, revision ${revision})` : source ? ')' : ''}: ${opened.files.size} files in ${values.output}\n`);
      return 0;
    } catch (err) {
      return fail(io, (err as Error).message);
    }
  },
};

function fail(io: { stderr: NodeJS.WritableStream }, message: string): number {
  io.stderr.write(`Error: ${message}\n`);
  return 1;
}
