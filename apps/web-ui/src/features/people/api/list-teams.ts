import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ListTeamsQuery, ListTeamsQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS, type Team } from './people-types';

export const ListTeamsDocument = graphql<ListTeamsQuery, ListTeamsQueryVariables>(`
  query ListTeams {
    teams { ${TEAM_FIELDS} }
  }
`);

export async function listTeams(): Promise<Team[]> {
  return (await gqlRequest(ListTeamsDocument)).teams;
}

export const teamListQuery = () => queryOptions({ queryKey: peopleKeys.teams(), queryFn: listTeams });

export function useTeams() {
  return useQuery(teamListQuery());
}
