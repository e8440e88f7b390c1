import * as z from 'zod';
import { FLUX_KIND_DEFINITIONS, type FluxKindDefinition, type PrinterColumn } from './kinds.js';

/**
 * CustomResourceDefinitions for the Flux kinds, generated from their zod schemas. zod's JSON Schema is
 * close to what Kubernetes wants; the API server additionally requires a *structural* schema: a type on
 * every node, no `$ref`, no `const`, no `anyOf` that carries types, and the `x-kubernetes-*` extensions for
 * the values that are not plain JSON types.
 */

export interface JsonSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: { rule: string; message: string }[];
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories: string[];
    };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      deprecated?: boolean;
      deprecationWarning?: string;
      schema: { openAPIV3Schema: JsonSchemaProps };
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
    }[];
  };
}

/** The label our CRDs carry, so the agent and people can tell them from Flux's own. */
export const FLUX_CRD_MANAGED_BY = { 'app.kubernetes.io/managed-by': 'flotilla' };

// zod bounds every z.int() to JavaScript's safe integers; Kubernetes integers are int64 and Flux puts no
// bound on them, so those two limits are dropped rather than made part of the API.
const SAFE_BOUND = Number.MAX_SAFE_INTEGER;

type Json = Record<string, unknown>;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns one node of zod's JSON Schema into a structural schema node. */
export function toStructural(node: Json, at = ''): JsonSchemaProps {
  if ('$ref' in node)
    throw new Error(`${at || '<root>'}: $ref is not allowed in a CRD schema (make the schema non-recursive)`);
  const out: JsonSchemaProps = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case '$schema':
      case '$defs':
      case 'propertyNames':
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Json).map(([k, v]) => [k, toStructural(v as Json, `${at}.${k}`)]),
        );
        break;
      case 'items':
        out.items = toStructural(value as Json, `${at}[]`);
        break;
      case 'additionalProperties':
        // `false` is zod's strict object; Kubernetes prunes unknown fields instead, so it has no equivalent.
        if (isJson(value)) out.additionalProperties = toStructural(value, `${at}{}`);
        break;
      case 'const':
        out.enum = [value];
        break;
      case 'minimum':
      case 'maximum':
        if (Math.abs(value as number) !== SAFE_BOUND) out[key] = value as number;
        break;
      case 'type':
        // zod writes a union of plain types as a list of types.
        if (Array.isArray(value)) {
          if (!node['x-kubernetes-int-or-string'])
            throw new Error(
              `${at || '<root>'}: unions are not structural; mark int-or-string values or use one type`,
            );
        } else out.type = value as string;
        break;
      case 'anyOf':
      case 'oneOf':
        if (!node['x-kubernetes-int-or-string'])
          throw new Error(
            `${at || '<root>'}: unions are not structural; mark int-or-string values or use one type`,
          );
        break;
      default:
        (out as Json)[key] = value;
    }
  }
  // zod writes its own RFC 3339 regex beside `format: date-time`; the API server checks the format itself,
  // and accepts offsets the regex may not.
  if (out.format === 'date-time') delete out.pattern;
  if (
    out.type === undefined &&
    !out['x-kubernetes-preserve-unknown-fields'] &&
    !out['x-kubernetes-int-or-string']
  ) {
    throw new Error(`${at || '<root>'}: a CRD schema node needs a type`);
  }
  return out;
}

export function structuralSchema(schema: z.ZodType): JsonSchemaProps {
  // `input`: fields with a default are optional for whoever writes the object; the API server fills them.
  return toStructural(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Json);
}

function openApiSchema(def: FluxKindDefinition): JsonSchemaProps {
  const status = structuralSchema(def.status);
  if (def.statusDefault) status.default = def.statusDefault;
  return {
    description: def.description,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: structuralSchema(def.spec),
      status,
    },
  };
}

export function fluxCustomResourceDefinition(def: FluxKindDefinition): CustomResourceDefinition {
  const openAPIV3Schema = openApiSchema(def);
  const version = (name: string, storage: boolean) => ({
    name,
    served: true,
    storage,
    ...(storage
      ? {}
      : {
          deprecated: true,
          deprecationWarning: `${def.group}/${name} ${def.kind} is deprecated, use ${def.group}/${def.version}`,
        }),
    schema: { openAPIV3Schema },
    subresources: { status: {} },
    additionalPrinterColumns: def.printerColumns,
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${def.group}`, labels: { ...FLUX_CRD_MANAGED_BY } },
    spec: {
      group: def.group,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        ...(def.shortNames.length > 0 ? { shortNames: def.shortNames } : {}),
        categories: def.categories,
      },
      scope: 'Namespaced',
      versions: [version(def.version, true), ...def.legacyVersions.map((v) => version(v, false))],
    },
  };
}

export function fluxCustomResourceDefinitions(): CustomResourceDefinition[] {
  return FLUX_KIND_DEFINITIONS.map((def) => fluxCustomResourceDefinition(def));
}
