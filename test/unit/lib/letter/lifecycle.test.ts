import { proofsOfAr24Mail, stateOfAr24Mail } from '../../../../lib/letter/lifecycle';

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
	])('%j → %s (the status string is ignored)', (fields, state) => {
		expect(stateOfAr24Mail({ ...base, ...fields })).toBe(state);
	});
});

describe('proofsOfAr24Mail', () => {
	it('lists the proofs present, the deposit from the older proof_dp_url when given', () => {
		const proofs = proofsOfAr24Mail({
			...base,
			proof_dp_url: 'https://x/get/proof/dp-1',
			proof_ev_url: 'https://x/get/proof/ev-1',
			ts_ev_date: '2026-01-01 10:00:00',
			proof_ar_url: 'https://x/get/proof/ar-1',
			view_date: '2026-01-02 10:00:00',
			proof_rf_url: null,
		});
		expect(proofs).toEqual([
			{ type: 'deposit', url: 'https://x/get/proof/dp-1', date: '2026-01-01 10:00:00' },
			{ type: 'acceptance', url: 'https://x/get/proof/ar-1', date: '2026-01-02 10:00:00' },
		]);
	});
});
