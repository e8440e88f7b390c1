import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

/** What the hub's Apollo plugins read of a request once its operation is known. */
export interface ResolvedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  request: { variables?: Record<string, unknown> };
  contextValue: unknown;
}

/**
 * The part of Apollo Server's plugin interface the hub uses, written out here: `@apollo/server`'s own type
 * comes as ESM and as CommonJS declarations (Nest's driver uses the latter), and TypeScript matches neither
 * with the other. This shape fits both.
 */
export interface HubApolloPlugin {
  requestDidStart(): Promise<{
    didResolveOperation?(ctx: ResolvedOperation): Promise<void>;
    executionDidStart?(ctx: { operation: OperationDefinitionNode }): Promise<{ willResolveField?(): void }>;
  }>;
}
