/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The package as users get it: `npm pack` holds only what ships, and the tarball installed into
 * a fresh n8n user folder's `nodes/` (the way n8n installs a community package: unpacked into
 * `nodes/node_modules/<name>`, dev/peer dependencies dropped, `npm install` there, the package
 * listed in `nodes/package.json`) loads every node and credential and runs a workflow, with no
 * N8N_CUSTOM_EXTENSIONS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ClickSendSimulator } from '../simulators/clicksend';
import { builtCredentials, builtNodes, manifest } from '../support/built-package';
import { omit } from '../support/objects';
import { PACKAGE_ROOT, RealN8n } from '../support/real-n8n';

let packDir: string;
let tarball: string;
let files: string[];

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'sms-gateways-pack-'));
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
	tarball = join(packDir, packed[0].filename);
	files = packed[0].files.map((file) => file.path);
}, 120_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));


test('the tarball holds dist/, README, LICENSE, CHANGELOG and package.json only', () => {
	const outside = files.filter((file) => !file.startsWith('dist/'));
	expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
	expect(files.some((file) => /test|simulator|bench/i.test(file))).toBe(false);
	for (const built of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(built);
	expect(readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
});

/** The type names n8n should list: each built node and credential class's own `name`. */
function builtTypeNames(): { nodes: string[]; credentials: string[] } {
	const nodes = manifest.n8n.nodes.flatMap(builtNodes).flatMap(({ description }) => {
		const name = `${manifest.name}.${description.name}`;
		// n8n adds a `<name>Tool` variant of every node marked usableAsTool, for AI agents.
		return description.usableAsTool ? [name, `${name}Tool`] : [name];
	});
	const credentials = manifest.n8n.credentials.flatMap(builtCredentials).map((credential) => credential.name);
	return { nodes: nodes.sort(), credentials: credentials.sort() };
}

describe('installed from the tarball into a fresh n8n user folder', () => {
	let n8n: RealN8n;
	let sim: ClickSendSimulator;

	beforeAll(async () => {
		sim = new ClickSendSimulator();
		const baseUrl = await sim.start();
		n8n = await RealN8n.create({ customExtensions: false });
		const nodesDir = join(n8n.userFolder, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', manifest.name);
		mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const installedManifest = omit(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>, 'devDependencies', 'peerDependencies', 'optionalDependencies');
		writeFileSync(join(packageDir, 'package.json'), JSON.stringify(installedManifest, null, 2));
		execFileSync('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--offline'], { cwd: packageDir, stdio: 'pipe' });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2));
		await n8n.importCredentials([
			{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl } },
		]);
	}, 180_000);

	afterAll(async () => {
		await n8n?.stop();
		await sim?.stop();
	});

	// `n8n execute` first: it cannot run while the server holds the task broker's port.
	test('the published example workflow runs from the installed package', async () => {
		const workflow = await n8n.importExample('clicksend-send-sms.json', { asPublished: true });
		const { code, run } = await n8n.execute(workflow.id);
		expect(code).toBe(0);
		expect(run.status).toBe('success');
		const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
		expect(sent.map((item) => [item.json.to, item.json.status])).toEqual([
			['+61411111111', 'queued'],
			['+61422222222', 'queued'],
			['+447777777777', 'queued'],
		]);
		const calls = sim.recorded(/^POST \/v3\/sms\/send$/);
		expect(calls).toHaveLength(1);
		expect((calls[0].body as { messages: Array<{ to: string }> }).messages.map((message) => message.to)).toEqual(['+61411111111', '+61422222222', '+447777777777']);
	}, 180_000);

	test('n8n lists every node (and its AI tool variant) and every credential of the package', async () => {
		const session = await n8n.startServer();
		const typesOf = async (kind: 'nodes' | 'credentials') => {
			const response = await fetch(`${session.baseUrl}/types/${kind}.json`, { headers: { cookie: session.cookie } });
			expect(response.status).toBe(200);
			return (await response.json()) as Array<{ name: string }>;
		};
		const expected = builtTypeNames();
		expect(expected.nodes).toHaveLength(manifest.n8n.nodes.length + 4);
		const nodes = (await typesOf('nodes')).map(({ name }) => name).filter((name) => name.startsWith(`${manifest.name}.`));
		expect([...new Set(nodes)].sort()).toEqual(expected.nodes);
		const ours = new Set(expected.credentials);
		expect((await typesOf('credentials')).map(({ name }) => name).filter((name) => ours.has(name)).sort()).toEqual(expected.credentials);
		expect(n8n.serverLog()).not.toMatch(/Skipping package|Failed to load package/);
	}, 180_000);
});
