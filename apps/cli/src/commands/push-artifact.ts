import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { parseArtifactArgs, parseCreds, parseOciReference, printError } from './oci-reference.js';

const usage = 'flotilla push artifact oci://HOST/REPO:TAG --path DIR --source URL --revision REV [--creds user:pass] [--insecure]';

// What `flux push artifact` writes: Flux's config and content media types, a gzipped tarball of the
// directory as the one layer, and the OCI annotations Flux's source-controller reads back into
// `status.artifact.metadata` (source, revision, created).
export const pushArtifactCommand: CliCommand = {
  name: 'push',
  usage,
  async run(args, io) {
    const parsed = parseArtifactArgs(args, { path: { type: 'string' }, source: { type: 'string' }, revision: { type: 'string' } }, ['path', 'source', 'revision'], usage, io);
    if (!parsed) return 2;
    const { url, values } = parsed;
    const ref = parseOciReference(url, { requireTag: true });
    if (typeof ref === 'string') return printError(io, ref);
    const auth = parseCreds(values.creds as string | undefined);
    if (typeof auth === 'string') return printError(io, auth);
    const dir = path.resolve(String(values.path));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return printError(io, `${String(values.path)} is not a directory`);

    const [oci, { archiveDirectory }] = await Promise.all([import('@flotilla/oci-client'), import('./dir-archive.js')]);
    const chunks: Buffer[] = [];
    for await (const chunk of await archiveDirectory(dir)) chunks.push(chunk as Buffer);
    try {
      const { digest } = await oci.pushArtifact({
        registry: ref.registry,
        repository: ref.repository,
        tag: ref.reference,
        config: { mediaType: oci.fluxConfigMediaType, data: '{}' },
        layers: [{ mediaType: oci.fluxContentMediaType, data: Buffer.concat(chunks) }],
        annotations: {
          'org.opencontainers.image.created': new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          'org.opencontainers.image.revision': String(values.revision),
          'org.opencontainers.image.source': String(values.source),
        },
        ...(auth ? { auth } : {}),
        ...(values.insecure ? { options: { insecure: true } } : {}),
      });
      io.stdout.write(`pushed ${ref.registry}/${ref.repository}:${ref.reference}@${digest}\n`);
      return 0;
    } catch (err) {
      return printError(io, (err as Error).message);
    }
  },
};
