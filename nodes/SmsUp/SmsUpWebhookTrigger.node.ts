import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { outputField, readOutput, shapeOutput, SIMPLIFIED_MESSAGE_WORDS } from '../shared/output';
import { deliveryReportProblem, normalizeSmsUpDeliveryReport, type SmsUpDeliveryReport } from './message';
import { smsUpClientFor } from './transport';

/**
 * smsup.ch pushes each delivery report to the account's DLR webhooks as a POST with a raw JSON
 * body `{date, status, destination, message_id, campaign_id, country_code}` and a numeric
 * status code (https://doc.smsup.ch/en/api/sms/webhook/delivery-report). A DLR webhook is set
 * up in the platform's Developer menu or through the API (`POST /webhook`,
 * https://doc.smsup.ch/en/api/sms/webhook/create-webhook). By default this node creates it
 * when the workflow is activated and deletes it when deactivated (`DELETE /webhook/{id}`, and
 * `GET /webhook` to check it is still there: SMSFactor's API, of which smsup.ch is a white
 * label); with registration off, the user pastes the URL by hand.
 */
export class SmsUpWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'smsup.ch Webhook Trigger',
		name: 'smsUpWebhookTrigger',
		icon: { light: 'file:smsup.svg', dark: 'file:smsup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Delivery Report',
		description: 'Starts the workflow the moment smsup.ch pushes a delivery report (DLR) for a message you sent',
		defaults: { name: 'smsup.ch Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsUpApi', required: true, displayOptions: { show: { registerWebhook: [true] } } }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Register Webhook Automatically',
				name: 'registerWebhook',
				type: 'boolean',
				default: true,
				description:
					'Whether to create an smsup.ch DLR webhook pointing at this workflow\'s Production URL when the workflow is activated, and delete it when deactivated. Off: set it up by hand.',
			},
			{
				displayName:
					'smsup.ch must be able to reach your n8n: the Production URL has to be public (smsup.ch posts from 51.159.7.123 and 51.159.21.54, should your firewall need them). The DLR webhook this node creates shows in the smsup.ch platform\'s Developer menu while the workflow is active.',
				name: 'registerNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerWebhook: [true] } },
			},
			{
				displayName:
					'Set-up on smsup.ch: log in to the smsup.ch platform, open the Developer menu, create a webhook of type DLR and paste this node\'s Production URL (shown above) into it, then activate this workflow. The URL has to be public (smsup.ch posts from 51.159.7.123 and 51.159.21.54).',
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerWebhook: [false] } },
			},
			outputField({ raw: 'smsup.ch\'s delivery report as it came', simplified: `${SIMPLIFIED_MESSAGE_WORDS} (your gsmsmsid in Reference)` }),
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('registerWebhook', true)) return true;
				const staticData = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				if (staticData.webhookId === undefined || staticData.webhookUrl !== url) return false;
				const client = await smsUpClientFor(this);
				let listed: IDataObject[];
				try {
					listed = webhookList(await client.call({ method: 'GET', path: '/webhook', kind: 'read' }));
				} catch (error) {
					// Creating a second webhook would post every report twice: trust what was stored.
					this.logger.warn(`Could not list smsup.ch webhooks, keeping webhook ${String(staticData.webhookId)}: ${(error as Error).message}`);
					return true;
				}
				const found = listed.some((webhook) => webhookId(webhook) === staticData.webhookId && webhook.url === url);
				// Gone at smsup.ch (deleted by hand): create it again.
				if (!found) delete staticData.webhookId;
				return found;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('registerWebhook', true)) return true;
				const url = this.getNodeWebhookUrl('default');
				const client = await smsUpClientFor(this);
				// Creating it twice would post every report twice: not repeated on an unknown outcome.
				const answer = await client.call({ method: 'POST', path: '/webhook', body: { webhook: { type: 'DLR', url } }, kind: 'send' });
				const id = answer.webhook && typeof answer.webhook === 'object' ? webhookId(answer.webhook as IDataObject) : undefined;
				if (id === undefined) {
					throw new NodeOperationError(this.getNode(), 'smsup.ch created the webhook but did not say its ID', {
						description: 'Delete the DLR webhook for this URL in the smsup.ch Developer menu, then activate the workflow again.',
					});
				}
				const staticData = this.getWorkflowStaticData('node');
				staticData.webhookId = id;
				staticData.webhookUrl = url;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (staticData.webhookId === undefined) return true;
				const client = await smsUpClientFor(this);
				try {
					await client.call({ method: 'DELETE', path: `/webhook/${encodeURIComponent(String(staticData.webhookId))}`, kind: 'read' });
				} catch (error) {
					// −5 (resource not found): already deleted, which is what was wanted.
					if (!/\(status -5\)/.test((error as Error).message)) {
						this.logger.warn(`Could not delete smsup.ch webhook ${String(staticData.webhookId)}: ${(error as Error).message}`);
						return false;
					}
				}
				delete staticData.webhookId;
				delete staticData.webhookUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = readBody(this);
		const problem = deliveryReportProblem(body);
		if (problem) {
			this.getResponseObject().status(400).json({ error: `Not an smsup.ch delivery report: ${problem}` });
			return { noWebhookResponse: true };
		}
		const report = body as SmsUpDeliveryReport;
		return { workflowData: [[{ json: shapeOutput(readOutput(this), () => normalizeSmsUpDeliveryReport(report), report) }]] };
	}
}

/** A webhook's ID as text (smsup.ch writes `"webhook_id": "66"`). */
function webhookId(webhook: IDataObject): string | undefined {
	const id = webhook.webhook_id ?? webhook.id;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/** The webhooks of a `GET /webhook` answer, whichever key holds them (the answer is not documented). */
function webhookList(answer: IDataObject): IDataObject[] {
	for (const key of ['webhooks', 'webhook', 'data']) {
		const value = answer[key];
		if (Array.isArray(value)) return value.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object');
		if (value && typeof value === 'object') return [value as IDataObject];
	}
	return [];
}

/**
 * The JSON body. smsup.ch documents it as "a JSON string in the body (raw)" without naming a
 * content type: n8n parses `application/json` itself, keeps `text/plain` as text and leaves
 * other types unparsed, so the raw bytes are read as JSON when the parsed body is not an object.
 */
function readBody(context: IWebhookFunctions): unknown {
	const parsed = context.getBodyData() as unknown;
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length > 0) return parsed;
	const raw = typeof parsed === 'string' ? parsed : (context.getRequestObject() as { rawBody?: Buffer }).rawBody?.toString('utf8');
	if (!raw?.trim()) return parsed;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}
