// Takes screenshots of the nodes and credentials in the real n8n editor of a running sandbox,
// with headless Chromium driven over the DevTools protocol (Node's own WebSocket; run on Node 22+).
//   node scripts/screenshots.mjs <editor URL> <output folder>
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [editor = 'http://127.0.0.1:5678', outDir = 'docs/screenshots'] = process.argv.slice(2);
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const login = await fetch(`${editor}/rest/login`, {
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify({ emailOrLdapLoginId: 'owner@example.com', password: 'Dummy-Sandbox-Passw0rd' }),
});
const cookie = /n8n-auth=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
if (!cookie) throw new Error(`login failed: HTTP ${login.status}`);
const rest = async (path) => (await (await fetch(`${editor}/rest${path}`, { headers: { cookie: `n8n-auth=${cookie}` } })).json()).data;

const port = 9300 + Math.floor(Math.random() * 500);
const chromium = spawn('chromium', [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', `--remote-debugging-port=${port}`, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'shots-'))}`,
	'--window-size=1440,900', 'about:blank',
], { stdio: 'ignore' });

try {
	let target;
	for (let attempt = 0; attempt < 50 && !target; attempt++) {
		await wait(200);
		target = await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json()).then((list) => list.find((t) => t.type === 'page')).catch(() => undefined);
	}
	const socket = new WebSocket(target.webSocketDebuggerUrl);
	await new Promise((resolve) => socket.addEventListener('open', resolve));
	let id = 0;
	const pending = new Map();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(event.data);
		if (message.id && pending.has(message.id)) pending.get(message.id)(message);
	});
	const send = (method, params = {}) =>
		new Promise((resolve) => {
			pending.set(++id, resolve);
			socket.send(JSON.stringify({ id, method, params }));
		});
	await send('Network.enable');
	await send('Network.setCookie', { name: 'n8n-auth', value: cookie, domain: new URL(editor).hostname, path: '/' });
	await send('Emulation.setDeviceMetricsOverride', { width: 1440, height: 900, deviceScaleFactor: 1, mobile: false });
	const shoot = async (name, path, settleMs = 7000) => {
		await send('Page.navigate', { url: `${editor}${path}` });
		await wait(settleMs);
		const { result } = await send('Page.captureScreenshot', { format: 'png' });
		writeFileSync(join(outDir, `${name}.png`), Buffer.from(result.data, 'base64'));
		console.log(`${name}.png  ${path}`);
	};

	// The editor's first load takes longer than any later page: warm it up before the first shot.
	await send('Page.navigate', { url: `${editor}/home/workflows` });
	await wait(15_000);
	const workflows = await rest('/workflows');
	const shotTypes = new Set();
	for (const workflow of workflows) {
		const full = await rest(`/workflows/${workflow.id}`);
		const slug = workflow.id.replace(/^smsGw/, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
		await shoot(`workflow-${slug}`, `/workflow/${workflow.id}`);
		for (const node of full.nodes.filter((candidate) => /^CUSTOM\./.test(candidate.type))) {
			// The node panel of a type not opened before takes longer to render than a canvas.
			await shoot(`node-${slug}-${node.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`, `/workflow/${workflow.id}/${node.id}`, 10_000);
			shotTypes.add(node.type.replace(/Tool$/, ''));
		}
	}
	const credentials = await rest('/credentials');
	for (const credential of credentials) {
		await shoot(`credential-${credential.type}`, `/home/credentials/${credential.id}`);
	}
	// Every node and credential of the package must be in at least one screenshot.
	const types = async (kind) => (await (await fetch(`${editor}/types/${kind}.json`, { headers: { cookie: `n8n-auth=${cookie}` } })).json()).map((type) => type.name);
	const packageNodes = (await types('nodes')).filter((name) => /^CUSTOM\./.test(name) && !/Tool$/.test(name));
	const missingNodes = [...new Set(packageNodes)].filter((name) => !shotTypes.has(name));
	const shotCredentials = new Set(credentials.map((credential) => credential.type));
	const packageCredentials = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).n8n.credentials.length;
	if (missingNodes.length || shotCredentials.size < packageCredentials) {
		throw new Error(`not in any screenshot: nodes ${missingNodes.join(', ') || 'none'}; ${shotCredentials.size} of ${packageCredentials} credentials shot`);
	}
	console.log(`every node (${packageNodes.length}) and credential (${shotCredentials.size}) of the package is in a screenshot`);
	socket.close();
} finally {
	chromium.kill('SIGKILL');
}
