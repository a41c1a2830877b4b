/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * What the editor shows about each node besides its fields: the codex file beside every built
 * node (category, search aliases, documentation links) and each credential's documentation
 * link. The links must lead to a heading that exists in this repository's README.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { builtCredentials, builtNodes, manifest } from '../support/built-package';
import { PACKAGE_ROOT } from '../support/real-n8n';

interface Codex {
	node: string;
	categories: string[];
	alias: string[];
	resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
}

const repositoryPage = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function readmeAnchors(): Set<string> {
	const anchors = new Set<string>();
	const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
	for (const [, heading] of readme.matchAll(/^#{1,6} (.+)$/gm)) {
		const base = heading.toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
		let anchor = base;
		for (let repeat = 1; anchors.has(anchor); repeat++) anchor = `${base}-${repeat}`;
		anchors.add(anchor);
	}
	return anchors;
}

const anchors = readmeAnchors();
const expectReadmeLink = (url: string) => {
	expect(url.startsWith(`${repositoryPage}#`)).toBe(true);
	expect(anchors).toContain(url.slice(repositoryPage.length + 1));
};
const credentialDocs = new Map(manifest.n8n.credentials.flatMap(builtCredentials).map((credential) => [credential.name, credential.documentationUrl!]));

test('the README anchors are computed as GitHub does', () => {
	expect(anchors).toContain('smsupch-api-credential');
	expect(anchors).toContain('credentials-where-to-find-the-keys');
	expect(anchors).toContain('queue-mode');
});

describe.each(manifest.n8n.nodes)('%s', (nodeFile) => {
	const [node] = builtNodes(nodeFile);
	const codexFile = join(PACKAGE_ROOT, nodeFile.replace(/\.js$/, '.json'));

	test('ships a codex file naming the node, in Communication, found by "SMS" and "text message"', () => {
		expect(existsSync(codexFile)).toBe(true);
		const codex = JSON.parse(readFileSync(codexFile, 'utf8')) as Codex;
		expect(codex.node).toBe(`${manifest.name}.${node.description.name}`);
		expect(codex.categories).toEqual(['Communication']);
		expect(codex.alias).toEqual(expect.arrayContaining(['SMS', 'text message']));
		if (/ClickSend\.node/.test(nodeFile)) expect(codex.alias).toContain('MMS');
	});

	test('links its docs, and the docs of the credential it uses, to README sections', () => {
		const codex = JSON.parse(readFileSync(codexFile, 'utf8')) as Codex;
		const credentialLinks = (codex.resources.credentialDocumentation ?? []).map(({ url }) => url);
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		for (const url of [codex.resources.primaryDocumentation[0].url, ...credentialLinks]) expectReadmeLink(url);
		// A node without a credential (Routee's callbacks need none) links no credential docs.
		const credentialNames = (node.description.credentials ?? []).map(({ name }) => name);
		expect(credentialLinks).toEqual(credentialNames.map((name) => credentialDocs.get(name)));
	});
});

test.each([...credentialDocs])('credential %s links to its README section', (_name, url) => {
	expectReadmeLink(url);
	expect(url).toMatch(/-api-credential$/);
});
