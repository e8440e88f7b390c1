import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getNullableType, GraphQLError, isListType, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { depthLimit } from './graphql-depth-limit.js';

/**
 * What one GraphQL request may ask of the hub. The schema has cycles (Kustomization → clusters → cluster →
 * kustomizations → kustomization …) and list fields, so depth alone does not bound the work: a few aliases per
 * level multiply it. Every document the web UI sends stays far below these (a test checks).
 */
export const GRAPHQL_LIMITS = {
  /** Lexical tokens in one document; refused while parsing, before any other work. */
  maxTokens: 3_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  /** Estimated fields resolved (see `listAwareEstimator`). */
  maxCost: 50_000,
  /** Items assumed for a list field without a `first` argument. */
  assumedListSize: 20,
  /** Selections the estimate itself may visit (fragments are expanded where they are spread). */
  maxEstimatedNodes: 20_000,
  /** Wall-clock time one operation may spend resolving fields. */
  deadlineMs: 10_000,
  /** Fields one operation may resolve, whatever the estimate said. */
  maxResolvedFields: 100_000,
} as const;

export type GraphqlLimitReason = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'QUERY_TOO_COSTLY';

/** A refused document: the same code graphql's own validation errors carry, a reason, and HTTP 400. */
export const limitError = (message: string, reason: GraphqlLimitReason, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, ...extra, http: { status: 400 } } });

/**
 * Every field costs 1 plus its children; a list field's children count once per item: `first` of them when the
 * field takes `first` (variables applied, else its default), otherwise an assumed size. So the cost grows with
 * aliases, breadth and nesting together, which is what made cyclic queries expensive.
 */
export const listAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  let items = 1;
  if (type.name.endsWith('Connection')) {
    // A connection's `edges` hold the page its field's `first` already counted.
    items = 1;
  } else if (field.args.some((a) => a.name === 'first')) {
    const first: unknown = args.first;
    items = typeof first === 'number' ? Math.max(0, first) : GRAPHQL_LIMITS.assumedListSize;
  } else if (isListType(getNullableType(field.type)) && childComplexity > 0) {
    // Lists of scalars (`clusterNames: [String!]!`) have no children and count as one field.
    items = GRAPHQL_LIMITS.assumedListSize;
  }
  return 1 + items * childComplexity;
};

/**
 * The estimated cost of the operation a request runs, or the error that refuses it. It needs the request's
 * variables (page sizes are often variables), so it runs once the operation is resolved, not as a validation
 * rule.
 */
export function checkOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): { cost: number } | { error: GraphQLError } | { unknownVariables: true } {
  const max = GRAPHQL_LIMITS.maxCost;
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, operationName, variables, estimators: [listAwareEstimator], maxQueryNodes: GRAPHQL_LIMITS.maxEstimatedNodes });
  } catch (err) {
    // The estimate gives up on documents built to make it walk a huge tree (fragments spread many times).
    if (err instanceof Error && err.message.includes('maximum allowed number of nodes')) {
      return { error: limitError(`the query expands to too many selections to run; ask for fewer fields, aliases or fragments`, 'QUERY_TOO_COSTLY', { maxCost: max }) };
    }
    // Otherwise the variables do not fit the operation: execution refuses them with its own clear error
    // before any field is resolved, so there is nothing to estimate.
    return { unknownVariables: true };
  }
  if (cost > max) {
    return {
      error: limitError(`the query would resolve about ${cost} fields; the limit is ${max}. Ask for fewer fields, aliases or items per list`, 'QUERY_TOO_COSTLY', {
        cost,
        maxCost: max,
      }),
    };
  }
  return { cost };
}

const reportAs =
  (build: (found: string) => GraphQLError) =>
  (context: ValidationContext | null, err: Error): void => {
    context?.reportError(build(/found (\d+)/.exec(err.message)?.[1] ?? 'too many'));
  };

/** Validation rules Apollo runs beside graphql's own: depth, aliases and directives. */
export function graphqlLimitRules(): ValidationRule[] {
  const l = GRAPHQL_LIMITS;
  return [
    depthLimit(l.maxDepth),
    // The armor rules throw by default, which would escape validation as a server error; report instead.
    maxAliasesRule({
      n: l.maxAliases,
      propagateOnRejection: false,
      onReject: [reportAs((n) => limitError(`the query uses ${n} aliases; the limit is ${l.maxAliases}`, 'TOO_MANY_ALIASES'))],
    }),
    maxDirectivesRule({
      n: l.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportAs((n) => limitError(`the query uses ${n} directives; the limit is ${l.maxDirectives}`, 'TOO_MANY_DIRECTIVES'))],
    }),
  ];
}
