/**
 * Apico simulator, faithful to ../shared/provider-docs 002 (message history) and, for what that
 * document does not cover, to the provider family's documented API (Apifonica, provider-notes
 * §4): Basic `accountSID:authToken` (Get Account Info, documented only for the family, is not served);
 * `POST /v2/accounts/{sid}/messages` with JSON `{from, to, text, msg_app_sid?}` answered
 * `201 {status_code, status_message: "CREATED", uri}`; `GET /v2/accounts/{sid}/messages` with
 * `offset`/`limit` (default and maximum 20; larger limits are served as 20), the documented
 * filters, `{offset, limit, next, prev, total, messages}`, `created` in RFC 2822, `price` as a
 * string (USD cents per the document), `status_message` only on failed messages. Errors use the
 * family's `{status_code, status_message}` keys (their exact wording is unverified). Newest
 * messages come first (the document does not say; Apifonica-style APIs list newest first;
 * `listOrder` can turn it). Messages appear over time with addInbound / addOutbound, and
 * statuses change with setStatus, so polling triggers can be tested between polls.
 */
import { randomUUID } from 'node:crypto';

import { basicAuth, seededRandom, SimulatorServer, type RecordedRequest, type SimResponse } from './framework';

export interface ApicoAccount {
	accountSid: string;
	authToken: string;
	name: string;
	status: 'active' | 'suspended';
	/** Numbers the account rents: the only valid senders ("This number must be rented", Apifonica). */
	numbers: string[];
}

export interface ApicoSimMessage {
	account_sid: string;
	text: string;
	created: string;
	direction: 'inbound' | 'outbound';
	from: string;
	to: string;
	price: string;
	message_sid: string;
	status: 'queued' | 'sent' | 'received' | 'delivered' | 'failed';
	status_message?: string;
	msg_app_sid?: string;
}

export const APICO_SANDBOX_SID = 'acc5f3a9c1e-7b2d-4e8f-9a10-5a4d0b0c0001';
export const APICO_SANDBOX_TOKEN = 'DUMMY-SANDBOX-AUTH-TOKEN-0001';
/** Per part, in USD cents as the document states prices. */
const PRICE_PER_PART = 0.001;
const MAX_PAGE = 20;
const STATUSES = new Set(['queued', 'sent', 'received', 'delivered', 'failed']);
/** The history's parameters (document 002); anything else is refused, the stricter reading of a silent document. */
const HISTORY_PARAMETERS = new Set(['offset', 'limit', 'message_sid', 'created', 'account_sid', 'to', 'from', 'direction', 'status']);
/** The send body's fields (the family's documented API). */
const SEND_FIELDS = new Set(['from', 'to', 'text', 'msg_app_sid']);

/** The first name not in `known`, if any. */
const unknownName = (names: string[], known: Set<string>): string | undefined => names.find((name) => !known.has(name));

const status = (code: number, message: string, extra: Record<string, unknown> = {}): SimResponse => ({
	status: code,
	body: { status_code: code, status_message: message, ...extra },
});

/** RFC 2822 as the document shows it: "Wed, 10 Feb 2016 07:21:01 +0000". */
export function rfc2822(ms: number): string {
	return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

function parts(text: string): number {
	const unicode = /[^\x20-\x7E\n\r£¥èéùìòÇØøÅåÄÖÑÜäöñüà€]/.test(text);
	const length = [...text].length;
	const [single, multi] = unicode ? [70, 67] : [160, 153];
	return length <= single ? 1 : Math.ceil(length / multi);
}

export class ApicoSimulator extends SimulatorServer {
	readonly accounts = new Map<string, ApicoAccount>();
	/** Every account's messages, oldest first as stored; lists serve them newest first. */
	readonly history: ApicoSimMessage[] = [];
	/** Recipients the simulated network refuses, with the status message it answers. */
	readonly rejectedRecipients = new Map<string, string>();
	/** Messages accepted per recipient + text, to prove nothing is sent twice. */
	readonly acceptedCount = new Map<string, number>();
	/**
	 * The order lists are served in. Apico's document does not say; newest first is the family's
	 * (Apifonica) and the default. `oldestFirst` checks that readers do not depend on it.
	 */
	listOrder: 'newestFirst' | 'oldestFirst' = 'newestFirst';
	/**
	 * Paging faults: a server that ignores `offset` serves (and echoes) offset 0 with
	 * `next` always set; `omitTotal` leaves `total` out of the answer.
	 */
	ignoreOffset = false;
	/** History parameters taken and then not applied: a test fault for a server that ignores a filter it does not understand. */
	readonly ignoredParameters = new Set<string>();
	omitTotal = false;
	private seededSids = 0;
	/** The account's messages newest first, kept between list calls while history is unchanged (100,000-message benchmarks). */
	private sorted?: { key: string; messages: ApicoSimMessage[] };
	now = () => Date.now();

	constructor() {
		super('Apico');
		this.addAccount({ accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, name: 'Sandbox', numbers: ['447860041755', '447860041700'] });
		this.addAccount({ accountSid: 'acc-suspended-0002', authToken: 'DUMMY-SUSPENDED-TOKEN-0002', name: 'Suspended', status: 'suspended', numbers: ['447860041799'] });

		// Only what Apico's document (002) and the family's send list: Get Account Info is not served.
		this.route('POST', '/v2/accounts/:accountSid/messages', (request, params) =>
			this.withAccount(request, params.accountSid, (account) => this.send(account, request)),
		);
		this.route('GET', '/v2/accounts/:accountSid/messages', (request, params) =>
			this.withAccount(request, params.accountSid, (account) => this.list(account, request)),
		);
	}

	reset(): void {
		super.reset();
		this.ignoreOffset = false;
		this.ignoredParameters.clear();
		this.omitTotal = false;
	}

	addAccount(account: Partial<ApicoAccount> & { accountSid: string; authToken: string }): ApicoAccount {
		const full: ApicoAccount = { name: account.accountSid, status: 'active', numbers: [], ...account };
		this.accounts.set(full.accountSid, full);
		return full;
	}

	get acceptedTotal(): number {
		let total = 0;
		for (const count of this.acceptedCount.values()) total += count;
		return total;
	}

	/** The history requests recorded, in arrival order. */
	historyCalls(): RecordedRequest[] {
		return this.recorded(/^GET \/v2\/accounts\/[^/]+\/messages$/);
	}

	sendCalls(): RecordedRequest[] {
		return this.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/);
	}

	protected notFound(): SimResponse {
		return status(404, 'NOT FOUND');
	}

	private withAccount(request: RecordedRequest, accountSid: string, handler: (account: ApicoAccount) => SimResponse): SimResponse {
		const credentials = basicAuth(request);
		const account = credentials && this.accounts.get(credentials.username);
		if (!credentials || !account || account.authToken !== credentials.password) {
			return { ...status(401, 'UNAUTHORIZED'), headers: { 'www-authenticate': 'Basic realm="Apico"' } };
		}
		if (account.accountSid !== accountSid) return status(403, 'FORBIDDEN: the credentials do not give access to this account');
		if (account.status !== 'active') return status(403, 'FORBIDDEN: the account is suspended');
		return handler(account);
	}

	private send(account: ApicoAccount, request: RecordedRequest): SimResponse {
		const body = request.body;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return status(400, "BAD REQUEST: a JSON body with 'from', 'to' and 'text' is required");
		const unknownField = unknownName(Object.keys(body), SEND_FIELDS);
		if (unknownField !== undefined) return status(400, `BAD REQUEST: unknown field '${unknownField}'`);
		const { from, to, text, msg_app_sid: appSid } = body as Record<string, unknown>;
		if (typeof from !== 'string' || !from) return status(400, "BAD REQUEST: 'from' is required");
		if (!account.numbers.includes(from)) return status(400, `BAD REQUEST: 'from' ${from} is not a number of this account`);
		if (typeof to !== 'string' || !/^[1-9]\d{6,14}$/.test(to)) return status(400, `BAD REQUEST: 'to' ${String(to)} is not a valid phone number`);
		if (typeof text !== 'string' || text === '') return status(400, "BAD REQUEST: 'text' is required");
		const refusal = this.rejectedRecipients.get(to);
		if (refusal) return status(400, refusal);
		const messageSid = `msg${randomUUID()}`;
		this.history.push({
			account_sid: account.accountSid,
			text,
			created: rfc2822(this.now()),
			direction: 'outbound',
			from,
			to,
			price: (parts(text) * PRICE_PER_PART).toFixed(4),
			message_sid: messageSid,
			status: 'queued',
			...(typeof appSid === 'string' && appSid ? { msg_app_sid: appSid } : {}),
		});
		const key = `${to}|${text}`;
		this.acceptedCount.set(key, (this.acceptedCount.get(key) ?? 0) + 1);
		return status(201, 'CREATED', { uri: `/v2/accounts/${account.accountSid}/messages/${messageSid}` });
	}

	private list(account: ApicoAccount, request: RecordedRequest): SimResponse {
		const query = request.query;
		const unknownParameter = unknownName(Object.keys(query), HISTORY_PARAMETERS);
		if (unknownParameter !== undefined) return status(400, `BAD REQUEST: unknown parameter '${unknownParameter}'`);
		const askedOffset = query.offset === undefined ? 0 : Number(query.offset);
		const offset = this.ignoreOffset && Number.isInteger(askedOffset) ? 0 : askedOffset;
		const asked = query.limit === undefined ? MAX_PAGE : Number(query.limit);
		if (!Number.isInteger(offset) || offset < 0) return status(400, "BAD REQUEST: 'offset' must be a whole number of at least 0");
		if (!Number.isInteger(asked) || asked < 1) return status(400, "BAD REQUEST: 'limit' must be a whole number of at least 1");
		// "The default and maximum value is 20": a larger limit is served as 20.
		const limit = Math.min(asked, MAX_PAGE);
		if (query.direction !== undefined && query.direction !== 'inbound' && query.direction !== 'outbound') {
			return status(400, "BAD REQUEST: 'direction' must be inbound or outbound");
		}
		if (query.status !== undefined && !STATUSES.has(query.status)) return status(400, `BAD REQUEST: unknown status '${query.status}'`);
		if (query.created !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query.created)) {
			return status(400, "BAD REQUEST: 'created' must be a date (YYYY-MM-DD)");
		}
		const applies = (name: string) => query[name] !== undefined && !this.ignoredParameters.has(name);
		const wanted = (message: ApicoSimMessage) =>
			(!applies('account_sid') || message.account_sid === query.account_sid) &&
			(!applies('message_sid') || message.message_sid === query.message_sid) &&
			(!applies('to') || message.to === query.to) &&
			(!applies('from') || message.from === query.from) &&
			(!applies('direction') || message.direction === query.direction) &&
			(!applies('status') || message.status === query.status) &&
			(!applies('created') || new Date(Date.parse(message.created)).toISOString().slice(0, 10) === query.created);
		const ordered = this.newestFirst(account.accountSid);
		const filtered = Object.keys(query).some((name) => name !== 'offset' && name !== 'limit') ? ordered.filter(wanted) : ordered;
		const matching = this.listOrder === 'oldestFirst' ? [...filtered].reverse() : filtered;
		const total = matching.length;
		const page = (start: number) => `${this.baseUrl}/v2/accounts/${account.accountSid}/messages?limit=${limit}&offset=${start}`;
		return {
			status: 200,
			body: {
				offset,
				limit,
				next: offset + limit < total || this.ignoreOffset ? page(askedOffset + limit) : null,
				prev: offset > 0 ? page(Math.max(0, offset - limit)) : null,
				...(this.omitTotal ? {} : { total }),
				messages: matching.slice(offset, offset + limit).map((message) => ({ ...message })),
			},
		};
	}

	/** An account's messages newest first (ties: the later stored first), recomputed only when history changed; not to be modified. */
	private newestFirst(accountSid: string): ApicoSimMessage[] {
		const last = this.history[this.history.length - 1];
		const key = `${accountSid}|${this.history.length}|${this.history[0]?.message_sid}|${last?.message_sid}|${last?.created}`;
		if (this.sorted?.key !== key) {
			const entries = this.history
				.map((message, index) => ({ message, index, time: Date.parse(message.created) }))
				.filter(({ message }) => message.account_sid === accountSid);
			entries.sort((a, b) => b.time - a.time || b.index - a.index);
			this.sorted = { key, messages: entries.map(({ message }) => message) };
		}
		return this.sorted.messages;
	}

	/** A new message arriving (inbound) now, as the network would deliver it. */
	receive(text: string, from = '447700900123', accountSid = APICO_SANDBOX_SID): ApicoSimMessage {
		return this.addInbound({ text, from, account_sid: accountSid });
	}

	/** An inbound message landing in history; `at` (ms) stamps its `created` (default now). */
	addInbound(fields: Partial<ApicoSimMessage> & { at?: number } = {}): ApicoSimMessage {
		const { at, ...rest } = fields;
		const account = this.accounts.get(rest.account_sid ?? APICO_SANDBOX_SID)!;
		const message: ApicoSimMessage = {
			account_sid: account.accountSid,
			text: 'Hello',
			created: rfc2822(at ?? this.now()),
			direction: 'inbound',
			from: '447700900123',
			to: account.numbers[0],
			price: '0.0000',
			message_sid: this.seededSid(),
			status: 'received',
			...rest,
		};
		this.history.push(message);
		return message;
	}

	/** An outbound message in history (as if sent earlier); `at` (ms) stamps its `created`, status queued unless given. */
	addOutbound(fields: Partial<ApicoSimMessage> & { at?: number } = {}): ApicoSimMessage {
		const { at, ...rest } = fields;
		const account = this.accounts.get(rest.account_sid ?? APICO_SANDBOX_SID)!;
		const text = rest.text ?? 'Your order has shipped';
		const message: ApicoSimMessage = {
			account_sid: account.accountSid,
			text,
			created: rfc2822(at ?? this.now()),
			direction: 'outbound',
			from: account.numbers[0],
			to: '447700900555',
			price: (parts(text) * PRICE_PER_PART).toFixed(4),
			message_sid: this.seededSid(),
			status: 'queued',
			...rest,
		};
		this.history.push(message);
		return message;
	}

	/**
	 * The network reporting a status change: history shows the new status (a failed message
	 * gains `status_message`, as the document says it is sent only then).
	 */
	setStatus(messageSid: string, newStatus: ApicoSimMessage['status'], statusMessage = 'Unknown subscriber'): ApicoSimMessage {
		const message = this.history.find((candidate) => candidate.message_sid === messageSid);
		if (!message) throw new Error(`No message ${messageSid} in the simulator's history`);
		message.status = newStatus;
		if (newStatus === 'failed') message.status_message = statusMessage;
		else delete message.status_message;
		return message;
	}

	/** Fills history with `count` deterministic messages, one a minute, the last at `end`. */
	seedHistory(count: number, options: { seed?: number; end?: number; accountSid?: string } = {}): void {
		const random = seededRandom(options.seed ?? 7);
		const end = options.end ?? this.now();
		const account = this.accounts.get(options.accountSid ?? APICO_SANDBOX_SID)!;
		const kinds = ['delivered', 'delivered', 'delivered', 'sent', 'failed', 'received', 'queued'] as const;
		for (let index = 0; index < count; index++) {
			const kind = kinds[Math.floor(random() * kinds.length)];
			const other = `4477009${String(Math.floor(random() * 100000)).padStart(5, '0')}`;
			const inbound = kind === 'received';
			this.history.push({
				account_sid: account.accountSid,
				text: `Seeded message ${index + 1}`,
				created: rfc2822(end - (count - 1 - index) * 60_000),
				direction: inbound ? 'inbound' : 'outbound',
				from: inbound ? other : account.numbers[0],
				to: inbound ? account.numbers[0] : other,
				price: inbound ? '0.0000' : PRICE_PER_PART.toFixed(4),
				message_sid: this.seededSid(),
				status: kind,
				...(kind === 'failed' ? { status_message: 'Unknown subscriber' } : {}),
			});
		}
	}

	private seededSid(): string {
		this.seededSids++;
		return `msg00000000-0000-4000-8000-${this.seededSids.toString(16).padStart(12, '0')}`;
	}
}
