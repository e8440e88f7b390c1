import { FLUX_KINDS, type FluxKindName } from '@flotilla/reconcile-core';
import { registerEnumType } from '@nestjs/graphql';

// GraphQL enums of the Flux object list; their values are the stored strings, so nothing maps between them.

/** Every kind of reconcile-core's FLUX_KINDS, by its Flux name. */
export const FluxKindEnum = Object.fromEntries(Object.keys(FLUX_KINDS).map((k) => [k, k])) as { [K in FluxKindName]: K };
registerEnumType(FluxKindEnum, { name: 'FluxKind' });

export const FluxObjectOriginEnum = { HUB: 'hub', CLUSTER: 'cluster' } as const;
export type FluxObjectOriginValue = (typeof FluxObjectOriginEnum)[keyof typeof FluxObjectOriginEnum];
registerEnumType(FluxObjectOriginEnum, {
  name: 'FluxObjectOrigin',
  description: 'HUB: a Kustomization the hub placed on the cluster. CLUSTER: found in the cluster (applied from git or kubectl).',
});

export const FluxObjectStateEnum = { READY: 'ready', FAILING: 'failing', PROGRESSING: 'progressing', SUSPENDED: 'suspended' } as const;
export type FluxObjectStateValue = (typeof FluxObjectStateEnum)[keyof typeof FluxObjectStateEnum];
registerEnumType(FluxObjectStateEnum, {
  name: 'FluxObjectState',
  description: 'SUSPENDED when spec.suspend is true; else READY (Ready=True), FAILING (Ready=False) or PROGRESSING (Ready=Unknown or not reported).',
});

export const FluxOperationEnum = { RECONCILE: 'reconcile', SUSPEND: 'suspend', RESUME: 'resume' } as const;
export type FluxOperation = (typeof FluxOperationEnum)[keyof typeof FluxOperationEnum];
registerEnumType(FluxOperationEnum, { name: 'FluxOperation', description: 'As `flux reconcile`, `flux suspend`, `flux resume`.' });
