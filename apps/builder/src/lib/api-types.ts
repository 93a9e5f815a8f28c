import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@trackway/runtime/router';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type FlowSummary = RouterOutputs['flows']['list'][number];
export type FlowDetail = RouterOutputs['flows']['get'];
export type FlowVersionRow = RouterOutputs['flows']['versions'][number];
export type RunView = RouterOutputs['runs']['get'];
export type RunRow = RouterOutputs['runs']['list']['items'][number];
export type LiveRunState = NonNullable<RunView['live']>;
export type StepState = LiveRunState['steps'][string];
export type NodeTypeInfo = RouterOutputs['catalog']['nodeTypes'][number];
export type Me = RouterOutputs['auth']['me'];
