import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

// socket.io's own parser, with one addition: the decoder notes how many bytes each event's packet had as it
// arrived, keyed by the event's first argument. The per-agent byte limit reads it there instead of serialising
// every report batch again (a burst of reports from hundreds of agents spent about 4 % of the hub's CPU on that).

const arrived = new WeakMap<object, number>();

/** The size in bytes of the socket.io packet that carried `payload`, if this server's decoder saw it arrive. */
export function bytesAsArrived(payload: unknown): number | undefined {
  return typeof payload === 'object' && payload !== null ? arrived.get(payload) : undefined;
}

class SizedDecoder extends Decoder {
  /** The text just added; undefined while a binary event's attachments arrive (its event comes with the last one). */
  private bytes: number | undefined;

  constructor() {
    super();
    // Registered before socket.io's own listener, so the size is known when the event reaches the gateway.
    this.on('decoded', (packet: Packet) => {
      const payload: unknown = Array.isArray(packet.data) ? packet.data[1] : undefined;
      // A binary event is left unsized (the caller measures it): its text is only part of what arrived.
      if (this.bytes !== undefined && packet.type === PacketType.EVENT && typeof payload === 'object' && payload !== null) arrived.set(payload, this.bytes);
    });
  }

  override add(obj: unknown): void {
    this.bytes = typeof obj === 'string' ? Buffer.byteLength(obj) : undefined;
    super.add(obj);
  }
}

/** The `parser` option of the hub's socket.io server. */
export const sizedParser = { Encoder, Decoder: SizedDecoder };
