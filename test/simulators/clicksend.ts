/**
 * ClickSend REST v3 simulator, faithful to ../shared/provider-docs (000, 001) and
 * provider-notes §1: Basic auth, the {http_code, response_code, response_msg, data}
 * envelope, per-message statuses inside an HTTP 200, the 1000-messages-per-call limit (MMS
 * counting a list's contacts), Laravel-style pages (limit 15–100), underscore keys
 * (`_currency`, `_media_file_url`, `_summary`, `data._url`), the types ClickSend mixes
 * (prices as numbers at the top and strings per message; MMS `message_parts` "1.00"), server
 * side CSV exports behind a download URL, uploads with `convert=mms`, and ClickSend's test
 * users and numbers.
 */
import { randomUUID } from 'node:crypto';

import { omit } from '../support/objects';
import { basicAuth, seededRandom, SimulatorServer, type RecordedRequest, type SimResponse } from './framework';

export interface ClickSendAccount {
	username: string;
	apiKey: string;
	balance: number;
	active: boolean;
	banned: boolean;
	userId: number;
}

export interface ClickSendMessage {
	direction: 'out' | 'in';
	date: number;
	to: string;
	body: string;
	from: string;
	schedule: number;
	message_id: string;
	message_parts: number;
	message_price: string;
	custom_string: string;
	user_id: number;
	subaccount_id: number;
	country: string;
	carrier: string;
	status: string;
	status_code: string | null;
	status_text: string | null;
	error_code: string | null;
	error_text: string | null;
	list_id: number | null;
	_api_username: string;
}

/** MMS history rows as provider-docs 000 shows them: `date_added`, string parts and schedule. */
export interface ClickSendMmsMessage {
	_api_username: string;
	_media_file_url: string;
	body: string;
	carrier: string;
	contact_id: number | null;
	country: string;
	custom_string: string;
	date_added: number;
	direction: 'out' | 'in';
	from: string;
	from_email: string | null;
	list_id: number | null;
	message_id: string;
	message_parts: string;
	message_price: string;
	priority: number;
	schedule: string;
	status: string;
	status_code: string | null;
	status_text: string | null;
	/** Not in doc 000's rows; SMS history has it (notes §1.6), so a row may carry it. */
	error_text?: string | null;
	subaccount_id: number;
	subject: string;
	to: string;
	user_id: number;
}

export interface ClickSendInbound {
	timestamp: string;
	from: string;
	body: string;
	original_body: string;
	original_message_id: string;
	to: string;
	custom_string: string;
	message_id: string;
	_keyword: string;
}

export interface ClickSendReceipt {
	timestamp_send: string;
	timestamp: string;
	message_id: string;
	status_code: string;
	status_text: string;
	error_code: string;
	error_text: string;
	custom_string: string;
	subaccount_id: number;
	message_type: string;
	digits: string;
}

export interface ClickSendList {
	list_id: number;
	list_name: string;
	contacts: string[];
}

/** ClickSend's documented test fixtures (provider-notes §1.1). */
export const CLICKSEND_TEST_NUMBERS = new Set([
	'+61411111111',
	'+61422222222',
	'+61433333333',
	'+61444444444',
	'+14055555555',
	'+14055555666',
	'+447777777777',
	'+8615555555555',
]);
// The test account's key from ClickSend's public API docs, a published value, not a secret.
export const CLICKSEND_PUBLIC_TEST_ACCOUNT = 'D83DED51-9E35-4D42-9BB9-0E34B7CA85AE';

const MAX_MESSAGES_PER_CALL = 1000;
const MMS_MAX_SUBJECT = 20;
const MMS_MAX_BYTES = 250 * 1024;
const MMS_E164 = /^\+[1-9]\d{6,14}$/;
/** The fields MMS history rows have (doc 000), the only ones an MMS `order_by` may name. */
const MMS_ORDER_FIELDS: ReadonlySet<string> = new Set([
	'_api_username', '_media_file_url', 'body', 'carrier', 'contact_id', 'country', 'custom_string', 'date_added', 'direction', 'from', 'from_email',
	'list_id', 'message_id', 'message_parts', 'message_price', 'priority', 'schedule', 'status', 'status_code', 'status_text', 'subaccount_id', 'subject', 'to', 'user_id',
]);
const PRICE_PER_PART: Record<string, number> = { AU: 0.077, US: 0.0425, GB: 0.056, CN: 0.06, CH: 0.09 };
const MMS_PRICE: Record<string, number> = { AU: 0.242, US: 0.11 };
const CURRENCY = { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' };
const COUNTRY_PREFIXES: Array<[string, string]> = [
	['+61', 'AU'],
	['+1', 'US'],
	['+44', 'GB'],
	['+86', 'CN'],
	['+41', 'CH'],
	['+33', 'FR'],
	['+49', 'DE'],
];
const COUNTRY_NAMES: Record<string, string> = { AU: 'Australia', US: 'United States', GB: 'United Kingdom', CN: 'China', CH: 'Switzerland' };
/** File types /mms/send takes directly; others must be converted through /uploads first (doc 001). */
const DIRECT_MEDIA = /\.(jpg|gif)(\?|$)/i;

const envelope = (httpCode: number, responseCode: string, responseMsg: string, data: unknown): SimResponse => ({
	status: httpCode,
	body: { http_code: httpCode, response_code: responseCode, response_msg: responseMsg, data },
});

type Row = Record<string, unknown>;

/**
 * The fields the documents list for each send and price body (notes §1.3–1.5): anything else is
 * refused with 400, the stricter reading, since ClickSend may refuse or silently ignore it.
 */
const SMS_CALL_FIELDS = new Set(['messages', 'shorten_urls', 'senders']);
const SMS_MESSAGE_FIELDS = new Set(['body', 'to', 'list_id', 'from', 'source', 'schedule', 'custom_string', 'country', 'from_email', 'contact_id', 'exclude_no_sender_id_recipients', 'show_summary']);
const MMS_CALL_FIELDS = new Set(['media_file', 'messages']);
const MMS_MESSAGE_FIELDS = new Set(['to', 'list_id', 'from', 'subject', 'body', 'source', 'schedule', 'country', 'custom_string', 'from_email']);

/**
 * Each list's query parameters (notes §1.6, §1.7); anything else is refused with 400. MMS history
 * documents only dates and pages; `q` and `order_by` are taken there as on SMS history and the
 * MMS export (unverified for MMS history itself).
 */
const HISTORY_PARAMETERS = ['page', 'limit', 'date_from', 'date_to', 'q', 'order_by'];
const LIST_PARAMETERS: Record<string, Set<string>> = {
	'/v3/sms/history': new Set(HISTORY_PARAMETERS),
	'/v3/mms/history': new Set(HISTORY_PARAMETERS),
	'/v3/sms/history/export': new Set([...HISTORY_PARAMETERS, 'filename']),
	'/v3/mms/history/export': new Set([...HISTORY_PARAMETERS, 'filename']),
	'/v3/sms/inbound': new Set(['page', 'limit']),
	'/v3/sms/receipts': new Set(['page', 'limit']),
};

/** A 400 for the first query parameter a list does not document. */
function undocumentedParameter(request: RecordedRequest): SimResponse | undefined {
	const known = LIST_PARAMETERS[request.path];
	const unknown = known ? Object.keys(request.query).find((name) => !known.has(name)) : undefined;
	return unknown === undefined ? undefined : envelope(400, 'BAD_REQUEST', 'Invalid input.', { [unknown]: `The ${unknown} parameter is not allowed.` });
}

/** A 400 for the first field of the call or of a message that the documents do not list. */
function undocumentedField(body: Row, callFields: Set<string>, messageFields: Set<string>): SimResponse | undefined {
	const call = Object.keys(body).find((field) => !callFields.has(field));
	if (call !== undefined) return envelope(400, 'BAD_REQUEST', 'Invalid input.', { [call]: `The ${call} field is not allowed.` });
	for (const [index, message] of (body.messages as unknown[]).entries()) {
		const field = message && typeof message === 'object' ? Object.keys(message).find((name) => !messageFields.has(name)) : undefined;
		if (field !== undefined) return envelope(400, 'BAD_REQUEST', 'Invalid input.', { [`messages.${index}.${field}`]: `The messages.${index}.${field} field is not allowed.` });
	}
	return undefined;
}

export class ClickSendSimulator extends SimulatorServer {
	readonly accounts = new Map<string, ClickSendAccount>();
	readonly history: ClickSendMessage[] = [];
	readonly mmsHistory: ClickSendMmsMessage[] = [];
	readonly inbound: ClickSendInbound[] = [];
	readonly receipts: ClickSendReceipt[] = [];
	readonly numbers: Array<{ dedicated_number: string; country: string; _country_name: string }> = [
		{ dedicated_number: '+61400000000', country: 'AU', _country_name: 'Australia' },
		{ dedicated_number: '+61400000001', country: 'AU', _country_name: 'Australia' },
		{ dedicated_number: '+14055550100', country: 'US', _country_name: 'United States' },
	];
	readonly lists: ClickSendList[] = [
		{ list_id: 428, list_name: 'Customers', contacts: ['+61411000001', '+61411000002', '+61411000003'] },
		{ list_id: 429, list_name: 'Staff', contacts: ['+61422000001', '+61422000002'] },
	];
	/** Uploaded (converted) media and server-side exports, served under /files and /_mms. */
	readonly files = new Map<string, { content: Buffer; contentType: string }>();
	readonly rules: AutomationRule[] = [];
	private nextRuleId = 501;
	/** Set when a listed row changes in place (a status), so the next listing is selected afresh. */
	listingDirty = false;
	/** Recipients the simulated network rejects, with the status it answers. */
	readonly rejectedRecipients = new Map<string, string>();
	/**
	 * A test fault: the order of a price answer's `messages[]`. ClickSend's examples list them in
	 * the order sent, but nothing documents that order, so `reversed` answers the other way round.
	 */
	priceAnswerOrder: 'asSent' | 'reversed' = 'asSent';
	/** A test fault: history and exports answer as if no `q` had been sent (a filter ClickSend ignores). */
	ignoreQ = false;
	/** Messages accepted for each recipient + reference, to prove nothing is sent twice. */
	readonly acceptedCount = new Map<string, number>();
	private nextId = 1;
	now = () => Math.floor(Date.now() / 1000);

	constructor() {
		super('ClickSend');
		this.addAccount({ username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', balance: 1000 });
		for (const [username, patch] of [
			['nocredit', { balance: 0 }],
			['notactive', { active: false }],
			['banned', { banned: true }],
		] as const) {
			this.addAccount({ username, apiKey: CLICKSEND_PUBLIC_TEST_ACCOUNT, ...patch });
		}
		const authed = (handler: (request: RecordedRequest, account: ClickSendAccount, params: Record<string, string>) => SimResponse) =>
			(request: RecordedRequest, params: Record<string, string>) => this.withAccount(request, (account) => handler(request, account, params));

		this.route('GET', '/v3/account', authed((_, account) => this.getAccount(account)));
		this.route('POST', '/v3/sms/send', authed((request, account) => this.sendSms(account, request, false)));
		this.route('POST', '/v3/sms/price', authed((request, account) => this.sendSms(account, request, true)));
		this.route('GET', '/v3/sms/history', authed((request) => this.list(request, this.history as unknown as Row[], 'date', "Here's your history.")));
		this.route('GET', '/v3/sms/history/export', authed((request) => this.export(request, this.history as unknown as Row[], 'date', false)));
		// Mark-read endpoints (notes §1.6): read messages and receipts leave the POLL lists.
		this.route('PUT', '/v3/sms/inbound-read', authed((request) => this.markReadBefore(request, this.inbound as unknown as Row[], 'Inbound messages have been marked as read.')));
		this.route('PUT', '/v3/sms/inbound-read/:messageId', authed((_, __, params) => this.markInboundRead(params.messageId)));
		this.route('PUT', '/v3/sms/receipts-read', authed((request) => this.markReadBefore(request, this.receipts as unknown as Row[], 'Receipts have been marked as read.')));
		this.route('PUT', '/v3/sms/cancel-all', authed(() => this.cancelAll()));
		this.route('PUT', '/v3/sms/:messageId/cancel', authed((_, __, params) => this.cancel(params.messageId)));
		this.route('GET', '/v3/sms/inbound', authed((request) => this.list(request, this.unread(this.inbound as unknown as Row[]), 'timestamp', "Here are your inbound messages.")));
		this.route('GET', '/v3/sms/receipts', authed((request) => this.list(request, this.unread(this.receipts as unknown as Row[]), 'timestamp', "Here are your delivery receipts.")));
		this.route('POST', '/v3/mms/send', authed((request, account) => this.sendMms(account, request, false)));
		this.route('POST', '/v3/mms/price', authed((request, account) => this.sendMms(account, request, true)));
		this.route('GET', '/v3/mms/history', authed((request) => this.list(request, this.mmsHistory as unknown as Row[], 'date_added', 'Here are your data.', MMS_ORDER_FIELDS)));
		this.route('GET', '/v3/mms/history/export', authed((request) => this.export(request, this.mmsHistory as unknown as Row[], 'date_added', true, MMS_ORDER_FIELDS)));
		this.route('POST', '/v3/uploads', authed((request) => this.upload(request)));
		this.route('GET', '/v3/numbers', authed((request) => this.page(request, this.numbers, "Here are your dedicated numbers.")));
		this.route('GET', '/v3/lists', authed((request) => this.page(request, this.lists.map(listView), "Here are your contact lists.")));
		this.route('GET', '/v3/lists/:listId', authed((_, __, params) => this.getList(Number(params.listId))));
		for (const kind of ['inbound', 'receipts'] as const) {
			this.route('GET', `/v3/automations/sms/${kind}`, authed((request) => this.page(request, this.rulesOf(kind), 'Here are your automation rules.')));
			this.route('POST', `/v3/automations/sms/${kind}`, authed((request) => this.createRule(kind, request)));
			this.route('GET', `/v3/automations/sms/${kind}/:ruleId`, authed((_, __, params) => this.getRule(kind, Number(params.ruleId))));
			this.route('DELETE', `/v3/automations/sms/${kind}/:ruleId`, authed((_, __, params) => this.deleteRule(kind, Number(params.ruleId))));
		}
		// Exports: doc 001 gives the MMS export's link on the API host itself
		// (`https://rest.clicksend.com/files/<UUID>?filename=…`), so it takes the account's Basic
		// auth like every other call there; without it, the 401 envelope. (The SMS export's real
		// link is presigned storage elsewhere, notes §1.7; here it is served the same way.)
		this.route('GET', '/files/:id', authed((_, __, params) => this.download(params.id)));
		// Converted media: the link ClickSend itself fetches when sending, public.

		this.route('GET', '/_mms/:file', (_, params) => this.download(params.file.replace(/\.[a-z]+$/, '')));
	}

	addAccount(account: Partial<ClickSendAccount> & { username: string; apiKey: string }): ClickSendAccount {
		const full: ClickSendAccount = { balance: 100, active: true, banned: false, userId: 1000 + this.accounts.size, ...account };
		this.accounts.set(full.username, full);
		return full;
	}

	/** Total messages accepted across all sends (SMS and MMS). */
	get acceptedTotal(): number {
		let total = 0;
		for (const count of this.acceptedCount.values()) total += count;
		return total;
	}

	/** Puts a file where /files/<id> serves it, as ClickSend's storage would. */
	storeFile(content: Buffer, contentType: string): string {
		const id = randomUUID().toUpperCase();
		this.files.set(id, { content, contentType });
		return id;
	}

	protected notFound(): SimResponse {
		return envelope(404, 'NOT_FOUND', 'Resource not found.', null);
	}

	private withAccount(request: RecordedRequest, handler: (account: ClickSendAccount) => SimResponse): SimResponse {
		const credentials = basicAuth(request);
		const account = credentials && this.accounts.get(credentials.username);
		if (!credentials || !account || account.apiKey !== credentials.password) {
			// Shape per provider-notes §1.8 (envelope with data null); the code word is unverified.
			return {
				...envelope(401, 'UNAUTHORIZED', 'Invalid credentials. Check your API username and key.', null),
				headers: { 'www-authenticate': 'Basic realm="ClickSend"' },
			};
		}
		if (account.banned) return envelope(403, 'FORBIDDEN', 'Your account has been banned.', null);
		if (!account.active) return envelope(403, 'ACCOUNT_NOT_ACTIVATED', 'Your account is not activated.', null);
		return handler(account);
	}

	private getAccount(account: ClickSendAccount): SimResponse {
		return envelope(200, 'SUCCESS', "Here's your account.", {
			user_id: account.userId,
			username: account.username,
			user_email: `${account.username}@example.com`,
			active: account.active ? 1 : 0,
			banned: account.banned ? 1 : 0,
			balance: account.balance.toFixed(6),
			_currency: CURRENCY,
			_subaccount: { subaccount_id: account.userId, api_username: account.username },
		});
	}

	/** A message entry to recipients: one number, or every contact of a list. */
	private recipientsOf(input: Row): { to: string[]; listId: number | null; unknownList: boolean } {
		if (input.list_id !== undefined && input.list_id !== null && input.list_id !== '') {
			const list = this.lists.find((candidate) => candidate.list_id === Number(input.list_id));
			return { to: list?.contacts ?? [], listId: Number(input.list_id), unknownList: !list };
		}
		return { to: [String(input.to ?? '')], listId: null, unknownList: false };
	}

	private recipientStatus(to: string, input: Row, text: string): string {
		if (!text) return 'EMPTY_MESSAGE';
		// International numbers always; national ones (leading 0) only with a country to read them in.
		if (!/^\+?[1-9]\d{5,14}$/.test(to) && !(input.country && /^0?\d{6,14}$/.test(to))) return 'INVALID_RECIPIENT';
		if (this.rejectedRecipients.has(to)) return this.rejectedRecipients.get(to)!;
		const from = typeof input.from === 'string' ? input.from : '';
		if (from && /[^0-9+]/.test(from) && (from.length > 11 || from.length < 3)) return 'INVALID_SENDER_ID';
		return 'SUCCESS';
	}

	private sendSms(account: ClickSendAccount, request: RecordedRequest, priceOnly: boolean): SimResponse {
		const body = request.body as { messages?: unknown } | undefined;
		if (!body || typeof body !== 'object' || !Array.isArray(body.messages) || body.messages.length === 0) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { messages: 'The messages field is required.' });
		}
		if (body.messages.length > MAX_MESSAGES_PER_CALL) {
			return envelope(400, 'TOO_MANY_RECIPIENTS', `You can send up to ${MAX_MESSAGES_PER_CALL} messages per call.`, null);
		}
		const undocumented = undocumentedField(body as Row, SMS_CALL_FIELDS, SMS_MESSAGE_FIELDS);
		if (undocumented) return undocumented;
		// `shorten_urls` is a bool of the whole call, default false (notes §1.3); anything else is refused.
		const shortenUrls = (body as { shorten_urls?: unknown }).shorten_urls;
		if (shortenUrls !== undefined && typeof shortenUrls !== 'boolean') {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { shorten_urls: 'The shorten urls field must be true or false.' });
		}
		const results: Row[] = [];
		let totalPrice = 0;
		const summary: Record<string, Row> = {};
		let balance = account.balance;
		for (const input of body.messages as Row[]) {
			const text = typeof input.body === 'string' ? input.body : '';
			const from = typeof input.from === 'string' ? input.from : '';
			const { to: recipients, listId, unknownList } = this.recipientsOf(input);
			for (const to of unknownList ? [''] : recipients) {
				const country = typeof input.country === 'string' && input.country ? input.country.toUpperCase() : countryOf(to);
				const parts = countParts(text);
				const isTestNumber = CLICKSEND_TEST_NUMBERS.has(to);
				const price = isTestNumber ? 0 : parts * (PRICE_PER_PART[country] ?? 0.1);
				let status = unknownList ? 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' : this.recipientStatus(to, input, text);
				if (status === 'SUCCESS' && price > balance) status = 'INSUFFICIENT_CREDIT';
				const schedule = Number(input.schedule ?? 0) || 0;
				const accepted = status === 'SUCCESS';
				const message: ClickSendMessage = {
					direction: 'out',
					date: this.now(),
					to,
					body: text,
					from,
					schedule,
					message_id: accepted ? this.messageId() : '',
					message_parts: parts,
					message_price: accepted ? price.toFixed(4) : '0.0000',
					custom_string: typeof input.custom_string === 'string' ? input.custom_string : '',
					user_id: account.userId,
					subaccount_id: account.userId,
					country,
					carrier: 'Telstra',
					status,
					status_code: null,
					status_text: null,
					error_code: null,
					error_text: null,
					list_id: listId,
					_api_username: account.username,
				};
				results.push(priceOnly ? { ...message, date: '', message_id: '' } : { ...message, is_shared_system_number: false, from_email: null, contact_id: null });
				if (!accepted) continue;
				balance -= price;
				totalPrice += price;
				const countrySummary = (summary[country] ??= {
					registration_type: null,
					recipient_count: 0,
					usable_sender_id: true,
					selected: true,
					name: COUNTRY_NAMES[country] ?? country,
					regulation: {},
				});
				countrySummary.recipient_count = Number(countrySummary.recipient_count) + 1;
				if (priceOnly) continue;
				account.balance = balance;
				const key = `${to}|${message.custom_string}`;
				this.acceptedCount.set(key, (this.acceptedCount.get(key) ?? 0) + 1);
				if (!isTestNumber) this.history.push({ ...message, status: schedule > this.now() ? 'Scheduled' : 'Queued' });
			}
		}
		const queued = results.filter((message) => message.status === 'SUCCESS').length;
		const data: Row = {
			total_price: Number(totalPrice.toFixed(4)),
			total_count: results.length,
			queued_count: queued,
			messages: results,
			_currency: CURRENCY,
			blocked_count: results.length - queued,
		};
		if (priceOnly) data._summary = { test_message: false, countries: summary };
		if (priceOnly && this.priceAnswerOrder === 'reversed') results.reverse();
		return envelope(200, 'SUCCESS', priceOnly ? 'Here is some pricing.' : 'Messages queued for delivery.', data);
	}

	private sendMms(account: ClickSendAccount, request: RecordedRequest, priceOnly: boolean): SimResponse {
		const body = request.body as { media_file?: unknown; messages?: unknown } | undefined;
		if (!body || typeof body !== 'object' || !Array.isArray(body.messages) || body.messages.length === 0) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { messages: 'The messages field is required.' });
		}
		const undocumented = undocumentedField(body as Row, MMS_CALL_FIELDS, MMS_MESSAGE_FIELDS);
		if (undocumented) return undocumented;
		const mediaFile = typeof body.media_file === 'string' ? body.media_file : '';
		if (!mediaFile) return envelope(400, 'BAD_REQUEST', 'Invalid input.', { media_file: 'The media file field is required.' });
		const entries = (body.messages as Row[]).map((input) => ({ input, ...this.recipientsOf(input) }));
		// "a mix of contacts and contact lists, as long as the total number of recipients is up to 1000" (doc 001)
		const recipientCount = entries.reduce((sum, entry) => sum + Math.max(1, entry.to.length), 0);
		if (recipientCount > MAX_MESSAGES_PER_CALL) {
			return envelope(400, 'TOO_MANY_RECIPIENTS', `You can send to up to ${MAX_MESSAGES_PER_CALL} recipients per call.`, null);
		}
		const mediaStatus = this.mediaStatus(mediaFile);
		const results: Row[] = [];
		let totalPrice = 0;
		for (const { input, to: recipients, listId, unknownList } of entries) {
			const rawBody = typeof input.body === 'string' ? input.body : '';
			// Longer bodies are truncated, not rejected (doc 001): 1500 GSM or 500 Unicode characters.
			const text = [...rawBody].slice(0, isUnicode(rawBody) ? 500 : 1500).join('');
			const subject = typeof input.subject === 'string' ? input.subject : '';
			for (const to of unknownList ? [''] : recipients) {
				const country = typeof input.country === 'string' && input.country ? input.country.toUpperCase() : countryOf(to);
				const price = CLICKSEND_TEST_NUMBERS.has(to) ? 0 : MMS_PRICE[country] ?? 0.3;
				let status = unknownList ? 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' : this.recipientStatus(to, input, text);
				// "Recipient phone number in E.164 format" (doc 001): an MMS `to` is + and the country
				// code, a `country` or not (SMS reads national numbers in it; MMS is not said to).
				if (status === 'SUCCESS' && !MMS_E164.test(to)) status = 'INVALID_RECIPIENT';
				if (status === 'SUCCESS' && !subject) status = 'SUBJECT_REQUIRED';
				// `from` is required in doc 001's table, which says no more. The stricter reading is
				// ClickSend's per-recipient answer inside the HTTP 200 ("The response contains a status
				// and details for each recipient", doc 001; notes §1.2): a client reading only the
				// HTTP status would take the refusal for a send.
				if (status === 'SUCCESS' && !(typeof input.from === 'string' && input.from.trim())) status = 'MISSING_REQUIRED_FIELDS';
				if (status === 'SUCCESS' && subject.length > MMS_MAX_SUBJECT) status = 'MISSING_REQUIRED_FIELDS';
				if (status === 'SUCCESS' && mediaStatus !== 'SUCCESS') status = mediaStatus;
				if (status === 'SUCCESS' && price > account.balance) status = 'INSUFFICIENT_CREDIT';
				const accepted = status === 'SUCCESS';
				const schedule = Number(input.schedule ?? 0) || 0;
				const message = {
					list_id: listId,
					contact_id: listId ? 1 : null,
					message_id: accepted && !priceOnly ? this.messageId() : '',
					to,
					subject,
					from: typeof input.from === 'string' ? input.from : '',
					body: text,
					country,
					custom_string: typeof input.custom_string === 'string' ? input.custom_string : '',
					schedule: schedule ? String(schedule) : '',
					message_parts: accepted ? '1.00' : '0.00',
					message_price: accepted ? price.toFixed(4) : '0.0000',
					_media_file_url: mediaFile,
					status,
				};
				results.push(message);
				if (!accepted) continue;
				totalPrice += price;
				if (priceOnly) continue;
				account.balance -= price;
				const key = `${to}|${message.custom_string}`;
				this.acceptedCount.set(key, (this.acceptedCount.get(key) ?? 0) + 1);
				this.mmsHistory.push({
					...message,
					_api_username: account.username,
					carrier: '',
					date_added: this.now(),
					direction: 'out',
					from_email: null,
					priority: 10,
					schedule: String(schedule || this.now()),
					status: schedule > this.now() ? 'Scheduled' : 'Queued:WaitSend',
					status_code: null,
					status_text: null,
					subaccount_id: account.userId,
					user_id: account.userId,
				});
			}
		}
		const queued = results.filter((message) => message.status === 'SUCCESS').length;
		if (priceOnly && this.priceAnswerOrder === 'reversed') results.reverse();
		// Both endpoints answer "Messages queued for delivery." (the price example reuses it, notes §1.5).
		return envelope(200, 'SUCCESS', 'Messages queued for delivery.', {
			total_price: Number(totalPrice.toFixed(4)),
			total_count: results.length,
			queued_count: queued,
			messages: results,
			_currency: CURRENCY,
		});
	}

	/** Whether /mms/send can use a media URL: jpg/gif directly, or a converted upload of ours. */
	private mediaStatus(url: string): string {
		const ownFile = /\/_mms\/([0-9A-F-]+)\.[a-z]+$/i.exec(url);
		if (ownFile) {
			const file = this.files.get(ownFile[1]);
			if (!file) return 'INVALID_MEDIA_FILE';
			return file.content.length > MMS_MAX_BYTES ? 'INVALID_MEDIA_FILE' : 'SUCCESS';
		}
		return DIRECT_MEDIA.test(url) ? 'SUCCESS' : 'INVALID_MEDIA_FILE';
	}

	private upload(request: RecordedRequest): SimResponse {
		const body = (request.body ?? {}) as Row;
		const convert = String(request.query.convert ?? body.convert ?? '');
		if (!['fax', 'mms', 'csv', 'post', 'postcard'].includes(convert)) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { convert: 'The selected convert is invalid.' });
		}
		const content = typeof body.content === 'string' ? Buffer.from(body.content, 'base64') : Buffer.alloc(0);
		if (content.length === 0) return envelope(400, 'BAD_REQUEST', 'Invalid input.', { content: 'The content field is required.' });
		if (convert === 'mms') {
			// The upload itself has no documented size limit (notes §1.9); the 250 kB of doc 001 is
			// the attachment's, so it applies to the converted file, checked when it is sent.
			const converted = convertForMms(content);
			if (!converted) return envelope(400, 'INVALID_MEDIA_FILE', 'The file could not be converted to an MMS image.', { content: 'The content is not a JPEG, PNG, BMP or GIF image.' });
			const id = this.storeFile(converted.content, converted.contentType);
			return envelope(200, 'SUCCESS', 'Your file has been uploaded.', { _url: `${this.baseUrl}/_mms/${id}.${converted.extension}` });
		}
		const id = this.storeFile(content, 'image/jpeg');
		// Provider-notes §1.9: the converted file's URL is data._url; other fields are unverified.
		return envelope(200, 'SUCCESS', 'Your file has been uploaded.', { _url: `${this.baseUrl}/_mms/${id}.jpg` });
	}

	private download(id: string): SimResponse {
		const file = this.files.get(id);
		if (!file) return { status: 404, raw: 'Not found', headers: { 'content-type': 'text/plain' } };
		return { status: 200, raw: file.content, headers: { 'content-type': file.contentType } };
	}

	private cancel(messageId: string): SimResponse {
		const message = this.history.find((candidate) => candidate.message_id === messageId);
		if (!message) return envelope(404, 'NOT_FOUND', 'Message not found.', null);
		if (message.status !== 'Scheduled') return envelope(400, 'BAD_REQUEST', 'Only scheduled messages can be cancelled.', null);
		message.status = 'Cancelled';
		this.listingDirty = true;
		return envelope(200, 'SUCCESS', 'Message has been cancelled.', { ...message });
	}

	/** Inbound messages and receipts marked read: no longer listed, as a POLL rule's lists drop them. */
	readonly read = new WeakSet<object>();
	private unreadCache?: { rows: Row[]; size: number; version: number; result: Row[] };
	private readVersion = 0;

	private unread(rows: Row[]): Row[] {
		const cached = this.unreadCache;
		if (cached && cached.rows === rows && cached.size === rows.length && cached.version === this.readVersion) return cached.result;
		const result = rows.filter((row) => !this.read.has(row));
		this.unreadCache = { rows, size: rows.length, version: this.readVersion, result };
		return result;
	}

	private markRead(rows: Row[]): void {
		for (const row of rows) this.read.add(row);
		this.readVersion++;
		this.listingDirty = true;
	}

	/**
	 * `PUT /v3/sms/inbound-read` and `/receipts-read`. The notes give no body: the stricter reading
	 * takes only `{date_before: unix seconds}` and marks what came strictly before it, and refuses
	 * a body without it rather than mark everything, later arrivals included.
	 */
	private markReadBefore(request: RecordedRequest, rows: Row[], message: string): SimResponse {
		const dateBefore = (request.body as { date_before?: unknown } | undefined)?.date_before;
		if (typeof dateBefore !== 'number' || !Number.isInteger(dateBefore)) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { date_before: 'The date before field must be a unix timestamp.' });
		}
		const marked = rows.filter((row) => !this.read.has(row) && Number(row.timestamp) < dateBefore);
		this.markRead(marked);
		// The answer's data is not in the notes; modelled as the count marked.
		return envelope(200, 'SUCCESS', message, { count: marked.length });
	}

	private markInboundRead(messageId: string): SimResponse {
		const message = this.inbound.find((candidate) => candidate.message_id === messageId);
		if (!message) return envelope(404, 'NOT_FOUND', 'Message not found.', null);
		this.markRead([message as unknown as Row]);
		return envelope(200, 'SUCCESS', 'Inbound message has been marked as read.', null);
	}

	private cancelAll(): SimResponse {
		const scheduled = this.history.filter((message) => message.status === 'Scheduled');
		for (const message of scheduled) message.status = 'Cancelled';
		this.listingDirty = true;
		// The count's shape is not in the spec; modelled as data.count.
		return envelope(200, 'SUCCESS', `${scheduled.length} messages have been cancelled.`, { count: scheduled.length });
	}

	private getList(listId: number): SimResponse {
		const list = this.lists.find((candidate) => candidate.list_id === listId);
		if (!list) return envelope(404, 'NOT_FOUND', 'Resource not found.', null);
		return envelope(200, 'SUCCESS', "Here's your list.", listView(list));
	}

	/** Laravel pages: `page` from 1, `limit` 15–100 (notes §1.6); other values are refused. */
	private pageBounds(request: RecordedRequest): { page: number; limit: number } | SimResponse {
		const page = request.query.page === undefined ? 1 : Number(request.query.page);
		const limit = request.query.limit === undefined ? 15 : Number(request.query.limit);
		if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 15 || limit > 100) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { limit: 'The limit must be between 15 and 100.' });
		}
		return { page, limit };
	}

	private page(request: RecordedRequest, rows: Row[], message: string): SimResponse {
		const bounds = this.pageBounds(request);
		if ('status' in bounds) return bounds;
		return envelope(200, 'SUCCESS', message, laravelPage(rows, bounds.page, bounds.limit, `${this.baseUrl}${request.path}`));
	}

	/** History-style lists: date range (unix), `q=field:value` (one clause), `order_by=field:dir`. */
	private filtered(request: RecordedRequest, rows: Row[], dateField: string, orderFields?: ReadonlySet<string>): Row[] | SimResponse {
		let result = rows;
		const dateFrom = request.query.date_from ? Number(request.query.date_from) : undefined;
		const dateTo = request.query.date_to ? Number(request.query.date_to) : undefined;
		if ((dateFrom !== undefined && !Number.isInteger(dateFrom)) || (dateTo !== undefined && !Number.isInteger(dateTo))) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { date_from: 'Dates must be unix timestamps.' });
		}
		if (dateFrom !== undefined) result = result.filter((row) => Number(row[dateField]) >= dateFrom);
		if (dateTo !== undefined) result = result.filter((row) => Number(row[dateField]) <= dateTo);
		if (request.query.q !== undefined && !this.ignoreQ) {
			// The docs show `q=field:value`, one clause (notes §1.6), and never a way to join several:
			// the stricter reading refuses a comma form rather than guess AND, OR or "first only", and
			// refuses a field outside the documented list. (Ignoring it, the other possible reading,
			// is the `ignoreQ` fault.)
			const match = /^(status|to|from|subaccount_id|message_id):(.+)$/.exec(request.query.q);
			if (!match || request.query.q.includes(',')) {
				return envelope(400, 'BAD_REQUEST', 'Invalid input.', { q: 'The q field must be one field:value clause (status, to, from, subaccount_id or message_id).' });
			}
			const [, field, raw] = match;
			const value = raw.toLowerCase();
			result = result.filter((row) => {
				const actual = String(row[field] ?? '').toLowerCase();
				// Status words such as "Queued:WaitSend" match their first part.
				return actual === value || (field === 'status' && actual.split(':')[0] === value);
			});
		}
		const [orderField, orderDirection] = (request.query.order_by ?? `${dateField}:asc`).split(':');
		// MMS rows have `date_added`, no `date` (doc 000; the SDK's example orders `date_added:desc`):
		// an order on a field the rows lack is refused (the stricter reading; nothing says ClickSend
		// maps `date` to `date_added`).
		if (orderFields && !orderFields.has(orderField)) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { order_by: `The order by field ${orderField} is invalid.` });
		}
		const field = orderField === 'date' ? dateField : orderField;
		const indexed = result.map((row, index) => ({ row, index }));
		indexed.sort((a, b) => {
			const left = a.row[field] as string | number;
			const right = b.row[field] as string | number;
			const compare = left < right ? -1 : left > right ? 1 : a.index - b.index;
			return orderDirection === 'desc' ? -compare : compare;
		});
		return indexed.map(({ row }) => row);
	}

	/** The last listing's selection, reused by its later pages while nothing was added (keeps big reads fast). */
	private listing?: { key: string; rows: Row[]; size: number; first?: Row; last?: Row; result: Row[] };

	private list(request: RecordedRequest, rows: Row[], dateField: string, message: string, orderFields?: ReadonlySet<string>): SimResponse {
		const undocumented = undocumentedParameter(request);
		if (undocumented) return undocumented;
		const bounds = this.pageBounds(request);
		if ('status' in bounds) return bounds;
		const selection = omit(request.query, 'page', 'limit');
		const key = `${request.path}?${JSON.stringify(selection)}|${this.ignoreQ}`;
		let result: Row[] | SimResponse;
		const same =
			this.listing &&
			this.listing.key === key &&
			this.listing.rows === rows &&
			this.listing.size === rows.length &&
			this.listing.first === rows[0] &&
			this.listing.last === rows[rows.length - 1];
		if (same && !this.listingDirty) {
			result = this.listing!.result;
		} else {
			result = this.filtered(request, rows, dateField, orderFields);
			if (Array.isArray(result)) this.listing = { key, rows, size: rows.length, first: rows[0], last: rows[rows.length - 1], result };
			this.listingDirty = false;
		}
		if (!Array.isArray(result)) return result;
		return envelope(200, 'SUCCESS', message, laravelPage(result, bounds.page, bounds.limit, `${this.baseUrl}${request.path}`));
	}

	private export(request: RecordedRequest, rows: Row[], dateField: string, filenameRequired: boolean, orderFields?: ReadonlySet<string>): SimResponse {
		const undocumented = undocumentedParameter(request);
		if (undocumented) return undocumented;
		const filename = request.query.filename;
		if (filenameRequired && !filename) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { filename: 'The filename field is required.' });
		}
		const result = this.filtered(request, rows, dateField, orderFields);
		if (!Array.isArray(result)) return result;
		// The spec lists `page` and `limit` for the export, with no default of its own: the stricter
		// reading takes history's (page 1, 15 rows). No maximum is documented (the SDK asks 50,000).
		const page = request.query.page === undefined ? 1 : Number(request.query.page);
		const limit = request.query.limit === undefined ? 15 : Number(request.query.limit);
		if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { limit: 'The page and limit must be whole numbers of 1 or more.' });
		}
		const exported = result.slice((page - 1) * limit, page * limit);
		const columns = exported.length ? Object.keys(exported[0]) : ['message_id'];
		const csv = [columns.join(','), ...exported.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\n') + '\n';
		const id = this.storeFile(Buffer.from(csv, 'utf8'), 'text/csv');
		return envelope(200, 'SUCCESS', 'Download your file here.', {
			url: `${this.baseUrl}/files/${id}?filename=${encodeURIComponent(filename || 'export.csv')}`,
		});
	}

	/** Fills SMS history with `count` deterministic messages, one a minute back from `end`. */
	seedHistory(count: number, options: { seed?: number; end?: number; username?: string } = {}): void {
		const random = seededRandom(options.seed ?? 42);
		const end = options.end ?? this.now();
		const account = this.accounts.get(options.username ?? 'sandbox')!;
		const statuses = ['Completed', 'Completed', 'Completed', 'Failed', 'Sent', 'Queued'];
		for (let index = 0; index < count; index++) {
			const to = `+614${String(10000000 + Math.floor(random() * 89999999))}`;
			const status = statuses[Math.floor(random() * statuses.length)];
			this.history.push({
				direction: random() < 0.1 ? 'in' : 'out',
				date: end - (count - index) * 60,
				to,
				body: `Seeded message ${index + 1}`,
				from: '+61400000000',
				schedule: 0,
				message_id: this.messageId(),
				message_parts: 1,
				message_price: '0.0770',
				custom_string: `seed-${index + 1}`,
				user_id: account.userId,
				subaccount_id: account.userId,
				country: 'AU',
				carrier: 'Telstra',
				status,
				status_code: status === 'Completed' ? '201' : status === 'Failed' ? '301' : '200',
				status_text: status === 'Failed' ? 'Failed' : 'Delivered',
				error_code: status === 'Failed' ? '301' : null,
				error_text: status === 'Failed' ? 'Unknown subscriber' : null,
				list_id: null,
				_api_username: account.username,
			});
		}
	}

	/** MMS history rows like provider-docs 000's example. */
	seedMmsHistory(count: number, options: { end?: number } = {}): void {
		const end = options.end ?? this.now();
		const statuses = ['Queued:WaitSend', 'Sent', 'Failed', 'Queued'];
		for (let index = 0; index < count; index++) {
			const status = statuses[index % statuses.length];
			const date = end - (count - index) * 60;
			this.mmsHistory.push({
				_api_username: 'sandbox',
				_media_file_url: `${this.baseUrl || 'http://yourdomain.com'}/_mms/SEED-${index}.gif`,
				body: `Seeded MMS ${index + 1}`,
				carrier: '',
				contact_id: 7,
				country: 'AU',
				custom_string: `mms-seed-${index + 1}`,
				date_added: date,
				direction: 'out',
				from: '+61298444213',
				from_email: null,
				list_id: null,
				message_id: this.messageId(),
				message_parts: '1.00',
				message_price: '2.4200',
				priority: 10,
				schedule: String(date),
				status,
				status_code: status === 'Failed' ? '301' : status === 'Sent' ? '200' : null,
				status_text: status === 'Failed' ? 'Unable to process your MMS for sending.' : status === 'Sent' ? 'Sent' : null,
				subaccount_id: 1,
				subject: 'This is a subject',
				to: `+6129844${String(4000 + index).padStart(4, '0')}`,
				user_id: 1,
			});
		}
	}

	/** Inbound messages (captured by a POLL rule) and delivery receipts. */
	seedInboundAndReceipts(count: number, options: { end?: number } = {}): void {
		const end = options.end ?? this.now();
		for (let index = 0; index < count; index++) {
			const timestamp = String(end - (count - index) * 60);
			this.inbound.push({
				timestamp,
				from: `+6141100${String(index).padStart(4, '0')}`,
				body: index % 2 ? 'STOP' : `Reply ${index + 1}`,
				original_body: 'Your order has shipped',
				original_message_id: `ORIG-${index}`,
				to: '+61400000000',
				custom_string: `order-${index}`,
				message_id: this.messageId(),
				_keyword: index % 2 ? 'stop' : 'reply',
			});
			const failed = index % 5 === 4;
			this.receipts.push({
				timestamp_send: String(Number(timestamp) - 30),
				timestamp,
				message_id: this.messageId(),
				status_code: failed ? '301' : '201',
				status_text: failed ? 'Failed' : 'Delivered',
				error_code: failed ? '301' : '',
				error_text: failed ? 'Unknown subscriber' : '',
				custom_string: `order-${index}`,
				subaccount_id: 1,
				message_type: 'sms',
				digits: '',
			});
		}
	}

	private rulesOf(kind: 'inbound' | 'receipts'): Row[] {
		return this.rules.filter((rule) => rule.kind === kind).map(ruleView);
	}

	/**
	 * Automation rules (ClickSend's `/v3/automations/sms/inbound` and `/receipts`): an action of
	 * URL posts each inbound SMS or delivery receipt to `action_address`; POLL keeps them for
	 * the inbound and receipts lists.
	 */
	private createRule(kind: 'inbound' | 'receipts', request: RecordedRequest): SimResponse {
		const body = (request.body ?? {}) as Row;
		const action = String(body.action ?? '');
		if (!['URL', 'POLL', 'EMAIL_USER', 'SMS'].includes(action)) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { action: 'The selected action is invalid.' });
		}
		if (action === 'URL' && !/^https?:\/\//.test(String(body.action_address ?? ''))) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { action_address: 'The action address must be a URL.' });
		}
		const rule: AutomationRule = {
			kind,
			id: this.nextRuleId++,
			rule_name: String(body.rule_name ?? ''),
			dedicated_number: String(body.dedicated_number ?? '*'),
			action,
			action_address: String(body.action_address ?? ''),
			enabled: Number(body.enabled ?? 1),
		};
		this.rules.push(rule);
		return envelope(200, 'SUCCESS', 'New rule has been saved.', ruleView(rule));
	}

	private getRule(kind: 'inbound' | 'receipts', ruleId: number): SimResponse {
		const rule = this.rules.find((candidate) => candidate.kind === kind && candidate.id === ruleId);
		return rule ? envelope(200, 'SUCCESS', "Here's your rule.", ruleView(rule)) : envelope(404, 'NOT_FOUND', 'Resource not found.', null);
	}

	private deleteRule(kind: 'inbound' | 'receipts', ruleId: number): SimResponse {
		const index = this.rules.findIndex((candidate) => candidate.kind === kind && candidate.id === ruleId);
		if (index === -1) return envelope(404, 'NOT_FOUND', 'Resource not found.', null);
		this.rules.splice(index, 1);
		return envelope(200, 'SUCCESS', 'Rule has been deleted.', true);
	}

	/**
	 * Posts an event to every enabled URL rule of its kind, as ClickSend does: form-encoded
	 * fields (the inbound SMS or the receipt). Resolves with each URL's HTTP status.
	 */
	async push(kind: 'inbound' | 'receipts', payload: Record<string, string>): Promise<Array<{ url: string; status: number; body: string }>> {
		const targets = this.rules.filter((rule) => rule.kind === kind && rule.action === 'URL' && rule.enabled);
		return await Promise.all(
			targets.map(async (rule) => {
				const response = await fetch(rule.action_address, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams(payload).toString(),
				});
				return { url: rule.action_address, status: response.status, body: await response.text() };
			}),
		);
	}

	/** A new inbound SMS, as if someone had just texted one of the account's numbers. */
	addInbound(fields: Partial<ClickSendInbound> = {}): ClickSendInbound {
		const message: ClickSendInbound = {
			timestamp: String(this.now()),
			from: '+61411999999',
			body: 'Hello',
			original_body: '',
			original_message_id: '',
			to: this.numbers[0].dedicated_number,
			custom_string: '',
			message_id: this.messageId(),
			_keyword: 'hello',
			...fields,
		};
		this.inbound.push(message);
		this.history.push({
			direction: 'in',
			date: Number(message.timestamp),
			to: message.to,
			body: message.body,
			from: message.from,
			schedule: 0,
			message_id: message.message_id,
			message_parts: 1,
			message_price: '0.0000',
			custom_string: message.custom_string,
			user_id: 1000,
			subaccount_id: 1000,
			country: 'AU',
			carrier: 'Telstra',
			status: 'Received',
			status_code: null,
			status_text: null,
			error_code: null,
			error_text: null,
			list_id: null,
			_api_username: 'sandbox',
		});
		return message;
	}

	/** A delivery receipt for a sent message: 200 sent, 201 delivered, 300/301 failed (notes §1.6). */
	addReceipt(messageId: string, statusCode: '200' | '201' | '300' | '301', fields: Partial<ClickSendReceipt> = {}): ClickSendReceipt {
		const failed = statusCode === '300' || statusCode === '301';
		const receipt: ClickSendReceipt = {
			timestamp_send: String(this.now() - 60),
			timestamp: String(this.now()),
			message_id: messageId,
			status_code: statusCode,
			status_text: statusCode === '201' ? 'Delivered' : statusCode === '200' ? 'Sent' : 'Failed',
			error_code: failed ? statusCode : '',
			error_text: failed ? 'Unknown subscriber' : '',
			custom_string: '',
			subaccount_id: 1,
			message_type: 'sms',
			digits: '',
			...fields,
		};
		this.receipts.push(receipt);
		const message = this.history.find((candidate) => candidate.message_id === messageId);
		if (message) message.status = statusCode === '201' ? 'Completed' : failed ? 'Failed' : 'Sent';
		this.listingDirty = true;
		return receipt;
	}

	private messageId(): string {
		const hex = (this.nextId++).toString(16).toUpperCase().padStart(12, '0');
		return `1E0F5C7A-3B2D-4C1E-9A8B-${hex}`;
	}
}

export interface AutomationRule {
	kind: 'inbound' | 'receipts';
	id: number;
	rule_name: string;
	dedicated_number: string;
	action: string;
	action_address: string;
	enabled: number;
}

function ruleView(rule: AutomationRule): Row {
	const idField = rule.kind === 'inbound' ? 'inbound_rule_id' : 'receipt_rule_id';
	return { [idField]: rule.id, rule_name: rule.rule_name, dedicated_number: rule.dedicated_number, action: rule.action, action_address: rule.action_address, enabled: rule.enabled };
}

function listView(list: ClickSendList): Row {
	return { list_id: list.list_id, list_name: list.list_name, list_email_id: `${list.list_id}@lists.example`, _contacts_count: list.contacts.length };
}

/**
 * What `convert=mms` makes of an upload, told by its first bytes: PNG, BMP and JPEG are
 * re-encoded as a JPG whose size is a deterministic quarter of the original (a stand-in for
 * real compression, which shrinks photos much like this); a GIF, which MMS takes as it is, is
 * kept unchanged. Anything else is no image and cannot be converted.
 */
export const MMS_CONVERSION_RATIO = 0.25;
function convertForMms(content: Buffer): { content: Buffer; contentType: string; extension: string } | undefined {
	const starts = (hex: string) => content.subarray(0, hex.length / 2).equals(Buffer.from(hex, 'hex'));
	if (starts('47494638')) return { content, contentType: 'image/gif', extension: 'gif' };
	if (!starts('89504e470d0a1a0a') && !starts('424d') && !starts('ffd8ff')) return undefined;
	const size = Math.max(4, Math.ceil(content.length * MMS_CONVERSION_RATIO));
	const jpg = Buffer.alloc(size, 0x55);
	Buffer.from('ffd8ff', 'hex').copy(jpg, 0);
	Buffer.from('ffd9', 'hex').copy(jpg, size - 2);
	return { content: jpg, contentType: 'image/jpeg', extension: 'jpg' };
}

function countryOf(number: string): string {
	for (const [prefix, country] of COUNTRY_PREFIXES) if (number.startsWith(prefix)) return country;
	return 'AU';
}

function isUnicode(text: string): boolean {
	// eslint-disable-next-line no-control-regex
	return /[^\x00-\x7F£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]/.test(text);
}

/** Independent of the package's own segment counter on purpose: a plain length rule. */
function countParts(text: string): number {
	const length = [...text].length;
	if (isUnicode(text)) return length <= 70 ? 1 : Math.ceil(length / 67);
	return length <= 160 ? 1 : Math.ceil(length / 153);
}

function csvCell(value: unknown): string {
	const text = value === null || value === undefined ? '' : String(value);
	return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function laravelPage<T>(rows: T[], page: number, limit: number, url: string) {
	const total = rows.length;
	const lastPage = Math.max(1, Math.ceil(total / limit));
	const start = (page - 1) * limit;
	const data = rows.slice(start, start + limit);
	return {
		total,
		per_page: limit,
		current_page: page,
		last_page: lastPage,
		next_page_url: page < lastPage ? `${url}?page=${page + 1}` : null,
		prev_page_url: page > 1 ? `${url}?page=${page - 1}` : null,
		from: data.length ? start + 1 : null,
		to: data.length ? start + data.length : null,
		data,
	};
}
