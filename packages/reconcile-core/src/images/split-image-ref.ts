/** A container image reference split into its parts; absent parts are ''. */
export interface ImageRefParts {
  /** Everything before the tag and digest: `nginx`, `ghcr.io/org/app`, `127.0.0.1:5000/app`. */
  name: string;
  tag: string;
  /** `sha256:…`, without the `@`. */
  digest: string;
}

/**
 * kustomize's image.Split: tag and digest are searched from the first "/" on, so a registry port stays part of
 * the name (`127.0.0.1:5000/app` has no tag).
 */
export function splitImageRef(image: string): ImageRefParts {
  let slash = image.indexOf('/');
  let search = image;
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return { name: image, tag: '', digest: '' };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: '', digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: '' };
}
