// Bundle entry for the bench worker: the interpreter and its hand-written twin in one bundle, so
// both run in the same worker, sandbox and task queue.
export * from '../../apps/runtime/src/workflows/index.ts';
export { handwrittenWorkflow } from './handwritten-workflow.ts';
