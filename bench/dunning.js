// Dunning Plan: planning 10,000 invoices of 2,000 debtors against a 5,000-row ledger, in-process (the node's own
// execute with a stand-in n8n context), median of 5; baseline in the same run: reading the same rows and grouping
// them per debtor (what any planner must do at least). Then the demo's wall times, one day and 60 days, in a real
// n8n (child processes, n8n cached).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const build = (p) => join(ROOT, '.build', p);

function fixture(invoices, debtors, ledgerRows) {
	const day = (offset) => new Date(Date.UTC(2026, 5, 15) + offset * 86_400_000).toISOString().slice(0, 10);
	const rows = [];
	for (let i = 0; i < invoices; i++) {
		const d = i % debtors;
		rows.push({
			json: {
				invoice_number: `F-${String(i).padStart(6, '0')}`,
				debtor_id: `D${String(d).padStart(5, '0')}`,
				debtor_name: `Débiteur ${d} SARL`,
				debtor_type: d % 10 === 0 ? 'individual' : 'professional',
				language: d % 7 === 0 ? 'en' : 'fr',
				debtor_email: `compta${d}@debiteur${d}.example`,
				debtor_siren: '412345671',
				debtor_address: `${d} rue du Commerce | 69003 Lyon`,
				contact: '',
				issue_date: day(-90 - (i % 60)),
				due_date: day(-60 - (i % 60) + 30),
				amount: `${(100 + (i % 900)).toFixed(2)}`,
				paid: i % 13 === 0 ? '50.00' : '0',
				paid_date: i % 13 === 0 ? day(-5) : '',
				status: i % 17 === 0 ? 'disputed' : i % 19 === 0 ? 'paid' : 'open',
			},
		});
	}
	const ledger = [];
	for (let i = 0; i < ledgerRows; i++) {
		const d = i % debtors;
		ledger.push({
			json: {
				reference: `R1-D${String(d).padStart(5, '0')}-${((i * 2654435761) >>> 0).toString(16).toUpperCase().padStart(8, '0').slice(0, 8)}`,
				debtorId: `D${String(d).padStart(5, '0')}`,
				step: 'firstReminder',
				channel: 'email',
				state: 'sent',
				invoices: `F-${String(i % invoices).padStart(6, '0')}`,
				businessDate: day(-20 - (i % 10)),
				recordedAt: `${day(-20 - (i % 10))}T08:00:00.000Z`,
				letterId: '',
				amount: 100,
				noticeSha256: '',
				proofFile: '',
				error: '',
			},
		});
	}
	return { rows, ledger };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function planning({ quick }) {
	const { DunningPlan } = require(build('nodes/DunningPlan/DunningPlan.node.js'));
	const { dunningContext } = require(build('test/helpers/dunningContext.js'));
	const { readInvoiceRow, DEFAULT_COLUMNS, DEFAULT_STATUS_WORDS } = require(build('lib/dunning/rows.js'));
	const { rows, ledger } = fixture(10_000, 2_000, 5_000);
	const node = new DunningPlan();
	const runs = quick ? 2 : 5;
	const times = [];
	let debtorsOut = 0;
	for (let r = 0; r < runs; r++) {
		const context = dunningContext({
			inputs: [rows, ledger, []],
			parameters: { operation: 'plan', asOf: '2026-06-15' },
			continueOnFail: true,
		});
		const t = process.hrtime.bigint();
		const [out] = await node.execute.call(context);
		times.push(Number(process.hrtime.bigint() - t) / 1e6);
		debtorsOut = out.length;
	}
	const baseline = [];
	const options = {
		columns: DEFAULT_COLUMNS,
		dateFormat: 'iso',
		statusWords: DEFAULT_STATUS_WORDS,
		defaultDebtorType: 'professional',
		defaultLanguage: 'fr',
	};
	for (let r = 0; r < runs; r++) {
		const t = process.hrtime.bigint();
		const groups = new Map();
		rows.forEach((item, i) => {
			const invoice = readInvoiceRow(item.json, i, options);
			groups.set(invoice.debtorId, [...(groups.get(invoice.debtorId) ?? []), invoice]);
		});
		baseline.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	const ms = Math.round(median(times));
	const baseMs = Math.round(median(baseline));
	return {
		invoices: 10_000,
		debtors: debtorsOut,
		ledgerRows: 5_000,
		planMs: ms,
		readAndGroupMs: baseMs,
		ratio: +(ms / Math.max(baseMs, 1)).toFixed(2),
		goalMs: 1000,
	};
}

function demoSeconds(args) {
	const started = Date.now();
	execFileSync(process.execPath, [build('demo/run.js'), '--exit', ...args], {
		cwd: ROOT,
		env: { ...process.env, CI: '1' },
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 900_000,
	});
	return Math.round((Date.now() - started) / 1000);
}

module.exports = async function dunning({ quick, skipDemo = false }) {
	const plan = await planning({ quick });
	const demo =
		quick || skipDemo
			? { oneDaySeconds: null, sixtyDaysSeconds: null }
			: {
					oneDaySeconds: demoSeconds(['--out', join(ROOT, 'demo-output-bench')]),
					sixtyDaysSeconds: demoSeconds(['--days', '60', '--out', join(ROOT, 'demo-output-bench')]),
				};
	return { plan, demo: { ...demo, goals: { oneDaySeconds: 120, sixtyDaysSeconds: 360 } } };
};

if (require.main === module) {
	module
		.exports({ quick: process.argv.includes('--quick'), skipDemo: process.argv.includes('--plan-only') })
		.then((r) => console.log(JSON.stringify(r, null, 2)));
}
