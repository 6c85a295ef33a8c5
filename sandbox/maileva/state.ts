/**
 * What the Maileva side of the sandbox keeps across a restart (kill -9 included), beside the AR24 store in the same
 * data dir (`--data-dir`): one JSON file per Maileva module under `<data dir>/maileva/<name>.json`, written
 * atomically (temp file + rename, as sandbox/store.ts), and blobs (printed documents) under `<data dir>/maileva/`.
 * The sandbox clock is the AR24 store's (`meta.json`), saved on every tick and with every Maileva save.
 *
 * HOW A MAILEVA MODULE PERSISTS ITS STATE — one call. A module keeping one plain JSON-serialisable state object per
 * sandbox (numbers, strings, booleans, arrays, plain objects: no Map, Set, Date or Buffer) gets it from here instead
 * of its own WeakMap:
 *
 *     import { mailevaState } from './state';
 *     const stateOf = (sandbox: Sandbox) => mailevaState(sandbox, 'electronic', () => ({ sendings: [] }));
 *
 * `mailevaState(sandbox, name, fresh)` answers the same object for the whole life of the sandbox: the one saved under
 * that name when the sandbox was started on a data dir that holds it, else `fresh()`. Mutate it in place (never
 * replace it). It is saved — only when its JSON changed — before every answer under `/maileva/` leaves the sandbox
 * (so no client ever sees an answer whose work a kill -9 could lose), on every tick of the sandbox clock (work done
 * by timers, e.g. webhook deliveries), and when the sandbox closes. A module that changes its state outside a request
 * and cannot wait for the next tick (200 ms) calls `saveMailevaStates(sandbox)` itself.
 *
 * Names in use: `registered_mail` (./server.ts), `electronic` (./electronic.ts), `notifications`
 * (./notifications.ts). Not persisted: OAuth access and refresh tokens (a restarted sandbox
 * answers 401 to an old token, and the client logs in again, as after a Keycloak restart).
 */
import type { Sandbox } from '../context';

interface Slot {
	value: object;
	/** The JSON last written (or read), to write only on change. */
	written: string;
}

const slots = new WeakMap<Sandbox, Map<string, Slot>>();
const NAME = /^[a-z][a-z0-9_-]{0,40}$/;

function slotsOf(sandbox: Sandbox): Map<string, Slot> {
	let map = slots.get(sandbox);
	if (!map) {
		map = new Map();
		slots.set(sandbox, map);
	}
	return map;
}

/** The persisted state object `name` of this sandbox (see the top of this file). */
export function mailevaState<T extends object>(sandbox: Sandbox, name: string, fresh: () => T): T {
	if (!NAME.test(name)) throw new Error(`Maileva state name "${name}" must be lower case letters, digits, _ or -`);
	const map = slotsOf(sandbox);
	const known = map.get(name);
	if (known) return known.value as T;
	const saved = sandbox.store.readBlob(`maileva/${name}.json`);
	let value: T;
	let written = '';
	if (saved) {
		written = saved.toString('utf8');
		value = JSON.parse(written) as T;
	} else value = fresh();
	map.set(name, { value, written });
	return value;
}

/** Writes every Maileva state whose JSON changed since it was last written, and the clock. */
export function saveMailevaStates(sandbox: Sandbox): void {
	const map = slots.get(sandbox);
	if (!map) return;
	let changed = false;
	for (const [name, slot] of map) {
		const json = JSON.stringify(slot.value);
		if (json === slot.written) continue;
		sandbox.store.writeBlob(`maileva/${name}.json`, Buffer.from(json, 'utf8'));
		slot.written = json;
		changed = true;
	}
	if (changed) {
		sandbox.store.meta.clockOffsetMs = sandbox.clock.offsetMs();
		sandbox.store.saveMeta();
	}
}

/** Writes a blob (e.g. a printed document) under `<data dir>/maileva/`. */
export function writeMailevaBlob(sandbox: Sandbox, relativePath: string, data: Buffer): void {
	sandbox.store.writeBlob(`maileva/${relativePath}`, data);
}

export function readMailevaBlob(sandbox: Sandbox, relativePath: string): Buffer | undefined {
	return sandbox.store.readBlob(`maileva/${relativePath}`);
}
