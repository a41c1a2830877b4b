import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { alreadySentOptions } from '../../../shared/alreadySent';
import { smartEncodingOption, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { parallelSendsOption, runSend } from '../../../shared/send';
import { routeeGateway } from '../../gateway';
import { CALLBACK_STRATEGIES, messageProperties } from '../fields';

function callbackFields(name: 'callback' | 'campaignCallback', label: string, what: string): INodeProperties[] {
	return [
		{
			displayName: `${label} Strategy`,
			name: `${name}Strategy`,
			type: 'options',
			options: CALLBACK_STRATEGIES,
			default: 'OnChange',
			description: `When Routee calls the ${what} callback URL`,
		},
		{
			displayName: `${label} URL`,
			name: `${name}Url`,
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/webhook/routee',
			description: `Routee posts ${what} status updates to this URL (retried up to 5 times until it answers 200)`,
		},
	];
}

const properties: INodeProperties[] = [
	...messageProperties('One recipient per input item. Each item is one call, or, with "Send as Campaign", part of a campaign.'),
	{
		displayName: 'Send as Campaign',
		name: 'sendAsCampaign',
		type: 'boolean',
		default: false,
		description:
			'Whether to send all items as Routee campaigns (POST /sms/campaign): items with the same message and options go out together in one call, with optional schedule and quiet hours',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { sendAsCampaign: [false] } },
		options: [
			...callbackFields('callback', 'Callback', 'message'),
			{
				displayName: 'Flash',
				name: 'flash',
				type: 'boolean',
				default: false,
				description: 'Whether to send a flash SMS, shown on the screen without being stored',
			},
			{
				displayName: 'Reference',
				name: 'label',
				type: 'string',
				default: '',
				description: 'Your own reference for the message (Routee\'s label, up to 20 characters); it comes back in tracking',
			},
			{
				displayName: 'TTL (Minutes)',
				name: 'ttl',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1440,
				description: 'For how many minutes Routee keeps trying to deliver the message',
			},
		],
	},
	{
		displayName: 'Campaign Fields',
		name: 'campaignFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { sendAsCampaign: [true] } },
		options: [
			...callbackFields('callback', 'Callback', 'message'),
			...callbackFields('campaignCallback', 'Campaign Callback', 'campaign'),
			{
				displayName: 'Campaign Name',
				name: 'campaignName',
				type: 'string',
				default: '',
				description: 'A name for the campaign; Routee refuses a name it already has. When one campaign needs several calls, the later ones get " (2)", " (3)", … added.',
			},
			{
				displayName: 'Flash',
				name: 'flash',
				type: 'boolean',
				default: false,
				description: 'Whether to send flash SMS, shown on the screen without being stored',
			},
			{
				displayName: 'Respect Quiet Hours',
				name: 'respectQuietHours',
				type: 'boolean',
				default: false,
				description: 'Whether Routee holds messages back during the recipients\' quiet hours',
			},
			{
				displayName: 'Schedule',
				name: 'scheduledDate',
				type: 'dateTime',
				default: '',
				description: 'Send the campaign at this moment (in the workflow time zone unless the value has an offset)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...alreadySentOptions, { ...parallelSendsOption, displayOptions: { show: { '/sendAsCampaign': [false] } } }, smartEncodingOption],
	},
	outputField({ raw: 'Routee\'s answer to the send or campaign call', simplified: SIMPLIFIED_MESSAGE_WORDS }),
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, properties);

/**
 * `POST /sms`, one call per item, several in flight (Options → Parallel Requests), or
 * `POST /sms/campaign` calls one after another with "Send as Campaign" (nodes/Routee/gateway.ts).
 * A send is never repeated when Routee may have taken it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const asCampaign = this.getNodeParameter('sendAsCampaign', 0, false) as boolean;
	return await runSend(this, routeeGateway(this, asCampaign ? 'sendAsCampaign' : 'send'), items.length, {
		mode: 'send',
		alreadySentOption: 'options',
		...(asCampaign ? {} : { parallelOption: 'options' }),
	});
}
