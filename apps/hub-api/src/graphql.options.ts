import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloDriver } from '@nestjs/apollo';
import type { Request, Response } from 'express';
import { introspectionNeedsLoginPlugin } from './auth/introspection.plugin.js';
import { graphqlBudgetPlugin } from './common/graphql-budget.plugin.js';
import { formatGraphqlError } from './common/graphql-variable-errors.js';
import { GRAPHQL_LIMITS, graphqlLimitRules } from './common/graphql-limits.js';
import { storableInputPlugin } from './common/storable-input.js';

/** Apollo (not Mercurius): Express is Nest's default platform and Apollo's error/extension model is the one the UI codes against. */
export function graphqlOptions(): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // "Did you mean …?" would spell out the schema to anyone who sends a typo.
    hideSchemaDetailsFromClientErrors: true,
    // Refused variables are answered by path and reason, never by the value (which may hold a password).
    formatError: formatGraphqlError,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    validationRules: graphqlLimitRules(),
    plugins: [introspectionNeedsLoginPlugin(), graphqlBudgetPlugin(), storableInputPlugin()],
    context: ({ req, res }: { req: Request; res: Response }) => ({ req, res }),
  };
}
