// The one query-key factory of the notifications feature (Providers, their delivery logs, Alerts, Receivers).
export const notificationKeys = {
  all: ['notifications'] as const,
  providers: () => [...notificationKeys.all, 'providers'] as const,
  attempts: (providerId: string) => [...notificationKeys.all, 'attempts', providerId] as const,
  alerts: () => [...notificationKeys.all, 'alerts'] as const,
  receivers: () => [...notificationKeys.all, 'receivers'] as const,
};
