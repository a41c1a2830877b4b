/** Resource → operation names the router dispatches on. */
export type ApicoNodeMap = {
	message: 'exportHistory' | 'get' | 'getHistory' | 'send';
};
