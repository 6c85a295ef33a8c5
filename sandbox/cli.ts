#!/usr/bin/env node
/**
 * `lre-sandbox` — run the AR24- and Maileva-compatible sandbox. See README "The sandbox" for the address rules,
 * control API and faults. Example: lre-sandbox --port 4024 --token T --private-key K --data-dir ./sandbox-data
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, type SandboxOptions } from './context';
import type { Outcome } from './model';
import { OUTCOMES } from './outcomes';
import { startSandbox } from './server';

const HELP = `lre-sandbox — a local AR24-compatible API (same signature, encryption and error envelopes) under /api,
and a Maileva-compatible one (Keycloak token, registered_mail/v4) under /maileva; faults (POST /_sandbox/faults) and
the data dir apply to both (Maileva: sendings, documents, recipients persist; tokens do not)

  --port N                 port (default ${DEFAULT_OPTIONS.port}; 0 = any free port)
  --host ADDR              address to bind (default ${DEFAULT_OPTIONS.host}; keep it on loopback)
  --token T                API token clients must send (default "${DEFAULT_OPTIONS.token}")
  --private-key K          private key for signatures and encryption (default "${DEFAULT_OPTIONS.privateKey}")
  --data-dir DIR           where letters, attachments, proofs, webhooks and the Maileva state persist
                           (default ${DEFAULT_OPTIONS.dataDir})
  --time-scale X           sandbox seconds per real second (default 1; 86400 = one day per second)
  --default-outcome O      outcome of letters without an address tag: ${OUTCOMES.join('|')} (default accept)
  --sender-email E         e-mail of the seeded sender account (default ${DEFAULT_OPTIONS.senderEmail})
  --otp-key BASE32         TOTP key of the seeded sender, for eIDAS letters (default ${DEFAULT_OPTIONS.otpKey})
  --static-otp CODE        also accept this OTP code (demos only)
  --eidas-without-otp M    error (default) | draft: eIDAS letter sent without otp/auth_otp_hash
  --webhook-format F       form (default, as AR24) | json
  --paging P               honour (default) | ignore: GET /user/mail answers its default page (50 newest) whatever
                           max/start/sort say
  --seed N                 seed of fault probabilities (default ${DEFAULT_OPTIONS.seed})
  --quiet                  no log lines
  --help`;

function fail(message: string): never {
	process.stderr.write(`lre-sandbox: ${message}\n\n${HELP}\n`);
	process.exit(2);
}

function main(): void {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			token: { type: 'string' },
			'private-key': { type: 'string' },
			'data-dir': { type: 'string' },
			'time-scale': { type: 'string' },
			'default-outcome': { type: 'string' },
			'sender-email': { type: 'string' },
			'otp-key': { type: 'string' },
			'static-otp': { type: 'string' },
			'eidas-without-otp': { type: 'string' },
			'webhook-format': { type: 'string' },
			paging: { type: 'string' },
			seed: { type: 'string' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean' },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(`${HELP}\n`);
		return;
	}
	const options: Partial<SandboxOptions> = {};
	const number = (name: string, text: string | undefined, min: number): number | undefined => {
		if (text === undefined) return undefined;
		const value = Number(text);
		if (!Number.isFinite(value) || value < min) fail(`--${name} must be a number ≥ ${min}`);
		return value;
	};
	options.port = number('port', values.port, 0);
	options.timeScale = number('time-scale', values['time-scale'], 0.001);
	options.seed = number('seed', values.seed, 0);
	if (values['default-outcome'] !== undefined) {
		if (!OUTCOMES.includes(values['default-outcome'] as Outcome))
			fail(`--default-outcome must be one of ${OUTCOMES.join(', ')}`);
		options.defaultOutcome = values['default-outcome'] as Outcome;
	}
	if (values['eidas-without-otp'] !== undefined) {
		if (!['error', 'draft'].includes(values['eidas-without-otp'])) fail('--eidas-without-otp must be error or draft');
		options.eidasWithoutOtp = values['eidas-without-otp'] as 'error' | 'draft';
	}
	if (values['webhook-format'] !== undefined) {
		if (!['form', 'json'].includes(values['webhook-format'])) fail('--webhook-format must be form or json');
		options.webhookFormat = values['webhook-format'] as 'form' | 'json';
	}
	if (values.paging !== undefined) {
		if (!['honour', 'ignore'].includes(values.paging)) fail('--paging must be honour or ignore');
		options.paging = values.paging as 'honour' | 'ignore';
	}
	options.host = values.host;
	options.token = values.token;
	options.privateKey = values['private-key'];
	options.dataDir = values['data-dir'];
	options.senderEmail = values['sender-email'];
	options.otpKey = values['otp-key'];
	options.staticOtp = values['static-otp'];
	options.quiet = values.quiet;
	const defined = Object.fromEntries(
		Object.entries(options).filter(([, v]) => v !== undefined),
	) as Partial<SandboxOptions>;
	startSandbox(defined).then(
		(sandbox) => {
			const stop = () => {
				sandbox.close().then(
					() => process.exit(0),
					() => process.exit(1),
				);
			};
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(error: unknown) => fail(error instanceof Error ? error.message : String(error)),
	);
}

main();
