// LRE Send's client cost per postal registered letter on Maileva (our node code + Maileva transport: sender, the
// idempotency listing, input checks, address lines, JSON and multipart encoding, error mapping) against a bare
// Bearer-authenticated client doing the same Maileva calls (create the sending, upload the PDF, add the recipient,
// submit, read the sending and its recipient back), both to the same in-process sandbox, sequentially, same run.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startSandbox } = require('../.build/sandbox/server');
const { LreSend } = require('../.build/nodes/LreSend/LreSend.node');
const { fakeContext } = require('../.build/test/helpers/n8nContext');
const { maileva, mailevaCredentials, mailevaToken, tinyPdf, documentForm } = require('../.build/test/helpers/maileva');

const API = '/registered_mail/v4/sendings';

async function bare(sbx, token, i) {
	const ok = (answer, what) => {
		if (answer.status >= 300) throw new Error(`bare ${what}: HTTP ${answer.status}`);
		return answer;
	};
	const reference = `BARE-${i}`;
	const sending = ok(
		await maileva(sbx, token, 'POST', API, {
			name: reference,
			custom_id: reference,
			acknowledgement_of_receipt: true,
			postage_type: 'FAST',
			archiving_duration: 3,
		}),
		'sending',
	);
	const id = String(sending.json.id);
	ok(await maileva(sbx, token, 'POST', `${API}/${id}/documents`, documentForm()), 'document');
	ok(
		await maileva(sbx, token, 'POST', `${API}/${id}/recipients`, {
			address_line_1: 'Debtor SAS',
			address_line_4: '8 avenue de la Gare',
			address_line_6: '69002 Lyon',
			country_code: 'FR',
			custom_id: reference,
		}),
		'recipient',
	);
	ok(await maileva(sbx, token, 'POST', `${API}/${id}/submit`), 'submit');
	ok(await maileva(sbx, token, 'GET', `${API}/${id}`), 'read');
	ok(await maileva(sbx, token, 'GET', `${API}/${id}/recipients?count=1`), 'read recipient');
}

/** Milliseconds per letter of `n` letters after `warmup` ones; `batch`: `send(count)` sends them all at once. */
async function msPerLetter(n, warmup, send, batch = false) {
	if (batch) await send(warmup, true);
	else for (let i = 0; i < warmup; i++) await send(i, true);
	const started = process.hrtime.bigint();
	if (batch) await send(n, false);
	else for (let i = 0; i < n; i++) await send(i, false);
	return Number(process.hrtime.bigint() - started) / 1e6 / n;
}

module.exports = async function mailevaClient({ quick = false } = {}) {
	const n = quick ? 30 : 200;
	const sbx = await startSandbox({
		port: 0,
		token: 'bench-token',
		privateKey: 'bench-private-key',
		dataDir: mkdtempSync(join(tmpdir(), 'lre-bench-maileva-')),
		quiet: true,
	});
	try {
		const credentials = mailevaCredentials(sbx);
		const token = await mailevaToken(credentials);
		const bareMs = await msPerLetter(n, 20, async (i, warm) => await bare(sbx, token, warm ? 1e6 + i : i));

		const pdf = tinyPdf().toString('base64');
		const run = async (prefix, count) => {
			const parameters = {
				provider: 'maileva',
				resource: 'letter',
				operation: 'send',
				letterType: 'postal',
				reference: (i) => `${prefix}-${i}`,
				debtorType: 'professional',
				recipientCompany: 'Debtor SAS',
				postalAddress: '8 avenue de la Gare\n69002 Lyon',
				recipientCountryCode: 'FR',
				postalOptions: {},
				attachmentProperties: 'data',
				additionalFields: {},
				options: { batchConcurrency: 1 },
			};
			const items = Array.from({ length: count }, () => ({
				json: {},
				binary: { data: { data: pdf, mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' } },
			}));
			const [out] = await new LreSend().execute.call(fakeContext({ credentials, parameters, items }));
			if (out.some((o) => o.json.error || o.json.alreadySent)) throw new Error('a bench letter failed');
		};
		// One execution of `count` items, as a workflow would run them; the warm-up is an execution of its own.
		const nodeMs = await msPerLetter(n, 20, async (count, warm) => await run(warm ? 'WARM' : 'NODE', count), true);
		return {
			letters: n,
			bareMsPerLetter: +bareMs.toFixed(2),
			lreSendMsPerLetter: +nodeMs.toFixed(2),
			ratio: +(nodeMs / bareMs).toFixed(2),
			goal: 1.3,
			note: 'Both make the same 6 Maileva calls per letter; LRE Send adds, per execution, the token, the sender and the idempotency listing of every sending already at Maileva (read once, paged).',
		};
	} finally {
		await sbx.close();
	}
};

if (require.main === module) {
	module.exports({ quick: process.argv.includes('--quick') }).then(
		(r) => console.log(r),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
}
