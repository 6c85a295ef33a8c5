/**
 * Fault injection on the Maileva side of the sandbox (`POST /_sandbox/faults` on `/maileva/...` paths): the answers
 * of Maileva's gateway (errors_response bodies, 429 + Retry-After, 503 maintenance, a dropped connection, a body cut
 * short), faults `after` the work is done, and LRE Send → Postal Registered Letter through them: whatever fails, one
 * case reference never gets two letters, and a letter is never reported as sent when Maileva does not have it.
 */
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { FaultRule } from '../../sandbox/faults';
import type { RunningSandbox } from '../../sandbox/server';
import { maileva, mailevaCredentials, mailevaToken, pdfItems, postalSendParams } from '../helpers/maileva';
import { fakeContext, processedStore } from '../helpers/n8nContext';
import { control, sandbox } from '../helpers/sandbox';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;
let token: string;
beforeAll(async () => {
	sbx = await sandbox();
	credentials = mailevaCredentials(sbx);
	token = await mailevaToken(credentials);
});
afterAll(() => sbx.close());
afterEach(async () => {
	await control(sbx.url(), 'DELETE', '/faults');
});

const SENDINGS = '/maileva/registered_mail/v4/sendings';
const fault = async (rule: Record<string, unknown>) => await control<FaultRule>(sbx.url(), 'POST', '/faults', rule);

describe('Maileva gateway faults: the answers a client sees', () => {
	it('5xx before: an errors_response body with the status asked, and nothing created', async () => {
		await fault({ type: '5xx', status: 502, path: SENDINGS, method: 'POST', count: 1 });
		const before = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		const failed = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', { name: 'FLT-HTTP-1' });
		expect(failed.status).toBe(502);
		expect(failed.json).toEqual({
			errors: [{ code: 'BAD_GATEWAY', message: 'An unexpected error occurred, please retry later' }],
		});
		const after = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		expect((after.json.paging as { total_results: number }).total_results).toBe(
			(before.json.paging as { total_results: number }).total_results,
		);
		// count 1: the next request goes through.
		expect((await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', { name: 'FLT-HTTP-1' })).status).toBe(
			201,
		);
	});

	it('5xx after: the sending exists although the client saw 500', async () => {
		await fault({ type: '5xx', path: SENDINGS, method: 'POST', phase: 'after', count: 1 });
		const failed = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', {
			name: 'FLT-HTTP-2',
			custom_id: 'FLT-HTTP-2',
		});
		expect(failed.status).toBe(500);
		expect(failed.json.errors).toEqual([expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' })]);
		const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		expect(
			(listed.json.sendings as Array<{ custom_id?: string }>).filter((s) => s.custom_id === 'FLT-HTTP-2'),
		).toHaveLength(1);
		const log = await control<Array<{ path: string; outcome: string }>>(sbx.url(), 'GET', '/requests');
		expect(log.filter((r) => r.path === SENDINGS && r.outcome === '201+fault:5xx')).toHaveLength(1);
	});

	it('429 with Retry-After, 503 for maintenance, both with errors_response bodies', async () => {
		await fault({ type: 'rate_limit', path: SENDINGS, method: 'GET', retryAfter: 7, count: 1 });
		const limited = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');
		expect(limited.json.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_REQUESTS' })]);
		await fault({ type: 'maintenance', path: '/maileva/', count: 1 });
		const down = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings');
		expect(down.status).toBe(503);
		expect(down.headers.get('retry-after')).toBe('60');
		expect(down.json.errors).toEqual([expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' })]);
		expect((await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings')).status).toBe(200);
	});

	it('timeout drops the connection without an answer; malformed answers a body that is not JSON', async () => {
		await fault({ type: 'timeout', path: SENDINGS, method: 'GET', holdMs: 100, count: 1 });
		await expect(
			fetch(`${sbx.url()}${SENDINGS}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text()),
		).rejects.toThrow();
		await fault({ type: 'malformed', path: SENDINGS, method: 'POST', phase: 'after', count: 1 });
		const response = await fetch(`${sbx.url()}${SENDINGS}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'FLT-HTTP-3' }),
		});
		expect(response.status).toBe(201);
		const text = await response.text();
		expect(text.startsWith('{"id":"')).toBe(true);
		expect(() => JSON.parse(text) as unknown).toThrow();
	});

	it('a "*" segment targets one step of every sending (the submit), and refuses nothing else', async () => {
		const rule = await fault({ type: '5xx', path: `${SENDINGS}/*/submit`, method: 'POST' });
		const created = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', { name: 'FLT-HTTP-4' });
		const id = String(created.json.id);
		expect(created.status).toBe(201);
		expect((await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${id}`)).status).toBe(200);
		expect((await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/submit`)).status).toBe(500);
		const rules = await control<FaultRule[]>(sbx.url(), 'GET', '/faults');
		expect(rules.find((r) => r.id === rule.id)?.fired).toBe(1);
	});
});

type Params = Record<string, unknown>;
const postalParams = (reference: string): Params => postalSendParams({ reference });
const withPdf = pdfItems;

/** One LRE Send run: its output item, or the error it stopped with. */
async function send(reference: string, processed: ReturnType<typeof processedStore>) {
	const context = fakeContext({ credentials, parameters: postalParams(reference), items: withPdf(), processed });
	try {
		const [out] = await new LreSend().execute.call(context);
		return { item: out[0].json, error: undefined };
	} catch (error) {
		return { item: undefined, error: error as Error & { description?: string } };
	}
}

/** The sendings Maileva (the sandbox) holds for this reference: letters (submitted) and drafts. */
async function atMaileva(reference: string) {
	const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
	const mine = (listed.json.sendings as Array<{ id: string; custom_id?: string; status: string }>).filter(
		(s) => s.custom_id === reference,
	);
	return { letters: mine.filter((s) => s.status !== 'DRAFT'), drafts: mine.filter((s) => s.status === 'DRAFT') };
}

const step = (what: string) => `${SENDINGS}/*/${what}`;

describe('LRE Send → Postal Registered Letter through Maileva faults: one letter per case reference, never reported sent when it is not', () => {
	const cases: Array<{
		name: string;
		reference: string;
		rule: Record<string, unknown>;
		letterAfterFault: boolean;
		/** The client never learned the sending id, so its draft stays at Maileva (a draft is never a letter). */
		orphanDraft?: boolean;
	}> = [
		{
			name: 'the submit answered 500 after Maileva submitted the letter',
			reference: 'FLT-2026-0001',
			rule: { type: '5xx', path: step('submit'), method: 'POST', phase: 'after', count: 1 },
			letterAfterFault: true,
		},
		{
			name: 'the submit connection dropped after Maileva submitted the letter',
			reference: 'FLT-2026-0002',
			rule: { type: 'timeout', holdMs: 200, path: step('submit'), method: 'POST', phase: 'after', count: 1 },
			letterAfterFault: true,
		},
		{
			name: 'the document upload answered 500 (nothing stored)',
			reference: 'FLT-2026-0003',
			rule: { type: '5xx', path: step('documents'), method: 'POST', count: 1 },
			letterAfterFault: false,
		},
		{
			name: 'the document upload answered 503 after the document was stored',
			reference: 'FLT-2026-0004',
			rule: { type: '5xx', status: 503, path: step('documents'), method: 'POST', phase: 'after', count: 1 },
			letterAfterFault: false,
		},
		{
			name: 'the recipient creation timed out (connection dropped, nothing created)',
			reference: 'FLT-2026-0005',
			rule: { type: 'timeout', holdMs: 200, path: step('recipients'), method: 'POST', count: 1 },
			letterAfterFault: false,
		},
		{
			name: 'the recipient creation timed out after the recipient was created',
			reference: 'FLT-2026-0006',
			rule: { type: 'timeout', holdMs: 200, path: step('recipients'), method: 'POST', phase: 'after', count: 1 },
			letterAfterFault: false,
		},
		{
			name: 'the recipient creation was rate limited (429, Retry-After 1): retried, one letter',
			reference: 'FLT-2026-0007',
			rule: { type: 'rate_limit', retryAfter: 1, path: step('recipients'), method: 'POST', count: 1 },
			letterAfterFault: true,
		},
		{
			name: 'Maileva was in maintenance (503) when the sending was created',
			reference: 'FLT-2026-0008',
			rule: { type: 'maintenance', path: SENDINGS, method: 'POST', count: 1 },
			letterAfterFault: false,
		},
		{
			name: 'the sending creation answered a body cut short after the sending was created',
			reference: 'FLT-2026-0009',
			rule: { type: 'malformed', path: SENDINGS, method: 'POST', phase: 'after', count: 1 },
			letterAfterFault: false,
			orphanDraft: true,
		},
		{
			// LRE Send reads the listing, sees its sending still a DRAFT (not a letter) and sends the case again.
			name: 'the submit answered 500 before Maileva submitted it (the draft stays a draft)',
			reference: 'FLT-2026-0010',
			rule: { type: '5xx', path: step('submit'), method: 'POST', count: 1 },
			letterAfterFault: false,
			orphanDraft: true,
		},
	];

	it.each(cases)('$name', async ({ reference, rule, letterAfterFault, orphanDraft }) => {
		const processed = processedStore();
		const injected = await fault(rule);
		const first = await send(reference, processed);
		const rules = await control<FaultRule[]>(sbx.url(), 'GET', '/faults');
		expect(rules.find((r) => r.id === injected.id)?.fired).toBe(1);

		const afterFault = await atMaileva(reference);
		expect(afterFault.letters).toHaveLength(letterAfterFault ? 1 : 0);
		if (first.item) {
			// Reported as sent: Maileva has exactly that letter, submitted.
			expect(afterFault.letters.map((s) => s.id)).toEqual([first.item.letterId]);
		} else {
			// Reported as a failure: never "nothing was sent" when Maileva has the letter.
			const said = `${first.error?.message} ${first.error?.description ?? ''}`;
			if (afterFault.letters.length) expect(said).not.toMatch(/nothing (was|has been) sent/i);
		}

		// The user (or n8n's retry) runs the item again, the fault gone: still one letter, the same one.
		await control(sbx.url(), 'DELETE', '/faults');
		const again = await send(reference, processed);
		expect(again.error).toBeUndefined();
		const final = await atMaileva(reference);
		expect(final.letters).toHaveLength(1);
		// A failed attempt leaves no draft behind (LRE Send deletes it) unless it never learned the sending's id.
		expect(final.drafts).toHaveLength(orphanDraft ? 1 : 0);
		expect(again.item?.letterId).toBe(final.letters[0].id);
		if (letterAfterFault) {
			expect(again.item?.letterId).toBe(afterFault.letters[0].id);
			expect(again.item?.alreadySent).toBe(true);
		}
		// A third run sends nothing more.
		const third = await send(reference, processed);
		expect(third.item).toMatchObject({ alreadySent: true, letterId: final.letters[0].id });
		expect((await atMaileva(reference)).letters).toHaveLength(1);
	});
});
