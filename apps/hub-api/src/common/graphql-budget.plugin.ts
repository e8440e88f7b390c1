import { GraphQLError } from 'graphql';
import type { HubApolloPlugin } from './apollo-plugin.js';
import { checkOperationCost, GRAPHQL_LIMITS } from './graphql-limits.js';

export interface RequestBudget {
  deadlineMs: number;
  maxResolvedFields: number;
}

/**
 * Refuses an operation whose estimated cost is over the limit before anything runs, and stops one that
 * still resolves more fields than allowed, or a query that runs past its deadline (the estimate assumes list sizes; the
 * data may be larger). graphql-js cannot abort a running execution, so every field resolution checks the
 * budget and the rest of the operation fails at once with a clear error instead of running on.
 */
export function graphqlBudgetPlugin(budget: RequestBudget = GRAPHQL_LIMITS): HubApolloPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, request, operationName }) {
          const checked = checkOperationCost(schema, document, operationName ?? undefined, request.variables);
          if ('error' in checked) throw checked.error;
          return Promise.resolve();
        },
        executionDidStart({ operation }) {
          // A mutation may wait on its work (a fetch it was asked to do) and has already acted by the time its
          // result is read; cutting that short would report a failure for a change that happened.
          const deadline = operation.operation === 'query' ? performance.now() + budget.deadlineMs : Number.POSITIVE_INFINITY;
          let resolved = 0;
          let exceeded: GraphQLError | undefined;
          return Promise.resolve({
            willResolveField() {
              if (exceeded) throw exceeded;
              resolved += 1;
              if (resolved > budget.maxResolvedFields) {
                exceeded = new GraphQLError(`the query resolved more than ${budget.maxResolvedFields} fields; ask for less`, {
                  extensions: { code: 'REQUEST_BUDGET_EXCEEDED', reason: 'TOO_MANY_FIELDS' },
                });
              } else if (performance.now() > deadline) {
                exceeded = new GraphQLError(`the query ran longer than ${budget.deadlineMs} ms; ask for less`, {
                  extensions: { code: 'REQUEST_BUDGET_EXCEEDED', reason: 'DEADLINE_EXCEEDED' },
                });
              }
              if (exceeded) throw exceeded;
            },
          });
        },
      });
    },
  };
}
