import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';

const usage = 'flotilla push artifact oci://HOST/REPO:TAG --path DIR --source URL --revision REV [--creds user:pass] [--insecure]';

// What `flux push artifact` writes: Flux's config and content media types, a gzipped tarball of the
// directory as the one layer, and the OCI annotations Flux's source-controller reads back into
// `status.artifact.metadata` (source, revision, created).
export const pushArtifactCommand: CliCommand = {
  name: 'push',
  summary: 'push a directory as a Flux OCI artifact (like `flux push artifact`)',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { path: { type: 'string' }, source: { type: 'string' }, revision: { type: 'string' }, creds: { type: 'string' }, insecure: { type: 'boolean' } } });
    } catch (err) {
      io.stderr.write(`Error: ${(err as Error).message}\nusage: ${usage}\n`);
      return 2;
    }
    const [what, url, ...extra] = parsed.positionals;
    const { values } = parsed;
    if (what !== 'artifact' || !url || extra.length > 0 || !values.path || !values.source || !values.revision) {
      io.stderr.write(`usage: ${usage}\n`);
      return 2;
    }
    const [{ parseCreds, parseOciReference }, oci] = await Promise.all([import('./oci-reference.js'), import('@flotilla/oci-client')]);
    const ref = parseOciReference(url, { requireTag: true });
    if (typeof ref === 'string') return fail(io, ref);
    const auth = parseCreds(values.creds);
    if (typeof auth === 'string') return fail(io, auth);
    const dir = path.resolve(values.path);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return fail(io, `${values.path} is not a directory`);

    const { archiveDirectory } = await import('./dir-archive.js');
    const chunks: Buffer[] = [];
    for await (const chunk of await archiveDirectory(dir)) chunks.push(chunk as Buffer);
    const layer = Buffer.concat(chunks);
    try {
      const { digest } = await oci.pushArtifact({
        registry: ref.registry,
        repository: ref.repository,
        tag: ref.reference,
        config: { mediaType: oci.fluxConfigMediaType, data: '{}' },
        layers: [{ mediaType: oci.fluxContentMediaType, data: layer }],
        annotations: {
          'org.opencontainers.image.created': new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          'org.opencontainers.image.revision': values.revision,
          'org.opencontainers.image.source': values.source,
        },
        ...(auth ? { auth } : {}),
        ...(values.insecure ? { options: { insecure: true } } : {}),
      });
      io.stdout.write(`pushed ${ref.registry}/${ref.repository}:${ref.reference}@${digest}\n`);
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
