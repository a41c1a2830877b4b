import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { stringParameter } from '../shared/items';
import type { ClickSendClient } from './transport';

/**
 * Turns an item's media (a URL or a binary property) into the URL /v3/mms/send takes: jpg and
 * gif links go as they are; jpeg, png and bmp links, links with no file type, and every binary
 * file go through `POST /v3/uploads?convert=mms` first and its `data._url` is used (doc 001,
 * notes §1.9). Identical media is uploaded once per execution.
 *
 * The 250 kB limit is the attachment's (doc 001): it is checked here only on what goes as it is
 * (jpg and gif). A file ClickSend converts is judged by ClickSend on the converted image (a PNG
 * of 600 kB may well make a JPG of 150 kB); the upload has no documented limit, so only a
 * generous bound of this node's own (MMS_MAX_CONVERT_BYTES) keeps a wrong file from being sent.
 */
export const MMS_MAX_MEDIA_BYTES = 250 * 1024;
/** Not a ClickSend limit (none is documented for uploads): this node's bound on a file to convert. */
export const MMS_MAX_CONVERT_BYTES = 20 * 1024 * 1024;
const DIRECT_TYPES = new Set(['jpg', 'gif']);
const CONVERTED_TYPES = new Set(['jpeg', 'png', 'bmp']);
const MIME_TYPES: Record<string, string> = {
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpg',
	'image/gif': 'gif',
	'image/png': 'png',
	'image/bmp': 'bmp',
	'image/x-ms-bmp': 'bmp',
};

export class MediaResolver {
	private readonly uploads = new Map<string, Promise<string>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: ClickSendClient,
	) {}

	async resolve(itemIndex: number): Promise<string> {
		const source = this.context.getNodeParameter('mediaSource', itemIndex, 'url') as string;
		return source === 'binary' ? await this.fromBinary(itemIndex) : await this.fromUrl(itemIndex);
	}

	private async fromUrl(itemIndex: number): Promise<string> {
		const url = stringParameter(this.context.getNodeParameter('mediaUrl', itemIndex, ''), 'Media URL', { required: true }).trim();
		if (!URL.canParse(url)) throw new InputError('Media URL', `"${url}" is not a web address`);
		const parsed = new URL(url);
		if (!/^https?:$/.test(parsed.protocol)) throw new InputError('Media URL', `"${url}" must start with http:// or https://`);
		// The last path segment's type; a link without one (`/image?id=7`) is converted by ClickSend.
		const type = /\.([a-z0-9]+)$/i.exec(parsed.pathname.split('/').pop() ?? '')?.[1]?.toLowerCase() ?? '';
		if (DIRECT_TYPES.has(type)) return url;
		if (type && !CONVERTED_TYPES.has(type)) {
			throw new InputError('Media URL', `points to a .${type} file; ClickSend sends jpg and gif, and converts jpeg, png and bmp (and links with no file type)`);
		}
		return await this.once(`url:${url}`, async () => {
			const { content } = await this.client.download(url, itemIndex, undefined, { credentials: 'never' });
			checkSize(content.length, 'Media URL', false);
			return await this.upload(content, itemIndex);
		});
	}

	private async fromBinary(itemIndex: number): Promise<string> {
		const property = stringParameter(this.context.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Input Binary Field', {
			required: true,
		}).trim();
		const binary = this.context.getInputData()[itemIndex]?.binary?.[property];
		if (!binary) {
			throw new InputError('Input Binary Field', `"${property}" is not on the input item; it has ${describeBinaryKeys(this.context, itemIndex)}`);
		}
		const type = MIME_TYPES[binary.mimeType?.toLowerCase() ?? ''] ?? binary.fileExtension?.toLowerCase() ?? '';
		if (!DIRECT_TYPES.has(type) && !CONVERTED_TYPES.has(type)) {
			throw new InputError('Input Binary Field', `"${property}" is ${binary.mimeType || 'of an unknown type'}; an MMS takes a JPG, JPEG, GIF, PNG or BMP image`);
		}
		const content = await this.context.helpers.getBinaryDataBuffer(itemIndex, property);
		checkSize(content.length, 'Input Binary Field', DIRECT_TYPES.has(type));
		const hash = createHash('sha256').update(content).digest('hex');
		return await this.once(`binary:${hash}`, async () => await this.upload(content, itemIndex));
	}

	private async upload(content: Buffer, itemIndex: number): Promise<string> {
		// Uploading sends no message, so it may be repeated like a read.
		const data = await this.client.call<{ _url?: string }>({
			method: 'POST',
			path: '/v3/uploads',
			qs: { convert: 'mms' },
			body: { content: content.toString('base64') },
			kind: 'read',
			itemIndex,
		});
		if (!data?._url) throw new InputError('Media', 'could not be converted: ClickSend returned no file URL');
		return data._url;
	}

	private async once(key: string, run: () => Promise<string>): Promise<string> {
		if (!this.uploads.has(key)) {
			const pending = run();
			this.uploads.set(key, pending);
			pending.catch(() => this.uploads.delete(key));
		}
		return await this.uploads.get(key)!;
	}
}

/** A jpg or gif goes as it is, so 250 kB (doc 001); a file to convert only the node's bound. */
function checkSize(bytes: number, field: string, sentAsItIs: boolean): void {
	if (sentAsItIs && bytes > MMS_MAX_MEDIA_BYTES) {
		throw new InputError(field, `is ${Math.ceil(bytes / 1024)} kB; an MMS attachment may be at most 250 kB`);
	}
	if (bytes > MMS_MAX_CONVERT_BYTES) {
		throw new InputError(
			field,
			`is ${Math.ceil(bytes / 1024)} kB; this node uploads at most 20 MB for ClickSend to convert (ClickSend documents no upload limit; the converted image may be at most 250 kB)`,
		);
	}
}

function describeBinaryKeys(context: IExecuteFunctions, itemIndex: number): string {
	const keys = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
	return keys.length ? `binary fields ${keys.map((key) => `"${key}"`).join(', ')}` : 'no binary data';
}
