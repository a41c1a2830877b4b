/** Resource → operation names the router dispatches on. */
export type ClickSendNodeMap = {
	account: 'get';
	mms: 'exportHistory' | 'getHistory' | 'getPrice' | 'send';
	sms: 'cancelScheduled' | 'exportHistory' | 'getHistory' | 'getInbound' | 'getPrice' | 'getReceipts' | 'send';
};
