import { useSyncExternalStore } from 'react';

// The one piece of client state that is neither server state nor URL state: short confirmations.
export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
}

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function showToast(message: string, tone: Toast['tone'] = 'success', ttlMs = 5000): void {
  const id = nextId++;
  toasts = [...toasts, { id, tone, message }].slice(-4);
  emit();
  setTimeout(() => dismissToast(id), ttlMs);
}

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
    () => toasts,
  );
}
