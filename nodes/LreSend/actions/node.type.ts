import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	sender: 'get' | 'startOtpSession';
};

export type LreSendType = AllEntities<NodeMap>;
