import { isStorableText } from '@flotilla/protocol';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { HubApolloPlugin } from './apollo-plugin.js';

// Postgres text and jsonb refuse NUL and unpaired surrogates, which JSON, query strings and GraphQL strings may
// carry. Refused here, once for every GraphQL argument and input field and every other endpoint's body and query
// string, so no query or insert can fail on them with a server error, whichever string it passes on.

const MESSAGE = 'strings may not contain NUL characters or unpaired surrogates';

/** Whether any string (or object key) of the value is one Postgres cannot store; iterative, so deep values cannot exhaust the stack. */
export function holdsUnstorableText(variables: unknown): boolean {
  const pending: unknown[] = [variables];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (!isStorableText(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) pending.push(k, child);
    }
  }
  return false;
}

function unstorableLiteral(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (!isStorableText(node.value)) found = true;
    },
  });
  return found;
}

function unstorableStringError(): GraphQLError {
  return new GraphQLError(MESSAGE, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** Answers 400 for a body or query string holding text Postgres cannot store (GraphQL answers in its own format). */
export function refuseUnstorableHttpInput(
  req: { path: string; body?: unknown; query?: unknown },
  res: { status(code: number): { json(body: unknown): unknown } },
  next: () => void,
): void {
  if (req.path !== '/graphql' && (holdsUnstorableText(req.body) || holdsUnstorableText(req.query))) {
    res.status(400).json({ error: { code: 'BAD_REQUEST', message: MESSAGE } });
    return;
  }
  next();
}

/** Refuses an operation whose variables or literals hold a string Postgres cannot store. */
export function storableInputPlugin(): HubApolloPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          if (holdsUnstorableText(request.variables) || unstorableLiteral(document)) throw unstorableStringError();
          return Promise.resolve();
        },
      });
    },
  };
}
