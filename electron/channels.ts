// IPC channel names shared by main and preload. Kept free of imports: the sandboxed preload may only
// require 'electron', so everything it bundles must be plain code.
export const CHANNEL_PREFIX = 'liuqing:';
export const channelOf = (method: string): string => CHANNEL_PREFIX + method;
/** The one bridge function outside the contract: print or save assistance cards (see print.ts). */
export const PRINT_METHOD = 'print.cards';
