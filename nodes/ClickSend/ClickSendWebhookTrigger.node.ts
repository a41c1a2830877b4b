import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readOutput, shapeOutput } from '../shared/output';
import { triggerOutputField } from '../shared/triggers';
import { normalizeClickSendInbound, normalizeClickSendReceipt, type ClickSendMessage } from './message';
import { clickSendClientFor } from './transport';

/**
 * ClickSend pushes inbound SMS and delivery receipts to a URL through an automation rule with
 * action "URL" (`/v3/automations/sms/inbound`, `/v3/automations/sms/receipts`). This trigger
 * creates that rule when the workflow is activated and deletes it when deactivated, as n8n's
 * built-in webhook triggers do, and turns each pushed event into the normalized message.
 */
type Event = 'inboundMessage' | 'deliveryReceipt';

const RULES: Record<Event, { path: string; idField: string }> = {
	inboundMessage: { path: '/v3/automations/sms/inbound', idField: 'inbound_rule_id' },
	deliveryReceipt: { path: '/v3/automations/sms/receipts', idField: 'receipt_rule_id' },
};

/** What each event must carry to be ClickSend's (anything else gets a 400 and starts nothing). */
const REQUIRED_FIELDS: Record<Event, string[]> = {
	inboundMessage: ['message_id', 'from', 'body'],
	deliveryReceipt: ['message_id', 'status_code'],
};

export class ClickSendWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ClickSend Webhook Trigger',
		name: 'clickSendWebhookTrigger',
		icon: { light: 'file:clicksend.svg', dark: 'file:clicksend.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "deliveryReceipt" ? "Delivery Receipt" : "Inbound Message" }}',
		description: 'Starts the workflow the moment ClickSend pushes an inbound SMS or a delivery receipt',
		defaults: { name: 'ClickSend Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clickSendApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Delivery Receipt', value: 'deliveryReceipt', description: 'A message you sent was delivered or failed' },
					{ name: 'Inbound Message', value: 'inboundMessage', description: 'Someone texted one of your numbers' },
				],
				default: 'inboundMessage',
			},
			{
				displayName:
					'On activation this node creates a ClickSend automation rule that posts to this workflow\'s production URL, and deletes it on deactivation. ClickSend must be able to reach your n8n: the URL has to be public.',
				name: 'ruleNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Dedicated Number',
				name: 'dedicatedNumber',
				type: 'string',
				default: '*',
				placeholder: 'e.g. +61400000000',
				description: 'Which of your numbers the rule listens on; * for all of them',
				displayOptions: { show: { event: ['inboundMessage'] } },
			},
			triggerOutputField('the raw ClickSend payload'),
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const event = this.getNodeParameter('event') as Event;
				if (staticData.ruleId === undefined || staticData.event !== event) return false;
				const client = await clickSendClientFor(this);
				try {
					const rule = await client.call<IDataObject>({ method: 'GET', path: `${RULES[event].path}/${String(staticData.ruleId)}`, kind: 'read' });
					return rule?.action === 'URL' && rule.action_address === this.getNodeWebhookUrl('default');
				} catch {
					// Gone at ClickSend (deleted by hand): create it again.
					delete staticData.ruleId;
					return false;
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const event = this.getNodeParameter('event') as Event;
				const client = await clickSendClientFor(this);
				const body: IDataObject = {
					rule_name: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id} (${this.getNode().name})`.slice(0, 100),
					action: 'URL',
					action_address: this.getNodeWebhookUrl('default'),
					enabled: 1,
				};
				if (event === 'inboundMessage') {
					body.dedicated_number = (this.getNodeParameter('dedicatedNumber', '*') as string).trim() || '*';
					body.message_search_type = 0;
				} else {
					body.match_type = 0;
				}
				// Creating the rule twice would post every event twice: not repeated on an unknown outcome.
				const rule = await client.call<IDataObject>({ method: 'POST', path: RULES[event].path, body, kind: 'send' });
				const staticData = this.getWorkflowStaticData('node');
				staticData.ruleId = rule[RULES[event].idField] as number;
				staticData.event = event;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (staticData.ruleId === undefined) return true;
				const event = (staticData.event as Event | undefined) ?? (this.getNodeParameter('event') as Event);
				const client = await clickSendClientFor(this);
				try {
					await client.call({ method: 'DELETE', path: `${RULES[event].path}/${String(staticData.ruleId)}`, kind: 'read' });
				} catch (error) {
					this.logger.warn(`Could not delete ClickSend rule ${String(staticData.ruleId)}: ${(error as Error).message}`);
					return false;
				}
				delete staticData.ruleId;
				delete staticData.event;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const event = this.getNodeParameter('event') as Event;
		const body = this.getBodyData() as IDataObject;
		const missing = REQUIRED_FIELDS[event].filter((field) => typeof body?.[field] !== 'string' && typeof body?.[field] !== 'number');
		if (missing.length) {
			this.getResponseObject()
				.status(400)
				.json({ error: `Not a ClickSend ${event === 'inboundMessage' ? 'inbound SMS' : 'delivery receipt'}: missing ${missing.join(', ')}` });
			return { noWebhookResponse: true };
		}
		const message = body as ClickSendMessage;
		const normalized = () => (event === 'inboundMessage' ? normalizeClickSendInbound(message) : normalizeClickSendReceipt(message));
		return { workflowData: [[{ json: shapeOutput(readOutput(this), normalized, message) }]] };
	}
}
