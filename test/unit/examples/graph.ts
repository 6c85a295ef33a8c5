/** The example workflows as graphs: nodes, and each node's parents (for the examples' graph tests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
	alwaysOutputData?: boolean;
}
export type Connections = Record<string, { main: Array<Array<{ node: string; index: number }>> }>;

export const load = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '../../../examples', file), 'utf8')) as {
		nodes: Node[];
		connections: Connections;
	};

/** Each node's parents, as [parent, its output index, the input index]. */
export function parentsOf(connections: Connections): Map<string, Array<[string, number, number]>> {
	const parents = new Map<string, Array<[string, number, number]>>();
	for (const [source, { main }] of Object.entries(connections)) {
		main.forEach((targets, output) => {
			for (const t of targets ?? []) parents.set(t.node, [...(parents.get(t.node) ?? []), [source, output, t.index]]);
		});
	}
	return parents;
}

/** Every path from `name` up to a node without parents, as lists of node names. */
export function pathsUp(
	name: string,
	parents: Map<string, Array<[string, number, number]>>,
	seen: string[] = [],
): string[][] {
	const up = parents.get(name) ?? [];
	if (up.length === 0) return [[name]];
	return up
		.filter(([p]) => !seen.includes(p))
		.flatMap(([p]) => pathsUp(p, parents, [...seen, name]).map((path) => [...path, name]));
}
