import { parse, stringify } from 'yaml';
import type { HelmReleaseInput, HelmRepositoryInput } from '../helm/dto/helm.inputs.js';
import { checkFields, valueReader, type SpecContext } from './flux-yaml.fields.js';
import { placementFromAnnotations } from './placement-annotations.js';

// Flux's HelmRepository and HelmRelease ↔ the hub's inputs. A HelmRelease's spec is Flux's own (the hub's
// validator checks every field and names the ones Flux does not define); its per-cluster values overlays are
// Flotilla's, so they travel in an annotation, which Flux and kubectl keep and ignore.

/** The release's values overlays, a YAML list of `{clusterSelector, values}` in the order they are merged. */
export const HELM_OVERLAYS_ANNOTATION = 'helm.flotilla.dev/values-overlays';

const CREDENTIALS = 'credentials are not imported: set them on the hub’s HelmRepository (they are stored encrypted)';

export function readHelmRepository(spec: Record<string, unknown>, ctx: SpecContext): HelmRepositoryInput {
  checkFields(
    spec,
    {
      served: ['url', 'type', 'interval', 'timeout', 'passCredentials', 'insecure', 'suspend', 'provider'],
      unserved: {
        secretRef: CREDENTIALS,
        certSecretRef: 'the CA and client certificate are not imported: set them on the hub’s HelmRepository (they are stored encrypted)',
        accessFrom: 'accessFrom is not served: a hub HelmRepository is used by the hub’s HelmReleases of any namespace',
      },
    },
    ctx.report,
  );
  const read = valueReader(ctx.report);
  // The hub fetches with its own credentials only: a cloud provider's workload identity is not at hand.
  const provider = read.str('spec.provider', spec.provider);
  if (provider !== null && provider !== 'generic') ctx.report(['spec', 'provider'], `provider "${provider}" is not served by the hub (generic only)`);
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    type: read.str('spec.type', spec.type),
    url: read.str('spec.url', spec.url) ?? '',
    insecure: read.bool('spec.insecure', spec.insecure),
    interval: read.str('spec.interval', spec.interval),
    timeout: read.str('spec.timeout', spec.timeout),
    passCredentials: read.bool('spec.passCredentials', spec.passCredentials),
    suspend: read.bool('spec.suspend', spec.suspend),
    labels: ctx.labels,
  };
}

export function readHelmRelease(spec: Record<string, unknown>, ctx: SpecContext): HelmReleaseInput {
  const text = ctx.annotations[HELM_OVERLAYS_ANNOTATION];
  let overlays: HelmReleaseInput['overlays'] = [];
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (err) {
      ctx.report(['metadata', 'annotations', HELM_OVERLAYS_ANNOTATION], `not YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (parsed !== undefined && !Array.isArray(parsed)) ctx.report(['metadata', 'annotations', HELM_OVERLAYS_ANNOTATION], 'must be a list of {clusterSelector, values}');
    else if (Array.isArray(parsed)) overlays = parsed as HelmReleaseInput['overlays'];
  }
  return { namespace: ctx.namespace, name: ctx.name, spec, overlays, placement: placementFromAnnotations(ctx.annotations), labels: ctx.labels };
}

/** The overlays as the annotation carries them; none → no annotation. */
export function overlaysAnnotation(overlays: readonly { clusterSelector: string; values: unknown }[]): Record<string, string> {
  return overlays.length > 0 ? { [HELM_OVERLAYS_ANNOTATION]: stringify(overlays.map((o) => ({ clusterSelector: o.clusterSelector, values: o.values })), { lineWidth: 0 }) } : {};
}
