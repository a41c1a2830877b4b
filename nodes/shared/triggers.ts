// The fields every polling trigger shares (event, statuses, look-back, Output); each provider
// passes its own wording and the statuses its API can report.
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { outputField, SIMPLIFIED_MESSAGE_WORDS } from './output';
import type { MessageStatus } from './message';

export function triggerEventField(inboundDescription: string): INodeProperties {
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: [
			{ name: 'Inbound Message Received', value: 'inboundMessage', description: inboundDescription },
			{ name: 'Message Status Changed', value: 'statusChanged', description: 'A message you sent was delivered, failed, …' },
		],
		default: 'inboundMessage',
	};
}

export function triggerStatusesField(
	options: Array<{ name: string; value: MessageStatus }>,
	note = '',
): INodeProperties {
	return {
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options,
		default: ['delivered', 'failed'],
		description: `Only changes to these statuses start the workflow; empty for every change${note ? `. ${note}` : ''}`,
		displayOptions: { show: { event: ['statusChanged'] } },
	};
}

export function triggerLookbackField(description: string, maxHours = 720, show: IDisplayOptions['show'] = {}): INodeProperties {
	return {
		displayName: 'Watch Messages of the Last (Hours)',
		name: 'lookbackHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: maxHours },
		default: 24,
		description,
		displayOptions: { show: { event: ['statusChanged'], ...show } },
	};
}

/** Output, for a trigger's messages: `rawName` says what Raw emits. */
export function triggerOutputField(rawName: string): INodeProperties {
	return outputField({ raw: rawName, simplified: SIMPLIFIED_MESSAGE_WORDS });
}

/** A polling trigger's subtitle: the event's name as the Event field shows it. */
export const triggerSubtitle = '={{ $parameter["event"] === "statusChanged" ? "Message Status Changed" : "Inbound Message Received" }}';
