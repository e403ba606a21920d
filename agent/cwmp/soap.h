/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SOAP 1.1 envelopes in the cwmp namespaces, read with libxml2 and written
 * with xbuf.
 *
 * Reading is hardened: no DTD (a document with one is refused), no entity
 * expansion, no network, at most SOAP_MAX_SIZE bytes, SOAP_MAX_DEPTH
 * levels of elements and SOAP_MAX_NODES nodes (elements, attributes,
 * comments, processing instructions: what the tree would hold).
 *
 * CWMP 1.0 and 1.1 have their own namespaces; 1.2, 1.3 and 1.4 share
 * urn:dslforum-org:cwmp-1-2 (1.4 adds the SupportedCWMPVersions and
 * UseCWMPVersion headers).
 */
#ifndef CWMP_SOAP_H
#define CWMP_SOAP_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "xbuf.h"

#define SOAP_MAX_SIZE  (4 * 1024 * 1024)    /* what we accept from the ACS */
#define SOAP_MAX_RESPONSE (32 * 1024 * 1024) /* what we send: a whole-tree GPV of
						100k parameters is ~15 MB */
#define SOAP_MAX_DEPTH 32
/* A SetParameterValues of 4,000 parameters has ~20,000 nodes; GenieACS
 * sends a few hundred at most. Past this the parse stops: 4 MB of empty
 * elements would otherwise make a tree of ~130 MB. */
#define SOAP_MAX_NODES 20000
#define SOAP_ID_MAX    256

enum cwmp_ns { CWMP_NS_1_0, CWMP_NS_1_1, CWMP_NS_1_2 };

/* "urn:dslforum-org:cwmp-1-0" etc.; NULL for a value outside the enum. */
const char *soap_ns_uri(enum cwmp_ns ns);

/* ---- reading ---------------------------------------------------------- */

struct soap_msg {
	xmlDoc *doc;            /* owned */
	enum cwmp_ns ns;        /* namespace of the cwmp elements */
	char *id;               /* cwmp:ID header text, or NULL; owned */
	bool hold_requests;     /* cwmp:HoldRequests true */
	char *use_version;      /* cwmp:UseCWMPVersion text ("1.4"), or NULL; owned */
	xmlNode *body;          /* first element in soap:Body, NULL if empty */
	const char *name;       /* body's local name ("InformResponse",
				   "GetRPCMethods", "Fault"), or NULL */
	/* For a soap:Fault whose detail holds a cwmp:Fault: */
	int fault_code;         /* 0 if none */
	char *fault_string;     /* owned, or NULL */
	/* An unknown header with mustUnderstand="1" (we must answer 9000...) */
	bool must_understand_failed;
	/* The parse stopped at SOAP_MAX_NODES: only the header and the body
	 * element's name are known (the answer is fault 9004). */
	bool too_big;
};

/*
 * Parse one envelope. Returns 0 and *out (free with soap_msg_free);
 * also 0 with (*out)->too_big when it has more than SOAP_MAX_NODES nodes
 * but the envelope, its header and the body element came before the
 * limit; -E2BIG when too large, too deep, or past the node limit before
 * the body element; -EPROTO when it is not well-formed XML
 * (namespaces included), not a SOAP envelope, has a DTD, or its cwmp
 * namespace is unknown; -ENOMEM. On error *out is NULL.
 *
 * The namespace is the one of the cwmp elements (header entries, the body
 * element, a fault's detail/cwmp:Fault); they must all agree, and any other
 * urn:dslforum-org:cwmp-* URI (there is no cwmp-1-3 or cwmp-1-4 namespace)
 * is -EPROTO. With no cwmp element it is the cwmp namespace declared on the
 * Envelope, else CWMP_NS_1_0. The first cwmp:ID counts; an ID longer than
 * SOAP_ID_MAX, a UseCWMPVersion longer than 16 bytes or a HoldRequests that
 * is not an xsd:boolean is -EPROTO. fault_code is set only for 1..9999.
 * Uses libxml2's process-wide generic error handler (set to a no-op: nothing
 * is ever printed) and is not thread-safe beyond what libxml2 is.
 */
int soap_parse(const char *buf, size_t len, struct soap_msg **out);
void soap_msg_free(struct soap_msg *m);

/* First child element of node with this local name (any namespace), or NULL. */
xmlNode *soap_child(const xmlNode *node, const char *name);
/* Next sibling element after node with the same local name, or NULL. */
xmlNode *soap_next(const xmlNode *node);
/* Text content of an element as a new string (caller frees with free()):
 * its own text and CDATA children; "" for an empty element; NULL when node
 * is NULL, on allocation failure (errno ENOMEM), or when it holds an
 * element (errno EINVAL: an argument "<string><x/></string>" is no "",
 * which would name the whole tree). */
char *soap_text(const xmlNode *node);
/* Text of the child element name (as soap_text), copied into out
 * (NUL-terminated); returns 0, -ENOENT when node or the child is missing,
 * -EINVAL when the child holds an element, -E2BIG when it does not fit
 * (out is then untouched). */
int soap_child_text(const xmlNode *node, const char *name, char *out, size_t outlen);
/* Parse xsd:boolean ("1", "0", "true", "false", surrounding spaces ok).
 * 0 or -EINVAL (*out untouched). */
int soap_parse_bool(const char *s, bool *out);
/* Parse xsd:unsignedInt: digits only once surrounding spaces are trimmed,
 * at most 4294967295. 0 or -EINVAL (*out untouched). */
int soap_parse_uint(const char *s, unsigned *out);

/* ---- writing ---------------------------------------------------------- */

/*
 * Start an envelope: XML declaration, Envelope with the soap-env, soap-enc,
 * xsd, xsi and cwmp prefixes, a Header with cwmp:ID (when id is not NULL)
 * and, when announce is true, cwmp:SupportedCWMPVersions "1.0,1.1,1.2,1.3,1.4"
 * (in the 1-2 namespace only), then <soap-env:Body>. No Header element at
 * all when there is neither. The caller writes the body element with the
 * "cwmp:" prefix, then calls soap_envelope_close. Errors stay in b (check
 * xbuf_error once the message is whole).
 */
void soap_envelope_open(struct xbuf *b, enum cwmp_ns ns, const char *id, bool announce);
void soap_envelope_close(struct xbuf *b);

/*
 * A SOAP-encoded array written in one pass, its length known only at the
 * end: soap_array_open writes '<ELEM soap-enc:arrayType="TYPE[' and room
 * for the length, and returns the offset of that room in b; the caller
 * appends the items; soap_array_close writes "</ELEM>" and puts
 * 'N]"' into the room, the rest of which stays blanks before the start
 * tag's '>' (where XML allows white space), e.g.
 * <ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[3]"         >.
 * Nothing is moved or copied, however long the list. Errors stay in b.
 */
size_t soap_array_open(struct xbuf *b, const char *elem, const char *type);
void soap_array_close(struct xbuf *b, size_t at, const char *elem, size_t n);

struct soap_param_fault {
	const char *name;
	int code;
	const char *string;     /* NULL: the standard string for code */
};

/*
 * A whole fault envelope: soap-env:Fault with faultcode "soap-env:Client" or
 * "soap-env:Server" (fault_is_client(); the SOAP 1.1 QName form, which
 * validates against the schema as the bare "Client" would), faultstring
 * "CWMP fault", and detail/cwmp:Fault with FaultCode, FaultString (NULL:
 * fault_string(code)) and one SetParameterValuesFault per entry of pf (pf
 * may be NULL when npf is 0). Errors stay in b.
 */
void soap_write_fault(struct xbuf *b, enum cwmp_ns ns, const char *id, int code,
		      const char *string, const struct soap_param_fault *pf, size_t npf);

/* SOAP 1.1's own fault for a header with mustUnderstand="1" that is not
 * understood: faultcode "soap-env:MustUnderstand", no detail (SOAP 1.1
 * section 4.4: detail is for the body's errors). Errors stay in b. */
void soap_write_must_understand(struct xbuf *b, enum cwmp_ns ns, const char *id);

#endif
