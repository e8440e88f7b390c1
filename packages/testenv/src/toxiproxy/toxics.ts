// The toxics of Toxiproxy's HTTP API this test environment uses, typed by their attributes
// (https://github.com/Shopify/toxiproxy#toxics). `downstream` is server → client, `upstream` client → server.

export type ToxicStream = 'upstream' | 'downstream';

export type ToxicSpec =
  /** Delays every chunk by `latency` ± `jitter` ms. */
  | { type: 'latency'; attributes: { latency: number; jitter?: number } }
  /** Caps the rate at `rate` KB/s. */
  | { type: 'bandwidth'; attributes: { rate: number } }
  /** Resets the connection (TCP RST) after `timeout` ms; 0 resets at once. */
  | { type: 'reset_peer'; attributes: { timeout: number } }
  /** Lets no data through and closes the connection after `timeout` ms; 0 holds it open for ever (a blackhole). */
  | { type: 'timeout'; attributes: { timeout: number } };

export type ToxicType = ToxicSpec['type'];

export type Toxic = ToxicSpec & { name: string; stream: ToxicStream; toxicity: number };

export interface ToxicOptions {
  /** Defaults to `<type>_<stream>`. */
  name?: string;
  stream?: ToxicStream;
  /** The share of connections it applies to, 0–1 (default 1). */
  toxicity?: number;
}
