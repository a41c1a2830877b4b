/**
 * smsup.ch simulator (a white label of SMSFactor), faithful to ../shared/provider-docs/004 and
 * provider-notes §3:
 * - Bearer token (or `token=` in the query); a bad one is body `status: -1`.
 * - XML unless the request says `Accept: application/json` ("Our API expects and returns XML
 *   by default"), so a client that forgets the header gets a body it cannot read (see
 *   wantsJsonOnly: a catch-all Accept such as axios' default gets the XML default too).
 * - Every answer carries `status` (1 = OK; −1 … −8, −99 as documented). The HTTP status of
 *   errors is not documented: errors answer HTTP 200 unless `httpStatusForErrors` is on.
 * - `GET /send` (one recipient) and `POST /send` campaigns `{sms:{message, recipients:{gsm}}}`,
 *   with the documented counters (sent, blacklisted, duplicated, invalid, npai, not_allowed,
 *   flood, country_limit) and no per-recipient status; numbers must be digits only.
 * - `delay` is Paris wall-clock time `Y-m-d H:i:s`; anything else is −4 (incorrect date delay).
 * - `/send/simulate` creates nothing and charges nothing.
 * - `GET /messages` requires `date_start`/`date_end`, pages with `start`/`length` (≤ 1000),
 *   `totalRecords`; `GET /campaigns` likewise (dates optional; `text` contains, `sort` by id,
 *   date, text, cost or status, `-` for descending); `GET /campaign/{id}` answers a list of one.
 * - `GET /account` answers `account{client_id, email, credits, unlimited, senderid, status}`
 *   (notes §3.1; the sandbox's sender ID is `SmsUpDemo`).
 * - Received SMS (`addInbound`) are `sms_mo` rows with status `incoming_message`, listed with
 *   `type=messages-in` (doc 004's second example).
 * - Delivery reports (`deliveryReport`, `pushDeliveryReport`) change a sent row's status and make
 *   the DLR webhook's raw JSON `{date, status, destination, message_id, campaign_id,
 *   country_code}` with its numeric codes (doc.smsup.ch/en/api/sms/webhook/delivery-report),
 *   POSTed to the account's live DLR webhooks.
 * - Webhooks: `POST /webhook {webhook:{type, url, signature}}` (type MO, DLR, STOP, CLICKER or
 *   BALANCE_ALERT) answers `{webhook:{webhook_id, type, url, signature}}`
 *   (doc.smsup.ch/en/api/sms/webhook/create-webhook); `GET /webhook` lists them and
 *   `DELETE /webhook/{id}` removes one (SMSFactor's API, of which smsup.ch is a white label;
 *   their answers are not documented, so `{webhooks:[…]}` and `{status:1}` are chosen here).
 *   `addWebhook` stands for one set up by hand in the platform's Developer menu.
 * Not documented, so chosen here: the recipient cap per call (none, like the docs), the cost
 * (one credit per SMS part), what −8 carries (the ticket and counters), campaign status words,
 * and which history status each DLR code leaves (DLR_HISTORY_STATUS).
 */
import { DateTime } from 'luxon';

import { omit } from '../support/objects';
import { seededRandom, SimulatorServer, type RecordedRequest, type SimResponse } from './framework';

export const SMSUP_SANDBOX_TOKEN = 'DUMMY-SANDBOX-SMSUP-TOKEN-0001';
const PARIS = 'Europe/Paris';
const SQL = 'yyyy-MM-dd HH:mm:ss';
const MAX_PAGE = 1000;

export interface SmsUpAccount {
	token: string;
	credits: number;
	postpaid: boolean;
	unlimited: boolean;
	clientId: number;
	email: string;
	/** The account's sender ID, as `GET /account` gives it (empty: smsup.ch's default sender). */
	senderId: string;
}

export interface SmsUpMessageRow {
	campaign_id: number;
	client_id: number;
	client_message_id: string;
	contact_list_id: string;
	message: string;
	message_length: number;
	cost: number;
	country: string;
	destination: string;
	message_id: number;
	sender: string;
	date: string;
	dlr_date: string;
	status: string;
	status_details: string;
	type: 'sms_mt' | 'sms_mo';
}

export interface SmsUpCampaign {
	id: number;
	sender: string;
	text: string;
	creation_date: string;
	date: string;
	cost: number;
	status: string;
	pushtype: string;
	delay: string;
	unicode: number;
	total: number;
	lists: unknown[];
}

export type FilterReason = 'blacklisted' | 'npai' | 'not_allowed' | 'flood' | 'country_limit';
type Counter = 'blacklisted' | 'duplicated' | 'invalid' | 'npai' | 'not_allowed' | 'flood' | 'country_limit';

export const STATUS_MESSAGES: Record<number, string> = {
	1: 'OK',
	[-1]: 'Authentication error',
	[-2]: 'XML error',
	[-3]: 'Not enough credits',
	[-4]: 'Incorrect date delay',
	[-5]: 'Resource not found',
	[-6]: 'JSON error',
	[-7]: 'Data error',
	[-8]: 'Campaign under moderation',
	[-99]: 'Unknown error',
};
const ERROR_HTTP: Record<number, number> = { [-1]: 401, [-3]: 402, [-5]: 404, [-99]: 500 };

/** The documented DLR codes (8 and 10 are not) and the history status each leaves (chosen here). */
export const DLR_HISTORY_STATUS: Record<number, string> = {
	0: 'NOT_SENT',
	1: 'SENT',
	2: 'UNDELIVERED',
	3: 'DELIVERED',
	4: 'DENIED',
	5: 'NOT_SENT',
	6: 'NOT_SENT',
	7: 'NOT_SENT',
	9: 'DENIED',
	11: 'UNDELIVERED',
	12: 'UNDELIVERED',
};

const WEBHOOK_TYPES = ['MO', 'DLR', 'STOP', 'CLICKER', 'BALANCE_ALERT'] as const;

export interface SmsUpWebhook {
	webhook_id: string;
	type: (typeof WEBHOOK_TYPES)[number];
	url: string;
	signature: string | null;
	status: 'live' | 'paused';
	last_http_code: number | null;
	/** The account it belongs to (not part of smsup.ch's answers). */
	clientId: number;
}

function publicWebhook(webhook: SmsUpWebhook): Omit<SmsUpWebhook, 'clientId'> {
	return omit(webhook, 'clientId');
}

/** The DLR webhook's body, as smsup.ch POSTs it (raw JSON). */
export interface SmsUpDlr {
	date: string;
	status: number;
	destination: string;
	message_id: string;
	campaign_id: string;
	country_code: string;
}

const COUNTRY_PREFIXES: Array<[string, string]> = [
	['41', 'CH'],
	['33', 'FR'],
	['49', 'DE'],
	['39', 'IT'],
	['44', 'GB'],
	['1', 'US'],
];

export interface RecipientInput {
	gsmsmsid?: string;
	value: string;
}

interface MessageInput {
	text?: unknown;
	pushtype?: unknown;
	sender?: unknown;
	delay?: unknown;
	unicode?: unknown;
}

export class SmsUpSimulator extends SimulatorServer {
	readonly accounts = new Map<string, SmsUpAccount>();
	readonly messages: SmsUpMessageRow[] = [];
	readonly campaigns: SmsUpCampaign[] = [];
	/** Numbers the simulated platform filters out, with the counter they land in. */
	readonly filtered = new Map<string, FilterReason>();
	/** Texts containing one of these go to moderation (−8). */
	readonly moderationKeywords = new Set<string>(['MODERATE-ME']);
	/** Messages accepted per `number|gsmsmsid`, to prove nothing is sent twice. */
	readonly acceptedCount = new Map<string, number>();
	/** The account's webhooks; pushDeliveryReport posts to the live DLR ones. */
	readonly webhooks: SmsUpWebhook[] = [];
	/** Answer errors with a fitting HTTP status (401, 402, 404, 400) instead of 200. */
	httpStatusForErrors = false;
	/** The simulated clock (Paris-time rows are written from it). */
	now: () => DateTime = () => DateTime.now();
	private nextMessageId = 5000;
	private nextWebhookId = 66;
	/** The last `GET /messages` selection (see listMessages). */
	private listing?: { key: string; count: number; rows: SmsUpMessageRow[] };
	private nextCampaignId = 14672468;

	constructor() {
		super('smsup.ch');
		this.addAccount({ token: SMSUP_SANDBOX_TOKEN, credits: 10_000, senderId: 'SmsUpDemo' });
		this.route('GET', '/account', (request) => this.withAccount(request, (account) => this.accountDetails(account)));
		this.route('GET', '/credits', (request) => this.withAccount(request, (account) => this.credits(request, account)));
		this.route('GET', '/send', (request) => this.withAccount(request, (account) => this.singleSend(request, account, false)));
		this.route('GET', '/send/simulate', (request) => this.withAccount(request, (account) => this.singleSend(request, account, true)));
		this.route('POST', '/send', (request) => this.withAccount(request, (account) => this.campaignSend(request, account, false)));
		this.route('POST', '/send/simulate', (request) => this.withAccount(request, (account) => this.campaignSend(request, account, true)));
		this.route('GET', '/messages', (request) => this.withAccount(request, (account) => this.listMessages(request, account)));
		this.route('GET', '/campaigns', (request) => this.withAccount(request, () => this.listCampaigns(request)));
		this.route('GET', '/campaign/:id', (request, params) =>
			this.withAccount(request, (account) => this.campaignDetails(request, account, params.id)),
		);
		this.route('POST', '/webhook', (request) => this.withAccount(request, (account) => this.createWebhook(request, account)));
		this.route('GET', '/webhook', (request) =>
			this.withAccount(request, (account) => ({
				status: 1,
				message: 'OK',
				webhooks: this.webhooks.filter((webhook) => webhook.clientId === account.clientId).map(publicWebhook),
			})),
		);
		this.route('DELETE', '/webhook/:id', (request, params) => this.withAccount(request, (account) => this.deleteWebhook(account, params.id)));
	}

	addAccount(account: Partial<SmsUpAccount> & { token: string }): SmsUpAccount {
		const clientId = account.clientId ?? 1 + this.accounts.size;
		const full: SmsUpAccount = { credits: 100, postpaid: false, unlimited: false, clientId, email: `client${clientId}@example.com`, senderId: '', ...account };
		this.accounts.set(full.token, full);
		return full;
	}

	get sandbox(): SmsUpAccount {
		return this.accounts.get(SMSUP_SANDBOX_TOKEN)!;
	}

	get acceptedTotal(): number {
		let total = 0;
		for (const count of this.acceptedCount.values()) total += count;
		return total;
	}

	/** Back to a fresh state between tests (history and campaigns emptied, credits refilled). */
	resetState(credits = 10_000): void {
		this.reset();
		this.messages.length = 0;
		this.listing = undefined;
		this.campaigns.length = 0;
		this.filtered.clear();
		this.acceptedCount.clear();
		this.webhooks.length = 0;
		this.httpStatusForErrors = false;
		this.now = () => DateTime.now();
		this.sandbox.credits = credits;
		this.sandbox.unlimited = false;
		this.sandbox.senderId = 'SmsUpDemo';
	}

	protected notFound(request: RecordedRequest): SimResponse {
		return this.answer(request, this.failure(-5, `No route for ${request.method} ${request.path}`), 404);
	}

	/** JSON when the request asked for it, XML otherwise (notes §3.1). */
	private answer(request: RecordedRequest, body: Record<string, unknown>, httpStatus?: number): SimResponse {
		const status = Number(body.status);
		const code = httpStatus ?? (status !== 1 && this.httpStatusForErrors ? (ERROR_HTTP[status] ?? 400) : 200);
		if (!wantsJsonOnly(request.headers.accept)) {
			return { status: code, headers: { 'content-type': 'application/xml; charset=utf-8' }, raw: toXml(body) };
		}
		return { status: code, body };
	}

	private failure(status: number, details?: string): Record<string, unknown> {
		return { status, message: STATUS_MESSAGES[status] ?? 'Unknown error', ...(details ? { details } : {}) };
	}

	private withAccount(request: RecordedRequest, handler: (account: SmsUpAccount) => Record<string, unknown>): SimResponse {
		const header = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
		const token = header ?? request.query.token;
		const account = token ? this.accounts.get(token) : undefined;
		if (!account) return this.answer(request, this.failure(-1));
		return this.answer(request, handler(account));
	}

	/** A webhook set up by hand in the platform (Developer menu), as a user would. */
	addWebhook(type: SmsUpWebhook['type'], url: string, clientId = this.sandbox.clientId): SmsUpWebhook {
		const webhook: SmsUpWebhook = { webhook_id: String(this.nextWebhookId++), type, url, signature: null, status: 'live', last_http_code: null, clientId };
		this.webhooks.push(webhook);
		return webhook;
	}

	private createWebhook(request: RecordedRequest, account: SmsUpAccount): Record<string, unknown> {
		const body = request.body as { webhook?: { type?: unknown; url?: unknown; signature?: unknown } } | string | undefined;
		if (typeof body !== 'object' || body === null) return this.failure(-6, 'The body is not valid JSON');
		const { type, url, signature } = body.webhook ?? {};
		if (typeof type !== 'string' || !WEBHOOK_TYPES.includes(type as SmsUpWebhook['type'])) {
			return this.failure(-7, `webhook.type must be one of ${WEBHOOK_TYPES.join(', ')}`);
		}
		if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return this.failure(-7, 'webhook.url must be a URL');
		const webhook = this.addWebhook(type as SmsUpWebhook['type'], url, account.clientId);
		if (typeof signature === 'string' && signature) webhook.signature = signature;
		return { status: 1, message: 'OK', webhook: publicWebhook(webhook) };
	}

	private deleteWebhook(account: SmsUpAccount, id: string): Record<string, unknown> {
		const index = this.webhooks.findIndex((webhook) => webhook.webhook_id === id && webhook.clientId === account.clientId);
		if (index === -1) return this.failure(-5, `No webhook ${id}`);
		this.webhooks.splice(index, 1);
		return { status: 1, message: 'OK' };
	}

	/** `GET /account` (notes §3.1): only the fields the notes name; their value types are chosen here. */
	private accountDetails(account: SmsUpAccount): Record<string, unknown> {
		return {
			status: 1,
			message: 'OK',
			account: {
				client_id: account.clientId,
				email: account.email,
				credits: String(account.credits),
				unlimited: account.unlimited ? 1 : 0,
				senderid: account.senderId,
				status: 'active',
			},
		};
	}

	/** A campaign sent earlier (e.g. from another workflow), with its own date and sender. */
	addCampaign(campaign: Pick<SmsUpCampaign, 'sender' | 'text'> & { date: DateTime }): SmsUpCampaign {
		const date = campaign.date.setZone(PARIS).toFormat(SQL);
		const added: SmsUpCampaign = {
			id: this.nextCampaignId++,
			sender: campaign.sender,
			text: campaign.text,
			creation_date: date,
			date,
			cost: 1,
			status: 'sent',
			pushtype: 'alert',
			delay: '',
			unicode: 0,
			total: 1,
			lists: [],
		};
		this.campaigns.push(added);
		return added;
	}

	private credits(_request: RecordedRequest, account: SmsUpAccount): Record<string, unknown> {
		return {
			status: 1,
			message: 'OK',
			credits: String(account.credits),
			postpaid: account.postpaid ? '1' : '0',
			postpaid_limit: false,
			unlimited: account.unlimited,
		};
	}

	private singleSend(request: RecordedRequest, account: SmsUpAccount, simulate: boolean): Record<string, unknown> {
		const query = request.query;
		const unknownParameter = undocumented(Object.keys(query), QUERY_PARAMETERS['/send']);
		if (unknownParameter !== undefined) return this.failure(-7, `unknown parameter ${unknownParameter}`);
		if (query.to === undefined || query.to === '') return this.failure(-7, 'to is required');
		return this.send(account, query, [{ value: query.to, gsmsmsid: query.gsmsmsid }], simulate);
	}

	private campaignSend(request: RecordedRequest, account: SmsUpAccount, simulate: boolean): Record<string, unknown> {
		const body = request.body as { sms?: { message?: MessageInput; recipients?: { gsm?: unknown } } } | string | undefined;
		if (typeof body !== 'object' || body === null) return this.failure(-6, 'The body is not valid JSON');
		const gsm = body.sms?.recipients?.gsm;
		if (!body.sms?.message || !Array.isArray(gsm) || gsm.length === 0) return this.failure(-7, 'sms.message and sms.recipients.gsm are required');
		const unknownField =
			undocumented(Object.keys(body), new Set(['sms'])) ??
			undocumented(Object.keys(body.sms), new Set(['message', 'recipients'])) ??
			undocumented(Object.keys(body.sms.message), CAMPAIGN_MESSAGE_FIELDS) ??
			undocumented(Object.keys(body.sms.recipients ?? {}), new Set(['gsm'])) ??
			undocumented(
				(gsm as unknown[]).flatMap((entry) => (entry && typeof entry === 'object' ? Object.keys(entry) : [])),
				CAMPAIGN_RECIPIENT_FIELDS,
			);
		if (unknownField !== undefined) return this.failure(-7, `unknown field ${unknownField}`);
		const recipients: RecipientInput[] = (gsm as Array<Record<string, unknown>>).map((entry) => ({
			value: String(entry?.value ?? ''),
			gsmsmsid: entry?.gsmsmsid === undefined ? undefined : String(entry.gsmsmsid),
		}));
		return this.send(account, body.sms.message, recipients, simulate);
	}

	private send(account: SmsUpAccount, input: MessageInput, recipients: RecipientInput[], simulate: boolean): Record<string, unknown> {
		const text = typeof input.text === 'string' ? input.text : '';
		if (!text) return this.failure(-7, 'text is required');
		const pushtype = input.pushtype === undefined || input.pushtype === '' ? 'alert' : String(input.pushtype);
		if (pushtype !== 'alert' && pushtype !== 'marketing') return this.failure(-7, `unknown pushtype ${pushtype}`);
		const sender = typeof input.sender === 'string' ? input.sender : '';
		const unicode = Number(input.unicode ?? 0) === 1;
		let sendAt: DateTime | undefined;
		const delay = input.delay === undefined || input.delay === '' ? '' : String(input.delay);
		if (delay) {
			sendAt = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(delay) ? DateTime.fromFormat(delay, SQL, { zone: PARIS }) : undefined;
			if (!sendAt?.isValid) return this.failure(-4, `delay must be Y-m-d H:i:s, got ${delay}`);
		}

		const counters: Record<Counter, number> = { blacklisted: 0, duplicated: 0, invalid: 0, npai: 0, not_allowed: 0, flood: 0, country_limit: 0 };
		const seen = new Set<string>();
		const deliverable: RecipientInput[] = [];
		for (const recipient of recipients) {
			// Digits only, as documented: `+41…` (or a space where a + was not encoded) is invalid.
			if (!/^[1-9]\d{7,14}$/.test(recipient.value)) counters.invalid++;
			else if (seen.has(recipient.value)) counters.duplicated++;
			else if (this.filtered.has(recipient.value)) counters[this.filtered.get(recipient.value)!]++;
			else deliverable.push(recipient);
			seen.add(recipient.value);
		}
		const parts = countParts(text, unicode);
		const cost = parts * deliverable.length;
		const totals = { total: recipients.length, sent: deliverable.length, ...counters };
		if (simulate) return { status: 1, message: 'OK', cost, credits: account.credits, ...totals };
		if (!account.unlimited && cost > account.credits) return this.failure(-3);

		const moderated = [...this.moderationKeywords].some((keyword) => text.includes(keyword));
		const now = this.now().setZone(PARIS);
		const scheduled = sendAt !== undefined && sendAt > now;
		const campaign: SmsUpCampaign = {
			id: this.nextCampaignId++,
			sender,
			text,
			creation_date: now.toFormat(SQL),
			date: (sendAt ?? now).setZone(PARIS).toFormat(SQL),
			cost,
			status: moderated ? 'moderation' : scheduled ? 'waiting' : 'sent',
			pushtype,
			delay,
			unicode: unicode ? 1 : 0,
			total: recipients.length,
			lists: [],
		};
		this.campaigns.push(campaign);
		if (!account.unlimited) account.credits -= cost;
		for (const recipient of deliverable) {
			const key = `${recipient.value}|${recipient.gsmsmsid ?? ''}`;
			this.acceptedCount.set(key, (this.acceptedCount.get(key) ?? 0) + 1);
			this.messages.push({
				campaign_id: campaign.id,
				client_id: account.clientId,
				client_message_id: recipient.gsmsmsid ?? '',
				contact_list_id: '',
				message: text,
				message_length: [...text].length,
				cost: parts,
				country: countryOf(recipient.value),
				destination: recipient.value,
				message_id: this.nextMessageId++,
				sender,
				date: campaign.date,
				dlr_date: '',
				status: moderated ? 'MODERATION' : scheduled ? 'WAITING' : 'SENT',
				status_details: moderated ? 'MODERATION' : scheduled ? 'WAITING' : 'SENT',
				type: 'sms_mt',
			});
		}
		const result = { status: 1, message: 'OK', ticket: String(campaign.id), cost, credits: account.credits, ...totals };
		// −8: the campaign exists and waits for a human; the SMS may still go out (notes §3.1).
		return moderated ? { ...result, status: -8, message: STATUS_MESSAGES[-8] } : result;
	}

	private page(request: RecordedRequest): { start: number; length: number } | { failure: Record<string, unknown> } {
		const start = request.query.start === undefined ? 0 : Number(request.query.start);
		const length = request.query.length === undefined ? 100 : Number(request.query.length);
		if (!Number.isInteger(start) || start < 0) return { failure: this.failure(-7, 'start must be a whole number') };
		if (!Number.isInteger(length) || length < 1 || length > MAX_PAGE) {
			return { failure: this.failure(-7, `length must be between 1 and ${MAX_PAGE}`) };
		}
		return { start, length };
	}

	private listMessages(request: RecordedRequest, account: SmsUpAccount): Record<string, unknown> {
		const unknownParameter = undocumented(Object.keys(request.query), QUERY_PARAMETERS['/messages']);
		if (unknownParameter !== undefined) return this.failure(-7, `unknown parameter ${unknownParameter}`);
		const { date_start: dateStart, date_end: dateEnd } = request.query;
		if (!isSqlDate(dateStart) || !isSqlDate(dateEnd)) return this.failure(-7, 'date_start and date_end are required (Y-m-d H:i:s)');
		const page = this.page(request);
		if ('failure' in page) return page.failure;
		const query = request.query;
		const selection = omit(query, 'start', 'length');
		const key = JSON.stringify([account.clientId, selection]);
		let rows: SmsUpMessageRow[];
		// A later page of the same listing, with no message added since its first page, reuses
		// that page's selection: filtering and sorting 100,000 rows for each page would make
		// the simulator, not the node, what a benchmark measures. Any page 0 selects afresh.
		if (page.start > 0 && this.listing?.key === key && this.listing.count === this.messages.length) rows = this.listing.rows;
		else {
			rows = this.messages.filter((row) => row.client_id === account.clientId && row.date >= dateStart && row.date <= dateEnd);
			if (query.destination) rows = rows.filter((row) => row.destination === query.destination);
			if (query.message) rows = rows.filter((row) => row.message.toLowerCase().includes(query.message.toLowerCase()));
			if (query.type === 'messages-in') rows = rows.filter((row) => row.type === 'sms_mo');
			if (query.type === 'messages-out') rows = rows.filter((row) => row.type === 'sms_mt');
			if (query.country) rows = rows.filter((row) => row.country === query.country);
			if (query.status) rows = rows.filter((row) => row.status.toLowerCase() === query.status.toLowerCase());
			rows = sortBy(rows, query.sort ?? 'date', ['date', 'destination', 'sender', 'status']);
			this.listing = { key, count: this.messages.length, rows };
		}
		const slice = rows.slice(page.start, page.start + page.length);
		// Doc 004 does not say which total is filtered; as in the DataTables convention its names
		// come from, `totalRecords` counts the account's messages in the range before the other
		// filters, `totalDisplayRecords` those that match.
		const unfiltered = this.messages.filter((row) => row.client_id === account.clientId && row.date >= dateStart && row.date <= dateEnd).length;
		return { status: 1, message: 'OK', totalRecords: unfiltered, totalDisplayRecords: rows.length, messages: slice };
	}

	private campaignRows(campaign: SmsUpCampaign): SmsUpMessageRow[] {
		return this.messages.filter((row) => row.campaign_id === campaign.id && row.type === 'sms_mt');
	}

	private deliveryRate(campaign: SmsUpCampaign): number {
		const rows = this.campaignRows(campaign);
		if (!rows.length) return 0;
		return Math.round((rows.filter((row) => row.status === 'DELIVERED').length / rows.length) * 10000) / 100;
	}

	private listCampaigns(request: RecordedRequest): Record<string, unknown> {
		const unknownParameter = undocumented(Object.keys(request.query), QUERY_PARAMETERS['/campaigns']);
		if (unknownParameter !== undefined) return this.failure(-7, `unknown parameter ${unknownParameter}`);
		const page = this.page(request);
		if ('failure' in page) return page.failure;
		const query = request.query;
		for (const name of ['date_start', 'date_end'] as const) {
			if (query[name] !== undefined && !isSqlDate(query[name])) return this.failure(-7, `${name} must be Y-m-d H:i:s`);
		}
		let campaigns = [...this.campaigns];
		if (query.date_start) campaigns = campaigns.filter((campaign) => campaign.date >= query.date_start);
		if (query.date_end) campaigns = campaigns.filter((campaign) => campaign.date <= query.date_end);
		if (query.sms_min) campaigns = campaigns.filter((campaign) => campaign.total >= Number(query.sms_min));
		if (query.sms_max) campaigns = campaigns.filter((campaign) => campaign.total <= Number(query.sms_max));
		if (query.text) campaigns = campaigns.filter((campaign) => campaign.text.toLowerCase().includes(query.text.toLowerCase()));
		if (query.destination) {
			campaigns = campaigns.filter((campaign) => this.campaignRows(campaign).some((row) => row.destination === query.destination));
		}
		campaigns = sortBy(campaigns, query.sort ?? '-date', ['id', 'date', 'text', 'cost', 'status']);
		return {
			status: 1,
			message: 'OK',
			campaigns: campaigns.slice(page.start, page.start + page.length).map((campaign) => ({
				id: campaign.id,
				sender: campaign.sender,
				text: campaign.text,
				date: campaign.date,
				cost: campaign.cost,
				delivery_rate: this.deliveryRate(campaign),
				status: campaign.status,
			})),
			totalRecords: campaigns.length,
			totalDisplayRecords: campaigns.length,
		};
	}

	private campaignDetails(_request: RecordedRequest, _account: SmsUpAccount, id: string): Record<string, unknown> {
		const campaign = this.campaigns.find((candidate) => String(candidate.id) === id);
		if (!campaign) return this.failure(-5);
		const rows = this.campaignRows(campaign);
		const countStatus = (status: string) => rows.filter((row) => row.status === status).length;
		return {
			status: 1,
			message: 'OK',
			campaign: [
				{
					id: campaign.id,
					sender: campaign.sender,
					text: campaign.text,
					creation_date: campaign.creation_date,
					date: campaign.date,
					cost: campaign.cost,
					lists: campaign.lists,
					status: campaign.status,
					delivery_rate: this.deliveryRate(campaign),
					delivered: countStatus('DELIVERED'),
					error: countStatus('NOT_SENT'),
					expired: 0,
					network_error: 0,
					stop: 0,
					npai: 0,
					total: campaign.total,
				},
			],
		};
	}

	/** Marks a campaign's sent messages delivered (as delivery reports would). */
	deliver(ticket: string | number, when = this.now()): void {
		for (const row of this.messages) {
			if (String(row.campaign_id) === String(ticket) && row.status === 'SENT') {
				row.status = 'DELIVERED';
				row.status_details = 'DELIVERED';
				row.dlr_date = when.setZone(PARIS).toFormat(SQL);
			}
		}
	}

	/** A received SMS (`sms_mo`, to the short code) lands in history now, or at `fields.date`. */
	addInbound(fields: Partial<SmsUpMessageRow> = {}): SmsUpMessageRow {
		const message = fields.message ?? 'Hello';
		const row: SmsUpMessageRow = {
			campaign_id: 0,
			client_id: this.sandbox.clientId,
			client_message_id: '',
			contact_list_id: '',
			message,
			message_length: [...message].length,
			cost: 0,
			country: '',
			destination: '36000',
			message_id: this.nextMessageId++,
			sender: '41781110000',
			date: this.now().setZone(PARIS).toFormat(SQL),
			dlr_date: '',
			status: 'incoming_message',
			status_details: '',
			type: 'sms_mo',
			...fields,
		};
		this.messages.push(row);
		return row;
	}

	/**
	 * The operator's report on a sent message: its history row takes the status the code stands
	 * for (and `dlr_date`), and the DLR webhook body is returned.
	 */
	deliveryReport(row: SmsUpMessageRow, code: number, when = this.now()): SmsUpDlr {
		const status = DLR_HISTORY_STATUS[code];
		if (status === undefined) throw new Error(`${code} is not a documented DLR code`);
		row.status = status;
		row.status_details = status;
		const at = when.setZone(PARIS).startOf('second');
		row.dlr_date = at.toFormat(SQL);
		return {
			// ISO 8601 with the Paris offset, to the second, as documented ("2024-11-21T10:27:05+01:00").
			date: at.toISO({ suppressMilliseconds: true })!,
			status: code,
			destination: row.destination,
			message_id: row.client_message_id,
			campaign_id: String(row.campaign_id),
			country_code: row.country,
		};
	}

	/** A delivery report POSTed, as raw JSON, to every live DLR webhook of the account; their HTTP answers. */
	async pushDeliveryReport(row: SmsUpMessageRow, code: number, when = this.now()): Promise<Array<{ url: string; status: number; body: string }>> {
		const report = this.deliveryReport(row, code, when);
		const targets = this.webhooks.filter((webhook) => webhook.type === 'DLR' && webhook.status === 'live' && webhook.clientId === row.client_id);
		return await Promise.all(
			targets.map(async (webhook) => {
				const response = await fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
				webhook.last_http_code = response.status;
				return { url: webhook.url, status: response.status, body: await response.text() };
			}),
		);
	}

	/**
	 * Fills history with `count` deterministic messages, one a minute back from `end`: outbound
	 * ones in campaigns of five, with one in ten an inbound reply (`sms_mo`, to the short code).
	 */
	seedHistory(count: number, options: { seed?: number; end?: DateTime } = {}): void {
		const random = seededRandom(options.seed ?? 7);
		const end = options.end ?? this.now();
		const account = this.sandbox;
		const statuses = ['DELIVERED', 'DELIVERED', 'DELIVERED', 'SENT', 'NOT_SENT', 'UNDELIVERED'];
		let campaign: SmsUpCampaign | undefined;
		for (let index = 0; index < count; index++) {
			const date = end.minus({ minutes: count - index }).setZone(PARIS).toFormat(SQL);
			const number = `4178${String(1000000 + Math.floor(random() * 8999999))}`;
			if (random() < 0.1) {
				this.messages.push({
					campaign_id: 0,
					client_id: account.clientId,
					client_message_id: '',
					contact_list_id: '',
					message: `Reply ${index + 1}`,
					message_length: `Reply ${index + 1}`.length,
					cost: 0,
					country: '',
					destination: '36000',
					message_id: this.nextMessageId++,
					sender: number,
					date,
					dlr_date: '',
					status: 'incoming_message',
					status_details: '',
					type: 'sms_mo',
				});
				continue;
			}
			if (!campaign || index % 5 === 0) {
				campaign = {
					id: this.nextCampaignId++,
					sender: 'SMSUP',
					text: `Seeded campaign ${this.campaigns.length + 1}`,
					creation_date: date,
					date,
					cost: 0,
					status: 'sent',
					pushtype: 'alert',
					delay: '',
					unicode: 0,
					total: 0,
					lists: [],
				};
				this.campaigns.push(campaign);
			}
			const status = statuses[Math.floor(random() * statuses.length)];
			campaign.cost += 1;
			campaign.total += 1;
			this.messages.push({
				campaign_id: campaign.id,
				client_id: account.clientId,
				client_message_id: `seed-${index + 1}`,
				contact_list_id: '',
				message: campaign.text,
				message_length: campaign.text.length,
				cost: 1,
				country: 'CH',
				destination: number,
				message_id: this.nextMessageId++,
				sender: campaign.sender,
				date,
				dlr_date: status === 'DELIVERED' || status === 'UNDELIVERED' ? date : '',
				status,
				status_details: status,
				type: 'sms_mt',
			});
		}
	}
}

/**
 * XML is smsup.ch's default, so JSON only for a request that asks for JSON and nothing XML
 * could satisfy. A missing header, `*\/*`, or axios' own default
 * (`application/json, text/plain, *\/*`, which any client that forgets the header sends) get XML.
 */
export function wantsJsonOnly(accept: string | undefined): boolean {
	const types = (accept ?? '')
		.split(',')
		.map((part) => part.split(';')[0].trim().toLowerCase())
		.filter(Boolean);
	if (!types.includes('application/json')) return false;
	return !types.some((type) => type === '*/*' || type === 'application/*' || type === 'text/*' || type.endsWith('/xml'));
}

function isSqlDate(value: string | undefined): value is string {
	return value !== undefined && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) && DateTime.fromFormat(value, SQL).isValid;
}

function sortBy<T>(rows: T[], sort: string, fields: string[]): T[] {
	const descending = sort.startsWith('-');
	const field = descending ? sort.slice(1) : sort;
	if (!fields.includes(field)) return rows;
	return [...rows].sort((a, b) => {
		const left = (a as Record<string, string | number>)[field];
		const right = (b as Record<string, string | number>)[field];
		const compare = left < right ? -1 : left > right ? 1 : 0;
		return descending ? -compare : compare;
	});
}

function countryOf(number: string): string {
	for (const [prefix, country] of COUNTRY_PREFIXES) if (number.startsWith(prefix)) return country;
	return 'FR';
}

/** Independent of the package's own segment counter on purpose: a plain length rule. */
function countParts(text: string, unicode: boolean): number {
	// eslint-disable-next-line no-control-regex
	const ucs2 = unicode || /[^\x00-\x7F£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]/.test(text);
	const length = [...text].length;
	if (ucs2) return length <= 70 ? 1 : Math.ceil(length / 67);
	return length <= 160 ? 1 : Math.ceil(length / 153);
}

/** The XML smsup.ch answers by default: `<response>` with arrays as repeated elements (doc 004). */
/**
 * Each endpoint's documented parameters (doc 004, notes §3): anything else is refused with −7, the
 * stricter reading where the document is silent. `token` is accepted everywhere (notes §3.1).
 */
const QUERY_PARAMETERS: Record<string, Set<string>> = {
	'/messages': new Set(['token', 'date_start', 'date_end', 'destination', 'message', 'type', 'country', 'status', 'start', 'length', 'sort']),
	'/campaigns': new Set(['token', 'start', 'length', 'date_start', 'date_end', 'sms_min', 'sms_max', 'destination', 'text', 'sort']),
	'/send': new Set(['token', 'text', 'to', 'pushtype', 'delay', 'sender', 'gsmsmsid']),
};
const CAMPAIGN_MESSAGE_FIELDS = new Set(['text', 'pushtype', 'sender', 'delay', 'unicode']);
const CAMPAIGN_RECIPIENT_FIELDS = new Set(['gsmsmsid', 'value']);

/** The first name not documented for it, if any. */
function undocumented(names: Iterable<string>, known: Set<string>): string | undefined {
	for (const name of names) if (!known.has(name)) return name;
	return undefined;
}

export function toXml(body: Record<string, unknown>): string {
	const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const element = (name: string, value: unknown): string => {
		if (Array.isArray(value)) return value.map((entry) => element(name, entry)).join('');
		if (value !== null && typeof value === 'object') {
			return `<${name}>${Object.entries(value as Record<string, unknown>).map(([key, inner]) => element(key, inner)).join('')}</${name}>`;
		}
		return `<${name}>${value === null || value === undefined ? '' : escape(String(value))}</${name}>`;
	};
	return `<?xml version="1.0" encoding="UTF-8"?>\n${element('response', body)}\n`;
}

/**
 * A one-recipient `POST /send` (or `/send/simulate`) as the node makes it, flat: the message's
 * text, pushtype, sender and delay, and the recipient as `to` with its `gsmsmsid`. Throws when the
 * call is not one message to one recipient.
 */
export function oneMessageCall(call: { body: unknown }): Record<string, unknown> {
	const sms = (call.body as { sms?: { message?: Record<string, unknown>; recipients?: { gsm?: Array<Record<string, unknown>> } } } | undefined)?.sms;
	const gsm = sms?.recipients?.gsm;
	if (!sms?.message || !Array.isArray(gsm) || gsm.length !== 1) throw new Error(`not a one-recipient send: ${JSON.stringify(call.body)}`);
	const message = Object.fromEntries(Object.entries(sms.message).filter(([key]) => key !== 'unicode'));
	return { ...message, to: gsm[0].value, ...(gsm[0].gsmsmsid === undefined ? {} : { gsmsmsid: gsm[0].gsmsmsid }) };
}
