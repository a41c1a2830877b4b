/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Drives a real n8n 2.41.1 (installed by scripts/install-n8n.sh, run on Node 24; or the 1.x
 * of scripts/test-compat.sh, where a REST call differs) with the
 * package's built `dist/` loaded through N8N_CUSTOM_EXTENSIONS: import credentials and
 * workflows, execute headless, start the server for REST calls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(__dirname, '../../..');
/** Where the example workflows write files (see examples/clicksend-export-sms-history.json). */
export const EXPORT_DIR = '/tmp/sms-gateways-exports';
const PACKAGE_NAME = 'n8n-nodes-sms-gateways';

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Where scripts/install-n8n.sh put Node 24 and n8n; fails loudly when the test command did not set them. */
export function realN8nPaths(): { node: string; n8n: string } {
	const node = process.env.SMS_GATEWAYS_NODE24;
	const n8n = process.env.SMS_GATEWAYS_N8N;
	if (!node || !n8n) {
		throw new Error('SMS_GATEWAYS_NODE24 / SMS_GATEWAYS_N8N are not set: run the end-to-end tests through `npm test`, which installs n8n');
	}
	return { node, n8n };
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * Example workflows use the type names users get from the published package; n8n names
 * nodes loaded through N8N_CUSTOM_EXTENSIONS `CUSTOM.<name>` instead.
 */
export function asCustomExtensionWorkflow(workflow: string): string {
	return workflow.split(`"${PACKAGE_NAME}.`).join('"CUSTOM.');
}

/**
 * A workflow of three nodes: a manual trigger, a Code node that returns `items`, and one of the
 * package's nodes (its type as n8n names custom extensions) fed by it, with the node settings
 * given (Retry On Fail, Continue On Fail, …). For tests that need a send the examples do not make.
 */
export function sendWorkflow(workflow: {
	id: string;
	name: string;
	nodeType: string;
	parameters: Record<string, unknown>;
	credentials: Record<string, { id: string; name: string }>;
	items: Array<Record<string, unknown>>;
	settings?: Record<string, unknown>;
}): string {
	const node = {
		id: `${workflow.id}-send`,
		name: 'Send',
		type: `CUSTOM.${workflow.nodeType}`,
		typeVersion: 1,
		position: [440, 0],
		parameters: workflow.parameters,
		credentials: workflow.credentials,
		...workflow.settings,
	};
	return JSON.stringify({
		id: workflow.id,
		name: workflow.name,
		active: false,
		nodes: [
			{ id: `${workflow.id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${workflow.id}-items`,
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return ${JSON.stringify(workflow.items.map((json) => ({ json })))};` },
			},
			node,
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
}

export class RealN8n {
	readonly userFolder: string;
	private readonly env: NodeJS.ProcessEnv;
	private server?: ChildProcess;
	port = 0;
	/** The version of the n8n installed (2.41.1, or the one scripts/test-compat.sh installs). */
	readonly n8nVersion: string;

	private constructor(
		private readonly paths: { node: string; n8n: string },
		brokerPort: number,
		customExtensions: boolean,
	) {
		this.n8nVersion = (JSON.parse(readFileSync(join(dirname(dirname(paths.n8n)), 'package.json'), 'utf8')) as { version: string }).version;
		this.userFolder = mkdtempSync(join(tmpdir(), 'sms-gateways-n8n-'));
		this.env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'sms-gateways-test-encryption-key',
			...(customExtensions ? { N8N_CUSTOM_EXTENSIONS: join(PACKAGE_ROOT, 'dist') } : {}),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			// The export example writes its CSV here (n8n only lets file nodes use listed folders).
			N8N_RESTRICT_FILE_ACCESS_TO: `${EXPORT_DIR};~/.n8n-files`,
			// n8n's expression engine ('vm' or 'legacy') when the run sets one, e.g. `N8N_EXPRESSION_ENGINE=legacy npm run test:compat`.
			...(process.env.N8N_EXPRESSION_ENGINE ? { N8N_EXPRESSION_ENGINE: process.env.N8N_EXPRESSION_ENGINE } : {}),
		};
	}

	/**
	 * `customExtensions: false` when the package is installed in the user folder's nodes/
	 * instead; `env` adds settings for every n8n process (e.g. queue mode).
	 */
	static async create(options: { customExtensions?: boolean; env?: Record<string, string> } = {}): Promise<RealN8n> {
		const n8n = new RealN8n(realN8nPaths(), await freePort(), options.customExtensions ?? true);
		Object.assign(n8n.env, options.env ?? {});
		return n8n;
	}

	private worker?: ChildProcess;

	/** Starts `n8n worker` (queue mode) on the same user folder and waits until it takes jobs. */
	async startWorker(): Promise<void> {
		const log = join(this.userFolder, 'worker.log');
		this.worker = spawn(this.paths.node, [this.paths.n8n, 'worker', '--concurrency=2'], {
			env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), QUEUE_HEALTH_CHECK_PORT: String(await freePort()) },
			stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
		});
		const deadline = Date.now() + 90_000;
		while (!/Queue: /.test(this.workerLog())) {
			if (Date.now() > deadline || this.worker.exitCode !== null) throw new Error(`n8n worker did not start\n${this.workerLog()}`);
			await new Promise((wait) => setTimeout(wait, 500));
		}
	}

	workerLog(): string {
		try {
			return readFileSync(join(this.userFolder, 'worker.log'), 'utf8');
		} catch {
			return '';
		}
	}

	async cli(args: string[], timeoutMs = 120_000): Promise<CliResult> {
		// Each command its own task broker port: one of them may run beside `n8n start`.
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return await new Promise((resolveResult, reject) => {
			const child = spawn(this.paths.node, [this.paths.n8n, ...args], { env });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
			}, timeoutMs);
			child.on('close', (code) => {
				clearTimeout(timer);
				resolveResult({ code, stdout, stderr });
			});
		});
	}

	private async mustSucceed(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	async importCredentials(credentials: ImportedCredential[]): Promise<void> {
		const file = join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.mustSucceed(['import:credentials', `--input=${file}`]);
	}

	/** Imports an example workflow (from examples/) after renaming its node types for custom extensions. */
	async importExample(fileName: string, options: { asPublished?: boolean } = {}): Promise<{ id: string; name: string }> {
		const original = readFileSync(join(PACKAGE_ROOT, 'examples', fileName), 'utf8');
		return await this.importWorkflow(options.asPublished ? original : asCustomExtensionWorkflow(original), fileName);
	}

	/** Imports a workflow given as its JSON text (node types as n8n should see them). */
	async importWorkflow(text: string, fileName: string): Promise<{ id: string; name: string }> {
		const file = join(this.userFolder, fileName);
		writeFileSync(file, text);
		await this.mustSucceed(['import:workflow', `--input=${file}`]);
		const workflow = JSON.parse(text) as { id: string; name: string };
		return { id: workflow.id, name: workflow.name };
	}

	/** Runs a workflow headless; returns n8n's run data (printed through its logger) and the exit code. */
	async execute(workflowId: string): Promise<{ code: number | null; run: ExecutedRun; output: string }> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const output = result.stdout;
		// The first line that opens an object: after n8n's log lines (2.x), or the first line (1.x logs nothing before it).
		const start = /^\{/m.exec(output)?.index ?? -1;
		const end = output.lastIndexOf('\n}');
		if (start === -1 || end === -1) {
			throw new Error(`n8n execute printed no run data (exit ${result.code})\n${output}\n${result.stderr}`);
		}
		const run = JSON.parse(output.slice(start, end + 2)) as ExecutedRun;
		return { code: result.code, run, output: output + result.stderr };
	}

	/** Starts `n8n start` and waits until it answers; sets up the owner so REST calls can log in. */
	private session?: { baseUrl: string; cookie: string };

	async startServer(): Promise<{ baseUrl: string; cookie: string }> {
		// One server per user folder: a second call hands back the running one.
		if (this.session && this.server?.exitCode === null) return this.session;
		this.port = await freePort();
		this.server = spawn(this.paths.node, [this.paths.n8n, 'start'], {
			env: {
				...this.env,
				N8N_PORT: String(this.port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				// Webhook URLs that triggers register with the provider (the simulator here).
				WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
			},
			stdio: ['ignore', openSync(join(this.userFolder, 'n8n.log'), 'a'), openSync(join(this.userFolder, 'n8n.log'), 'a')],
		});
		const baseUrl = `http://127.0.0.1:${this.port}`;
		const deadline = Date.now() + 90_000;
		let cookie = '';
		while (!cookie) {
			if (Date.now() > deadline) throw new Error('n8n did not start within 90 s');
			await new Promise((wait) => setTimeout(wait, 500));
			// Refused or cut off while n8n is still starting: try again.
			const response = await fetch(`${baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(OWNER),
			}).catch(() => undefined);
			if (!response || response.status === 404 || response.status === 503) continue; // REST routes not mounted yet
			const setCookie = response.headers.get('set-cookie') ?? '';
			cookie = /n8n-auth=[^;]+/.exec(setCookie)?.[0] ?? '';
			if (!cookie) {
				const text = await response.text().catch(() => undefined);
				// While it starts, n8n answers every path with a "starting up" page.
				if (text === undefined || /starting up/i.test(text)) continue;
				throw new Error(`owner set-up failed: HTTP ${response.status} ${text.slice(0, 300)}`);
			}
		}
		this.session = { baseUrl, cookie };
		return this.session;
	}

	/**
	 * Stops `n8n start` and starts it again on the same port and user folder, as an operator's
	 * restart would: the database keeps the owner (so this logs in rather than setting one up),
	 * the active workflows and their static data; n8n activates them anew on start.
	 * `whileStopped` runs once the old process has exited, before the new one starts.
	 */
	async restartServer(whileStopped?: () => void | Promise<void>): Promise<{ baseUrl: string; cookie: string }> {
		const running = this.server;
		if (!running || !this.session) throw new Error('restartServer needs a server started by startServer');
		if (running.exitCode === null) {
			const exited = new Promise((done) => running.once('exit', done));
			running.kill('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, 15_000)))]);
			clearTimeout(timer);
			if (running.exitCode === null) {
				const killed = new Promise((done) => running.once('exit', done));
				running.kill('SIGKILL');
				await killed;
			}
		}
		await whileStopped?.();
		const log = join(this.userFolder, 'n8n.log');
		this.server = spawn(this.paths.node, [this.paths.n8n, 'start'], {
			env: { ...this.env, N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1', WEBHOOK_URL: `http://127.0.0.1:${this.port}/` },
			stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
		});
		const baseUrl = `http://127.0.0.1:${this.port}`;
		const deadline = Date.now() + 90_000;
		for (;;) {
			if (Date.now() > deadline || this.server.exitCode !== null) throw new Error(`n8n did not start again\n${this.serverLog().slice(-2500)}`);
			await new Promise((wait) => setTimeout(wait, 500));
			try {
				const response = await fetch(`${baseUrl}/rest/login`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
				});
				const cookie = /n8n-auth=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
				if (response.ok && cookie) {
					this.session = { baseUrl, cookie };
					return this.session;
				}
			} catch {
				// Not listening yet.
			}
		}
	}

	/** A REST call as the logged-in owner; returns the JSON body's `data`. */
	async rest<T>(session: { baseUrl: string; cookie: string }, method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${session.baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: session.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** Creates a data table in the owner's project, as **Data tables → Create** does; `rows()` reads it back in insert order. */
	async createDataTable(
		session: { baseUrl: string; cookie: string },
		table: DataTableDefinition,
	): Promise<{ id: string; rows: () => Promise<Array<Record<string, unknown>>> }> {
		const project = await this.rest<{ id: string }>(session, 'GET', '/projects/personal');
		const { id } = await this.rest<{ id: string }>(session, 'POST', `/projects/${project.id}/data-tables`, table);
		const rows = async () =>
			(await this.rest<{ data: Array<Record<string, unknown>> }>(session, 'GET', `/projects/${project.id}/data-tables/${id}/rows?sortBy=id:asc`)).data;
		return { id, rows };
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" does (`body` e.g. `{ triggerToStartFrom }`);
	 * the run goes on in the background. n8n 1.x runs the workflow the editor sends with it
	 * (`workflowData`, required there), 2.x the saved one: for 1.x this sends the saved one.
	 */
	async runManually(session: { baseUrl: string; cookie: string }, workflowId: string, body: Record<string, unknown>): Promise<{ executionId: string }> {
		const workflowData = this.n8nVersion.startsWith('1.') ? await this.rest<Record<string, unknown>>(session, 'GET', `/workflows/${workflowId}`) : undefined;
		return await this.rest<{ executionId: string }>(session, 'POST', `/workflows/${workflowId}/run`, workflowData ? { ...body, workflowData } : body);
	}

	/** Activates (publishes) a workflow through the REST API, as the editor's toggle does. */
	async activate(session: { baseUrl: string; cookie: string }, workflowId: string): Promise<void> {
		const { versionId } = await this.rest<{ versionId: string }>(session, 'GET', `/workflows/${workflowId}`);
		await this.rest(session, 'POST', `/workflows/${workflowId}/activate`, { versionId });
	}

	/**
	 * Polls `check` until it gives a value; n8n (de)activates and runs webhooks in the
	 * background, so tests wait for their effects. A timeout shows the server's log.
	 */
	async waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await check();
			if (value !== undefined) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.serverLog().slice(-2500)}`);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	}

	/** Executions of a workflow, newest first, with their run data decoded. */
	async executions(session: { baseUrl: string; cookie: string }, workflowId: string): Promise<Array<{ id: string; status: string; run?: ExecutedRun['data'] }>> {
		const list = await this.rest<{ results: Array<{ id: string; status: string }> }>(
			session,
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
		);
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the copy of flatted inside the installed n8n, by its path
		const flatted = require(join(dirname(dirname(dirname(this.paths.n8n))), 'flatted')) as { parse: (text: string) => unknown };
		return await Promise.all(
			list.results.map(async ({ id, status }) => {
				const execution = await this.rest<{ data?: string }>(session, 'GET', `/executions/${id}`);
				return { id, status, run: execution.data ? (flatted.parse(execution.data) as ExecutedRun['data']) : undefined };
			}),
		);
	}

	/** What `n8n start` has logged so far (for failure messages). */
	serverLog(): string {
		try {
			return readFileSync(join(this.userFolder, 'n8n.log'), 'utf8');
		} catch {
			return '';
		}
	}

	async stop(): Promise<void> {
		if (this.worker && this.worker.exitCode === null) this.worker.kill('SIGKILL');
		if (this.server && this.server.exitCode === null) {
			const exited = new Promise((done) => this.server!.once('exit', done));
			this.server.kill('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, 10_000)))]);
			clearTimeout(timer);
			if (this.server.exitCode === null) this.server.kill('SIGKILL');
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export interface DataTableDefinition {
	name: string;
	columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
}

/**
 * The data table the delivery-report examples write to (smsup.ch webhook, ClickSend Trigger),
 * with the columns the README tells users to create.
 */
export const DELIVERY_REPORTS_TABLE: DataTableDefinition = {
	name: 'SMS delivery reports',
	columns: [
		{ name: 'reportedAt', type: 'date' },
		{ name: 'reference', type: 'string' },
		{ name: 'to', type: 'string' },
		{ name: 'status', type: 'string' },
		{ name: 'providerStatus', type: 'string' },
		{ name: 'error', type: 'string' },
		{ name: 'country', type: 'string' },
	],
};

export const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Dummy-Sandbox-Passw0rd' };

export interface ExecutedRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message: string; description?: string };
			runData: Record<string, Array<{ error?: { message: string; description?: string }; data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> } }>>;
		};
	};
}
