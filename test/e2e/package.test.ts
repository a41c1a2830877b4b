/**
 * The package as users get it: `npm pack` holds only what ships.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_ROOT } from '../support/real-n8n';

interface Manifest {
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}
const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;
let packDir: string;
let files: string[];

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'sms-gateways-pack-'));
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
	files = packed[0].files.map((file) => file.path);
}, 120_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));


test('the tarball holds dist/, README, LICENSE, CHANGELOG, the entry file and package.json only', () => {
	const outside = files.filter((file) => !file.startsWith('dist/'));
	expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json']);
	expect(files.some((file) => /test|simulator|bench/i.test(file))).toBe(false);
	for (const built of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(built);
	expect(readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
});
