import { fileURLToPath } from 'node:url';

/** `bin/oceand` of this checkout (src/ and dist/ sit at the same depth), which runs the built node. */
export const OCEAND_BIN = fileURLToPath(new URL('../../../bin/oceand', import.meta.url));
