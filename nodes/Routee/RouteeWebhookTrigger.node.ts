import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { outputField, readOutput, shapeOutput } from '../shared/output';
import { isRouteeCampaignCallback, isRouteeSmsCallback, normalizeRouteeCampaignCallback, normalizeRouteeSmsCallback } from './message';

/**
 * Routee posts delivery callbacks to the URL given with each send (`callback{url, strategy}` for
 * every message, `campaignCallback{url, strategy}` for a campaign; notes §2.2, Routee's
 * "Callbacks" page). There is nothing to register through the API, so this trigger only
 * receives: it checks the payload is Routee's, answers at once (Routee repeats a callback, up
 * to 5 times, until it gets a 200), and emits the normalized message.
 */
/** A callback's simplified fields: the message ones, and which kind of callback it is. */
const ROUTEE_CALLBACK_SIMPLIFIED_FIELDS = ['callbackType', 'id', 'from', 'to', 'body', 'status', 'sentAt', 'reference', 'error', 'campaignTrackingId'];

export class RouteeWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Routee Webhook Trigger',
		name: 'routeeWebhookTrigger',
		icon: { light: 'file:routee.svg', dark: 'file:routee.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Delivery Callbacks',
		description: 'Starts the workflow the moment Routee calls back with the status of a message or campaign you sent',
		defaults: { name: 'Routee Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Routee calls back the URL given with each send. Copy this node\'s Production URL into the Routee node (SMS → Send): Additional Fields → "Callback URL", or with Send as Campaign, Campaign Fields → "Callback URL" (each message) and "Campaign Callback URL" (the campaign\'s progress). Then set "Callback Strategy" (or "Campaign Callback Strategy"): "On Change" calls on every status change (Queued, Sent, Delivered, …), "On Completion" once, with the final status. Activate this workflow first; n8n must be reachable from the internet.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			outputField({
				raw: 'Routee\'s callback as it came',
				simplified: 'the callback type (message or campaign), ID, from, to, body, status, sent at, reference, error and campaign tracking ID; All Fields adds the part numbers and the campaign\'s counts',
			}),
		],
	};

	// Routee's API has no webhook registration (the URL travels with each send; the node's notice
	// says where it goes), so the webhook exists as soon as n8n serves it and activating or
	// deactivating the workflow has nothing to create or delete at Routee.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData() as unknown;
		let normalized: IDataObject;
		if (isRouteeSmsCallback(body)) {
			normalized = normalizeRouteeSmsCallback(body) as IDataObject;
		} else if (isRouteeCampaignCallback(body)) {
			normalized = normalizeRouteeCampaignCallback(body) as IDataObject;
		} else {
			this.getResponseObject().status(400).json({
				error: 'Not a Routee callback: expected an SMS callback (messageId, status.name) or a campaign callback (trackingId, campaignStatus)',
			});
			return { noWebhookResponse: true };
		}
		const json = shapeOutput(readOutput(this), () => normalized, body as IDataObject, ROUTEE_CALLBACK_SIMPLIFIED_FIELDS);
		return { workflowData: [[{ json }]] };
	}
}
