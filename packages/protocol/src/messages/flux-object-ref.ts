import { FLUX_KINDS, type FluxKindName } from '@flotilla/reconcile-core';
import * as z from 'zod';
import { namespaceName, objectName } from '../limits.js';

/** A kind name of reconcile-core's FLUX_KINDS; any other kind is refused at the edge. */
export const fluxKindName = z.enum(Object.keys(FLUX_KINDS) as [FluxKindName, ...FluxKindName[]]);

/** Who put a Flux object in the cluster: the hub (a placed object) or the cluster itself (git, kubectl). */
export const OBJECT_ORIGINS = ['hub', 'cluster'] as const;
export const objectOrigin = z.enum(OBJECT_ORIGINS);
export type ObjectOrigin = z.infer<typeof objectOrigin>;

/** One Flux object in the agent's cluster. */
export const fluxObjectRefSchema = z.object({ kind: fluxKindName, namespace: namespaceName, name: objectName });
export type FluxObjectRef = z.infer<typeof fluxObjectRefSchema>;
