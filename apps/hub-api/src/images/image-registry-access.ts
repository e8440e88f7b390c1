import { Inject, Injectable } from '@nestjs/common';
import { RegistrySession, resolveDigest, type RegistryAuth } from '@flotilla/oci-client';
import { parseImageName } from '@flotilla/reconcile-core';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { openImageCredentials, registryAuthOf } from './image-credentials.sealed.js';
import type { ImageRepositoryRow } from './image-repositories.repository.js';

/** How the hub reaches an ImageRepository's registry: its sealed credentials and the host policy. */
@Injectable()
export class ImageRegistryAccess {
  constructor(
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
  ) {}

  /** Opened only when a scan or a digest lookup needs them; a docker config is matched by registry host. */
  auth(row: Pick<ImageRepositoryRow, 'id' | 'credentialsSealed'>, registry: string): RegistryAuth | undefined {
    return row.credentialsSealed ? registryAuthOf(openImageCredentials(this.box, row.credentialsSealed, `imageRepository:${row.id}`), registry) : undefined;
  }

  /**
   * The hub's own network is protected as for git sources: IP literals are checked at once, names by the
   * addresses they resolve to.
   */
  checkHost(url: URL): Promise<void> {
    return this.policy.assertReachable(url);
  }

  /** The digest `image:tag` resolves to now (digest reflection). */
  async digest(row: ImageRepositoryRow, tag: string, timeoutMs: number): Promise<string> {
    const name = parseImageName(row.image);
    if (!name.ok) throw new Error(name.errors[0]!.message);
    const base = `${row.insecure ? 'http' : 'https'}://${name.value.registry}`;
    await this.checkHost(new URL(base));
    return resolveDigest(new RegistrySession(base, name.value.repository, this.auth(row, name.value.registry), { signal: AbortSignal.timeout(timeoutMs) }), tag);
  }
}
