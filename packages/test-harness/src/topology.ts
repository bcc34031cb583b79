/**
 * How the nodes of a network are connected. An edge `[from, to]` means node `from` opens the
 * connection to node `to` (an outbound peer on `from`, inbound on `to`).
 *  - `none`: no connections;
 *  - `line`: 0→1→2→…;
 *  - `mesh`: every pair, the lower index connecting to the higher;
 *  - `star`: every other node connects to node 0;
 *  - an explicit list of edges.
 */
export type Topology = 'none' | 'line' | 'mesh' | 'star' | readonly (readonly [number, number])[];

export function topologyEdges(topology: Topology, count: number): [number, number][] {
  const edges: [number, number][] = [];
  if (topology === 'none') return edges;
  if (topology === 'line') {
    for (let i = 0; i + 1 < count; i++) edges.push([i, i + 1]);
  } else if (topology === 'mesh') {
    for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) edges.push([i, j]);
  } else if (topology === 'star') {
    for (let i = 1; i < count; i++) edges.push([i, 0]);
  } else {
    for (const [a, b] of topology) {
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= count || b >= count || a === b) throw new Error(`bad edge [${a}, ${b}] for ${count} nodes`);
      edges.push([a, b]);
    }
  }
  return edges;
}
