// The benchmark letter: a one-to-two page B2B formal notice with three invoices, accents, €, « », U+202F amounts.
// `i` changes the reference and the debtor so that no two letters are identical.
module.exports = function letter(i = 0) {
	return {
		kind: 'formalNotice',
		language: 'fr',
		creditor: {
			name: 'Atelier Lefèvre & Fils',
			legalForm: 'SARL',
			siren: '51234567800021',
			address: '12, rue de la République\n69002 Lyon',
			email: 'contact@atelier-lefevre.fr',
			phone: '04 72 00 00 00',
			signatoryName: 'Claire Lefèvre',
			signatoryTitle: 'Gérante',
		},
		debtor: {
			type: 'professional',
			name: `Société Bâtiments Côte d’Azur n°${i}`,
			siren: '732829320',
			address: '45, avenue des Élysées\n06000 Nice',
			contactName: 'M. François Régnier, gérant',
		},
		reference: `MED-2026-${String(31 + i).padStart(5, '0')}`,
		place: 'Lyon',
		date: '2026-03-14',
		invoices: [
			{ number: 'F-2025-1187', issueDate: '2025-11-15', dueDate: '2025-12-15', amount: 4860 },
			{ number: 'F-2025-1243', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 2315.4 },
			{
				number: 'F-2026-0042',
				issueDate: '2026-01-02',
				dueDate: '2026-01-31',
				amount: 1098.75,
				payments: [{ date: '2026-02-10', amount: 300 }],
			},
		],
		previousReminders: [
			{ date: '2026-01-20', channel: 'e-mail' },
			{ date: '2026-02-05', channel: 'e-mail' },
		],
		payment: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', link: 'https://pay.example.fr/MED-2026' },
	};
};
