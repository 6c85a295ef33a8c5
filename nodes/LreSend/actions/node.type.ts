import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	letter: 'send' | 'get' | 'getMany' | 'downloadProof';
	sender: 'get' | 'startOtpSession';
};

export type LreSendType = AllEntities<NodeMap>;
