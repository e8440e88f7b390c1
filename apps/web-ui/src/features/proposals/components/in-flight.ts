/** The states of a proposal that can still be reviewed, edited or merged (the hub's in-flight states). */
const IN_FLIGHT: readonly string[] = ['open', 'approved', 'conflicted'];

export const isInFlight = (state: string): boolean => IN_FLIGHT.includes(state);
