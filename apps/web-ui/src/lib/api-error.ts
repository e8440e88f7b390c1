// One error type for everything the hub can say no with, whether GraphQL (`extensions.code`) or REST
// (`{error:{code,message}}`), so components show codes and messages the same way.
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_CREDENTIALS'
  | 'CSRF_TOKEN_INVALID'
  | 'NETWORK_ERROR'
  | 'INTERNAL'
  | (string & {});

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status?: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const FRIENDLY: Partial<Record<string, string>> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'Your role does not allow this action.',
  NETWORK_ERROR: 'The hub could not be reached. Check your connection and try again.',
  CSRF_TOKEN_INVALID:
    'The request was rejected as a possible cross-site request. Reload the page and try again.',
};

/** A sentence for the user; keeps the hub's own message where it is specific. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'FORBIDDEN' || error.code === 'NETWORK_ERROR' || error.code === 'CSRF_TOKEN_INVALID') {
      return FRIENDLY[error.code] ?? error.message;
    }
    return error.message || FRIENDLY[error.code] || 'Something went wrong.';
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
  errors?: { message?: unknown; extensions?: { code?: unknown; field?: unknown } }[];
}

/** Turns a hub error body (REST or GraphQL shape) into an ApiError. */
export function errorFromBody(body: unknown, status: number): ApiError {
  const b = (body ?? {}) as ErrorBody;
  if (b.error && typeof b.error.code === 'string') {
    return new ApiError(
      b.error.code,
      typeof b.error.message === 'string' ? b.error.message : b.error.code,
      status,
    );
  }
  const first = b.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL';
    const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
    return new ApiError(code, typeof first.message === 'string' ? first.message : code, status, field);
  }
  return new ApiError(
    status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
    `The hub answered with HTTP ${status}.`,
    status,
  );
}
