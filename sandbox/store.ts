/**
 * The sandbox's state on disk: one JSON file per record, written atomically (temp file + rename), so a killed
 * sandbox restarts with every letter, attachment, webhook delivery and its clock. Layout under the data dir:
 *   meta.json  users/<id>.json  attachments/<id>.json + <id>.bin  mails/<id>.json  webhooks/<id>.json  proofs/*.pdf
 *   maileva/<name>.json + maileva/documents/<id>.bin (the Maileva side, sandbox/maileva/state.ts)
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export type Collection = 'users' | 'attachments' | 'mails' | 'webhooks';
const COLLECTIONS: Collection[] = ['users', 'attachments', 'mails', 'webhooks'];

export interface Meta {
	nextId: Record<Collection, number>;
	/** Sandbox clock minus real clock, in ms, when last saved. */
	clockOffsetMs: number;
}

const FIRST_IDS: Record<Collection, number> = { users: 1, attachments: 5001, mails: 100001, webhooks: 1 };

export class Store {
	readonly dir: string;
	meta: Meta;
	private readonly records: Record<Collection, Map<number, unknown>>;

	constructor(dir: string) {
		this.dir = dir;
		for (const sub of [...COLLECTIONS, 'proofs']) mkdirSync(join(dir, sub), { recursive: true });
		const metaFile = join(dir, 'meta.json');
		this.meta = existsSync(metaFile)
			? (JSON.parse(readFileSync(metaFile, 'utf8')) as Meta)
			: { nextId: { ...FIRST_IDS }, clockOffsetMs: 0 };
		this.records = { users: new Map(), attachments: new Map(), mails: new Map(), webhooks: new Map() };
		for (const collection of COLLECTIONS) {
			for (const file of readdirSync(join(dir, collection))) {
				if (!file.endsWith('.json')) continue;
				const record = JSON.parse(readFileSync(join(dir, collection, file), 'utf8')) as { id: number };
				this.records[collection].set(record.id, record);
			}
		}
	}

	nextId(collection: Collection): number {
		const id = this.meta.nextId[collection];
		this.meta.nextId[collection] = id + 1;
		this.saveMeta();
		return id;
	}

	get<T>(collection: Collection, id: number): T | undefined {
		return this.records[collection].get(id) as T | undefined;
	}

	all<T>(collection: Collection): T[] {
		return [...this.records[collection].values()] as T[];
	}

	put<T extends { id: number }>(collection: Collection, record: T): T {
		if (!Number.isSafeInteger(record.id) || record.id < 1)
			throw new Error(`${collection} id must be a positive whole number, not ${JSON.stringify(record.id)}`);
		this.records[collection].set(record.id, record);
		atomicWrite(join(this.dir, collection, `${record.id}.json`), JSON.stringify(record));
		return record;
	}

	/** A path under the data dir; anything that would leave it (`..`, absolute) is refused. */
	private inside(relativePath: string): string {
		const root = resolve(this.dir);
		const file = resolve(root, relativePath);
		if (!file.startsWith(root + sep)) throw new Error(`sandbox path "${relativePath}" leaves the data directory`);
		return file;
	}

	saveMeta(): void {
		atomicWrite(join(this.dir, 'meta.json'), JSON.stringify(this.meta));
	}

	/** Writes a file under the data dir atomically, making its folder if needed (the Maileva side: maileva/…). */
	writeBlob(relativePath: string, data: Buffer): void {
		const file = this.inside(relativePath);
		mkdirSync(dirname(file), { recursive: true });
		atomicWrite(file, data);
	}

	readBlob(relativePath: string): Buffer | undefined {
		const file = this.inside(relativePath);
		return existsSync(file) ? readFileSync(file) : undefined;
	}
}

function atomicWrite(file: string, data: string | Buffer): void {
	const temp = `${file}.${process.pid}.tmp`;
	writeFileSync(temp, data);
	renameSync(temp, file);
}
