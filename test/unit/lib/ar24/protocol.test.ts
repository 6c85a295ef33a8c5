import {
	decryptBody,
	encryptBody,
	isAr24Date,
	parisDate,
	parseParisDate,
	sign,
	verifySignature,
} from '../../../../lib/ar24/protocol';

// Official vectors (AR24's API documentation) and vectors derived from them.
const PK = '7X9gx9E3Qx4EiUdB63nc';
const DATE = '2021-05-26 14:00:00';

describe('AR24 protocol', () => {
	it('reproduces the official signature vector', () => {
		expect(sign(DATE, PK)).toBe('bDop0cbjKpkySlpvnNGvBMg7PuYFFgPPqTTS2RAHoY0=');
	});

	it('reproduces the derived signature vector for another date', () => {
		expect(sign('2026-01-15 10:30:00', PK)).toBe('8Nj2vxsrizZtAtTb1cXi7Jw96pnhCO7YNKmURCv3xSs=');
	});

	it('decrypts the official encrypted response vector', () => {
		expect(decryptBody('WwBOU6s8DaMWmYdctBJwfuoujFgVygBUjhsbdf8eWqQ=', DATE, PK)).toBe('{status: "SUCCESS"}');
	});

	it('reproduces the derived encrypted body vector both ways', () => {
		const body = '{"status":"SUCCESS","result":{"id":123,"status":"waiting"}}';
		const cipher = 'XZhN2E1TvGggEMHYlUusQxv/L8Dt9XQuRAZwJdOfTTIFON6tKr/poRTLN3GlOpBj6SqSADZtvHv+kfD5Ibbp5w==';
		expect(encryptBody(body, DATE, PK)).toBe(cipher);
		expect(decryptBody(cipher, DATE, PK)).toBe(body);
	});

	it('refuses to decrypt with another date (the key depends on it)', () => {
		const cipher = encryptBody('{"status":"SUCCESS"}', DATE, PK);
		expect(() => decryptBody(cipher, '2021-05-26 14:00:01', PK)).toThrow();
	});

	it.each([
		['the right key and date', DATE, PK, true],
		['another date', '2021-05-26 14:00:01', PK, false],
		['another key', DATE, `${PK}x`, false],
	])('verifies a signature made with %s', (_what, date, key, expected) => {
		expect(verifySignature(sign(DATE, PK), date, key)).toBe(expected);
	});

	it('rejects a signature of another length without throwing', () => {
		expect(verifySignature('abc', DATE, PK)).toBe(false);
	});

	it.each([
		['winter (CET, UTC+1)', '2026-01-15T09:30:00Z', '2026-01-15 10:30:00'],
		['summer (CEST, UTC+2)', '2026-07-15T09:30:00Z', '2026-07-15 11:30:00'],
		['midnight is 00, not 24', '2026-03-01T23:00:00Z', '2026-03-02 00:00:00'],
	])('formats the Paris wall clock in %s', (_season, iso, expected) => {
		expect(parisDate(new Date(iso))).toBe(expected);
		expect(parseParisDate(expected)).toBe(Date.parse(iso));
	});

	it.each(['2026-02-30 10:00:00', '2026-01-15T10:30:00', '2026-01-15 25:00:00', '15/01/2026 10:30:00', ''])(
		'rejects the malformed date %p',
		(text) => {
			expect(isAr24Date(text) && parseParisDate(text) !== undefined).toBe(false);
		},
	);
});
