// A message ID picker's list (descriptions.ts `messageLocator`), the same for every provider:
// the messages the search box matches, each shown by who it went to, when, and the start of
// its text, with the ID underneath.
import type { INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { matchesSearch } from './items';
import type { NormalizedMessage } from './message';

const TEXT_SHOWN = 30;

function messagePickerItem(message: NormalizedMessage, zone: string): INodeListSearchItems {
	const when = message.sentAt ? DateTime.fromISO(message.sentAt, { zone }) : undefined;
	const text = message.body ? (message.body.length > TEXT_SHOWN ? `${message.body.slice(0, TEXT_SHOWN)}…` : message.body) : '';
	const party = message.direction === 'inbound' ? `from ${message.from ?? '?'}` : `to ${message.to ?? '?'}`;
	return {
		name: [party, when?.isValid ? when.toFormat('yyyy-LL-dd HH:mm') : undefined, text ? `“${text}”` : undefined].filter(Boolean).join(' · '),
		value: message.id ?? '',
		description: message.id ?? undefined,
	};
}

/** The picker's answer: the messages with an ID that the search matches by ID, number or text. */
export function messagePickerResults(messages: NormalizedMessage[], filter: string | undefined, zone: string): INodeListSearchResult {
	return {
		results: messages
			.filter((message) => message.id && matchesSearch(filter, message.id, message.to ?? '', message.from ?? '', message.body ?? ''))
			.map((message) => messagePickerItem(message, zone)),
	};
}
