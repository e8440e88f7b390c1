import { authFromDockerConfig, DockerConfigError } from '@flotilla/oci-client';
import { imageRepositorySpec, type ImageRepositorySpec } from '@flotilla/protocol/flux';
import { goRegExp, parseImageName, type ImageName } from '@flotilla/reconcile-core';
import { badInput } from '../common/domain-error.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import type { ImageRegistryCredentialsInput, ImageRepositoryInput } from './dto/image-repository.inputs.js';
import type { ImageCredentials } from './image-credentials.sealed.js';

export const defaultScanInterval = '1m';

export interface ValidImageRepositoryInput {
  namespace: string;
  name: string;
  spec: ImageRepositorySpec;
  imageName: ImageName;
  credentials: ImageCredentials | undefined;
}

/** Validates with Flux's ImageRepository schema; errors name the input field (`image`, `exclusionList[1]`). */
export function validateImageRepositoryInput(input: ImageRepositoryInput): ValidImageRepositoryInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const parsed = imageRepositorySpec.safeParse({
    image: input.image,
    interval: input.interval ?? defaultScanInterval,
    ...(input.timeout ? { timeout: input.timeout } : {}),
    ...(input.exclusionList ? { exclusionList: input.exclusionList } : {}),
    insecure: input.insecure ?? false,
    suspend: input.suspend ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw badInput(field, `${field}: ${issue.message}`);
  }
  const imageName = parseImageName(parsed.data.image);
  if (!imageName.ok) throw badInput('image', imageName.errors[0]!.message);
  parsed.data.exclusionList.forEach((pattern, i) => {
    if (!goRegExp(pattern)) throw badInput(`exclusionList[${i}]`, `exclusionList[${i}]: invalid regular expression "${pattern.slice(0, 100)}"`);
  });
  const credentials = validRegistryCredentials(input.credentials, imageName.value.registry);
  if (credentials && input.clearCredentials) throw badInput('clearCredentials', 'give credentials or clearCredentials, not both');
  return { namespace, name, spec: parsed.data, imageName: imageName.value, credentials };
}

/** Registry credentials at the edge (ImageRepositories, OCIRepositories): basic or a docker config naming the registry; values never echoed. */
export function validRegistryCredentials(c: ImageRegistryCredentialsInput | null | undefined, registry: string): ImageCredentials | undefined {
  if (!c || (!c.username && !c.password && !c.dockerConfigJson)) return undefined;
  // Never echo the values: name the fields only.
  if (c.dockerConfigJson) {
    if (c.username || c.password) throw badInput('credentials', 'give either username + password or dockerConfigJson, not both');
    try {
      authFromDockerConfig(c.dockerConfigJson, registry);
    } catch (err) {
      if (err instanceof DockerConfigError) throw badInput('credentials.dockerConfigJson', err.message);
      throw err;
    }
    return { dockerConfigJson: c.dockerConfigJson };
  }
  if (!c.username) throw badInput('credentials.username', 'basic auth needs a username');
  if (!c.password) throw badInput('credentials.password', 'basic auth needs a password');
  return { username: c.username, password: c.password };
}
