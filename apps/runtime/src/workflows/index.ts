// Entry point of the workflow bundle: only workflow code (no Node.js built-ins) may be reached from here.
export { interpreterWorkflow } from './interpreter.ts';
