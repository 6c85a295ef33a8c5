/** Where LRE Send puts each typed address line among Maileva's six, and which addresses it refuses. */
import { addressProblem, mailevaAddressLines } from '../../../../lib/maileva/address';

describe('mailevaAddressLines', () => {
	const company = { name: 'SARL Dupont', company: true };
	const person = { name: 'Jean Martin', company: false };
	it('puts a company on line 1, a person on line 2, the street on line 4 and the city on line 6', () => {
		expect(mailevaAddressLines(company, ['12 rue des Lilas', '75011 Paris'])).toEqual([
			'SARL Dupont',
			'',
			'',
			'12 rue des Lilas',
			'',
			'75011 Paris',
		]);
		expect(mailevaAddressLines(person, ['12 rue des Lilas', '75011 Paris'])).toEqual([
			'',
			'Jean Martin',
			'',
			'12 rue des Lilas',
			'',
			'75011 Paris',
		]);
	});
	it('fills the lines above the street first, then line 5, keeping the typed order', () => {
		expect(mailevaAddressLines(company, ['Bât B', '12 rue', '75011 Paris'])).toEqual([
			'SARL Dupont',
			'',
			'Bât B',
			'12 rue',
			'',
			'75011 Paris',
		]);
		expect(mailevaAddressLines(company, ['Service compta', 'Bât B', '12 rue', '75011 Paris'])).toEqual([
			'SARL Dupont',
			'Service compta',
			'Bât B',
			'12 rue',
			'',
			'75011 Paris',
		]);
		expect(mailevaAddressLines(person, ['Bât B', '12 rue', 'BP 3', '75011 Paris'])).toEqual([
			'',
			'Jean Martin',
			'Bât B',
			'12 rue',
			'BP 3',
			'75011 Paris',
		]);
		// Four street lines for a person: the name moves up to line 1 to make room.
		expect(mailevaAddressLines(person, ['a', 'b', 'c', 'd', '75011 Paris'])).toEqual([
			'Jean Martin',
			'a',
			'b',
			'c',
			'd',
			'75011 Paris',
		]);
		expect(mailevaAddressLines(company, ['a', 'b', 'c', 'd', '75011 Paris'])).toEqual([
			'SARL Dupont',
			'a',
			'b',
			'c',
			'd',
			'75011 Paris',
		]);
	});
	it('accepts postcode-and-city on the last of at most five lines of 38 characters, and says which line is wrong', () => {
		expect(addressProblem(['12 rue des Lilas', '75011 Paris'])).toBeUndefined();
		expect(addressProblem(['75011 Paris'])).toBeUndefined();
		expect(addressProblem([])?.problem).toBe('is empty');
		expect(addressProblem(['x'.repeat(39), '75011 Paris'])?.problem).toMatch(
			/^line 1 .* 39 characters long, more than the 38/,
		);
		expect(addressProblem(['12 rue', '75011 Paris', 'France'])?.problem).toMatch(/ends with "France"/);
		expect(addressProblem(['a', 'b', 'c', 'd', 'e', '75011 Paris'])?.problem).toMatch(/has 6 lines/);
	});
});
