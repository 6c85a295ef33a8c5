import { ar24Boolean } from '../../../../lib/ar24/values';
import { pickProof, proofsOfAr24Mail, stateOfAr24Mail } from '../../../../lib/letter/lifecycle';
import { normalizeAr24Mail } from '../../../../lib/letter/normalize';

const base = { id: 1, status: 'whatever' };

describe('stateOfAr24Mail', () => {
	it.each([
		[{}, 'pending'],
		[{ ts_ev_date: '2026-01-01 10:00:00' }, 'sent'],
		[{ ts_ev_date: '2026-01-01 10:00:00', view_date: '2026-01-02 10:00:00' }, 'accepted'],
		[{ ts_ev_date: '2026-01-01 10:00:00', refused_date: '2026-01-02 10:00:00' }, 'refused'],
		[{ ts_ev_date: '2026-01-01 10:00:00', negligence_date: '2026-01-17 00:00:00' }, 'negligence'],
		[{ ts_ev_date: '2026-01-01 10:00:00', bounced_date: '2026-01-01 10:05:00' }, 'bounced'],
		[{ ts_ev_date: '', view_date: null }, 'pending'],
		[{ send_fail: true }, 'failed'],
		[{ send_fail: 1 }, 'failed'],
		[{ send_fail: '1' }, 'failed'],
		[{ send_fail: 'true' }, 'failed'],
		[{ send_fail: '0' }, 'pending'],
		[{ send_fail: 0, ts_ev_date: '2026-01-01 10:00:00' }, 'sent'],
		[{ send_fail: 'false' }, 'pending'],
		[{ send_fail: true, ts_ev_date: '2026-01-01 10:00:00' }, 'failed'],
	])('%j → %s (the status string is ignored)', (fields, state) => {
		expect(stateOfAr24Mail({ ...base, ...fields })).toBe(state);
	});
});

describe('ar24Boolean', () => {
	it.each([
		[true, true],
		[1, true],
		['1', true],
		['true', true],
		[' TRUE ', true],
		[false, false],
		[0, false],
		['0', false],
		['false', false],
		['', false],
		[null, false],
		[undefined, false],
		['maybe', undefined],
		[2, undefined],
	])('%j → %j', (value, expected) => {
		expect(ar24Boolean(value)).toBe(expected);
	});
});

describe('proofsOfAr24Mail', () => {
	const both = {
		...base,
		date: '2026-01-01 09:59:00',
		proof_dp_url: 'https://x/get/proof/dp-1',
		proof_ev_url: 'https://x/get/proof/ev-1',
		ts_ev_date: '2026-01-01 10:00:00',
		proof_ar_url: 'https://x/get/proof/ar-1',
		view_date: '2026-01-02 10:00:00',
		proof_rf_url: null,
	};

	it('lists the deposit proof (proof_dp_url) and the sending proof (proof_ev_url) as two documents', () => {
		expect(proofsOfAr24Mail(both)).toEqual([
			{ type: 'deposit', url: 'https://x/get/proof/dp-1', date: '2026-01-01 09:59:00' },
			{ type: 'sending', url: 'https://x/get/proof/ev-1', date: '2026-01-01 10:00:00' },
			{ type: 'acceptance', url: 'https://x/get/proof/ar-1', date: '2026-01-02 10:00:00' },
		]);
	});

	it('gives each proof type its own document, and the sending proof for "deposit" only when there is no deposit proof', () => {
		const proofs = proofsOfAr24Mail(both);
		expect(pickProof(proofs, 'deposit')?.url).toBe('https://x/get/proof/dp-1');
		expect(pickProof(proofs, 'sending')?.url).toBe('https://x/get/proof/ev-1');
		const older = proofsOfAr24Mail({ ...both, proof_dp_url: null });
		expect(pickProof(older, 'deposit')?.url).toBe('https://x/get/proof/ev-1');
		expect(pickProof(older, 'refusal')).toBeUndefined();
	});
});

describe('normalizeAr24Mail', () => {
	it('reads "0"/"1" flags as AR24 sends them', () => {
		expect(normalizeAr24Mail({ ...base, is_eidas: '0' }).type).toBe('ere');
		expect(normalizeAr24Mail({ ...base, is_eidas: '1' }).type).toBe('lre');
		expect(normalizeAr24Mail({ ...base, is_eidas: 0, send_fail: '0' })).toMatchObject({
			type: 'ere',
			sendFailed: false,
			state: 'pending',
		});
		expect(normalizeAr24Mail({ ...base, send_fail: '1' })).toMatchObject({ sendFailed: true, state: 'failed' });
	});

	it('takes ids as numbers or strings', () => {
		expect(normalizeAr24Mail({ id: '100042', attachments_details: [{ id: '51', name: 'a.pdf' }] })).toMatchObject({
			letterId: '100042',
			attachments: [{ id: '51' }],
		});
		expect(normalizeAr24Mail({ id: 100042, attachments_details: [{ id: 51, name: 'a.pdf' }] })).toMatchObject({
			letterId: '100042',
			attachments: [{ id: '51' }],
		});
	});

	it("puts AR24's latest recipient correction (update[]) in recipient, the typed name beside it", () => {
		const letter = normalizeAr24Mail({
			...base,
			to_firstname: 'Jean',
			to_lastname: 'Martn',
			to_company: 'Martin SARL',
			update: [
				{
					id_recipient_update: 6,
					date: '2026-01-03 10:00:00',
					lastname: 'Martin',
					firstname: 'Jean',
					company: 'Martin & Fils SARL',
				},
				{ id_recipient_update: 5, date: '2026-01-02 10:00:00', lastname: 'Martinez', firstname: 'Jean', company: '' },
			],
		});
		expect(letter.recipient).toMatchObject({
			firstName: 'Jean',
			lastName: 'Martin',
			company: 'Martin & Fils SARL',
			corrected: true,
			asSent: { firstName: 'Jean', lastName: 'Martn', company: 'Martin SARL' },
		});
		expect(letter.recipientUpdates.map((u) => u.date)).toEqual([
			'2026-01-02T10:00:00+01:00',
			'2026-01-03T10:00:00+01:00',
		]);
		expect(normalizeAr24Mail({ ...base, to_company: 'X' }).recipient).toMatchObject({ company: 'X', corrected: false });
	});
});
