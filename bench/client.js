// LRE Send's client cost per letter (our node code + transport: sender lookup, idempotency listing, signing,
// decryption, checks) against a bare signed AR24 request doing the same POST /mail, both to the same in-process
// sandbox, sequentially, in the same run.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startSandbox } = require('../.build/sandbox/server');
const { LreSend } = require('../.build/nodes/LreSend/LreSend.node');
const { fakeContext } = require('../.build/test/helpers/n8nContext');
const { postMail } = require('./ar24');

const TOKEN = 'bench-token';
const KEY = 'bench-private-key';

const bare = (base, i) =>
	postMail(base, TOKEN, KEY, { to_email: `ap+accept@bare${i}.example`, ref_dossier: `BARE-${i}` });

module.exports = async function client({ quick = false } = {}) {
	const n = quick ? 50 : 300;
	const sbx = await startSandbox({
		port: 0,
		token: TOKEN,
		privateKey: KEY,
		dataDir: mkdtempSync(join(tmpdir(), 'lre-bench-')),
		quiet: true,
	});
	try {
		const base = sbx.url();
		for (let i = 0; i < 20; i++) await bare(base, 1e6 + i);
		let t = process.hrtime.bigint();
		for (let i = 0; i < n; i++) await bare(base, i);
		const bareMs = Number(process.hrtime.bigint() - t) / 1e6 / n;

		const credentials = {
			environment: 'custom',
			baseUrl: `${base}/api`,
			apiToken: TOKEN,
			privateKey: KEY,
			sender: sbx.options.senderEmail,
			timeoutSeconds: 30,
		};
		const run = async (prefix, count) => {
			const parameters = {
				resource: 'letter',
				operation: 'send',
				letterType: 'ere',
				reference: (i) => `${prefix}-${i}`,
				recipientEmail: (i) => `ap+accept@node${i}.example`,
				debtorType: 'professional',
				recipientCompany: 'Debtor SAS',
				content: 'Mise en demeure',
				attachmentProperties: '',
				additionalFields: {},
				options: { batchConcurrency: 1 },
			};
			const items = Array.from({ length: count }, () => ({ json: {} }));
			const [out] = await new LreSend().execute.call(fakeContext({ credentials, parameters, items }));
			if (out.some((o) => o.json.error || o.json.alreadySent)) throw new Error('a bench letter failed');
		};
		await run('WARM', 20);
		t = process.hrtime.bigint();
		await run('NODE', n);
		const nodeMs = Number(process.hrtime.bigint() - t) / 1e6 / n;
		return {
			letters: n,
			bareMsPerLetter: +bareMs.toFixed(2),
			lreSendMsPerLetter: +nodeMs.toFixed(2),
			ratio: +(nodeMs / bareMs).toFixed(2),
			goal: 1.3,
			note: 'LRE Send includes, per execution, the sender lookup and the idempotency listing of every letter already at AR24 (read once, paged).',
		};
	} finally {
		await sbx.close();
	}
};
