/**
 * A bare signed AR24 `POST /mail` (no LRE Send in between): how the benchmarks and the queue test create letters
 * directly in the sandbox, and what the client benchmark compares LRE Send with. The bench loads the compiled copy
 * (`.build/test/helpers/ar24Mail.js`, tsconfig.dev.json).
 */
import { decryptBody, parisDate, sign } from '../../lib/ar24/protocol';

/** POST /mail with these fields (over a professional recipient's defaults), signed with `key`; the answer's result. */
export async function postMail(
	base: string,
	token: string,
	key: string,
	fields: Record<string, string>,
): Promise<{ id: number }> {
	const date = parisDate();
	const form = new FormData();
	for (const [k, v] of Object.entries({
		token,
		date,
		id_user: '1',
		dest_statut: 'professionnel',
		to_company: 'Debtor SAS',
		content: 'Mise en demeure',
		...fields,
	}))
		form.append(k, v);
	const response = await fetch(`${base}/api/mail`, {
		method: 'POST',
		headers: { signature: sign(date, key) },
		body: form,
	});
	const json = JSON.parse(decryptBody(await response.text(), date, key)) as { status: string; result: { id: number } };
	if (json.status !== 'SUCCESS') throw new Error(JSON.stringify(json));
	return json.result;
}
