/**
 * Issue #19 acceptance, the LRE Trigger: ONE suite run on every provider that pushes status changes, against the
 * sandbox's real deliveries. AR24: the letter is sent by LRE Send with the trigger's URL (LRE Send signs it), the
 * sandbox POSTs AR24's form body to it. Maileva: activation subscribes the trigger's URL with its secret to
 * notification_center, the letter is posted on the sandbox's registered_mail/v4 API, the sandbox POSTs Maileva's JSON
 * callbacks. Each provider's adapter says how to post a letter, which outcome tag and how much sandbox time give each
 * outcome, which answer means "received" and how a call proves it is genuine; the cases are the same.
 *
 * Gating: a provider runs if its module declares status webhooks (AR24) or, for Maileva, on its postal registered
 * letter only (notification_center covers registered_mail/v4; its LRE and ERE have no notifications: the LRE Poll
 * Trigger covers them in lreSend.providers.test.ts).
 */
import { ar24Provider } from '../../lib/ar24/provider';
import type { LetterEvent } from '../../nodes/shared/letterEvents';
import { signWebhookUrl } from '../../lib/letter/webhookAuth';
import type { LetterKind, ProviderName } from '../../lib/provider/types';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { LreTrigger } from '../../nodes/LreTrigger/LreTrigger.node';
import type { RunningSandbox } from '../../sandbox/server';
import type { INodeExecutionData } from 'n8n-workflow';
import { mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { hookContext, postLetter, TRIGGER_WEBHOOK_ID, webhookContext } from '../helpers/mailevaTrigger';
import { fakeContext } from '../helpers/n8nContext';
import { pdfText } from '../helpers/pdf';
import { call, control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { deliverAgain, servedTrigger, type ReceivedCall, type ServedTrigger } from '../helpers/triggerProviders';

type Outcome = 'accepted' | 'refused' | 'negligence' | 'bounced';

/** What the suite needs to know of one running trigger to post letters to it. */
interface Running {
	sbx: RunningSandbox;
	credentials: Record<string, unknown>;
	served: ServedTrigger;
	webhookUrl: string;
	/** A Maileva access token of our own (raw API calls), empty on AR24. */
	token: string;
}

interface TriggerProvider {
	name: ProviderName;
	/** The letter kind the trigger is run with. */
	kind: LetterKind;
	/** Whether the provider's callback body is a form (AR24) or JSON (Maileva). */
	form: boolean;
	credentials(sbx: RunningSandbox): Record<string, unknown>;
	/** The status the trigger answers a call it took (the provider stops delivering it). */
	received: number;
	/** The status that makes the provider deliver again, and how long after it does. */
	retry: { status: number; after: string };
	/** Posts a letter that will get `outcome`; its letter id. */
	post(t: Running, reference: string, outcome: Outcome): Promise<string>;
	/** Sandbox time, step by step, until the outcome is delivered. */
	settle: Record<Outcome, string[]>;
	/** The proof each outcome carries, as the item names it. */
	proofType: Record<Outcome, string>;
	/** Words the acceptance proof's text holds (read with pdftotext). */
	acceptanceText: RegExp;
	/** Forged versions of a genuine call's query: its proof of origin missing, changed, or made with another key. */
	forged(genuine: ReceivedCall, webhookUrl: string): Array<Record<string, unknown>>;
	/** A call, with the genuine call's proof of origin, about a letter that is not this trigger's. */
	notOurs(t: Running, genuine: ReceivedCall): Promise<ReceivedCall>;
	/** The sandbox API path (prefix) the trigger reads a letter back with. */
	readBackPath: string;
}

const unused = async (): Promise<never> => {
	throw new Error('capabilities only');
};
const WEBHOOK_SECRET = 'webhook-secret-providers-19';

const withPdf = (): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			data: { data: tinyPdf().toString('base64'), mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' },
		},
	},
];

const AR24_TAG: Record<Outcome, string> = {
	accepted: 'accept',
	refused: 'refuse',
	negligence: 'negligence',
	bounced: 'bounce',
};
const MAILEVA_TAG: Record<Outcome, string> = {
	accepted: '',
	refused: ' +refuse',
	negligence: ' +ignore',
	bounced: ' +bounce',
};

const ar24: TriggerProvider = {
	name: 'ar24',
	kind: 'lre',
	form: true,
	credentials: (sbx) => ({ ...sandboxCredentials(sbx), webhookSecret: WEBHOOK_SECRET }),
	received: 200,
	retry: { status: 503, after: '15m' },
	async post(t, reference, outcome) {
		// LRE Send, as a user would: the trigger's URL in Status Webhook URL; this n8n's own address is the trigger's.
		const context = fakeContext({
			credentials: t.credentials,
			items: withPdf(),
			restApiUrl: `${t.served.url}/rest`,
			parameters: {
				provider: 'ar24',
				resource: 'letter',
				operation: 'send',
				letterType: 'lre',
				reference,
				debtorType: 'professional',
				recipientEmail: `jean.martin+${AR24_TAG[outcome]}@example.org`,
				recipientCompany: 'Martin SARL',
				content: `Mise en demeure — dossier ${reference}`,
				eidasAuthentication: 'otpCode',
				otpCode: '123456',
				attachmentProperties: 'data',
				additionalFields: { webhookUrl: t.webhookUrl },
				options: {},
			},
		});
		const [[item]] = await new LreSend().execute.call(context);
		return String(item.json.letterId);
	},
	settle: { accepted: ['3h'], refused: ['2d'], negligence: ['16d'], bounced: ['1h'] },
	proofType: { accepted: 'acceptance', refused: 'refusal', negligence: 'negligence', bounced: 'bounce' },
	acceptanceText: /accept|réception|reception/i,
	forged: (genuine, webhookUrl) => {
		const { lre_sig: signature, ...rest } = genuine.query;
		const otherKey = Object.fromEntries(
			new URL(signWebhookUrl(webhookUrl, 'forger-key-0123456789abcdef', genuine.query.lre_ref) as string).searchParams,
		);
		return [
			rest,
			{ ...rest, lre_sig: '' },
			{ ...rest, lre_sig: `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}` },
			otherKey,
		];
	},
	async notOurs(t, genuine) {
		// A letter of another sender on the same AR24 token, of another case.
		const other = await control<{ id: number }>(t.sbx.url(), 'POST', '/users', {
			email: `other.sender.${Date.now()}@example.org`,
			company: 'Other SAS',
		});
		const answer = await call(t.sbx.url(), 'POST', '/mail', {
			id_user: other.id,
			to_email: 'jean.martin+accept@example.org',
			to_firstname: 'Jean',
			to_lastname: 'Martin',
			dest_statut: 'professionnel',
			to_company: 'Martin SARL',
			content: 'Mise en demeure',
			ref_dossier: 'NOT-OURS',
		});
		const id = (answer.json.result as { id: number }).id;
		await control(t.sbx.url(), 'POST', `/letters/${id}/outcome`, { outcome: 'accept', in: '0s' });
		return { query: genuine.query, body: { ...genuine.body, id_mail: String(id) } };
	},
	readBackPath: '/api/mail',
};

const maileva: TriggerProvider = {
	name: 'maileva',
	kind: 'postal',
	form: false,
	credentials: (sbx) => mailevaCredentials(sbx),
	received: 201,
	retry: { status: 503, after: '10m' },
	async post(t, reference, outcome) {
		const { sendingId } = await postLetter(t.sbx, t.token, reference, [
			`SAS Durand${MAILEVA_TAG[outcome]}`,
			'',
			'',
			'8 avenue de la Gare',
			'',
			'69002 Lyon',
		]);
		return sendingId;
	},
	settle: { accepted: ['3d'], refused: ['3d'], negligence: ['3d', '16d'], bounced: ['3d'] },
	proofType: { accepted: 'acceptance', refused: 'refusal', negligence: 'negligence', bounced: 'bounce' },
	acceptanceText: /Avis de réception/,
	forged: (genuine) => {
		const { lre_secret: secret, ...rest } = genuine.query;
		return [
			rest,
			{ ...rest, lre_secret: '' },
			{ ...rest, lre_secret: `${secret}x` },
			{ ...rest, lre_secret: 'forged' },
		];
	},
	async notOurs(t, genuine) {
		// A sending this account does not have (Maileva's own id form), with the genuine secret.
		const unknown = 'b0b0b0b0-0000-4000-8000-000000000000';
		const body = { ...genuine.body } as Record<string, string>;
		const id = body.resource_id;
		body.resource_id = unknown;
		if (body.resource_location) body.resource_location = body.resource_location.split(id).join(unknown);
		if (body.resource_type === 'registered_mail/v4/recipients') {
			const sending = /\/sendings\/([^/]+)\//.exec(body.resource_location ?? '')?.[1];
			if (sending) body.resource_location = body.resource_location.replace(sending, unknown);
		}
		delete body.resource_custom_id;
		return { query: genuine.query, body };
	},
	readBackPath: '/maileva/registered_mail/v4/sendings',
};

/** Providers whose trigger is pushed: AR24 declares status webhooks; Maileva's postal letters have notification_center. */
const providers = [ar24, maileva].filter(
	(p) =>
		(p.name === 'ar24' &&
			ar24Provider({ wire: unused, download: unused, sender: unused }).capabilities.statusWebhooks) ||
		(p.name === 'maileva' && p.kind === 'postal'),
);

const NEUTRAL_KEYS = [
	'event',
	'eventKey',
	'letterId',
	'state',
	'eventDate',
	'reference',
	'clientReference',
	'billingReference',
	'recipient',
	'acceptanceDelayHours',
	'letter',
	'proof',
];

describe.each(providers)('LRE Trigger on $name ($kind)', (provider) => {
	let sbx: RunningSandbox;
	let credentials: Record<string, unknown>;
	let token = '';
	let workflow = 0;
	const methods = new LreTrigger().webhookMethods.default;

	beforeAll(async () => {
		sbx = await sandbox(provider.name === 'ar24' ? { staticOtp: '123456' } : {});
		credentials = provider.credentials(sbx);
		if (provider.name === 'maileva') token = await mailevaToken(mailevaCredentials(sbx));
	});
	afterAll(() => sbx.close());

	const advance = (duration: string) => control(sbx.url(), 'POST', '/clock', { advance: duration });

	/** One active trigger (its own workflow and static data) on a port; `deliver` calls it in-process. */
	async function trigger(events: LetterEvent[]) {
		const workflowId = `wf-trigger-${provider.name}-${++workflow}`;
		const staticData: Record<string, unknown> = {};
		const parameters = { provider: provider.name, events, downloadProof: true };
		const served = await servedTrigger(({ query, body }) =>
			webhookContext({ credentials: { ...credentials }, parameters, staticData, workflowId, query, body }),
		);
		const webhookUrl = `${served.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		const hooks = hookContext({ credentials: { ...credentials }, parameters, staticData, workflowId, webhookUrl });
		await methods.create.call(hooks);
		const running: Running = { sbx, credentials, served, webhookUrl, token };
		const deliver = async ({ query, body }: ReceivedCall) => {
			const context = webhookContext({
				credentials: { ...credentials },
				parameters,
				staticData,
				workflowId,
				query,
				body,
			});
			const result = await new LreTrigger().webhook.call(context);
			return { result, answered: context.answered, sent: context.sent };
		};
		const close = async () => {
			await methods.delete.call(hooks);
			await served.close();
		};
		return { running, served, staticData, deliver, close, webhookUrl };
	}

	/** Posts a letter with `outcome`, lets the sandbox deliver it; the letter id. */
	async function letter(t: Awaited<ReturnType<typeof trigger>>, reference: string, outcome: Outcome) {
		const letterId = await provider.post(t.running, reference, outcome);
		for (const step of provider.settle[outcome]) await advance(step);
		return letterId;
	}

	const genuineOf = (served: ServedTrigger) => {
		const taken = served.answers.find((a) => a.started);
		if (!taken) throw new Error(`no call started the workflow: ${JSON.stringify(served.answers.map((a) => a.status))}`);
		return taken.request;
	};

	it('an accepted letter starts one execution with the neutral item and its acceptance proof (PDF read back)', async () => {
		const t = await trigger(['accepted']);
		try {
			const reference = `TRG-${provider.name.toUpperCase()}-ACCEPT`;
			const letterId = await letter(t, reference, 'accepted');
			expect(t.served.executions).toHaveLength(1);
			expect(t.served.executions[0]).toHaveLength(1);
			const [item] = t.served.executions[0];
			expect(item.json).toMatchObject({
				event: 'accepted',
				eventKey: `${letterId}:accepted`,
				letterId,
				state: 'accepted',
				reference,
				proof: { type: 'acceptance', size: expect.any(Number) },
			});
			expect(Object.keys(item.json).filter((key) => key !== 'postal')).toEqual(NEUTRAL_KEYS);
			expect(item.json.letter).toMatchObject({ provider: provider.name, letterId });
			const pdf = Buffer.from(String(item.binary?.proof.data), 'base64');
			expect(item.binary?.proof.mimeType).toBe('application/pdf');
			expect((item.json.proof as { size: number }).size).toBe(pdf.length);
			expect(pdfText(pdf)).toMatch(provider.acceptanceText);
			// Every call the provider made was taken with its "received" answer.
			expect(t.served.answers.map((a) => a.status)).toEqual(t.served.answers.map(() => provider.received));
		} finally {
			await t.close();
		}
	});

	it('the same delivery twice starts the workflow once', async () => {
		const t = await trigger(['accepted']);
		try {
			await letter(t, `TRG-${provider.name.toUpperCase()}-TWICE`, 'accepted');
			expect(t.served.executions).toHaveLength(1);
			const before = t.served.answers.length;
			expect(await deliverAgain(t.webhookUrl, genuineOf(t.served), provider.form)).toBe(provider.received);
			expect(t.served.answers).toHaveLength(before + 1);
			expect(t.served.answers.at(-1)).toMatchObject({ started: false, body: { duplicate: true } });
			expect(t.served.executions).toHaveLength(1);
		} finally {
			await t.close();
		}
	});

	it('a forged call (proof of origin missing, changed or made with another key) gets 401, no item, and the provider is not called', async () => {
		const t = await trigger(['accepted']);
		try {
			await letter(t, `TRG-${provider.name.toUpperCase()}-FORGED`, 'accepted');
			const genuine = genuineOf(t.served);
			const ledger = JSON.stringify(t.staticData.emitted);
			const forgeries = provider.forged(genuine, t.webhookUrl);
			expect(forgeries.length).toBeGreaterThanOrEqual(3);
			for (const query of forgeries) {
				const { result, answered, sent } = await t.deliver({
					query: query as Record<string, string>,
					body: genuine.body,
				});
				expect(answered.status).toBe(401);
				expect(JSON.stringify(answered.body)).not.toContain(WEBHOOK_SECRET);
				expect(result.workflowData).toBeUndefined();
				expect(sent).toEqual([]);
			}
			expect(JSON.stringify(t.staticData.emitted)).toBe(ledger);
			// The genuine call itself is still taken (as a duplicate): the refusals were the forgeries' doing.
			const again = await t.deliver(genuine);
			expect(again.answered.status ?? 200).toBe(provider.received);
			expect(again.sent.length).toBeGreaterThan(0);
		} finally {
			await t.close();
		}
	});

	it('a call about a letter that is not ours starts nothing and is answered "received"', async () => {
		const t = await trigger(['accepted']);
		try {
			await letter(t, `TRG-${provider.name.toUpperCase()}-OWN`, 'accepted');
			const notOurs = await provider.notOurs(t.running, genuineOf(t.served));
			const { result, answered } = await t.deliver(notOurs);
			expect(result.workflowData).toBeUndefined();
			expect(answered.status).toBe(provider.received);
			expect(answered.body).toMatchObject({ received: true, started: false });
			expect(t.served.executions).toHaveLength(1);
		} finally {
			await t.close();
		}
	});

	it.each(['refused', 'negligence', 'bounced'] as const)(
		'a letter %s starts one execution with that event and its proof',
		async (outcome) => {
			const t = await trigger([outcome]);
			try {
				const reference = `TRG-${provider.name.toUpperCase()}-${outcome.toUpperCase()}`;
				const letterId = await letter(t, reference, outcome);
				expect(t.served.executions).toHaveLength(1);
				expect(t.served.executions[0]).toHaveLength(1);
				const [item] = t.served.executions[0];
				expect(item.json).toMatchObject({
					event: outcome,
					eventKey: `${letterId}:${outcome}`,
					letterId,
					state: outcome,
					reference,
					proof: { type: provider.proofType[outcome] },
				});
				expect(item.binary?.proof.mimeType).toBe('application/pdf');
				expect(pdfText(Buffer.from(String(item.binary?.proof.data), 'base64')).trim()).not.toBe('');
			} finally {
				await t.close();
			}
		},
	);

	it('a failed read-back gets the answer that makes the provider deliver again; the later delivery starts the workflow once', async () => {
		const t = await trigger(['accepted']);
		try {
			const reference = `TRG-${provider.name.toUpperCase()}-RETRY`;
			const letterId = await provider.post(t.running, reference, 'accepted');
			await control(sbx.url(), 'POST', '/faults', {
				type: '5xx',
				status: 500,
				path: provider.readBackPath,
				method: 'GET',
			});
			try {
				for (const step of provider.settle.accepted) await advance(step);
				// The trigger's transport retries the read a few times before it answers.
				for (let i = 0; i < 100 && !t.served.answers.some((a) => a.status === provider.retry.status); i++)
					await new Promise((resolve) => setTimeout(resolve, 100));
			} finally {
				await control(sbx.url(), 'DELETE', '/faults');
			}
			expect(t.served.executions).toHaveLength(0);
			expect(t.served.answers.length).toBeGreaterThan(0);
			expect(t.served.answers.map((a) => a.status)).toEqual(t.served.answers.map(() => provider.retry.status));
			await advance(provider.retry.after);
			expect(t.served.executions).toHaveLength(1);
			expect(t.served.executions[0][0].json).toMatchObject({ event: 'accepted', letterId, reference });
			await advance(provider.retry.after);
			expect(t.served.executions).toHaveLength(1);
		} finally {
			await t.close();
		}
	});
});
