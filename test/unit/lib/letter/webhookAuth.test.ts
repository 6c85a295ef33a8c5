import { EventMemory } from '../../../../lib/letter/eventMemory';
import {
	secretProblem,
	signWebhookUrl,
	verifyWebhookSignature,
	webhookIdOf,
	webhookKey,
	webhookSignature,
} from '../../../../lib/letter/webhookAuth';

const ID = '0c1f6a8e-5d7b-4c2a-8e61-3b9f2a7d0e51';
const URL_ = `https://n8n.example.com/webhook/${ID}/webhook`;

describe('webhook URL signature', () => {
	it('finds the trigger id in production and test URLs, and nothing in other URLs', () => {
		expect(webhookIdOf(URL_)).toBe(ID);
		expect(webhookIdOf(`https://n8n.example.com/webhook-test/${ID}/webhook?x=1`)).toBe(ID);
		expect(webhookIdOf('https://n8n.example.com/webhook/my-path')).toBeUndefined();
	});

	it('signs a URL so that the trigger with this id and key accepts it, and no other', () => {
		const key = webhookKey('private-key');
		const signed = new URL(signWebhookUrl(URL_, key) as string);
		const signature = signed.searchParams.get('lre_sig');
		expect(verifyWebhookSignature(signature, key, ID)).toBe(true);
		expect(verifyWebhookSignature(signature, webhookKey('other-key'), ID)).toBe(false);
		expect(verifyWebhookSignature(signature, key, ID.replace('0c1f', '0c1e'))).toBe(false);
		expect(verifyWebhookSignature(undefined, key, ID)).toBe(false);
		expect(verifyWebhookSignature('', key, ID)).toBe(false);
	});

	it('replaces an earlier signature instead of stacking them', () => {
		const key = webhookKey('k');
		const twice = signWebhookUrl(signWebhookUrl(URL_, key) as string, key) as string;
		expect(new URL(twice).searchParams.getAll('lre_sig')).toEqual([webhookSignature(key, ID)]);
	});

	it('accepts a signature made with any of the keys given, and none made with another', () => {
		const [oldKey, newKey] = [webhookKey('private-key'), 'new-webhook-secret-0123456789'];
		const signedWith = (key: string, reference?: string) =>
			new URL(signWebhookUrl(URL_, key, reference) as string).searchParams.get('lre_sig');
		for (const key of [oldKey, newKey]) {
			expect(verifyWebhookSignature(signedWith(key), [newKey, oldKey], ID)).toBe(true);
			expect(verifyWebhookSignature(signedWith(key, 'MED-1'), [newKey, oldKey], ID, 'MED-1')).toBe(true);
			expect(verifyWebhookSignature(signedWith(key, 'MED-1'), [newKey, oldKey], ID, 'MED-2')).toBe(false);
		}
		expect(verifyWebhookSignature(signedWith(newKey), [oldKey], ID)).toBe(false);
		expect(verifyWebhookSignature(signedWith('forger-key-0123456789'), [newKey, oldKey], ID)).toBe(false);
		expect(verifyWebhookSignature(signedWith(newKey), [], ID)).toBe(false);
		// An empty key is never a key: a signature made with '' is refused.
		expect(verifyWebhookSignature(signedWith(''), ['', newKey], ID)).toBe(false);
	});

	it("says what is wrong with a signing keys credential's secret, without quoting it", () => {
		expect(secretProblem('')).toBe('is empty');
		expect(secretProblem('   ')).toBe('is empty');
		expect(secretProblem('fifteen-chars-x')).toBe('is shorter than 16 characters');
		expect(secretProblem(' sixteen-chars-xy ')).toBeUndefined();
		expect(secretProblem('Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5')).toBeUndefined();
	});

	it('uses an explicit webhook secret when the credential has one', () => {
		expect(webhookKey('private', 'explicit')).toBe('explicit');
		expect(webhookKey('private', '')).not.toBe(webhookKey('other', ''));
	});
});

describe('EventMemory', () => {
	it('remembers each (letter, state) once', () => {
		const memory = new EventMemory({});
		expect(memory.add('1', 'accepted')).toBe(true);
		expect(memory.add('1', 'accepted')).toBe(false);
		expect(memory.add('1', 'sent')).toBe(true);
		expect(memory.has('1', 'accepted')).toBe(true);
		memory.remove('1', 'accepted');
		expect(memory.has('1', 'accepted')).toBe(false);
	});

	it('stays bounded, forgetting the oldest events first', () => {
		const memory = new EventMemory({}, 100);
		for (let i = 0; i < 1000; i++) memory.add(String(i), 'accepted', i);
		expect(memory.count()).toBeLessThanOrEqual(110);
		expect(memory.has('999', 'accepted')).toBe(true);
		expect(memory.has('0', 'accepted')).toBe(false);
	});
});
