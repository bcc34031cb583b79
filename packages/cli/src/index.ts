export { runOceanTx } from './ocean-tx/main.js';
export type { ToolResult } from './ocean-tx/main.js';
