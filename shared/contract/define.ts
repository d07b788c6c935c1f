// The building block of the one contract: a method is a zod input schema, a phantom output type and who may
// call it. Station handlers, the preload bridge, the HTTP host and the renderer client all derive from it.
import type { z } from 'zod';

export type Access = 'public' | 'operator' | 'admin';

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Phantom: never read at run time, carries the output type. */
  output: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I, access: Access = 'operator'): MethodDef<I, O> => ({
    input,
    access,
    output: undefined as O,
  });
}

export type ContractShape = Record<string, MethodDef>;
export type InputOf<M extends MethodDef> = z.input<M['input']>;
export type ParsedInputOf<M extends MethodDef> = z.output<M['input']>;
export type OutputOf<M extends MethodDef> = M['output'];
