import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import type { HubApolloPlugin } from '../common/apollo-plugin.js';
import type { HubRequest } from './http-request.js';

/**
 * Introspection (`__schema`, `__type`) answers only a logged-in caller: the UI and scripts that hold a token
 * can still generate types, while an anonymous prober learns nothing about the API. `__typename` stays open.
 */
export function introspectionNeedsLoginPlugin(): HubApolloPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, contextValue }) {
          const { req } = contextValue as { req?: HubRequest };
          if (req?.actor) return Promise.resolve();
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0) {
            throw new GraphQLError('introspection needs a login', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
