#!/usr/bin/env node
// `npm run bench`: every figure measured in this process, ratios against a baseline measured in the same run.
// Prints a table and writes bench/results.json. `--quick` for a short smoke run; `--only trigger,batch` runs only the
// sections named (dunning, notices, client, maileva, batch, trigger) after npm run build && npm run build:dev.
const { writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a, i, all) => a.startsWith('--only=') || all[i - 1] === '--only');
const only = onlyArg ? new Set(onlyArg.replace(/^--only=/, '').split(',')) : undefined;
const wanted = (section) => !only || only.has(section);

function table(rows) {
	const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
	const cells = [keys, ...rows.map((r) => keys.map((k) => (r[k] === undefined ? '' : String(r[k]))))];
	const widths = keys.map((_, i) => Math.max(...cells.map((c) => (Array.isArray(c) ? c[i] : '').length)));
	return cells.map((c) => c.map((v, i) => v.padEnd(widths[i])).join(' | ')).join('\n');
}

(async () => {
	const machine = {
		cpus: os.cpus().length,
		cpu: os.cpus()[0]?.model,
		memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
	};
	console.log(`Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}\n`);
	const results = { date: new Date().toISOString(), machine };

	if (wanted('dunning')) {
		console.log('== Dunning Plan: 10,000 invoices of 2,000 debtors against a 5,000-row ledger (in-process, median) ==');
		results.dunning = await require('./dunning')({ quick });
		console.log(table([results.dunning.plan]));
		console.log(
			`demo wall time (real n8n, cached): one day ${results.dunning.demo.oneDaySeconds ?? 'n/a'} s (goal ≤ ${results.dunning.demo.goals.oneDaySeconds} s), 60 days ${results.dunning.demo.sixtyDaysSeconds ?? 'n/a'} s (goal ≤ ${results.dunning.demo.goals.sixtyDaysSeconds} s)\n`,
		);
	}

	if (wanted('notices')) {
		console.log('== Notices (Notice Generator engine, one process, sequential; issue #20) ==');
		const notices = require('./notices');
		results.notices = await notices({ quick });
		console.log(`${notices.print(results.notices)}\n`);
	}

	if (wanted('client')) {
		console.log('== LRE Send client cost (in-process, same sandbox, sequential) ==');
		results.client = await require('./client')({ quick });
		console.log(table([results.client].map(({ note, ...r }) => r)));
		console.log(
			`${results.client.note}\nratio LRE Send / bare signed request: ${results.client.ratio}× (goal ≤ ${results.client.goal}×)\n`,
		);
	}

	if (wanted('maileva')) {
		console.log(
			'== LRE Send client cost on Maileva, postal registered letter (in-process, same sandbox, sequential) ==',
		);
		results.maileva = await require('./maileva')({ quick });
		console.log(table([results.maileva].map(({ note, ...r }) => r)));
		console.log(
			`${results.maileva.note}\nratio LRE Send / bare Bearer client: ${results.maileva.ratio}× (goal ≤ ${results.maileva.goal}×)\n`,
		);
	}

	if (wanted('batch')) {
		console.log('== Batch through a real n8n 2.x (n8n execute → LRE Send → sandbox) ==');
		results.batch = await require('./batch')({ quick });
		console.log(
			table(
				results.batch.map(({ baseline10, goals, ...row }) => ({
					...row,
					baseline10Seconds: baseline10.wallSeconds,
					baseline10PeakRssMb: baseline10.peakRssMb,
				})),
			),
		);
		const { goals } = results.batch[0];
		console.log(
			`goals: under ${goals.wallSeconds} s, RSS growth under ${goals.rssGrowthMb} MB (growth = peak RSS of this run − peak RSS of a 10-letter run on the same database)\n`,
		);
	}

	if (wanted('trigger')) {
		console.log('== LRE Trigger absorbing webhook deliveries (real n8n 2.x, published) ==');
		results.trigger = await require('./trigger')({ quick });
		console.log(table([results.trigger]));
		console.log('');
	}

	const file = join(__dirname, 'results.json');
	writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
	console.log(`written: ${file}`);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
