// Which hosts a fetch may reach is the caller's decision: the hub protects its own network with a source URL
// policy; the agent, like Flux's source-controller, leaves it to the cluster's network. The HTTP client asks
// the guard before every hop and connects only to the addresses the guard resolved.

export interface HostGuard {
  /**
   * Decides what can be decided without DNS (scheme, a denied name, an IP literal); `resolve` means the
   * addresses the name resolves to decide.
   */
  checkHost(url: URL): 'allowed' | 'refused' | 'resolve';
  /** Resolves a host name to the addresses that may be connected to; rejects with HostRefusedError otherwise. */
  resolve(hostname: string): Promise<{ address: string; family: number }[]>;
  /** The one message every refusal reads, whatever lies behind the address. */
  readonly refusal: string;
}

export class HostRefusedError extends Error {
  constructor(message = 'host refused') {
    super(message);
    this.name = 'HostRefusedError';
  }
}
