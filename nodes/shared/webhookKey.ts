/**
 * The keys this package signs with: consent links (Debtor Consent Invite, lib/consent/token.ts) and LRE Trigger URLs
 * (LRE Send signs, LRE Trigger checks, lib/letter/webhookAuth.ts). They live in the LRE Signing Keys API credential
 * (new set-ups, and the only one a Maileva-only business has) or, for existing workflows, in the AR24 credential.
 *
 * - Signing: with the LRE Signing Keys API credential when it is attached to the node, else with the AR24 one (as
 *   before that credential existed).
 * - Checking: with every key the node's credentials give, so links mailed and URLs given to AR24 before the switch
 *   (a letter's last event may come 15+ days later) keep working while the AR24 credential stays attached.
 * - Neither attached: an error naming the credential to attach.
 *
 * Which credentials are attached is read from the node (`getNode().credentials`), as n8n records them; asking n8n
 * for a credential the node lacks is an error there. A context that records none (n8n lists nothing when nothing is
 * attached) is asked for the AR24 credential, as before, and a failure becomes the "attach" error.
 */
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeCredentialDescription,
	type INodeCredentialTestResult,
	type IWebhookFunctions,
} from 'n8n-workflow';
import { consentKey } from '../../lib/consent/token';
import { MIN_SECRET_LENGTH, secretProblem, webhookKey } from '../../lib/letter/webhookAuth';
import { AR24_CREDENTIAL, ar24Credentials } from './transport';

export const SIGNING_KEYS_CREDENTIAL = 'lreSigningKeysApi';
const SIGNING_KEYS_NAME = 'LRE Signing Keys API';

/** The name of the credential test function (`methods.credentialTest`) of each node that lists the credential. */
export const SIGNING_KEYS_TEST = 'lreSigningKeysApiTest';

/**
 * A node with the credential test lists the credential literally (n8n's lint reads the list) as
 * `{ name: 'lreSigningKeysApi', required: false, testedBy: 'lreSigningKeysApiTest' }` and has
 * `methods = { credentialTest: { [SIGNING_KEYS_TEST]: testSigningKeys } }` (Debtor Consent Invite, LRE Trigger).
 * A list built in code (LRE Send's provider credentials) adds this entry: no `testedBy`, so n8n, which tests a
 * credential through the first node naming a `testedBy`, takes one of the nodes that has the function.
 */
export const signingKeysCredential: INodeCredentialDescription = { name: SIGNING_KEYS_CREDENTIAL, required: false };

export type KeyUse = 'consent' | 'webhook';

const USES: Record<KeyUse, { field: string; label: string; signs: string; ar24Field: string }> = {
	consent: {
		field: 'consentSecret',
		label: 'Consent Secret',
		signs: 'consent links',
		ar24Field: 'consentSecret',
	},
	webhook: {
		field: 'webhookSecret',
		label: 'Webhook Secret',
		signs: 'LRE Trigger URLs',
		ar24Field: 'webhookSecret',
	},
};

type KeyContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

export interface SigningKeys {
	/** The key new links / URLs are signed with. */
	signing: string;
	/** Every key a link / URL may have been signed with, `signing` first, no duplicates. */
	accepted: string[];
}

async function signingKeysCredentials(this: KeyContext, itemIndex?: number): Promise<ICredentialDataDecryptedObject> {
	return 'getInputData' in this
		? await (this as IExecuteFunctions).getCredentials(SIGNING_KEYS_CREDENTIAL, itemIndex ?? 0)
		: await this.getCredentials(SIGNING_KEYS_CREDENTIAL);
}

function attachError(this: KeyContext, use: KeyUse, itemIndex: number | undefined): NodeOperationError {
	const { signs } = USES[use];
	return new NodeOperationError(
		this.getNode(),
		`No key to sign or check ${signs}: attach an ${SIGNING_KEYS_NAME} credential to this node`,
		{
			itemIndex,
			description: `Open the node, and under "Credential to connect with" create an ${SIGNING_KEYS_NAME} credential (two secrets; generate each with openssl rand -base64 32). Workflows set up before it existed sign with their AR24 API credential: keep that one attached too, so the ${signs} already sent stay valid.`,
		},
	);
}

/** The keys of one use (consent links or LRE Trigger URLs) for this node; see the file header. Never logs a key. */
export async function signingKeys(this: KeyContext, use: KeyUse, itemIndex?: number): Promise<SigningKeys> {
	const node = this.getNode();
	const attached = node.credentials;
	const { field, label, signs, ar24Field } = USES[use];
	const keys: string[] = [];
	if (attached?.[SIGNING_KEYS_CREDENTIAL]) {
		const secret = String((await signingKeysCredentials.call(this, itemIndex))[field] ?? '').trim();
		const problem = secretProblem(secret);
		if (problem !== undefined) {
			throw new NodeOperationError(node, `The ${label} of the ${SIGNING_KEYS_NAME} credential ${problem}`, {
				itemIndex,
				description: `Open the credential and paste a secret of at least ${MIN_SECRET_LENGTH} characters (generate one with openssl rand -base64 32). It signs the ${signs}.`,
			});
		}
		keys.push(secret);
	}
	if (attached === undefined || attached[AR24_CREDENTIAL]) {
		// Nothing recorded as attached: n8n refuses the AR24 credential when the node has none; say what to attach.
		const ar24 =
			attached === undefined
				? await ar24Credentials.call(this, itemIndex).catch(() => {
						throw attachError.call(this, use, itemIndex);
					})
				: await ar24Credentials.call(this, itemIndex);
		const privateKey = String(ar24.privateKey ?? '');
		const explicit = String(ar24[ar24Field] ?? '');
		const key = use === 'consent' ? consentKey(privateKey, explicit) : webhookKey(privateKey, explicit);
		if (!keys.includes(key)) keys.push(key);
	}
	if (keys.length === 0) throw attachError.call(this, use, itemIndex);
	return { signing: keys[0], accepted: keys };
}

/** The key that signs LRE Trigger URLs (LRE Send). */
export async function credentialWebhookKey(this: KeyContext, itemIndex?: number): Promise<string> {
	return (await signingKeys.call(this, 'webhook', itemIndex)).signing;
}

/** Every key an LRE Trigger URL of this node may be signed with (LRE Trigger), the signing key first. */
export async function credentialWebhookKeys(this: KeyContext, itemIndex?: number): Promise<string[]> {
	return (await signingKeys.call(this, 'webhook', itemIndex)).accepted;
}

/**
 * The LRE Signing Keys API credential's test, run by n8n when the credential is saved (no HTTP: the keys are used
 * inside n8n only). Both secrets set and long enough; the message never quotes them.
 */
export async function testSigningKeys(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const problems = (Object.keys(USES) as KeyUse[])
		.map((use) => {
			const problem = secretProblem(String(data[USES[use].field] ?? ''));
			return problem === undefined ? undefined : `the ${USES[use].label} ${problem}`;
		})
		.filter((problem): problem is string => problem !== undefined);
	if (problems.length > 0) {
		const what = problems.join(' and ');
		return {
			status: 'Error',
			message: `${what[0].toUpperCase()}${what.slice(1)}: paste a secret of at least ${MIN_SECRET_LENGTH} characters (generate one with openssl rand -base64 32).`,
		};
	}
	return {
		status: 'OK',
		message: 'Both secrets are set. They sign and check consent links and LRE Trigger URLs inside n8n.',
	};
}
