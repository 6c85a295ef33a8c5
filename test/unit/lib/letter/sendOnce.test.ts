/** sendOnce without n8n: the decisions of "at most one letter per case reference", with in-memory ports. */
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { canonicalReference } from '../../../../lib/letter/reference';
import {
	KeyedLock,
	SendRefused,
	sendOnce,
	type ListingLookup,
	type SendPorts,
	type SendRecord,
} from '../../../../lib/letter/sendOnce';

class MemoryRecord implements SendRecord {
	available = true;
	attempts = new Set<string>();
	ids = new Map<string, string>();
	async markAttempt(key: string) {
		const had = this.attempts.has(key);
		this.attempts.add(key);
		return had;
	}
	async wasAttempted(key: string) {
		return this.attempts.has(key);
	}
	async clearAttempt(key: string) {
		this.attempts.delete(key);
	}
	async recordLetter(key: string, id: string) {
		this.ids.set(key, id);
	}
	async letterId(key: string) {
		return this.ids.get(key);
	}
}

interface World {
	/** Letters at "AR24". */
	letters: Ar24Mail[];
	listing: 'complete' | 'unreliable';
	depositFails?: 'certain' | 'lost-after-create' | 'lost-before-create';
	uploadFails?: boolean;
	calls: string[];
}

function ports(world: World, record: SendRecord, reference: string): SendPorts<Ar24Mail> {
	const byKey = (key: string) => world.letters.filter((m) => canonicalReference(String(m.ref_dossier)) === key).at(-1);
	return {
		lookup: {
			find: async (key): Promise<ListingLookup<Ar24Mail>> => {
				world.calls.push('find');
				// An unreliable listing shows only the newest letter.
				const visible = world.listing === 'complete' ? world.letters : world.letters.slice(-1);
				const mail = visible.filter((m) => canonicalReference(String(m.ref_dossier)) === key).at(-1);
				return {
					mail,
					complete: world.listing === 'complete',
					reason: world.listing === 'complete' ? undefined : 'AR24 returned the same letters again',
				};
			},
			findRecent: async (key) => byKey(key),
			remember: () => undefined,
		},
		record,
		identify: (mail) => ({
			letterId: String(mail.id),
			reference: typeof mail.ref_dossier === 'string' ? mail.ref_dossier : undefined,
		}),
		getLetter: async (id) => {
			world.calls.push(`get:${id}`);
			const mail = world.letters.find((m) => String(m.id) === id);
			if (!mail) throw new Error('missing_erm_id');
			return mail;
		},
		upload: async () => {
			world.calls.push('upload');
			if (world.uploadFails) throw new Error('upload refused');
			return { ids: ['51'], sha256ById: { 51: 'abc' } };
		},
		deposit: async () => {
			world.calls.push('deposit');
			const mail = { id: 100001 + world.letters.length, ref_dossier: reference, date: '2026-01-01 10:00:00' };
			if (world.depositFails === 'certain') throw Object.assign(new Error('AR24: invalid_recipient'), { acted: false });
			if (world.depositFails === 'lost-before-create') throw Object.assign(new Error('timeout'), { acted: true });
			world.letters.push(mail);
			if (world.depositFails === 'lost-after-create') throw Object.assign(new Error('timeout'), { acted: true });
			return mail;
		},
		mayHaveActed: (error) => (error as { acted?: boolean }).acted === true,
	};
}

const world = (extra: Partial<World> = {}): World => ({ letters: [], listing: 'complete', calls: [], ...extra });
const refusal = async (promise: Promise<unknown>): Promise<SendRefused> => {
	try {
		await promise;
	} catch (error) {
		if (error instanceof SendRefused) return error;
		throw error;
	}
	throw new Error('expected a refusal');
};

describe('sendOnce', () => {
	it('sends a new reference once: attempt recorded before the upload, letter id after the send', async () => {
		const w = world();
		const record = new MemoryRecord();
		const result = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		expect(result).toMatchObject({ alreadySent: false, recorded: true, foundBy: null, uploaded: { 51: 'abc' } });
		expect(w.calls).toEqual(['find', 'upload', 'deposit']);
		expect(record.attempts.has('med-1')).toBe(true);
		expect(record.ids.get('med-1')).toBe('100001');
	});

	it('returns the letter the listing shows, whatever the spelling of the reference, and uploads nothing', async () => {
		const w = world({ letters: [{ id: 100001, ref_dossier: 'MED-1' }] });
		const result = await sendOnce(ports(w, new MemoryRecord(), 'med\u200b-1 '), 'med\u200b-1 ', 0);
		expect(result).toMatchObject({ alreadySent: true, foundBy: 'listing', mail: { id: 100001 } });
		expect(w.calls).toEqual(['find']);
	});

	it('fails closed when the listing is unreliable and the reference is not visible (default policy)', async () => {
		const w = world({ listing: 'unreliable', letters: [{ id: 100001, ref_dossier: 'OTHER' }] });
		const error = await refusal(sendOnce(ports(w, new MemoryRecord(), 'MED-1'), 'MED-1', 0));
		expect(error.problem).toContain('cannot prove this reference was never sent');
		expect(error.problem).toContain('AR24 returned the same letters again');
		expect(error.fix).toContain('Nothing was sent');
		expect(w.calls).toEqual(['find']);
	});

	it('with an unreliable listing, finds an older letter through the send record (read back and checked at AR24)', async () => {
		const w = world();
		const record = new MemoryRecord();
		await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		w.letters.push({ id: 100002, ref_dossier: 'NEWER' });
		w.listing = 'unreliable';
		w.calls = [];
		const again = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		expect(again).toMatchObject({ alreadySent: true, foundBy: 'sendRecord', mail: { id: 100001 } });
		expect(w.calls).toEqual(['find', 'get:100001']);
	});

	it('with an unreliable listing and "trust the record", sends what the record never saw', async () => {
		const w = world({ listing: 'unreliable', letters: [{ id: 100001, ref_dossier: 'OTHER' }] });
		const result = await sendOnce(ports(w, new MemoryRecord(), 'MED-1'), 'MED-1', 0, {
			incompleteListing: 'trustRecord',
			unconfirmedAttempt: 'fail',
		});
		expect(result.alreadySent).toBe(false);
		expect(w.letters).toHaveLength(2);
	});

	it('without a send record (old n8n), an unreliable listing always fails closed, saying why', async () => {
		const w = world({ listing: 'unreliable' });
		const record = Object.assign(new MemoryRecord(), { available: false });
		const error = await refusal(
			sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0, {
				incompleteListing: 'trustRecord',
				unconfirmedAttempt: 'sendAgain',
			}),
		);
		expect(error.problem).toContain('no de-duplication store');
		expect(w.calls).toEqual(['find']);
	});

	it('without a send record, a complete listing still decides (and the letter is marked unrecorded)', async () => {
		const w = world();
		const record = Object.assign(new MemoryRecord(), { available: false });
		const result = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		expect(result).toMatchObject({ alreadySent: false, recorded: false });
	});

	it('a deposit AR24 certainly refused clears the attempt, so the next run may send', async () => {
		const w = world({ depositFails: 'certain' });
		const record = new MemoryRecord();
		await expect(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0)).rejects.toThrow('invalid_recipient');
		expect(record.attempts.size).toBe(0);
		w.depositFails = undefined;
		expect((await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0)).alreadySent).toBe(false);
	});

	it('a failed upload clears the attempt', async () => {
		const w = world({ uploadFails: true });
		const record = new MemoryRecord();
		await expect(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0)).rejects.toThrow('upload refused');
		expect(record.attempts.size).toBe(0);
	});

	it('a lost answer after AR24 created the letter is recovered from the newest letters and recorded', async () => {
		const w = world({ depositFails: 'lost-after-create' });
		const record = new MemoryRecord();
		const result = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		expect(result).toMatchObject({ alreadySent: false, recoveredAfterError: true, mail: { id: 100001 } });
		expect(record.ids.get('med-1')).toBe('100001');
	});

	it('a lost answer with no letter keeps the attempt: with an unreliable listing the next run fails closed until the user confirms', async () => {
		const w = world({ depositFails: 'lost-before-create' });
		const record = new MemoryRecord();
		await expect(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0)).rejects.toThrow('timeout');
		expect(record.attempts.has('med-1')).toBe(true);
		w.depositFails = undefined;
		w.listing = 'unreliable';
		w.calls = [];
		const trust = { incompleteListing: 'trustRecord', unconfirmedAttempt: 'fail' } as const;
		const error = await refusal(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0, trust));
		expect(error.problem).toContain('an earlier run started sending this reference');
		expect(w.calls).toEqual(['find']);
		expect(w.letters).toHaveLength(0);
		const confirmed = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0, {
			...trust,
			unconfirmedAttempt: 'sendAgain',
		});
		expect(confirmed.alreadySent).toBe(false);
		expect(w.letters).toHaveLength(1);
	});

	it('a lost answer with no letter, then a complete listing without it: AR24 created none, the next run sends', async () => {
		const w = world({ depositFails: 'lost-before-create' });
		const record = new MemoryRecord();
		await expect(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0)).rejects.toThrow('timeout');
		w.depositFails = undefined;
		const again = await sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0);
		expect(again.alreadySent).toBe(false);
		expect(w.letters).toHaveLength(1);
		expect(record.ids.get('med-1')).toBe(String(w.letters[0].id));
	});

	it('refuses a recorded letter id whose letter at AR24 has another reference', async () => {
		const w = world({ letters: [{ id: 100001, ref_dossier: 'SOMETHING-ELSE' }], listing: 'unreliable' });
		const record = new MemoryRecord();
		record.attempts.add('med-1');
		record.ids.set('med-1', '100001');
		const error = await refusal(sendOnce(ports(w, record, 'MED-1'), 'MED-1', 0));
		expect(error.problem).toContain('SOMETHING-ELSE');
	});
});

describe('KeyedLock', () => {
	it('runs work on one key one at a time, other keys in parallel', async () => {
		const lock = new KeyedLock();
		const log: string[] = [];
		const job = (key: string, name: string, ms: number) =>
			lock.run(key, async () => {
				log.push(`start ${name}`);
				await new Promise((resolve) => setTimeout(resolve, ms));
				log.push(`end ${name}`);
			});
		await Promise.all([job('a', 'a1', 30), job('a', 'a2', 1), job('b', 'b1', 1)]);
		expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
		expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
	});
});
