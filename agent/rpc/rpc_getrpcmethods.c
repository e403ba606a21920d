/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetRPCMethods: the list of the ACS requests we really implement, taken
 * from the dispatcher's table so it can never list one we do not have,
 * less those the session's cwmp version does not define.
 */
#include "rpc.h"

int rpc_get_rpc_methods(struct rpc_req *r)
{
	size_t n = r->n_methods, listed = 0;
	const struct rpc_method *m = r->methods;

	for (size_t i = 0; i < n; i++)
		listed += r->ns >= m[i].min_ns;
	xbuf_printf(&r->body,
		    "<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType=\"xsd:string[%zu]\">",
		    listed);
	for (size_t i = 0; i < n; i++) {
		if (r->ns < m[i].min_ns)
			continue;       /* not in the session's cwmp version */
		xbuf_adds(&r->body, "<string>");
		xbuf_add_xml(&r->body, m[i].name);
		xbuf_adds(&r->body, "</string>");
	}
	xbuf_adds(&r->body, "</MethodList></cwmp:GetRPCMethodsResponse>");
	return 0;
}
