import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { io, type Socket } from 'socket.io-client';
import { invalidateOnEvent, staleFetchedBefore, toUiEvent, type UiServerEvents } from './invalidate-on-event';

export type RealtimeStatus = 'connecting' | 'live' | 'offline';

/** Connects to the hub's /ui namespace while mounted (the session cookie authenticates it). */
export function useRealtime(enabled: boolean): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const socket: Socket<UiServerEvents> = io('/ui', { transports: ['websocket'], withCredentials: true });
    let connectedBefore = false;
    socket.on('connect', () => {
      setStatus('live');
      if (connectedBefore) void invalidateOnEvent(queryClient, { name: 'reconnected' });
      else void staleFetchedBefore(queryClient, Date.now());
      connectedBefore = true;
    });
    socket.on('disconnect', () => setStatus('offline'));
    socket.on('connect_error', () => setStatus('offline'));
    socket.onAny((name: string, payload: unknown) => {
      const event = toUiEvent(name, payload);
      if (event) void invalidateOnEvent(queryClient, event);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [enabled, queryClient]);

  return enabled ? status : 'offline';
}
