/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The package as users get it: `npm pack` holds only what ships, n8n's verification scanner
 * passes it, its `main` (index.js) gives every node and credential class, and the tarball installed into
 * a fresh n8n user folder's `nodes/` (the way n8n installs a community package: unpacked into
 * `nodes/node_modules/<name>`, dev/peer dependencies dropped, `npm install` there, the package
 * listed in `nodes/package.json`) loads every node and credential and runs a workflow, with no
 * N8N_CUSTOM_EXTENSIONS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { builtCredentials, builtNodes, manifest } from '../support/built-package';
import { omit } from '../support/objects';
import { PACKAGE_ROOT, RealN8n } from '../support/real-n8n';

let packDir: string;
let tarball: string;
let files: string[];
/** The tarball unpacked as npm installs it: `<project>/node_modules/<name>`. */
let project: string;
let unpacked: string;

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'sms-gateways-pack-'));
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
	tarball = join(packDir, packed[0].filename);
	files = packed[0].files.map((file) => file.path);
	project = join(packDir, 'project');
	unpacked = join(project, 'node_modules', manifest.name);
	mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
}, 120_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));


test('the tarball holds dist/nodes, dist/credentials, index.js, README, LICENSE, CHANGELOG and package.json only', () => {
	const outside = files.filter((file) => !/^dist\/(nodes|credentials)\//.test(file));
	expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json']);
	expect(files.some((file) => /test|simulator|bench|screenshot/i.test(file))).toBe(false);
	// Every codex file and icon next to its node or credential, as n8n-node build leaves them.
	for (const source of execFileSync('git', ['ls-files', 'nodes', 'credentials'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).split('\n')) {
		if (/\.(node\.json|svg|png)$/.test(source)) expect(files).toContain(`dist/${source}`);
	}
	for (const built of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(built);
	expect(readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
});

interface ScanLeg {
	leg: 'source' | 'tarball';
	passed: boolean;
	message?: string;
	details?: string;
	files: number;
	errors: number;
	warnings: number;
	messages: string[];
}

// What n8n's verification runs after the provenance check: @n8n/scan-community-package's
// analyzePackage on the source and on the tarball, inline configuration off (see
// scripts/scan-package.mjs for how it is run on local copies instead of downloads).
test("@n8n/scan-community-package's analysis passes the source and the packed tarball: 0 errors, 0 warnings", () => {
	const output = execFileSync('node', [join(PACKAGE_ROOT, 'scripts', 'scan-package.mjs'), PACKAGE_ROOT, unpacked], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
	const { legs } = JSON.parse(output) as { legs: ScanLeg[] };
	expect(legs.map(({ leg }) => leg)).toEqual(['source', 'tarball']);
	for (const leg of legs) {
		expect({ leg: leg.leg, passed: leg.passed, message: leg.message, messages: leg.messages }).toEqual({ leg: leg.leg, passed: true, message: undefined, messages: [] });
		expect([leg.errors, leg.warnings]).toEqual([0, 0]);
		expect(leg.files).toBeGreaterThan(manifest.n8n.nodes.length + manifest.n8n.credentials.length);
	}
}, 180_000);

test("the package's main (index.js) from the tarball exports every node and credential class", () => {
	// What npm puts beside it in a user's project: the peer dependency n8n-workflow, and luxon,
	// which n8n-workflow depends on and npm hoists (the nodes import it; n8n provides it).
	for (const dependency of ['n8n-workflow', 'luxon']) symlinkSync(join(PACKAGE_ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- require() by the package's folder, as a user's code does
	const exported = require(join(project, 'node_modules', manifest.name)) as Record<string, new () => INodeType | ICredentialType>;
	const expectedNodes = manifest.n8n.nodes.flatMap(builtNodes).map(({ description }) => description.name);
	const expectedCredentials = manifest.n8n.credentials.flatMap(builtCredentials).map(({ name }) => name);
	const nodes: string[] = [];
	const credentials: string[] = [];
	for (const Type of Object.values(exported)) {
		const instance = new Type();
		if ('description' in instance) nodes.push(instance.description.name);
		else credentials.push(instance.name);
	}
	expect(nodes.sort()).toEqual(expectedNodes.sort());
	expect(credentials.sort()).toEqual(expectedCredentials.sort());
	expect(Object.keys(exported)).toHaveLength(manifest.n8n.nodes.length + manifest.n8n.credentials.length);
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
		// The five action nodes (one per provider, and the SMS Gateway) have a Tool variant; triggers have none.
		expect(expected.nodes).toHaveLength(manifest.n8n.nodes.length + 5);
		const nodes = (await typesOf('nodes')).map(({ name }) => name).filter((name) => name.startsWith(`${manifest.name}.`));
		expect([...new Set(nodes)].sort()).toEqual(expected.nodes);
		const ours = new Set(expected.credentials);
		expect((await typesOf('credentials')).map(({ name }) => name).filter((name) => ours.has(name)).sort()).toEqual(expected.credentials);
		expect(n8n.serverLog()).not.toMatch(/Skipping package|Failed to load package/);
	}, 180_000);

	// n8n-node build's output as n8n shows it: each node's codex (read from the *.node.json beside
	// the built file) and its icons, served by n8n from the installed package.
	test('n8n reads every codex file and serves every icon of the installed package', async () => {
		const session = await n8n.startServer();
		const response = await fetch(`${session.baseUrl}/types/nodes.json`, { headers: { cookie: session.cookie } });
		type Icon = string | { light: string; dark: string };
		const types = ((await response.json()) as Array<{ name: string; codex?: { categories?: string[]; alias?: string[] }; iconUrl?: Icon }>).filter(
			({ name }) => name.startsWith(`${manifest.name}.`) && !name.endsWith('Tool'),
		);
		expect(types).toHaveLength(manifest.n8n.nodes.length);
		for (const file of manifest.n8n.nodes) {
			const codex = JSON.parse(readFileSync(join(PACKAGE_ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.json')), 'utf8')) as { node: string; categories: string[]; alias: string[] };
			const type = types.find(({ name }) => name === codex.node);
			expect({ node: codex.node, categories: type?.codex?.categories, alias: type?.codex?.alias }).toEqual({ node: codex.node, categories: codex.categories, alias: codex.alias });
		}
		const iconUrls = types.flatMap(({ iconUrl }) => (iconUrl === undefined ? [] : typeof iconUrl === 'string' ? [iconUrl] : [iconUrl.light, iconUrl.dark]));
		expect(iconUrls).toHaveLength(manifest.n8n.nodes.length * 2);
		for (const iconUrl of new Set(iconUrls)) {
			const icon = await fetch(`${session.baseUrl}/${iconUrl}`, { headers: { cookie: session.cookie } });
			expect({ iconUrl, status: icon.status, svg: /<svg/.test(await icon.text()) }).toEqual({ iconUrl, status: 200, svg: true });
		}
	}, 180_000);
});
