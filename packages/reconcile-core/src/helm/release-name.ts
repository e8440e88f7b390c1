import { sha256Hex } from '../build/sha256.js';

// helm-controller's naming rules: the release is `spec.releaseName`, else `<targetNamespace>-<name>` when a
// target namespace is set, else the object's name; a name longer than Helm's 53 characters becomes its first
// 40 characters, a dash and the first 12 hex characters of its sha256. The HelmChart a `chart.spec` creates is
// `<namespace>-<name>` in the namespace of the chart's source.

const MAX_RELEASE_NAME = 53;
const SHORT_HASH = 12;

export function shortenReleaseName(name: string): string {
  if (name.length <= MAX_RELEASE_NAME) return name;
  const sum = sha256Hex(new TextEncoder().encode(name));
  return `${name.slice(0, MAX_RELEASE_NAME - SHORT_HASH - 1)}-${sum.slice(0, SHORT_HASH)}`;
}

export interface ReleaseNaming {
  namespace: string;
  name: string;
  releaseName?: string | undefined;
  targetNamespace?: string | undefined;
}

export function releaseNameOf(hr: ReleaseNaming): string {
  if (hr.releaseName) return hr.releaseName;
  return shortenReleaseName(hr.targetNamespace ? `${hr.targetNamespace}-${hr.name}` : hr.name);
}

export const helmChartNameOf = (hr: { namespace: string; name: string }): string => `${hr.namespace}-${hr.name}`;
