import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { proofArchiveName } from '../../../../lib/letter/archive';
import { pickProof, proofFieldFor, PROOF_TYPES, type ProofType } from '../../../../lib/letter/lifecycle';
import { letterIdField, proofTypeOptions } from '../../../shared/descriptions';
import { updateDisplayOptions } from '../../../shared/display';
import { inputError } from '../../../shared/validate';
import type { RunState } from '../runState';
import { readLetterId } from './get.operation';

const properties: INodeProperties[] = [
	letterIdField,
	{
		displayName: 'Proof',
		name: 'proofType',
		type: 'options',
		options: proofTypeOptions,
		default: 'acceptance',
		description: 'Which proof to download',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'proof',
		description: 'The output binary field that receives the PDF',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['letter'], operation: ['downloadProof'] } },
	properties,
);

/** A proof PDF as binary, with its SHA-256 and an archive file name `LRE_<Type>_<Recipient>_<YYYY-MM-DD>_<letterId>.pdf`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const provider = run.provider(itemIndex);
	const id = readLetterId.call(this, itemIndex, provider);
	const type = this.getNodeParameter('proofType', itemIndex, 'acceptance') as ProofType;
	if (!PROOF_TYPES.includes(type)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Proof',
			`must be one of ${PROOF_TYPES.join(', ')}, not ${JSON.stringify(type)}`,
			'Choose a proof type in the list.',
		);
	}
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'proof')).trim() || 'proof';
	const letter = provider.normalize(await provider.getLetter(id));
	const proof = pickProof(letter.proofs, type);
	if (!proof) {
		const available = letter.proofs.map((p) => p.type).join(', ') || 'none yet';
		throw inputError(
			this.getNode(),
			itemIndex,
			'Proof',
			`"${type}" does not exist for letter ${id}, which is ${letter.state}`,
			`Proofs available now: ${available}. Download the one matching the letter's state, or wait for the event.`,
		);
	}
	const pdf = await provider.fetchProof(proof, `${proof.type} proof of letter ${id}`);
	const fileName = proofArchiveName(
		proofFieldFor(proof.type).archiveWord,
		letter,
		proof.date ?? letter.events.depositedAt ?? '',
	);
	const sha256 = createHash('sha256').update(pdf).digest('hex');
	return [
		{
			json: {
				...letter,
				proof: { type: proof.type, date: proof.date, sha256, fileName, size: pdf.length },
			} as unknown as IDataObject,
			binary: { [property]: await this.helpers.prepareBinaryData(pdf, fileName, 'application/pdf') },
			pairedItem: { item: itemIndex },
		},
	];
}
