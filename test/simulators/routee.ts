/**
 * Routee simulator, faithful to ../shared/provider-docs/003 (tracking) and provider-notes §2:
 * the OAuth2 client-credentials token endpoint and the API on one server (the node's token
 * URL and API base URL both point here), Bearer tokens that expire after a configurable
 * lifetime on the simulator's own clock, `{code, developerMessage}` errors with 9-digit codes
 * (HTTP status + module + error), single sends, campaigns (with schedule), analysis (cost per
 * part, transcoding), and tracking: Spring pages from 0, the last-7-days window, body filters
 * (one `{fieldName, searchTerm}` object of the six documented fields), per-part entries
 * (`smsId` per part, `messageId`
 * shared). It counts every message it accepted, per recipient. Over time, inbound messages
 * arrive (`addInbound`) and statuses change (`changeStatus`); a status change posts Routee's
 * callbacks to the URLs given with the send, as Routee does (notes §2.2, §2.4; Routee's
 * "Callbacks" page): the SMS callback per part (strategy OnChange: every change; OnCompletion:
 * the final status only) and the campaign callback with the campaign's counts.
 */
import { randomUUID } from 'node:crypto';

import { basicAuth, seededRandom, SimulatorServer, type RecordedRequest, type SimResponse } from './framework';

export interface RouteeApplication {
	id: string;
	secret: string;
	name: string;
	balance: number;
	currency: { code: string; name: string; sign: string };
}

export interface RouteeStatus {
	date: string;
	status: string;
	reason?: { detailedStatus: string; description: string } | null;
}

/** One SMS part as `/sms/tracking` returns it (doc 003, "content" fields). */
export interface RouteeTrackingEntry {
	applicationName: string;
	campaignName: string | null;
	campaignTrackingId: string | null;
	country: string;
	smsId: string;
	messageId: string;
	groups: string[];
	body: string;
	operator: string;
	originatingService: string;
	to: string;
	from: string;
	latency: number | null;
	parts: number;
	part: number;
	price: number;
	label: string | null;
	status: RouteeStatus;
	direction: 'Inbound' | 'Outbound';
	receivedDate?: string;
}

export interface RouteeCampaign {
	trackingId: string;
	createdAt: string;
	type: string;
	scheduledDate: string | null;
	campaignName: string | null;
	from: string;
	to: string[];
	body: string;
	state: string;
	respectQuietHours: boolean;
	flash: boolean;
	callback?: unknown;
	campaignCallback?: unknown;
}

export interface RouteeCallbackSetting {
	url: string;
	strategy: 'OnChange' | 'OnCompletion';
}

/** A callback the simulator posted (or tried to), with the answers it got. */
export interface PostedCallback {
	kind: 'sms' | 'campaign';
	url: string;
	body: Record<string, unknown>;
	/** HTTP status of each attempt; 0 when no answer arrived. */
	attempts: number[];
}

interface TokenRecord {
	applicationId: string;
	expiresAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TRACKING_WINDOW_MS = 7 * DAY_MS;
const MAX_PAGE_SIZE = 2000;
const DEFAULT_PAGE_SIZE = 20;
const MAX_LABEL = 20;
const MAX_BODY = 1600;
/** Statuses after which nothing changes (Routee's "Messaging Statuses" page). */
const FINAL_STATUSES = new Set(['Delivered', 'Undelivered', 'Failed', 'Unsent']);
/** "retried up to 5 times until it gets a 200" (notes §2.2): the first attempt and 5 more. */
const CALLBACK_ATTEMPTS = 6;
/** OnChange campaign callbacks come "every 20% of the campaign statuses change" (Routee's callback settings page). */
const CAMPAIGN_CALLBACK_STEP = 0.2;

const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
		'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');
/** Greek capitals that look like Latin ones: transcoding writes them in Latin (GSM has no own glyph). */
const GREEK_TO_LATIN: Record<string, string> = {
	Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};

const COUNTRIES: Array<[string, string, string, number]> = [
	// prefix, country, operator, cost per part (EUR)
	['+357', 'CY', 'Cyta', 0.03],
	['+30', 'GR', 'Cosmote', 0.025],
	['+44', 'GB', 'Vodafone UK', 0.035],
	['+49', 'DE', 'Telekom', 0.075],
	['+33', 'FR', 'Orange', 0.06],
	['+39', 'IT', 'TIM', 0.055],
	['+41', 'CH', 'Swisscom', 0.07],
	['+1', 'US', 'AT&T', 0.012],
];

const FILTER_FIELDS: Record<string, (entry: RouteeTrackingEntry) => unknown> = {
	// Only those doc 003 lists: smsId, to, status.status, direction, label, campaign.
	smsId: (entry) => entry.smsId,
	to: (entry) => entry.to,
	'status.status': (entry) => entry.status.status,
	direction: (entry) => entry.direction,
	label: (entry) => entry.label,
	campaign: (entry) => entry.campaignName,
};

const SORT_FIELDS: Record<string, (entry: RouteeTrackingEntry) => string | number> = {
	'status.date': (entry) => entry.status.date,
	date: (entry) => entry.status.date,
	to: (entry) => entry.to,
	from: (entry) => entry.from,
	'status.status': (entry) => entry.status.status,
	country: (entry) => entry.country,
	price: (entry) => entry.price,
};

export const routeeError = (status: number, code: string, developerMessage: string): SimResponse => ({
	status,
	body: { code, developerMessage },
});

export function isGsm(text: string): boolean {
	return Array.from(text).every((char) => GSM_BASIC.has(char) || GSM_EXTENSION.has(char));
}

/** Parts the way Routee counts them: 160/153 GSM septets, 70/67 UCS-2 characters. */
export function partsOf(text: string): number {
	const chars = Array.from(text);
	const gsm = isGsm(text);
	const units = gsm ? chars.reduce((sum, char) => sum + (GSM_EXTENSION.has(char) ? 2 : 1), 0) : text.length;
	const single = gsm ? 160 : 70;
	const perPart = gsm ? 153 : 67;
	if (units <= single) return 1;
	return Math.ceil(units / perPart);
}

/** Greek, French, Italian and German written with GSM characters (notes §2.3). */
export function transcode(text: string): string {
	const stripped = Array.from(text)
		.map((char) => (GSM_BASIC.has(char) || GSM_EXTENSION.has(char) ? char : char.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))
		.join('');
	return Array.from(stripped)
		.map((char) => {
			if (GSM_BASIC.has(char) || GSM_EXTENSION.has(char)) return char;
			const upper = char.toUpperCase();
			if (upper === 'Σ' || char === 'ς') return 'Σ';
			return GREEK_TO_LATIN[upper] ?? (GSM_BASIC.has(upper) ? upper : char);
		})
		.join('');
}

export function bodyAnalysis(body: string) {
	const unicode = !isGsm(body);
	const unsupported = [...new Set(Array.from(body).filter((char) => !GSM_BASIC.has(char) && !GSM_EXTENSION.has(char)))];
	const transcoded = unicode ? transcode(body) : undefined;
	return {
		characters: Array.from(body).length,
		parts: partsOf(body),
		transcode: transcoded !== undefined && isGsm(transcoded) ? { message: transcoded, parts: partsOf(transcoded) } : null,
		unicode,
		unsupportedGSMCharacters: unsupported,
	};
}

export function countryOf(number: string): [string, string, number] {
	const found = COUNTRIES.find(([prefix]) => number.startsWith(prefix));
	return found ? [found[1], found[2], found[3]] : ['GR', 'Cosmote', 0.025];
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHA_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 .&_-]{1,11}$/;
const NUMERIC_SENDER = /^\d{1,16}$/;

export class RouteeSimulator extends SimulatorServer {
	readonly applications = new Map<string, RouteeApplication>();
	readonly tokens = new Map<string, TokenRecord>();
	/** Seconds a token lives (Routee's default is one hour, notes §2.1). */
	tokenLifetimeSeconds = 3600;
	/** Body filter fields accepted and not applied (a provider that ignores a filter). */
	readonly ignoredFilterFields = new Set<string>();
	/** The status an expired token gets: Routee answers an expired or revoked token with 401 or 403 (notes §2.1). */
	expiredTokenStatus: 401 | 403 = 401;
	/** Moves the simulator's clock ahead of real time (tokens expire on this clock). */
	clockOffsetMs = 0;
	/** How far each API request moves the clock, so a run of requests can outlive a token. */
	clockStepPerApiRequestMs = 0;
	/** When set, the clock stands still at this moment (plus the offset): only requests move it. */
	clockFrozenAt: number | undefined;
	/** Tokens issued, API requests refused for a missing or expired token. */
	tokensIssued = 0;
	unauthenticatedRequests = 0;
	/** Messages accepted (single and campaign), per recipient: a recipient counted twice was sent twice. */
	readonly acceptedByRecipient = new Map<string, number>();
	tracking: RouteeTrackingEntry[] = [];
	/** Recipients whose single send is accepted and then answered with a 500 (the message went out). */
	readonly failAfterAccepting = new Set<string>();
	readonly campaigns = new Map<string, RouteeCampaign>();
	/** The `callback` of each single send, by message id (campaign messages use the campaign's). */
	readonly messageCallbacks = new Map<string, RouteeCallbackSetting>();
	/** Every callback posted, in order. */
	readonly callbacksPosted: PostedCallback[] = [];
	/** The message counts each campaign callback last reported, by campaign tracking id. */
	private readonly campaignReported = new Map<string, Record<string, number>>();
	/** Tracking in the default order, rebuilt when entries are added or changed through the simulator. */
	private sortedCache:
		| { source: RouteeTrackingEntry[]; length: number; version: number; sorted: RouteeTrackingEntry[]; times: number[]; ascending: boolean }
		| undefined;
	private trackingVersion = 0;

	constructor() {
		super('routee');
		this.applications.set('sandbox-app', {
			id: 'sandbox-app',
			secret: 'DUMMY-SANDBOX-APP-SECRET-0001',
			name: 'n8n sandbox',
			balance: 250.5,
			currency: { code: 'EUR', name: 'Euro', sign: '€' },
		});
		this.route('POST', '/oauth/token', (request) => this.issueToken(request));
		this.route('GET', '/accounts/me/balance', (request) => this.withAuth(request, (app) => this.balance(app)));
		this.route('POST', '/sms', (request) => this.withAuth(request, (app) => this.sendSingle(app, request)));
		this.route('POST', '/sms/campaign', (request) => this.withAuth(request, (app) => this.sendCampaign(app, request)));
		this.route('DELETE', '/sms/:trackingId', (request, params) => this.withAuth(request, () => this.deleteCampaign(params.trackingId)));
		this.route('POST', '/sms/analyze', (request) => this.withAuth(request, () => this.analyze(request)));
		this.route('POST', '/sms/tracking', (request) => this.withAuth(request, () => this.track(request)));
		this.route('GET', '/sms/tracking/single/:messageId', (request, params) =>
			this.withAuth(request, () => this.trackSingle(params.messageId)),
		);
		this.route('GET', '/sms/tracking/campaign/:trackingId', (request, params) =>
			this.withAuth(request, () => this.trackCampaign(request, params.trackingId)),
		);
	}

	now(): number {
		return (this.clockFrozenAt ?? Date.now()) + this.clockOffsetMs;
	}

	/** Stops real time from moving the clock, so expiry depends on the number of requests alone. */
	freezeClock(): void {
		this.clockFrozenAt = Date.now();
	}

	get acceptedTotal(): number {
		let total = 0;
		for (const count of this.acceptedByRecipient.values()) total += count;
		return total;
	}

	/** Clears requests, faults, tokens, counters and sent messages (seeded history is kept unless asked). */
	resetAll(options: { keepHistory?: boolean } = {}): void {
		this.reset();
		this.tokens.clear();
		this.tokensIssued = 0;
		this.unauthenticatedRequests = 0;
		this.tokenLifetimeSeconds = 3600;
		this.expiredTokenStatus = 401;
		this.ignoredFilterFields.clear();
		this.clockOffsetMs = 0;
		this.clockStepPerApiRequestMs = 0;
		this.clockFrozenAt = undefined;
		this.acceptedByRecipient.clear();
		this.failAfterAccepting.clear();
		this.campaigns.clear();
		this.messageCallbacks.clear();
		this.callbacksPosted.length = 0;
		this.campaignReported.clear();
		if (!options.keepHistory) this.tracking = [];
		this.touchTracking();
	}

	/** A token as if issued earlier (n8n keeps a credential's token between executions). */
	issueTokenFor(applicationId = 'sandbox-app'): string {
		const token = randomUUID();
		this.tokens.set(token, { applicationId, expiresAt: this.now() + this.tokenLifetimeSeconds * 1000 });
		return token;
	}

	/** Call after changing tracking entries in place, so the sorted view is rebuilt. */
	touchTracking(): void {
		this.trackingVersion++;
	}

	protected notFound(request: RecordedRequest): SimResponse {
		return routeeError(404, '404000000', `No resource for ${request.method} ${request.path}`);
	}

	// ---- auth -------------------------------------------------------------------------

	private issueToken(request: RecordedRequest): SimResponse {
		const client = basicAuth(request);
		const app = client ? this.applications.get(client.username) : undefined;
		if (!client || !app || app.secret !== client.password) {
			return { status: 401, body: { error: 'unauthorized', error_description: 'Bad credentials' } };
		}
		if (!request.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
			return { status: 400, body: { error: 'invalid_request', error_description: 'Content type must be application/x-www-form-urlencoded' } };
		}
		const grantType = (request.body as Record<string, string> | undefined)?.grant_type;
		if (grantType !== 'client_credentials') {
			return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}` } };
		}
		const token = randomUUID();
		this.tokens.set(token, { applicationId: app.id, expiresAt: this.now() + this.tokenLifetimeSeconds * 1000 });
		this.tokensIssued++;
		return {
			status: 200,
			body: {
				access_token: token,
				token_type: 'bearer',
				expires_in: this.tokenLifetimeSeconds,
				scope: 'account contact report sms',
				permissions: ['MT_ROLE_ACCOUNT_FINANCE', 'MT_ROLE_REPORT', 'MT_ROLE_SMS'],
			},
		};
	}

	private withAuth(request: RecordedRequest, handler: (app: RouteeApplication) => SimResponse): SimResponse {
		this.clockOffsetMs += this.clockStepPerApiRequestMs;
		const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
		const token = match ? this.tokens.get(match[1]) : undefined;
		if (!token || token.expiresAt <= this.now()) {
			this.unauthenticatedRequests++;
			if (token && this.expiredTokenStatus === 403) return routeeError(403, '403000000', 'Access denied: the access token has expired.');
			return routeeError(401, '401000000', token ? 'The access token has expired.' : 'Not authenticated: missing or invalid access token.');
		}
		return handler(this.applications.get(token.applicationId)!);
	}

	// ---- account ----------------------------------------------------------------------

	private balance(app: RouteeApplication): SimResponse {
		return { status: 200, body: { balance: app.balance, currency: app.currency } };
	}

	// ---- send -------------------------------------------------------------------------

	private validateOutgoing(body: Record<string, unknown>, recipients: unknown[]): SimResponse | undefined {
		if (typeof body.body !== 'string' || body.body === '') return routeeError(400, '400000000', 'body: may not be empty');
		if (Array.from(body.body).length > MAX_BODY) return routeeError(400, '400000000', `body: may not be longer than ${MAX_BODY} characters`);
		const from = body.from;
		if (typeof from !== 'string' || !(ALPHA_SENDER.test(from) || NUMERIC_SENDER.test(from))) {
			return routeeError(400, '400005000', 'No recipients were specified or the sender is invalid.');
		}
		if (recipients.length === 0 || recipients.some((to) => typeof to !== 'string' || !E164.test(to))) {
			return routeeError(400, '400005000', 'No recipients were specified or the sender is invalid.');
		}
		for (const key of ['callback', 'campaignCallback']) {
			const callback = body[key] as { url?: unknown; strategy?: unknown } | undefined;
			if (callback === undefined) continue;
			if (typeof callback?.url !== 'string' || !/^https?:\/\//.test(callback.url)) {
				return routeeError(400, '400000000', `${key}.url: must be a valid URL`);
			}
			if (callback.strategy !== 'OnChange' && callback.strategy !== 'OnCompletion') {
				return routeeError(400, '400000000', `${key}.strategy: must be OnChange or OnCompletion`);
			}
		}
		if (body.flash !== undefined && typeof body.flash !== 'boolean') return routeeError(400, '400000000', 'flash: must be a boolean');
		return undefined;
	}

	private sendSingle(app: RouteeApplication, request: RecordedRequest): SimResponse {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const invalid = this.validateOutgoing(body, [body.to]);
		if (invalid) return invalid;
		if (body.label !== undefined && (typeof body.label !== 'string' || body.label.length > MAX_LABEL)) {
			return routeeError(400, '400000000', `label: size must be between 0 and ${MAX_LABEL}`);
		}
		if (body.ttl !== undefined && (!Number.isInteger(body.ttl) || (body.ttl as number) < 1)) {
			return routeeError(400, '400000000', 'ttl: must be a positive number of minutes');
		}
		const to = body.to as string;
		const text = body.body as string;
		const trackingId = randomUUID();
		const createdAt = new Date(this.now()).toISOString();
		this.addMessage(app, { messageId: trackingId, to, from: body.from as string, body: text, label: (body.label as string) ?? null, date: createdAt });
		if (body.callback) this.messageCallbacks.set(trackingId, body.callback as RouteeCallbackSetting);
		this.acceptedByRecipient.set(to, (this.acceptedByRecipient.get(to) ?? 0) + 1);
		if (this.failAfterAccepting.has(to)) return routeeError(500, '500000000', 'Internal server error.');
		return {
			status: 200,
			body: {
				trackingId,
				createdAt,
				from: body.from,
				to,
				body: text,
				status: 'Queued',
				...(body.label !== undefined ? { label: body.label } : {}),
				bodyAnalysis: bodyAnalysis(text),
				flash: body.flash ?? false,
				...(body.callback ? { callback: body.callback } : {}),
				...(body.ttl !== undefined ? { ttl: body.ttl } : {}),
			},
		};
	}

	/**
	 * `DELETE /sms/{trackingId}` (notes §2.2, from Routee's SDK): only a campaign still waiting
	 * for its scheduled date can go. The answer is not documented; the stricter reading for a
	 * client is an empty one (204), so nothing in it can be relied on.
	 */
	private deleteCampaign(trackingId: string): SimResponse {
		const campaign = this.campaigns.get(trackingId);
		if (!campaign || campaign.state === 'Deleted') return routeeError(404, '404009000', 'Campaign not found.');
		if (campaign.state !== 'Scheduled') {
			return routeeError(400, '400009000', `The campaign is ${campaign.state.toLowerCase()}: only a scheduled campaign can be deleted.`);
		}
		campaign.state = 'Deleted';
		return { status: 204, raw: '' };
	}

	private sendCampaign(app: RouteeApplication, request: RecordedRequest): SimResponse {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const recipients = Array.isArray(body.to) ? body.to : [];
		const invalid = this.validateOutgoing(body, recipients);
		if (invalid) return invalid;
		const campaignName = typeof body.campaignName === 'string' && body.campaignName ? body.campaignName : null;
		if (campaignName && [...this.campaigns.values()].some((campaign) => campaign.campaignName === campaignName)) {
			return routeeError(409, '409009000', `A campaign named "${campaignName}" already exists.`);
		}
		let scheduledDate: string | null = null;
		if (body.scheduledDate !== undefined) {
			const when = Date.parse(String(body.scheduledDate));
			if (Number.isNaN(when)) return routeeError(400, '400000000', 'scheduledDate: must be an ISO-8601 date');
			if (when <= this.now()) return routeeError(400, '400009000', 'scheduledDate: must be in the future');
			scheduledDate = new Date(when).toISOString();
		}
		const trackingId = randomUUID();
		const createdAt = new Date(this.now()).toISOString();
		const campaign: RouteeCampaign = {
			trackingId,
			createdAt,
			type: 'Sms',
			scheduledDate,
			campaignName,
			from: body.from as string,
			to: recipients as string[],
			body: body.body as string,
			state: scheduledDate ? 'Scheduled' : 'Queued',
			respectQuietHours: body.respectQuietHours === true,
			flash: body.flash === true,
			...(body.callback ? { callback: body.callback } : {}),
			...(body.campaignCallback ? { campaignCallback: body.campaignCallback } : {}),
		};
		this.campaigns.set(trackingId, campaign);
		for (const to of campaign.to) {
			this.acceptedByRecipient.set(to, (this.acceptedByRecipient.get(to) ?? 0) + 1);
			// A scheduled campaign has nothing to track until it goes out.
			if (!scheduledDate) {
				this.addMessage(app, { messageId: randomUUID(), to, from: campaign.from, body: campaign.body, label: null, date: createdAt, campaign });
			}
		}
		const perCountry: Record<string, number> = {};
		for (const to of campaign.to) perCountry[countryOf(to)[0]] = (perCountry[countryOf(to)[0]] ?? 0) + 1;
		return {
			status: 200,
			body: {
				...campaign,
				statuses: { Queued: scheduledDate ? 0 : campaign.to.length, Sent: 0, Failed: 0, Delivered: 0, Undelivered: 0, Unsent: 0 },
				smsAnalysis: {
					numberOfRecipients: campaign.to.length,
					recipientCountries: Object.fromEntries(campaign.to.map((to) => [to, countryOf(to)[0]])),
					recipientsPerCountry: perCountry,
					recipientsPerGroup: {},
					totalInGroups: 0,
					contacts: {},
					bodyAnalysis: bodyAnalysis(campaign.body),
				},
			},
		};
	}

	private addMessage(
		app: RouteeApplication,
		message: { messageId: string; to: string; from: string; body: string; label: string | null; date: string; campaign?: RouteeCampaign },
	): void {
		const [country, operator, cost] = countryOf(message.to);
		const parts = partsOf(message.body);
		for (let part = 1; part <= parts; part++) {
			this.tracking.push({
				applicationName: app.name,
				campaignName: message.campaign?.campaignName ?? null,
				campaignTrackingId: message.campaign?.trackingId ?? null,
				country,
				smsId: randomUUID(),
				messageId: message.messageId,
				groups: [],
				body: message.body,
				operator,
				originatingService: 'Sms',
				to: message.to,
				from: message.from,
				latency: null,
				parts,
				part,
				price: cost,
				label: message.label,
				status: { date: message.date, status: 'Queued', reason: null },
				direction: 'Outbound',
			});
		}
	}

	// ---- analyze ----------------------------------------------------------------------

	private analyze(request: RecordedRequest): SimResponse {
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (typeof body.body !== 'string' || body.body === '') return routeeError(400, '400000000', 'body: may not be empty');
		if (typeof body.to !== 'string' || !E164.test(body.to)) {
			return routeeError(400, '400005000', 'No recipients were specified or the sender is invalid.');
		}
		if (typeof body.from !== 'string' || !(ALPHA_SENDER.test(body.from) || NUMERIC_SENDER.test(body.from))) {
			return routeeError(400, '400005000', 'No recipients were specified or the sender is invalid.');
		}
		return { status: 200, body: { bodyAnalysis: bodyAnalysis(body.body), cost: countryOf(body.to)[2] } };
	}

	// ---- tracking ---------------------------------------------------------------------

	private track(request: RecordedRequest): SimResponse {
		const { dateStart, dateEnd } = request.query;
		if (!dateStart || !dateEnd) return routeeError(400, '400000000', 'dateStart and dateEnd are required');
		const start = Date.parse(dateStart);
		const end = Date.parse(dateEnd);
		if (Number.isNaN(start) || Number.isNaN(end)) return routeeError(400, '400000000', 'dateStart and dateEnd must be ISO-8601 date-times');
		if (start < this.now() - TRACKING_WINDOW_MS) {
			return routeeError(400, '400005002', 'The date range may only cover the latest 7 days.');
		}
		if (end < start) return routeeError(400, '400000000', 'dateEnd must be after dateStart');
		const filters = this.readFilters(request.body);
		if ('status' in filters) return filters;
		const { list, from, to } = this.trackedBetween(start, end);
		const narrowed = Boolean(request.query.trackingId) || request.query.campaign === 'true' || filters.list.length > 0;
		// Without other filters, pages are cut straight from the sorted tracking (no copy of the range per request).
		if (!narrowed) return this.springPage(list, request.query, from, to);
		let entries = list.slice(from, to);
		if (request.query.trackingId) {
			if (![...this.campaigns.keys(), ...entries.map((entry) => entry.campaignTrackingId)].includes(request.query.trackingId)) {
				return routeeError(400, '404009001', 'Campaign not found.');
			}
			entries = entries.filter((entry) => entry.campaignTrackingId === request.query.trackingId);
		}
		if (request.query.campaign === 'true') entries = entries.filter((entry) => entry.campaignTrackingId !== null);
		if (filters.list.length) entries = entries.filter((entry) => filters.list.every((filter) => filter(entry)));
		return this.springPage(entries, request.query);
	}

	/**
	 * The body filter: doc 003 shows one object of a field name (one of six), the exact value, and
	 * an operator it does not name; the stricter reading refuses a list, another field, and any key
	 * but the two it names (the SDK's `fieldName`, `searchTerm`). A field in `ignoredFilterFields`
	 * is accepted and not applied, as a provider that ignores a filter would.
	 */
	private readFilters(body: unknown): { list: Array<(entry: RouteeTrackingEntry) => boolean> } | SimResponse {
		if (body === undefined || body === '') return { list: [] };
		if (Array.isArray(body) || typeof body !== 'object' || body === null) {
			return routeeError(400, '400000000', 'The request body must be one filter object {fieldName, searchTerm}');
		}
		const filter = body as Record<string, unknown>;
		const unknown = Object.keys(filter).filter((key) => key !== 'fieldName' && key !== 'searchTerm');
		if (unknown.length) return routeeError(400, '400000000', `Unrecognized field: ${unknown.join(', ')}`);
		const read = FILTER_FIELDS[String(filter.fieldName)];
		if (!read) return routeeError(400, '400000000', `Unknown filter field: ${String(filter.fieldName)}`);
		if (typeof filter.searchTerm !== 'string' || filter.searchTerm === '') return routeeError(400, '400000000', 'searchTerm: may not be empty');
		if (this.ignoredFilterFields.has(String(filter.fieldName))) return { list: [] };
		const term = filter.searchTerm;
		return { list: [(entry) => String(read(entry) ?? '') === term] };
	}

	/**
	 * Tracking in Routee's default order here (status date, then message, then part), kept
	 * between requests: sorting 100,000 entries for every page would make the simulator, not
	 * the node, the bottleneck of a benchmark.
	 */
	private sortedTracking(): RouteeTrackingEntry[] {
		return this.sortedTrackingWithTimes().sorted;
	}

	/** Entries whose status date is in [start, end], in the default order. */
	private trackedBetween(start: number, end: number): { list: RouteeTrackingEntry[]; from: number; to: number } {
		const { sorted, times, ascending } = this.sortedTrackingWithTimes();
		if (!ascending) {
			const list = sorted.filter((_, index) => times[index] >= start && times[index] <= end);
			return { list, from: 0, to: list.length };
		}
		const first = (bound: number, inclusive: boolean) => {
			let low = 0;
			let high = times.length;
			while (low < high) {
				const middle = (low + high) >>> 1;
				if (inclusive ? times[middle] < bound : times[middle] <= bound) low = middle + 1;
				else high = middle;
			}
			return low;
		};
		return { list: sorted, from: first(start, true), to: first(end, false) };
	}

	/** The sorted entries and each one's status date in milliseconds (parsed once, not per request). */
	private sortedTrackingWithTimes(): { sorted: RouteeTrackingEntry[]; times: number[]; ascending: boolean } {
		const cache = this.sortedCache;
		if (cache && cache.source === this.tracking && cache.length === this.tracking.length && cache.version === this.trackingVersion) {
			return cache;
		}
		const sorted = [...this.tracking].sort(
			(a, b) => a.status.date.localeCompare(b.status.date) || a.messageId.localeCompare(b.messageId) || a.part - b.part,
		);
		const times = sorted.map((entry) => Date.parse(entry.status.date));
		// Dates written alike sort as they parse; then a range is found by bisection instead of a scan.
		const ascending = times.every((time, index) => index === 0 || time >= times[index - 1]);
		this.sortedCache = { source: this.tracking, length: this.tracking.length, version: this.trackingVersion, sorted, times, ascending };
		return this.sortedCache;
	}

	/** One Spring page of entries (`all[from..to)`) already in the default order (sorted again only for `sort`). */
	private springPage(all: RouteeTrackingEntry[], query: Record<string, string>, from = 0, to = all.length, maxSize = MAX_PAGE_SIZE): SimResponse {
		const page = query.page === undefined ? 0 : Number(query.page);
		const size = query.size === undefined ? DEFAULT_PAGE_SIZE : Number(query.size);
		if (!Number.isInteger(page) || page < 0) return routeeError(400, '400000000', 'page: must be 0 or more');
		if (!Number.isInteger(size) || size < 1 || size > maxSize) {
			return routeeError(400, '400000000', `size: must be between 1 and ${maxSize}`);
		}
		let sorted = all;
		let [first, end] = [from, to];
		if (query.sort) {
			const [field, direction = 'asc'] = query.sort.split(',');
			const read = SORT_FIELDS[field];
			if (!read || !/^(asc|desc)$/i.test(direction)) return routeeError(400, '400000000', `Cannot sort by ${query.sort}`);
			const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
			sorted = all.slice(from, to).sort((a, b) => {
				const [left, right] = [read(a), read(b)];
				return (left < right ? -1 : left > right ? 1 : 0) * sign;
			});
			[first, end] = [0, sorted.length];
		}
		const total = end - first;
		// Copies: the answer is what tracking said at this moment, whatever changes before it is sent.
		const content = sorted.slice(Math.min(first + page * size, end), Math.min(first + page * size + size, end)).map((entry) => ({ ...entry }));
		const totalPages = Math.ceil(total / size);
		return {
			status: 200,
			body: {
				content,
				totalPages,
				totalElements: total,
				last: page >= totalPages - 1,
				first: page === 0,
				numberOfElements: content.length,
				number: page,
				size,
				sort: query.sort ? [{ property: query.sort.split(',')[0] }] : null,
			},
		};
	}

	private trackSingle(messageId: string): SimResponse {
		const parts = this.tracking.filter((entry) => entry.messageId === messageId).sort((a, b) => a.part - b.part);
		if (parts.length === 0) return routeeError(404, '404005000', 'Tracking not found.');
		return { status: 200, body: parts };
	}

	private trackCampaign(request: RecordedRequest, trackingId: string): SimResponse {
		const entries = this.sortedTracking().filter((entry) => entry.campaignTrackingId === trackingId);
		if (!this.campaigns.has(trackingId) && entries.length === 0) return routeeError(404, '404009001', 'Campaign not found.');
		// No maximum is documented for this endpoint: the stricter reading takes only up to the default.
		return this.springPage(entries, request.query, 0, entries.length, DEFAULT_PAGE_SIZE);
	}

	// ---- seeded history ---------------------------------------------------------------

	/**
	 * `count` messages spread over the last 9 days (so some are outside the 7-day window),
	 * about a fifth of them multipart, a tenth inbound, some in campaigns, with every status.
	 * `spanDays` narrows the spread (inside 7 days, all of it is trackable); `multipart: false`
	 * makes every message one part (one tracking entry per message, as the benchmarks count).
	 */
	seedHistory(count: number, seed = 5, options: { spanDays?: number; multipart?: boolean } = {}): void {
		const spanMs = (options.spanDays ?? 9) * DAY_MS;
		const allowMultipart = options.multipart ?? true;
		const random = seededRandom(seed);
		const app = this.applications.get('sandbox-app')!;
		const statuses: Array<[string, { detailedStatus: string; description: string } | null]> = [
			['Delivered', { detailedStatus: 'Delivered', description: 'The message was delivered' }],
			['Delivered', { detailedStatus: 'Delivered', description: 'The message was delivered' }],
			['Sent', { detailedStatus: 'Sent', description: 'The message was sent to the operator' }],
			['Queued', null],
			['Undelivered', { detailedStatus: 'Unknown Number', description: 'The number does not exist' }],
			['Failed', { detailedStatus: 'Failed', description: 'The message could not be sent' }],
		];
		const campaigns = [
			{ trackingId: 'c0ffee00-0000-4000-8000-000000000001', campaignName: 'Spring sale' },
			{ trackingId: 'c0ffee00-0000-4000-8000-000000000002', campaignName: 'Reminders' },
		];
		const now = Date.now();
		for (let index = 0; index < count; index++) {
			const date = new Date(now - Math.floor(random() * spanMs)).toISOString();
			const prefix = COUNTRIES[Math.floor(random() * COUNTRIES.length)][0];
			const to = `${prefix}${String(690000000 + index).padStart(9, '0')}`;
			const multipart = random() < 0.2 && allowMultipart;
			const inbound = random() < 0.1;
			const text = multipart
				? `Message ${index}: ` + 'This long text is split over several parts by the network. '.repeat(index % 2 ? 4 : 7)
				: index % 7 === 0
					? `Καλημέρα ${index}`
					: `Message ${index}`;
			const campaign = !inbound && random() < 0.25 ? campaigns[Math.floor(random() * campaigns.length)] : undefined;
			const [status, reason] = inbound ? (['Delivered', null] as const) : statuses[Math.floor(random() * statuses.length)];
			const [country, operator, cost] = countryOf(to);
			const parts = partsOf(text);
			const messageId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
			for (let part = 1; part <= parts; part++) {
				this.tracking.push({
					applicationName: app.name,
					campaignName: campaign?.campaignName ?? null,
					campaignTrackingId: campaign?.trackingId ?? null,
					country,
					smsId: `5e5e5e5e-0000-4000-8000-${String(index * 10 + part).padStart(12, '0')}`,
					messageId,
					groups: [],
					body: text,
					operator,
					originatingService: inbound ? 'Inbound' : 'Sms',
					to: inbound ? '+306900000000' : to,
					from: inbound ? to : index % 3 === 0 ? 'Routee' : '306900000000',
					latency: status === 'Delivered' ? 2 + (index % 5) : null,
					parts,
					part,
					price: inbound ? 0 : cost,
					label: index % 4 === 0 ? `order-${index}` : null,
					status: { date, status, reason },
					direction: inbound ? 'Inbound' : 'Outbound',
					...(inbound ? { receivedDate: date } : {}),
				});
			}
		}
		for (const { trackingId, campaignName } of campaigns) {
			if (!this.campaigns.has(trackingId)) {
				this.campaigns.set(trackingId, {
					trackingId,
					createdAt: new Date(now - 2 * DAY_MS).toISOString(),
					type: 'Sms',
					scheduledDate: null,
					campaignName,
					from: 'Routee',
					to: [],
					body: campaignName,
					state: 'Completed',
					respectQuietHours: false,
					flash: false,
				});
			}
		}
		// Sorted now, not by the first tracking request (a benchmark would time it).
		this.sortedTracking();
	}

	// ---- events over time ---------------------------------------------------------------

	/**
	 * Someone texted one of the account's numbers: inbound tracking entries (one per part,
	 * `receivedDate` and status date the moment it arrived, on the simulator's clock unless given).
	 */
	addInbound(fields: { from?: string; to?: string; body?: string; date?: string; messageId?: string } = {}): RouteeTrackingEntry[] {
		const app = this.applications.get('sandbox-app')!;
		const from = fields.from ?? '+306911111111';
		const body = fields.body ?? 'Hello';
		const date = fields.date ?? new Date(this.now()).toISOString();
		const messageId = fields.messageId ?? randomUUID();
		const [country, operator] = countryOf(from);
		const parts = partsOf(body);
		const added: RouteeTrackingEntry[] = [];
		for (let part = 1; part <= parts; part++) {
			added.push({
				applicationName: app.name,
				campaignName: null,
				campaignTrackingId: null,
				country,
				smsId: randomUUID(),
				messageId,
				groups: [],
				body,
				operator,
				originatingService: 'Inbound',
				to: fields.to ?? '+306900000000',
				from,
				latency: null,
				parts,
				part,
				price: 0,
				label: null,
				status: { date, status: 'Delivered', reason: null },
				direction: 'Inbound',
				receivedDate: date,
			});
		}
		this.tracking.push(...added);
		return added;
	}

	/**
	 * A sent message's status changes (all its parts, or one): the tracking entries get the new
	 * status and date, and Routee's callbacks are posted as the send asked for. Resolves once
	 * every callback was delivered (or tried CALLBACK_ATTEMPTS times).
	 */
	async changeStatus(
		messageId: string,
		status: 'Queued' | 'Sent' | 'Delivered' | 'Undelivered' | 'Failed' | 'Unsent',
		options: { part?: number; reason?: { detailedStatus: string; description: string } | null; date?: string } = {},
	): Promise<PostedCallback[]> {
		const parts = this.tracking.filter((entry) => entry.messageId === messageId && (options.part === undefined || entry.part === options.part));
		if (parts.length === 0) throw new Error(`No tracked message ${messageId}${options.part ? ` part ${options.part}` : ''}`);
		const date = options.date ?? new Date(this.now()).toISOString();
		const reason =
			options.reason !== undefined
				? options.reason
				: status === 'Delivered'
					? { detailedStatus: 'Delivered', description: 'The SMS was sent and it was delivered to its recipient.' }
					: status === 'Undelivered'
						? { detailedStatus: 'Undelivered on Handset', description: 'The destination handset is switched off or otherwise unavailable.' }
						: null;
		for (const entry of parts) {
			entry.status = { date, status, reason };
			if (status === 'Delivered') entry.latency = 3;
		}
		this.touchTracking();

		const posted: PostedCallback[] = [];
		const campaign = parts[0].campaignTrackingId ? this.campaigns.get(parts[0].campaignTrackingId) : undefined;
		const callback = (campaign?.callback as RouteeCallbackSetting | undefined) ?? this.messageCallbacks.get(messageId);
		if (callback && (callback.strategy === 'OnChange' || FINAL_STATUSES.has(status))) {
			// "Each part of a multipart SMS will generate a new payload" (Routee's Callbacks page).
			for (const entry of parts) posted.push(await this.postCallback('sms', callback.url, smsCallbackPayload(entry)));
		}
		const campaignCallback = campaign?.campaignCallback as RouteeCallbackSetting | undefined;
		if (campaign && campaignCallback) {
			const payload = this.campaignCallbackPayload(campaign, campaignCallback);
			if (this.campaignCallbackDue(campaign, campaignCallback, payload)) {
				this.campaignReported.set(campaign.trackingId, { ...(payload.messageStatuses as Record<string, number>) });
				posted.push(await this.postCallback('campaign', campaignCallback.url, payload));
			}
		}
		return posted;
	}

	/**
	 * Routee's campaign callback: the campaign's tracking id, name, recipients, state and how
	 * many of its messages are in each status (Routee's callback settings page): Running until
	 * every message is final, then Sent ("all individual SMS were sent", the statuses page).
	 */
	private campaignCallbackPayload(campaign: RouteeCampaign, callback: RouteeCallbackSetting): Record<string, unknown> {
		const statusOf = new Map<string, string>();
		for (const entry of this.tracking) {
			if (entry.campaignTrackingId === campaign.trackingId && entry.part === 1) statusOf.set(entry.messageId, entry.status.status);
		}
		const messageStatuses: Record<string, number> = { Queued: 0, Sent: 0, Delivered: 0, Undelivered: 0, Failed: 0, Unsent: 0 };
		for (const status of statusOf.values()) messageStatuses[status] = (messageStatuses[status] ?? 0) + 1;
		const final = [...statusOf.values()].every((status) => FINAL_STATUSES.has(status));
		campaign.state = final ? 'Sent' : 'Running';
		return {
			trackingId: campaign.trackingId,
			name: campaign.campaignName,
			totalRecipients: campaign.to.length,
			campaignStatus: campaign.state,
			messageStatuses,
			callbackInfo: { url: callback.url, strategy: callback.strategy },
		};
	}

	/** OnCompletion: once, when every message is final. OnChange: when a count moved by 20% of the recipients, and at the end. */
	private campaignCallbackDue(campaign: RouteeCampaign, callback: RouteeCallbackSetting, payload: Record<string, unknown>): boolean {
		const counts = payload.messageStatuses as Record<string, number>;
		const last = this.campaignReported.get(campaign.trackingId);
		const final = payload.campaignStatus === 'Sent';
		if (final) return !last || JSON.stringify(last) !== JSON.stringify(counts);
		if (callback.strategy === 'OnCompletion') return false;
		const step = Math.max(1, Math.ceil(campaign.to.length * CAMPAIGN_CALLBACK_STEP));
		const reference = last ?? { Queued: campaign.to.length };
		return Object.keys({ ...reference, ...counts }).some((status) => Math.abs((counts[status] ?? 0) - (reference[status] ?? 0)) >= step);
	}

	/** POSTs a callback as JSON, again until it gets a 200 (at most CALLBACK_ATTEMPTS attempts). */
	private async postCallback(kind: PostedCallback['kind'], url: string, body: Record<string, unknown>): Promise<PostedCallback> {
		const posted: PostedCallback = { kind, url, body, attempts: [] };
		this.callbacksPosted.push(posted);
		while (posted.attempts.length < CALLBACK_ATTEMPTS) {
			let status = 0;
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(15_000),
				});
				await response.text();
				status = response.status;
			} catch {
				status = 0;
			}
			posted.attempts.push(status);
			if (status === 200) break;
		}
		return posted;
	}
}

/** Routee's SMS callback for one part (the "Callbacks" page: `status{name, reason, updatedDate}`, the text as `message`). */
export function smsCallbackPayload(entry: RouteeTrackingEntry): Record<string, unknown> {
	return {
		messageId: entry.messageId,
		smsId: entry.smsId,
		campaignTrackingId: entry.campaignTrackingId,
		part: entry.part,
		parts: entry.parts,
		label: entry.label,
		to: entry.to,
		from: entry.from,
		country: entry.country,
		operator: entry.operator,
		groups: entry.groups,
		campaignName: entry.campaignName,
		status: { name: entry.status.status, reason: entry.status.reason ?? null, updatedDate: entry.status.date },
		message: entry.body,
		applicationName: entry.applicationName,
		latency: entry.latency,
		price: entry.price,
		direction: entry.direction,
		originatingService: entry.originatingService,
	};
}
