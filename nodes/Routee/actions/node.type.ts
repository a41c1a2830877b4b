/** Resource → operation names the router dispatches on. */
export type RouteeNodeMap = {
	account: 'getBalance';
	sms: 'exportHistory' | 'getCampaignMessages' | 'getHistory' | 'getMessage' | 'getPrice' | 'send';
};
