// The contract's method names for the preload. In tests this is the live list; the build
// (scripts/build-electron.mjs) replaces this module with a literal array taken from the same contract, so
// the sandboxed preload bundle carries no zod and cannot drift from the contract.
export { METHOD_NAMES } from '../shared/contract';
