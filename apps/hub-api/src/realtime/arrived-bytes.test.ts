import { describe, expect, it } from 'vitest';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { bytesAsArrived, sizedParser } from './arrived-bytes.js';

const decode = (...parts: unknown[]): Packet[] => {
  const decoder = new sizedParser.Decoder();
  const out: Packet[] = [];
  decoder.on('decoded', (p: Packet) => out.push(p));
  for (const part of parts) decoder.add(part);
  return out;
};

describe('the size of an event as it arrived', () => {
  it('is the packet text in UTF-8 bytes, keyed by the event payload, whatever the text holds besides', () => {
    const text = `2/agent,["events",{"seq":1,"items":[{"message":"é ✓"}]}${' '.repeat(1_000)}]`;
    const [packet] = decode(text);
    const payload: unknown = packet!.data[1];
    expect(payload).toEqual({ seq: 1, items: [{ message: 'é ✓' }] });
    expect(bytesAsArrived(payload)).toBe(Buffer.byteLength(text));
    expect(bytesAsArrived(payload)).toBeGreaterThan(text.length); // bytes, not UTF-16 units
  });

  it('each event its own size when several arrive in a row', () => {
    const encoder = new Encoder();
    const texts = [{ seq: 1, m: 'a'.repeat(10) }, { seq: 2, m: 'b'.repeat(5_000) }].map((p) => encoder.encode({ type: PacketType.EVENT, nsp: '/agent', data: ['events', p] })[0] as string);
    const packets = decode(...texts);
    expect(packets.map((p) => bytesAsArrived(p.data[1]))).toEqual(texts.map((t) => Buffer.byteLength(t)));
  });

  it('nothing for what it did not size: a binary event, a payload that is not an object, an object it never saw', () => {
    const encoder = new Encoder();
    const [head, buffer] = encoder.encode({ type: PacketType.EVENT, nsp: '/agent', data: ['events', { blob: Buffer.from('xyz') }] }) as [string, Buffer];
    const [binary] = decode(head, buffer);
    expect(binary!.data[1]).toEqual({ blob: Buffer.from('xyz') });
    expect(bytesAsArrived(binary!.data[1])).toBeUndefined();
    const [plain] = decode('2/agent,["heartbeat",42]');
    expect(plain!.data[1]).toBe(42);
    expect(bytesAsArrived(plain!.data[1])).toBeUndefined();
    expect(bytesAsArrived({ seq: 1 })).toBeUndefined();
  });
});
