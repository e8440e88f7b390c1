import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ListUsersQuery, ListUsersQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { USER_FIELDS, type UserAccount } from './people-types';

export const ListUsersDocument = graphql<ListUsersQuery, ListUsersQueryVariables>(`
  query ListUsers {
    users { ${USER_FIELDS} }
  }
`);

export async function listUsers(): Promise<UserAccount[]> {
  return (await gqlRequest(ListUsersDocument)).users;
}

export const userListQuery = () => queryOptions({ queryKey: peopleKeys.users(), queryFn: listUsers });

export function useUsers() {
  return useQuery(userListQuery());
}
