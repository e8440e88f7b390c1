// A registry call that failed. `code` is the distribution error code from the response body
// (e.g. MANIFEST_UNKNOWN, UNAUTHORIZED, DIGEST_INVALID), or a client-side one such as DIGEST_MISMATCH.
export class OciClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OciClientError';
  }
}

interface DistributionErrorBody {
  errors?: { code?: string; message?: string }[];
}

// HEAD responses carry no body, so the status alone names the distribution code.
const codeByStatus: Record<number, string> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  404: 'NOT_FOUND',
  429: 'TOOMANYREQUESTS',
};

export async function errorFromResponse(res: Response, what: string): Promise<OciClientError> {
  let code = codeByStatus[res.status] ?? `HTTP_${res.status}`;
  let detail = '';
  try {
    const body = (await res.json()) as DistributionErrorBody;
    const first = body.errors?.[0];
    if (first?.code) code = first.code;
    if (first?.message) detail = `: ${first.message}`;
  } catch {
    // not a distribution error body
  }
  return new OciClientError(`${what} failed with ${res.status} ${code}${detail}`, code, res.status);
}
