/** `@trackway/runtime/testing`: what node packages test with. */
export {
  compileSingleNode,
  createNodeHarness,
  type ActivityCall,
  type HarnessActivity,
  type NodeHarness,
  type NodeHarnessOptions,
  type NodeRun,
  type RunNodeOptions,
} from './node-harness.ts';
export { loadNodePackages, type LoadedNodes, type LoadedPackage } from '../node-packages/load.ts';
