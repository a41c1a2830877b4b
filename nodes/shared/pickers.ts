// How a message shows in a message ID picker (descriptions.ts `messageLocator`), the same for
// every provider: who it went to, when, and the start of its text; the ID underneath.
import type { INodeListSearchItems } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { NormalizedMessage } from './message';

const TEXT_SHOWN = 30;

export function messagePickerItem(message: NormalizedMessage, zone: string): INodeListSearchItems {
	const when = message.sentAt ? DateTime.fromISO(message.sentAt, { zone }) : undefined;
	const text = message.body ? (message.body.length > TEXT_SHOWN ? `${message.body.slice(0, TEXT_SHOWN)}…` : message.body) : '';
	const party = message.direction === 'inbound' ? `from ${message.from ?? '?'}` : `to ${message.to ?? '?'}`;
	return {
		name: [party, when?.isValid ? when.toFormat('yyyy-LL-dd HH:mm') : undefined, text ? `“${text}”` : undefined].filter(Boolean).join(' · '),
		value: message.id ?? '',
		description: message.id ?? undefined,
	};
}
