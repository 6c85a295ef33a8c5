import { MalformedAnswerError, readAnswer } from '../../../../lib/ar24/envelope';
import { encryptBody } from '../../../../lib/ar24/protocol';

const PK = 'k';
const DATE = '2026-01-15 10:30:00';

describe('readAnswer', () => {
	it('decrypts an encrypted SUCCESS body', () => {
		const body = encryptBody(JSON.stringify({ status: 'SUCCESS', result: { id: 7 } }), DATE, PK);
		expect(readAnswer(body, DATE, PK)).toEqual({ kind: 'success', result: { id: 7 } });
	});

	it('reads a plain-JSON error with its slug', () => {
		const body = JSON.stringify({ status: 'ERROR', slug: 'token_invalid', message: 'Token is not valid' });
		expect(readAnswer(body, DATE, PK)).toEqual({ kind: 'error', slug: 'token_invalid', message: 'Token is not valid' });
	});

	it('reads maintenance, and an envelope the HTTP client already parsed', () => {
		expect(readAnswer('{"status":"maintenance"}', DATE, PK)).toEqual({ kind: 'maintenance' });
		expect(readAnswer({ status: 'ERROR', slug: 'x' }, DATE, PK)).toEqual({
			kind: 'error',
			slug: 'x',
			message: undefined,
		});
	});

	it('accepts a legacy plain-JSON success', () => {
		expect(readAnswer('{"status":"SUCCESS","result":[1]}', DATE, PK)).toEqual({ kind: 'success', result: [1] });
	});

	it.each([
		['an empty body', ''],
		['HTML', '<html>Bad gateway</html>'],
		['broken JSON', '{"status":'],
		['base64 under another key', encryptBody('{"status":"SUCCESS"}', DATE, 'other')],
		['JSON without a status', '{"result":1}'],
	])('calls %s malformed', (_what, body) => {
		expect(() => readAnswer(body, DATE, PK)).toThrow(MalformedAnswerError);
	});
});
