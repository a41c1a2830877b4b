/**
 * Routee's callback payloads (the "Callbacks" page and the callback settings page) as the
 * webhook trigger reads them: which bodies are Routee's, and the normalized message each gives.
 */
import {
	isRouteeCampaignCallback,
	isRouteeSmsCallback,
	normalizeRouteeCampaignCallback,
	normalizeRouteeSmsCallback,
	type RouteeCampaignCallback,
	type RouteeSmsCallback,
} from '../../nodes/Routee/message';
import { smsCallbackPayload } from '../simulators/routee';

/** The SMS callback as the page documents it, filled in. */
const smsCallback: RouteeSmsCallback = {
	messageId: '6b1b1e2f-6f5c-4b8e-8d38-2c3b0f1d0001',
	smsId: 'a9f1c2d3-0000-4000-8000-000000000002',
	campaignTrackingId: null,
	part: 2,
	parts: 2,
	label: 'order-4711',
	to: '+306900000001',
	from: 'Routee',
	country: 'GR',
	operator: 'Cosmote',
	groups: [],
	campaignName: null,
	status: {
		name: 'Undelivered',
		reason: { detailedStatus: 'Unknown Number', description: 'The destination number you are trying to reach is unknown and may no longer exist.' },
		updatedDate: '2026-11-23T10:15:30.250Z',
	},
	message: 'Your parcel 4711 arrives tomorrow between 9:00 and 12:00.',
	applicationName: 'n8n sandbox',
	latency: 4,
	price: 0.025,
	direction: 'Outbound',
	originatingService: 'Sms',
};

const campaignCallback: RouteeCampaignCallback = {
	trackingId: 'c0ffee00-0000-4000-8000-000000000009',
	name: 'Spring sale',
	totalRecipients: 3,
	campaignStatus: 'Sent',
	messageStatuses: { Queued: 0, Sent: 0, Delivered: 2, Undelivered: 1, Failed: 0, Unsent: 0 },
	callbackInfo: { url: 'https://n8n.example.com/webhook/x/webhook', strategy: 'OnCompletion' },
};

test('an SMS callback: the normalized message with its status, the part and the campaign it belongs to', () => {
	expect(isRouteeSmsCallback(smsCallback)).toBe(true);
	expect(isRouteeCampaignCallback(smsCallback)).toBe(false);
	expect(normalizeRouteeSmsCallback(smsCallback)).toEqual({
		provider: 'routee',
		id: '6b1b1e2f-6f5c-4b8e-8d38-2c3b0f1d0001',
		direction: 'outbound',
		from: 'Routee',
		to: '+306900000001',
		body: 'Your parcel 4711 arrives tomorrow between 9:00 and 12:00.',
		status: 'failed',
		providerStatus: 'Undelivered',
		sentAt: '2026-11-23T10:15:30.250Z',
		segments: 2,
		price: 0.025,
		currency: null,
		country: 'GR',
		subject: null,
		mediaUrl: null,
		reference: 'order-4711',
		error: 'Unknown Number: The destination number you are trying to reach is unknown and may no longer exist.',
		callbackType: 'message',
		messageId: '6b1b1e2f-6f5c-4b8e-8d38-2c3b0f1d0001',
		smsId: 'a9f1c2d3-0000-4000-8000-000000000002',
		part: 2,
		parts: 2,
		campaignTrackingId: null,
		campaignName: null,
	});
});

test.each([
	['Queued', 'queued'],
	['Sent', 'sent'],
	['Delivered', 'delivered'],
	['Failed', 'failed'],
	['Unsent', 'failed'],
])('SMS status %s is %s', (name, status) => {
	const normalized = normalizeRouteeSmsCallback({ ...smsCallback, status: { name, reason: null, updatedDate: '2026-11-23T10:15:30Z' } });
	expect(normalized.status).toBe(status);
	expect(normalized.error).toBe(status === 'failed' ? name : null);
});

test('a campaign callback: the campaign\'s tracking id as id, its state and counts', () => {
	expect(isRouteeCampaignCallback(campaignCallback)).toBe(true);
	expect(isRouteeSmsCallback(campaignCallback)).toBe(false);
	expect(normalizeRouteeCampaignCallback(campaignCallback)).toEqual({
		provider: 'routee',
		id: 'c0ffee00-0000-4000-8000-000000000009',
		direction: 'outbound',
		from: null,
		to: null,
		body: null,
		status: 'sent',
		providerStatus: 'Sent',
		sentAt: null,
		segments: null,
		price: null,
		currency: null,
		country: null,
		subject: null,
		mediaUrl: null,
		reference: 'Spring sale',
		error: null,
		callbackType: 'campaign',
		campaignTrackingId: 'c0ffee00-0000-4000-8000-000000000009',
		campaignName: 'Spring sale',
		totalRecipients: 3,
		messageStatuses: { Queued: 0, Sent: 0, Delivered: 2, Undelivered: 1, Failed: 0, Unsent: 0 },
	});
	expect(normalizeRouteeCampaignCallback({ ...campaignCallback, campaignStatus: 'Running' }).status).toBe('queued');
	expect(normalizeRouteeCampaignCallback({ ...campaignCallback, campaignStatus: 'Scheduled' }).status).toBe('scheduled');
});

test('what the simulator posts is what the node reads', () => {
	const entry = {
		applicationName: 'n8n sandbox',
		campaignName: null,
		campaignTrackingId: null,
		country: 'GR',
		smsId: 'S-1',
		messageId: 'M-1',
		groups: [],
		body: 'Hi',
		operator: 'Cosmote',
		originatingService: 'Sms',
		to: '+306900000001',
		from: 'Routee',
		latency: 3,
		parts: 1,
		part: 1,
		price: 0.025,
		label: null,
		status: { date: '2026-11-23T10:15:30Z', status: 'Delivered', reason: null },
		direction: 'Outbound' as const,
	};
	const payload = smsCallbackPayload(entry);
	expect(isRouteeSmsCallback(payload)).toBe(true);
	expect(normalizeRouteeSmsCallback(payload as RouteeSmsCallback)).toMatchObject({ id: 'M-1', status: 'delivered', body: 'Hi', sentAt: '2026-11-23T10:15:30Z' });
});

test.each([
	['an empty object', {}],
	['another provider\'s receipt', { message_id: 'X', status_code: '201', timestamp: '1795000000' }],
	['a message id without a status', { messageId: 'M-1' }],
	['a status that is a word, not Routee\'s object', { messageId: 'M-1', status: 'Delivered' }],
	['an empty message id', { messageId: '', status: { name: 'Delivered' } }],
	['a campaign without its state', { trackingId: 'C-1', name: 'x' }],
	['a list', [{ messageId: 'M-1', status: { name: 'Delivered' } }]],
	['text', 'messageId=M-1'],
	['nothing', undefined],
])('%s is not a Routee callback', (_, body) => {
	expect(isRouteeSmsCallback(body)).toBe(false);
	expect(isRouteeCampaignCallback(body)).toBe(false);
});
