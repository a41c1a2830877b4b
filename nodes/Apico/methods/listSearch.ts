// The Message SID picker: Apico's newest messages (the first history page, newest first as
// Apico lists them), searched by number, text or SID.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { messagePickerResults } from '../../shared/pickers';
import { normalizeApicoMessage, type ApicoMessage } from '../message';
import { APICO_MAX_PAGE_SIZE, apicoClientFor } from '../transport';

export async function searchMessages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await apicoClientFor(this);
	const page = await client.call<{ messages?: ApicoMessage[] }>({ method: 'GET', path: '/messages', qs: { offset: 0, limit: APICO_MAX_PAGE_SIZE }, kind: 'read' });
	const messages = (Array.isArray(page?.messages) ? page.messages : []).map(normalizeApicoMessage);
	return messagePickerResults(messages, filter, this.getTimezone());
}
