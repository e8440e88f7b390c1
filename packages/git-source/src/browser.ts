// What a browser may import from git-source: nothing here reaches node: modules.
export { openArtifactInBrowser } from './archive/open-artifact-web.js';
export type { OpenedArtifact, ArtifactLimits } from './archive/artifact-rules.js';
export type { FileTree } from './archive/file-tree.js';
