/** The CLI's release, printed by `flotilla version`. */
export const CLI_VERSION = '0.1.0';
