import type { OciRepositoryInput } from '../oci-sources/dto/oci-repository.inputs.js';
import { checkFields, type SpecContext } from './flux-yaml.fields.js';

// Flux's OCIRepository (source.toolkit.fluxcd.io) → the hub's input, whose spec is Flux's own: the hub's
// validator checks the values and refuses what names objects of a cluster; here only the field names.

const CREDENTIALS = 'credentials are not imported: set them on the hub’s OCIRepository (they are stored encrypted)';

export function readOciRepository(spec: Record<string, unknown>, ctx: SpecContext): OciRepositoryInput {
  checkFields(
    spec,
    {
      served: [
        'url',
        'ref.tag',
        'ref.semver',
        'ref.semverFilter',
        'ref.digest',
        'layerSelector.mediaType',
        'layerSelector.operation',
        'provider',
        'verify.provider',
        'verify.matchOIDCIdentity.*',
        'verify.trustedRootSecretRef.*',
        'insecure',
        'interval',
        'timeout',
        'ignore',
        'suspend',
        'certSecretRef.*',
        'proxySecretRef.*',
      ],
      unserved: {
        secretRef: CREDENTIALS,
        serviceAccountName: CREDENTIALS,
        'verify.secretRef': 'cosign public keys are not imported: set them on the hub’s OCIRepository',
      },
    },
    ctx.report,
  );
  return { namespace: ctx.namespace, name: ctx.name, spec, labels: ctx.labels };
}
