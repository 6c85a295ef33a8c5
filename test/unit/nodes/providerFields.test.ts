/**
 * n8n refuses to run a workflow whose node has a required parameter it shows but left empty, and it shows a field
 * whose display condition is an expression. LRE Send's provider-specific required fields must therefore stay hidden
 * on the other provider's node whatever Letter Type expression it holds (the e2e send-letters workflow maps
 * `letterType` from the item).
 */
import { NodeHelpers, type INode, type INodeParameters } from 'n8n-workflow';
import { LreSend } from '../../../nodes/LreSend/LreSend.node';

const description = new LreSend().description;

function issues(parameters: INodeParameters): string[] {
	const node = {
		id: '1',
		name: 'Send',
		type: 'n8n-nodes-lre.lreSend',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	} as INode;
	const resolved = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
	const found = NodeHelpers.getNodeParametersIssues(
		description.properties,
		{ ...node, parameters: resolved ?? {} },
		description,
	);
	return Object.keys(found?.parameters ?? {});
}

describe('LRE Send: required fields of one provider never block the other', () => {
	const common = {
		resource: 'letter',
		operation: 'send',
		reference: '={{ $json.reference }}',
		debtorType: '={{ $json.status }}',
		recipientCompany: '={{ $json.company }}',
	};
	it('an AR24 node with an expression Letter Type needs no postal address', () => {
		expect(issues({ ...common, letterType: '={{ $json.type }}', recipientEmail: '={{ $json.email }}' })).toEqual([]);
	});
	it('a Maileva node with an expression Letter Type needs no email', () => {
		expect(
			issues({
				...common,
				provider: 'maileva',
				letterType: '={{ $json.type }}',
				postalAddress: '={{ $json.address }}',
			}),
		).toEqual([]);
	});
	it('a Maileva postal node without an address is flagged (the field is required there)', () => {
		expect(issues({ ...common, provider: 'maileva', letterType: 'postal' })).toContain('postalAddress');
	});
});
