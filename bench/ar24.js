// A bare signed AR24 call (what the benchmarks compare LRE Send with, and how they create letters directly).
const { decryptBody, parisDate, sign } = require('../.build/lib/ar24/protocol');

/** POST /mail with these fields, signed with `key`; resolves to the decrypted answer's result. */
async function postMail(base, token, key, fields) {
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
	const json = JSON.parse(decryptBody(await response.text(), date, key));
	if (json.status !== 'SUCCESS') throw new Error(JSON.stringify(json));
	return json.result;
}

module.exports = { postMail };
