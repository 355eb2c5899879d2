import { scriptResponse } from "./bundle-client.js";

/** gt-local's offline `crowd-html-elements.js`, bundled from client/crowd on first request. */
export const crowdScriptResponse = (): Promise<Response> => scriptResponse("crowd/index.ts");
