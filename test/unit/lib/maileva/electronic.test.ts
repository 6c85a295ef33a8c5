/**
 * Maileva's electronic letters read into the neutral Letter (lib/maileva/electronic.ts): the state of each recipient
 * status and proof, the letter id that names the API, the OTP session token — and the provider's listing that merges
 * the three APIs (lib/maileva/provider.ts) over a fake wire, no socket.
 */
import {
	electronicState,
	letterIdOf,
	normalizeElectronic,
	otpSessionToken,
	parseLetterId,
	readOtpSessionToken,
} from '../../../../lib/maileva/electronic';
import { mailevaProvider, type MailevaLetter } from '../../../../lib/maileva/provider';
import type { WireCall } from '../../../../lib/provider/types';

const SENDER = 'c0ffee00-5b0c-4a52-9d0e-2f1a3c4b5d6e';
const ID = '2c9f1e0a-1111-4222-8333-444455556666';

describe('electronicState', () => {
	const sending = { id: ID, status: 'PROCESSED' };
	const deposit = { deposit_proof: { href: 'https://x/dp' } };
	it.each([
		[{ status: 'PENDING' }, 'pending'],
		[{ status: 'PROCESSED', ...deposit }, 'sent'],
		// An ACCEPTED recipient without an acknowledgement of receipt is not taken for an accepted letter.
		[{ status: 'ACCEPTED', ...deposit }, 'sent'],
		[{ status: 'ACCEPTED', ...deposit, delivery_proof: { type: 'ACKNOWLEDGMENT_OF_RECEIPT', href: 'h' } }, 'accepted'],
		[{ status: 'REFUSED' }, 'refused'],
		[{ status: 'NOT_CLAIMED' }, 'negligence'],
		[{ status: 'ERROR', status_detail: 'BOUNCED' }, 'bounced'],
		[{ status: 'ERROR', status_detail: 'TECHNICAL' }, 'failed'],
		[{ status: 'REJECTED' }, 'failed'],
	])('qualified LRE recipient %j → %s', (recipient, state) => {
		expect(electronicState('lre', sending, recipient)).toBe(state);
	});
	it.each([
		[{ status: 'ACCEPTED' }, 'pending'],
		[{ status: 'PROCESSED', delivery_status: 'DELIVERING' }, 'sent'],
		[{ status: 'PROCESSED', delivery_status: 'DELIVERED' }, 'accepted'],
		[{ status: 'PROCESSED', delivery_status: 'UNDELIVERED', delivery_status_detail: 'REFUSED' }, 'refused'],
		[{ status: 'PROCESSED', delivery_status: 'UNDELIVERED', delivery_status_detail: 'NOT_CLAIMED' }, 'negligence'],
		[{ status: 'PROCESSED', delivery_status: 'UNDELIVERED', delivery_status_detail: 'BOUNCED' }, 'bounced'],
		[{ status: 'SENDING_REJECTED' }, 'failed'],
	])('ERE recipient %j → %s', (recipient, state) => {
		expect(electronicState('ere', sending, recipient)).toBe(state);
	});
	it('a rejected sending fails its letter, a sending without recipient read is pending', () => {
		expect(electronicState('lre', { status: 'REJECTED' }, {})).toBe('failed');
		expect(electronicState('ere', { status: 'PENDING' })).toBe('pending');
	});
});

describe('normalizeElectronic', () => {
	it('reads the ERE proofs and dates, the recipient and the references', () => {
		const recipient = {
			email: 'compta@martin.example',
			first_name: 'Paul',
			last_name: 'Martin',
			company: 'Martin SARL',
			legal_status: 'PROFESSIONAL',
			custom_id: 'MED-1',
			custom_data: 'C-42',
			status: 'PROCESSED',
			delivery_status: 'UNDELIVERED',
			delivery_status_detail: 'REFUSED',
			delivery_statuses: [
				{ date: '2026-03-01T10:02:00Z', code: 'DELIVERING' },
				{ date: '2026-03-02T10:02:00Z', code: 'UNDELIVERED', detail: 'REFUSED' },
			],
			deposit_proof: { date: '2026-03-01T10:02:00Z', href: 'https://api/dp' },
			delivery_proof: { date: '2026-03-02T10:02:00Z', type: 'REFUSAL_PROOF', href: 'https://api/rf' },
		};
		const sending = {
			id: ID,
			custom_id: 'MED-1',
			custom_data: 'B-7',
			status: 'PROCESSED',
			submission_date: '2026-03-01T10:00:00Z',
		};
		const letter = normalizeElectronic('ere', sending, recipient, { kind: 'ere', sending, recipient }, {});
		expect(letter).toMatchObject({
			provider: 'maileva',
			letterId: `ERE-${ID}`,
			type: 'ere',
			state: 'refused',
			providerStatus: 'REFUSED',
			reference: 'MED-1',
			clientReference: 'C-42',
			billingReference: 'B-7',
			recipient: { email: 'compta@martin.example', company: 'Martin SARL', status: 'professional' },
			events: {
				depositedAt: '2026-03-01T10:00:00.000Z',
				sentAt: '2026-03-01T10:02:00.000Z',
				refusedAt: '2026-03-02T10:02:00.000Z',
				acceptedAt: null,
			},
			proofs: [
				{ type: 'deposit', url: 'https://api/dp' },
				{ type: 'refusal', url: 'https://api/rf', date: '2026-03-02T10:02:00.000Z' },
			],
		});
	});
});

describe('letter ids and OTP session tokens', () => {
	it('names the API in the letter id, a bare sending id staying a postal letter', () => {
		expect(letterIdOf('lre', ID)).toBe(`LRE-${ID}`);
		expect(parseLetterId(`LRE-${ID}`)).toEqual({ kind: 'lre', sendingId: ID });
		expect(parseLetterId(`ere-${ID}`)).toEqual({ kind: 'ere', sendingId: ID });
		expect(parseLetterId(ID)).toEqual({ kind: 'postal', sendingId: ID });
		// 4 + 36 characters: the whole id fits the 40 that archive names keep.
		expect(letterIdOf('ere', ID)).toHaveLength(40);
	});
	it('round-trips the OTP session, and refuses what is not one (an AR24 hash)', () => {
		const session = { senderId: SENDER, expiresAt: '2026-03-01T11:00:00.000Z' };
		expect(readOtpSessionToken(otpSessionToken(session))).toEqual(session);
		expect(readOtpSessionToken('3f9a1c2b0d4e')).toBeUndefined();
		expect(readOtpSessionToken('maileva-otp:not-a-uuid:2026-03-01T11:00:00Z')).toBeUndefined();
	});
});

describe('mailevaProvider over a fake wire', () => {
	const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
	const sendings: Record<string, Array<Record<string, unknown>>> = {
		'/registered_mail/v4': [
			{ id: 'p2', creation_date: at(50) },
			{ id: 'p1', creation_date: at(10) },
		],
		'/electronic_qualified_registered_mail/v1': [{ id: 'l1', creation_date: at(40) }],
		'/secured_electronic_mail/v1': [{ id: 'e1', creation_date: at(20) }],
	};
	function provider(options: { forbidEre?: boolean; senderId?: string } = {}) {
		const calls: WireCall[] = [];
		const wire = async (call: WireCall) => {
			calls.push(call);
			const api = Object.keys(sendings).find((prefix) => call.path.startsWith(prefix)) ?? '';
			if (options.forbidEre && api === '/secured_electronic_mail/v1')
				throw Object.assign(new Error('HTTP 403'), { httpCode: '403' });
			if (call.path.endsWith('/authenticate_by_otp')) return { expiration_date: '2026-03-01T11:00:00Z' };
			if (call.path === `${api}/sendings`) {
				const start = Number(call.params?.start_index) - 1;
				return { sendings: sendings[api].slice(start, start + Number(call.params?.count)) };
			}
			throw new Error(`unexpected ${call.method} ${call.path}`);
		};
		const unused = async (): Promise<never> => {
			throw new Error('no download');
		};
		return { calls, maileva: mailevaProvider({ wire, download: unused, username: 'u', senderId: options.senderId }) };
	}
	const ids = (letters: MailevaLetter[]) => letters.map((l) => `${l.kind ?? 'postal'}:${String(l.sending.id)}`);

	it('merges the three APIs newest first and pages the merged list', async () => {
		const { maileva } = provider();
		expect(ids(await maileva.listLetters('u', { start: 0, max: 2 }))).toEqual(['postal:p2', 'lre:l1']);
		expect(ids(await maileva.listLetters('u', { start: 2, max: 2 }))).toEqual(['ere:e1', 'postal:p1']);
		expect(await maileva.listLetters('u', { start: 4, max: 2 })).toEqual([]);
		expect(maileva.identify((await maileva.listLetters('u', { start: 1, max: 1 }))[0]).letterId).toBe('LRE-l1');
	});

	it('counts an electronic API the account may not use (HTTP 403) as empty, never the postal one', async () => {
		const { maileva } = provider({ forbidEre: true });
		expect(ids(await maileva.listLetters('u', { start: 0, max: 10 }))).toEqual(['postal:p2', 'lre:l1', 'postal:p1']);
	});

	it('opens an OTP session for the sender id and hands out a token naming it and its end', async () => {
		const { maileva, calls } = provider({ senderId: SENDER });
		const session = await maileva.startOtpSession(SENDER, '123456');
		expect(calls.at(-1)).toEqual({
			method: 'POST',
			path: `/electronic_mail_emitter/v1/senders/${SENDER}/authenticate_by_otp`,
			params: { otp_code: '123456' },
		});
		expect(session).toEqual({
			hash: `maileva-otp:${SENDER}:2026-03-01T11:00:00.000Z`,
			expiresAt: '2026-03-01T11:00:00.000Z',
		});
		await expect(maileva.startOtpSession('recouvrement@example.com', '123456')).rejects.toThrow(/set Sender ID/);
	});
});
