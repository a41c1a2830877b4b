/**
 * ClickSend REST v3 simulator, faithful to ../shared/provider-docs (000, 001) and
 * provider-notes §1: Basic auth, the {http_code, response_code, response_msg, data}
 * envelope, per-message statuses inside an HTTP 200, the 1000-messages-per-call limit,
 * Laravel-style pages (limit 15–100) and ClickSend's test users and numbers.
 */
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
export const CLICKSEND_TEST_USER_KEY = 'D83DED51-9E35-4D42-9BB9-0E34B7CA85AE';

const MAX_MESSAGES_PER_CALL = 1000;
const PRICE_PER_PART: Record<string, number> = { AU: 0.077, US: 0.0425, GB: 0.056, CN: 0.06, CH: 0.09 };
const COUNTRY_PREFIXES: Array<[string, string]> = [
	['+61', 'AU'],
	['+1', 'US'],
	['+44', 'GB'],
	['+86', 'CN'],
	['+41', 'CH'],
	['+33', 'FR'],
	['+49', 'DE'],
];

const envelope = (httpCode: number, responseCode: string, responseMsg: string, data: unknown): SimResponse => ({
	status: httpCode,
	body: { http_code: httpCode, response_code: responseCode, response_msg: responseMsg, data },
});

export class ClickSendSimulator extends SimulatorServer {
	readonly accounts = new Map<string, ClickSendAccount>();
	readonly history: ClickSendMessage[] = [];
	/** Recipients the simulated network rejects, with the status it answers. */
	readonly rejectedRecipients = new Map<string, string>();
	/** Messages accepted for each recipient + reference, to prove nothing is sent twice. */
	readonly acceptedCount = new Map<string, number>();
	private nextId = 1;
	now = () => Math.floor(Date.now() / 1000);

	constructor() {
		super('ClickSend');
		this.addAccount({ username: 'sandbox', apiKey: 'SANDBOX-API-KEY-0001', balance: 1000 });
		for (const [username, patch] of [
			['nocredit', { balance: 0 }],
			['notactive', { active: false }],
			['banned', { banned: true }],
		] as const) {
			this.addAccount({ username, apiKey: CLICKSEND_TEST_USER_KEY, ...patch });
		}
		this.route('GET', '/v3/account', (request) => this.withAccount(request, (account) => this.getAccount(account)));
		this.route('POST', '/v3/sms/send', (request) => this.withAccount(request, (account) => this.sendSms(account, request)));
		this.route('GET', '/v3/sms/history', (request) => this.withAccount(request, () => this.smsHistory(request)));
	}

	addAccount(account: Partial<ClickSendAccount> & { username: string; apiKey: string }): ClickSendAccount {
		const full: ClickSendAccount = { balance: 100, active: true, banned: false, userId: 1000 + this.accounts.size, ...account };
		this.accounts.set(full.username, full);
		return full;
	}

	/** Total messages accepted across all sends. */
	get acceptedTotal(): number {
		let total = 0;
		for (const count of this.acceptedCount.values()) total += count;
		return total;
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
			_currency: { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' },
			_subaccount: { subaccount_id: account.userId, api_username: account.username },
		});
	}

	private sendSms(account: ClickSendAccount, request: RecordedRequest): SimResponse {
		const body = request.body as { messages?: unknown } | undefined;
		if (!body || typeof body !== 'object' || !Array.isArray(body.messages) || body.messages.length === 0) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { messages: 'The messages field is required.' });
		}
		if (body.messages.length > MAX_MESSAGES_PER_CALL) {
			return envelope(400, 'TOO_MANY_RECIPIENTS', `You can send up to ${MAX_MESSAGES_PER_CALL} messages per call.`, null);
		}
		const results: ClickSendMessage[] = [];
		let totalPrice = 0;
		for (const input of body.messages as Array<Record<string, unknown>>) {
			const to = String(input.to ?? '');
			const text = typeof input.body === 'string' ? input.body : '';
			const from = typeof input.from === 'string' ? input.from : '';
			const country = typeof input.country === 'string' && input.country ? input.country.toUpperCase() : countryOf(to);
			const parts = countParts(text);
			const isTestNumber = CLICKSEND_TEST_NUMBERS.has(to);
			const price = isTestNumber ? 0 : parts * (PRICE_PER_PART[country] ?? 0.1);
			let status = 'SUCCESS';
			if (!text) status = 'EMPTY_MESSAGE';
			// International numbers always; national ones (leading 0) only with a country to read them in.
			else if (!/^\+?[1-9]\d{5,14}$/.test(to) && !(input.country && /^0?\d{6,14}$/.test(to))) status = 'INVALID_RECIPIENT';
			else if (this.rejectedRecipients.has(to)) status = this.rejectedRecipients.get(to)!;
			else if (from && /[^0-9+]/.test(from) && (from.length > 11 || from.length < 3)) status = 'INVALID_SENDER_ID';
			else if (price > account.balance) status = 'INSUFFICIENT_CREDIT';
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
				list_id: null,
				_api_username: account.username,
			};
			results.push(message);
			if (accepted) {
				account.balance -= price;
				totalPrice += price;
				const key = `${to}|${message.custom_string}`;
				this.acceptedCount.set(key, (this.acceptedCount.get(key) ?? 0) + 1);
				if (!isTestNumber) this.history.push({ ...message, status: schedule > this.now() ? 'Scheduled' : 'Queued' });
			}
		}
		const queued = results.filter((message) => message.status === 'SUCCESS').length;
		return envelope(200, 'SUCCESS', 'Messages queued for delivery.', {
			total_price: Number(totalPrice.toFixed(4)),
			total_count: results.length,
			queued_count: queued,
			blocked_count: results.length - queued,
			messages: results.map((message) => ({
				...message,
				is_shared_system_number: false,
				from_email: null,
				contact_id: null,
			})),
			_currency: { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' },
		});
	}

	private smsHistory(request: RecordedRequest): SimResponse {
		const page = request.query.page === undefined ? 1 : Number(request.query.page);
		const limit = request.query.limit === undefined ? 15 : Number(request.query.limit);
		if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 15 || limit > 100) {
			return envelope(400, 'BAD_REQUEST', 'Invalid input.', { limit: 'The limit must be between 15 and 100.' });
		}
		let rows = this.history;
		const dateFrom = request.query.date_from ? Number(request.query.date_from) : undefined;
		const dateTo = request.query.date_to ? Number(request.query.date_to) : undefined;
		if (dateFrom !== undefined) rows = rows.filter((row) => row.date >= dateFrom);
		if (dateTo !== undefined) rows = rows.filter((row) => row.date <= dateTo);
		if (request.query.q) {
			for (const clause of request.query.q.split(',')) {
				const [field, ...rest] = clause.split(':');
				const value = rest.join(':');
				rows = rows.filter((row) => String((row as unknown as Record<string, unknown>)[field] ?? '').toLowerCase() === value.toLowerCase());
			}
		}
		const [orderField, orderDirection] = (request.query.order_by ?? 'date:asc').split(':');
		rows = [...rows].sort((a, b) => {
			const left = (a as unknown as Record<string, string | number>)[orderField];
			const right = (b as unknown as Record<string, string | number>)[orderField];
			const compare = left < right ? -1 : left > right ? 1 : 0;
			return orderDirection === 'desc' ? -compare : compare;
		});
		return envelope(200, 'SUCCESS', "Here's your history.", laravelPage(rows, page, limit, `${this.baseUrl}${request.path}`));
	}

	/** Fills history with `count` deterministic messages, one a minute back from `end`. */
	seedHistory(count: number, options: { seed?: number; end?: number; username?: string } = {}): void {
		const random = seededRandom(options.seed ?? 42);
		const end = options.end ?? this.now();
		const account = this.accounts.get(options.username ?? 'sandbox')!;
		const statuses = ['Completed', 'Completed', 'Completed', 'Failed', 'Sent', 'Queued'];
		for (let index = 0; index < count; index++) {
			const to = `+614${String(10000000 + Math.floor(random() * 89999999))}`;
			const status = statuses[Math.floor(random() * statuses.length)];
			const body = `Seeded message ${index + 1}`;
			this.history.push({
				direction: random() < 0.1 ? 'in' : 'out',
				date: end - (count - index) * 60,
				to,
				body,
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

	private messageId(): string {
		const hex = (this.nextId++).toString(16).toUpperCase().padStart(12, '0');
		return `1E0F5C7A-3B2D-4C1E-9A8B-${hex}`;
	}
}

function countryOf(number: string): string {
	for (const [prefix, country] of COUNTRY_PREFIXES) if (number.startsWith(prefix)) return country;
	return 'AU';
}

/** Independent of the package's own segment counter on purpose: a plain length rule. */
function countParts(text: string): number {
	// eslint-disable-next-line no-control-regex
	const unicode = /[^\x00-\x7F£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]/.test(text);
	const length = [...text].length;
	if (unicode) return length <= 70 ? 1 : Math.ceil(length / 67);
	return length <= 160 ? 1 : Math.ceil(length / 153);
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
