/** Resource → operation names the router dispatches on. */
export type ClickSendNodeMap = {
	sms: 'send';
};

export type ClickSendResource = keyof ClickSendNodeMap;
