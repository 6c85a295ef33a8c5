/** n8n's UX conventions in every node description (issue #17 item 4). */
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebtorConsentInvite } from '../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { DebtorConsentTrigger } from '../../../nodes/DebtorConsentTrigger/DebtorConsentTrigger.node';
import { DunningPlan } from '../../../nodes/DunningPlan/DunningPlan.node';
import { LrePollTrigger } from '../../../nodes/LrePollTrigger/LrePollTrigger.node';
import { LreSend } from '../../../nodes/LreSend/LreSend.node';
import { LreTrigger } from '../../../nodes/LreTrigger/LreTrigger.node';
import { NoticeGenerator } from '../../../nodes/NoticeGenerator/NoticeGenerator.node';

const nodes: Record<string, INodeType> = {
	LreSend: new LreSend(),
	LreTrigger: new LreTrigger(),
	LrePollTrigger: new LrePollTrigger(),
	DebtorConsentInvite: new DebtorConsentInvite(),
	DebtorConsentTrigger: new DebtorConsentTrigger(),
	NoticeGenerator: new NoticeGenerator(),
	DunningPlan: new DunningPlan(),
};

/** Every property, nested ones (collection options, fixed collection values) included. */
function all(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...all(
			((property.options ?? []) as unknown[]).flatMap((option) => {
				const o = option as { type?: string; values?: INodeProperties[] };
				return o.values ?? (o.type ? [o as INodeProperties] : []);
			}),
		),
	]);
}

describe('node descriptions follow n8n conventions', () => {
	it('say "Email", not "E-Mail"', () => {
		for (const [name, node] of Object.entries(nodes)) {
			expect([name, JSON.stringify(node.description).match(/e-mail/gi) ?? []]).toEqual([name, []]);
		}
	});

	it('collections use n8n\'s placeholders: "Add option" for Options, "Add Field" or "Add Filter" otherwise', () => {
		for (const node of Object.values(nodes)) {
			for (const property of all(node.description.properties).filter((p) => p.type === 'collection')) {
				if (property.name === 'options')
					expect([property.name, property.placeholder]).toEqual(['options', 'Add option']);
				else expect(['Add Field', 'Add Filter', 'Change a Column Name', 'Add option']).toContain(property.placeholder);
			}
		}
	});

	it('dates are date pickers', () => {
		const dates = ['asOf', 'letterDate', 'formalNoticeDate', 'limitationInterruptedOn'];
		for (const node of [nodes.NoticeGenerator, nodes.DunningPlan]) {
			for (const property of all(node.description.properties).filter((p) => dates.includes(p.name))) {
				expect([property.name, property.type]).toEqual([property.name, 'dateTime']);
			}
		}
	});

	it('binary fields are labelled as n8n labels them', () => {
		const binary = Object.values(nodes)
			.flatMap((node) => all(node.description.properties))
			.filter((p) => /binary|attachmentProperties/i.test(p.name));
		expect(binary.length).toBeGreaterThanOrEqual(3);
		for (const property of binary)
			expect(['Put Output File in Field', 'Input Binary Fields', 'Input Binary Field']).toContain(property.displayName);
	});

	it('one Debtor Type parameter (name, options) in LRE Send, Debtor Consent Invite, Notice Generator and Dunning Plan', () => {
		const fields = ['LreSend', 'DebtorConsentInvite', 'NoticeGenerator', 'DunningPlan'].map((name) => {
			const found = all(nodes[name].description.properties).filter(
				(p) => (p.name === 'debtorType' || p.name === 'defaultDebtorType') && p.type !== 'string',
			);
			expect([name, found.length > 0]).toEqual([name, true]);
			return found.map((p) => ({ type: p.type, values: (p.options as Array<{ value: string }>).map((o) => o.value) }));
		});
		for (const list of fields)
			for (const field of list) expect(field).toEqual({ type: 'options', values: ['professional', 'individual'] });
		for (const name of ['LreSend', 'DebtorConsentInvite']) {
			expect(JSON.stringify(nodes[name].description)).not.toMatch(/recipientStatus|debtorStatus/);
		}
	});

	it('the Creditor SIREN/SIRET is not required (an individual creditor has none; the letter check asks for it otherwise)', () => {
		const siren = all(nodes.NoticeGenerator.description.properties).find((p) => p.name === 'creditorSiren');
		expect(siren?.required).toBeFalsy();
	});

	it('codex aliases find the nodes by AR24, recommandé, registered mail, eIDAS, mise en demeure, relance, dunning', () => {
		const found = (word: string) =>
			Object.keys(nodes).filter((name) => {
				const codex = JSON.parse(
					readFileSync(join(__dirname, '../../../nodes', name, `${name}.node.json`), 'utf8'),
				) as { alias?: string[] };
				return (codex.alias ?? []).some((alias) => alias.toLowerCase().includes(word.toLowerCase()));
			});
		for (const word of ['AR24', 'recommandé', 'registered mail', 'eIDAS'])
			expect([word, found(word)]).toEqual([word, expect.arrayContaining(['LreSend', 'LreTrigger', 'LrePollTrigger'])]);
		for (const word of ['mise en demeure', 'relance', 'dunning'])
			expect([word, found(word)]).toEqual([
				word,
				expect.arrayContaining(['NoticeGenerator', 'DunningPlan', 'LreSend']),
			]);
	});
});
