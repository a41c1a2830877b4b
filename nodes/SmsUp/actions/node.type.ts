/** Resource → operation names the router dispatches on. */
export type SmsUpNodeMap = {
	account: 'getCredits';
	campaign: 'get' | 'getMany';
	sms: 'exportHistory' | 'getHistory' | 'getPrice' | 'send';
};
