// The resource locators of the smsup.ch node: Campaign (Campaign → Get) and Sender (SMS →
// Send / Get Price). Both keep their old parameter names, so workflows that set them as plain
// strings or expressions keep working (see locatorValue in shared/items.ts).
import type { INodeProperties } from 'n8n-workflow';

export const campaignLocator: INodeProperties = {
	displayName: 'Campaign',
	name: 'campaignId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description:
		'The campaign: one of your recent API campaigns (newest first; the search matches their text), or its ID, such as the ticket Send returned',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCampaigns', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 14672468',
			validation: [{ type: 'regex', properties: { regex: '\\s*\\d+\\s*', errorMessage: 'A campaign ID is digits, such as 14672468' } }],
		},
	],
};

export const senderLocator: INodeProperties = {
	displayName: 'From',
	name: 'sender',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		"Sender ID (up to 11 letters or digits) or a phone number; empty for smsup.ch's default sender. smsup.ch has no list of approved sender IDs, so the list shows the account's sender ID (GET /account) and the senders of your recent API campaigns (GET /campaigns).",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSenders', searchable: true },
		},
		{
			displayName: 'Number or Sender ID',
			name: 'value',
			type: 'string',
			placeholder: 'e.g. MyCompany or +41781234567',
		},
	],
};

