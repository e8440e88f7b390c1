import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloDriver } from '@nestjs/apollo';
import type { Request, Response } from 'express';
import { depthLimit } from './common/graphql-depth-limit.js';

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
    validationRules: [depthLimit(12)],
    context: ({ req, res }: { req: Request; res: Response }) => ({ req, res }),
  };
}
