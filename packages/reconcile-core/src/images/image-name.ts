import { coreError, fail, ok, type Result } from '../errors.js';

/** An image repository reference split the way go-containerregistry's name package splits it. */
export interface ImageName {
  /** `index.docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** `library/alpine`, `stefanprodan/podinfo`. */
  repository: string;
  /** `registry/repository`: what Flux writes as `status.canonicalImageName`. */
  canonical: string;
}

const DEFAULT_REGISTRY = 'index.docker.io';
const repositoryPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * Parses an ImageRepository's `spec.image`: the first path part is a registry when it has a dot or a port or
 * is `localhost` (otherwise Docker Hub, where a single name gets `library/`); `docker.io` is spelled
 * `index.docker.io`, as go-containerregistry does. A scheme, a tag (other than Flux's tolerated `:latest`)
 * or a digest is refused, as image-reflector-controller refuses them.
 */
export function parseImageName(image: string): Result<ImageName> {
  const bad = (why: string): Result<ImageName> => fail(coreError('IMAGE_NAME_INVALID', `spec.image "${image.slice(0, 200)}": ${why}`));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) return bad('must not have a scheme');
  if (image.includes('@')) return bad('must not contain a digest');
  let rest = image;
  const slash = rest.indexOf('/');
  let registry = DEFAULT_REGISTRY;
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first === 'docker.io' ? DEFAULT_REGISTRY : first;
      rest = rest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    if (rest.slice(colon + 1) !== 'latest') return bad(`must not contain a tag; remove ':${rest.slice(colon + 1)}'`);
    rest = rest.slice(0, colon);
  }
  if (registry === DEFAULT_REGISTRY && !rest.includes('/')) rest = `library/${rest}`;
  if (!repositoryPattern.test(rest) || rest.length > 255) return bad('not a valid repository name');
  return ok({ registry, repository: rest, canonical: `${registry}/${rest}` });
}
