/** LRE Send's send record over n8n's de-duplication helpers (the fake mirrors n8n 2.41's hashed entries). */
import { deduplicationHelpers, processedStore } from '../../../helpers/n8nContext';
import { N8nSendRecord } from '../../../../nodes/LreSend/actions/letter/sendRecord';

describe('N8nSendRecord', () => {
	const fresh = () => {
		const store = processedStore();
		return { store, record: new N8nSendRecord(deduplicationHelpers(store, 'node-1') as never, '7') };
	};

	it('records an attempt and says so on the next mark; a probe leaves nothing behind', async () => {
		const { store, record } = fresh();
		expect(await record.wasAttempted('med-1')).toBe(false);
		expect(store.get('n:node-1')).toEqual([]);
		expect(await record.markAttempt('med-1')).toBe(false);
		expect(await record.markAttempt('med-1')).toBe(true);
		expect(await record.wasAttempted('med-1')).toBe(true);
		await record.clearAttempt('med-1');
		expect(await record.wasAttempted('med-1')).toBe(false);
	});

	it('stores only hashes, and reads a letter id back from them', async () => {
		const { store, record } = fresh();
		await record.recordLetter('med-1', '100042');
		await record.recordLetter('med-2', '9');
		expect(JSON.stringify([...store.values()])).not.toContain('100042');
		const before = store.get('n:node-1')?.length;
		expect(await record.letterId('med-1')).toBe('100042');
		expect(await record.letterId('med-2')).toBe('9');
		expect(await record.letterId('med-3')).toBeUndefined();
		expect(store.get('n:node-1')?.length).toBe(before);
	});

	it('keeps senders apart, and gives no id when two letters were recorded for one reference', async () => {
		const { store, record } = fresh();
		await record.recordLetter('med-1', '100042');
		const other = new N8nSendRecord(deduplicationHelpers(store, 'node-1') as never, '8');
		expect(await other.letterId('med-1')).toBeUndefined();
		await record.recordLetter('med-1', '100043');
		expect(await record.letterId('med-1')).toBeUndefined();
	});

	it('queues concurrent calls (n8n rewrites the whole record on each call)', async () => {
		const { record } = fresh();
		await Promise.all(Array.from({ length: 20 }, (_, i) => record.markAttempt(`ref-${i}`)));
		const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => record.wasAttempted(`ref-${i}`)));
		expect(seen.every(Boolean)).toBe(true);
	});

	it('is unavailable where n8n has no de-duplication helpers', () => {
		expect(new N8nSendRecord({}, '7').available).toBe(false);
	});
});
