export { runOceanTx } from './ocean-tx/main.js';
export type { ToolResult, OceanTxIo } from './ocean-tx/main.js';
export { ToolError } from './ocean-tx/tool-error.js';
