import { archiveFileName, proofArchiveName } from '../../../../lib/letter/archive';
import { normalizeAr24Mail } from '../../../../lib/letter/normalize';

describe('archive names', () => {
	it("keep the seeds' naming for notices (no suffix)", () => {
		expect(archiveFileName('MiseEnDemeure', 'MARTIN SARL', '2026-02-20')).toBe(
			'LRE_MiseEnDemeure_MartinSarl_2026-02-20.pdf',
		);
	});

	it("end a proof's name with the letter id: two bounces to one recipient on one day differ", () => {
		const letter = (id: number) =>
			normalizeAr24Mail({ id, to_company: 'Martin SARL', bounced_date: '2026-03-12 10:00:00' });
		const a = proofArchiveName('Rebond', letter(100041), '2026-03-12T10:00:00+01:00');
		const b = proofArchiveName('Rebond', letter(100042), '2026-03-12T10:05:00+01:00');
		expect(a).toBe('LRE_Rebond_MartinSarl_2026-03-12_100041.pdf');
		expect(b).toBe('LRE_Rebond_MartinSarl_2026-03-12_100042.pdf');
	});

	it('name the recipient as corrected by AR24 (update[])', () => {
		const letter = normalizeAr24Mail({
			id: 7,
			to_firstname: 'Jean',
			to_lastname: 'Martn',
			dest_statut: 'particulier',
			update: [{ date: '2026-03-11 09:00:00', firstname: 'Jean', lastname: 'Martin', company: '' }],
		});
		expect(proofArchiveName('AccuseReception', letter, '2026-03-12')).toBe(
			'LRE_AccuseReception_JeanMartin_2026-03-12_7.pdf',
		);
	});

	it('keep only safe characters of the suffix', () => {
		expect(archiveFileName('Refus', 'X', '2026-01-01', 'LRE', '../12 34')).toBe('LRE_Refus_X_2026-01-01_1234.pdf');
	});
});
