/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading the ACS's SOAP envelopes. libxml2 parses with the network off, no
 * entity substitution and no DTD loading; a SAX hook refuses any DOCTYPE
 * before its internal subset is read (so no entity is ever declared) and
 * stops the parse as soon as elements nest deeper than SOAP_MAX_DEPTH. The
 * envelope is then checked (SOAP 1.1 Envelope with a Body), the cwmp
 * namespace is taken from the cwmp elements, and the header (ID,
 * HoldRequests, UseCWMPVersion, mustUnderstand) and a SOAP fault's cwmp
 * detail are read into struct soap_msg. Plus the small accessors RPC
 * handlers use to walk a body.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "soap.h"

#define SOAP_ENV_NS "http://schemas.xmlsoap.org/soap/envelope/"
#define CWMP_NS_PREFIX "urn:dslforum-org:cwmp-"
#define SOAP_VERSION_MAX 16     /* UseCWMPVersion text ("1.4") */
#define NS_NONE (-1)
#define PUSH_CHUNK 16384

static const char *const ns_uris[] = {
	[CWMP_NS_1_0] = "urn:dslforum-org:cwmp-1-0",
	[CWMP_NS_1_1] = "urn:dslforum-org:cwmp-1-1",
	[CWMP_NS_1_2] = "urn:dslforum-org:cwmp-1-2",
};

#define N_NS ((int)(sizeof(ns_uris) / sizeof(ns_uris[0])))

const char *soap_ns_uri(enum cwmp_ns ns)
{
	if ((int)ns < 0 || (int)ns >= N_NS)
		return NULL;
	return ns_uris[ns];
}

/* ---- the hardened parse -------------------------------------------- */

struct parse_guard {
	int depth;
	long nodes;             /* what the tree would hold so far */
	bool too_deep;
	bool too_many;
	bool has_dtd;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	commentSAXFunc comment;
	processingInstructionSAXFunc pi;
};

/* Count n more nodes; past SOAP_MAX_NODES the parse stops. False then. */
static bool budget(xmlParserCtxtPtr c, struct parse_guard *g, long n)
{
	g->nodes += n;
	if (g->nodes <= SOAP_MAX_NODES)
		return true;
	g->too_many = true;
	xmlStopParser(c);
	return false;
}

static void silent_cb(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
		     int nb_defaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_guard *g = c->_private;

	if (++g->depth > SOAP_MAX_DEPTH) {
		g->too_deep = true;
		xmlStopParser(c);
		return;
	}
	if (!budget(c, g, 1L + nb_attrs + nb_ns))
		return;
	g->start(ctx, localname, prefix, uri, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
}

static void on_comment(void *ctx, const xmlChar *text)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_guard *g = c->_private;

	if (budget(c, g, 1))
		g->comment(ctx, text);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_guard *g = c->_private;

	if (budget(c, g, 1))
		g->pi(ctx, target, data);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		   const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_guard *g = c->_private;

	g->depth--;
	if (!g->too_many)
		g->end(ctx, localname, prefix, uri);
}

/* Called at "<!DOCTYPE name ..." before any declaration is read. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
		       const xmlChar *sys_id)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_guard *g = c->_private;

	g->has_dtd = true;
	xmlStopParser(c);
}

/* Parse into *out. 0; -EMSGSIZE with the partial tree in *out when the
 * node budget ran out (the caller reads what came before: the header and
 * the body element); -E2BIG (too deep), -EPROTO, -ENOMEM with *out NULL. */
static int read_doc(const char *buf, size_t len, xmlDoc **out)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA |
			 XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	struct parse_guard g = { 0 };
	xmlParserCtxtPtr c;
	xmlDoc *doc;
	int rc = 0;

	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, silent_cb);   /* encoding errors have no ctxt */
	/* Pushed in chunks: libxml2 keeps only what it has not read yet, not a
	 * copy of the whole message. */
	c = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
	if (!c)
		return -ENOMEM;
	xmlCtxtUseOptions(c, opts);
	g.start = c->sax->startElementNs;
	g.end = c->sax->endElementNs;
	g.comment = c->sax->comment;
	g.pi = c->sax->processingInstruction;
	c->sax->startElementNs = on_start;
	c->sax->endElementNs = on_end;
	c->sax->comment = on_comment;
	c->sax->processingInstruction = on_pi;
	c->sax->internalSubset = on_doctype;
	c->_private = &g;
	for (size_t off = 0; off < len && !c->disableSAX; off += PUSH_CHUNK)
		xmlParseChunk(c, buf + off, (int)(len - off < PUSH_CHUNK ? len - off : PUSH_CHUNK), 0);
	if (!c->disableSAX)
		xmlParseChunk(c, NULL, 0, 1);
	doc = c->myDoc;
	c->myDoc = NULL;
	if (g.has_dtd || (doc && (doc->intSubset || doc->extSubset)))
		rc = -EPROTO;
	else if (g.too_deep)
		rc = -E2BIG;
	else if (g.too_many)
		rc = doc ? -EMSGSIZE : -E2BIG;
	else if (doc && (!c->wellFormed || !c->nsWellFormed))
		rc = -EPROTO;           /* not well-formed; an undeclared prefix, a bad xmlns */
	else if (!doc)
		rc = c->errNo == XML_ERR_NO_MEMORY ? -ENOMEM : -EPROTO;
	xmlFreeParserCtxt(c);
	if (rc && rc != -EMSGSIZE) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	*out = doc;
	return rc;
}

/* ---- envelope ------------------------------------------------------- */

static bool ns_is(const xmlNode *n, const char *uri)
{
	return n->ns && n->ns->href && strcmp((const char *)n->ns->href, uri) == 0;
}

static bool is_elem(const xmlNode *n, const char *name, const char *uri)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0 && ns_is(n, uri);
}

/* Which cwmp namespace node is in: 0..2, NS_NONE when it is not in one,
 * -EPROTO for an unknown urn:dslforum-org:cwmp-* namespace. */
static int node_ns(const xmlNode *n)
{
	const char *href;

	if (!n || !n->ns || !n->ns->href)
		return NS_NONE;
	href = (const char *)n->ns->href;
	if (strncmp(href, CWMP_NS_PREFIX, strlen(CWMP_NS_PREFIX)) != 0)
		return NS_NONE;
	for (int i = 0; i < N_NS; i++)
		if (strcmp(href, ns_uris[i]) == 0)
			return i;
	return -EPROTO;
}

/* Fold node's namespace into *seen: every cwmp element must agree. */
static int note_ns(const xmlNode *n, int *seen)
{
	int ns = node_ns(n);

	if (ns == NS_NONE)
		return 0;
	if (ns < 0 || (*seen != NS_NONE && *seen != ns))
		return -EPROTO;
	*seen = ns;
	return 0;
}

static xmlNode *first_elem(const xmlNode *n)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return (xmlNode *)n;
	return NULL;
}

static xmlNode *next_elem(const xmlNode *n)
{
	for (n = n->next; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return (xmlNode *)n;
	return NULL;
}

static xmlNode *env_child(const xmlNode *env, const char *name)
{
	for (xmlNode *n = first_elem(env); n; n = next_elem(n))
		if (is_elem(n, name, SOAP_ENV_NS))
			return n;
	return NULL;
}

static bool must_understand(const xmlNode *n)
{
	xmlChar *v = xmlGetNsProp(n, BAD_CAST "mustUnderstand", BAD_CAST SOAP_ENV_NS);
	bool on = false;

	if (v && soap_parse_bool((const char *)v, &on) != 0)
		on = false;
	xmlFree(v);
	return on;
}

/* Text of n into *out (owned), refused past max bytes. */
static int header_text(const xmlNode *n, size_t max, char **out)
{
	char *s;

	if (*out)
		return 0;               /* the first one counts */
	s = soap_text(n);
	if (!s)
		return -ENOMEM;
	if (strlen(s) > max) {
		free(s);
		return -EPROTO;
	}
	*out = s;
	return 0;
}

static int header_bool(const xmlNode *n, bool *out)
{
	char *s = soap_text(n);
	int rc;

	if (!s)
		return -ENOMEM;
	rc = soap_parse_bool(s, out) ? -EPROTO : 0;
	free(s);
	return rc;
}

static int read_header_elem(struct soap_msg *m, const xmlNode *n, int *seen)
{
	int rc = note_ns(n, seen);

	if (rc)
		return rc;
	if (node_ns(n) == NS_NONE) {
		if (must_understand(n))
			m->must_understand_failed = true;
		return 0;
	}
	if (strcmp((const char *)n->name, "ID") == 0)
		return header_text(n, SOAP_ID_MAX, &m->id);
	if (strcmp((const char *)n->name, "HoldRequests") == 0)
		return header_bool(n, &m->hold_requests);
	if (strcmp((const char *)n->name, "UseCWMPVersion") == 0)
		return header_text(n, SOAP_VERSION_MAX, &m->use_version);
	if (must_understand(n))
		m->must_understand_failed = true;
	return 0;
}

static int read_header(struct soap_msg *m, const xmlNode *hdr, int *seen)
{
	int rc = 0;

	for (xmlNode *n = first_elem(hdr); n && !rc; n = next_elem(n))
		rc = read_header_elem(m, n, seen);
	return rc;
}

/* soap-env:Fault with detail/cwmp:Fault: FaultCode and FaultString. */
static int read_fault(struct soap_msg *m, const xmlNode *fault, int *seen)
{
	xmlNode *cf = soap_child(soap_child(fault, "detail"), "Fault");
	char *code;
	unsigned v;
	int rc;

	if (!cf)
		return 0;
	rc = note_ns(cf, seen);
	if (rc)
		return rc;
	code = soap_text(soap_child(cf, "FaultCode"));
	if (code && soap_parse_uint(code, &v) == 0 && v <= 9999)
		m->fault_code = (int)v;
	free(code);
	if (soap_child(cf, "FaultString")) {
		m->fault_string = soap_text(soap_child(cf, "FaultString"));
		if (!m->fault_string)
			return -ENOMEM;
	}
	return 0;
}

/* The default namespace when no element names one: a cwmp namespace
 * declared on the Envelope, else 1-0 (what GenieACS starts with). */
static int declared_ns(const xmlNode *env)
{
	for (const xmlNs *d = env->nsDef; d; d = d->next)
		for (int i = 0; d->href && i < N_NS; i++)
			if (strcmp((const char *)d->href, ns_uris[i]) == 0)
				return i;
	return CWMP_NS_1_0;
}

static int read_envelope(struct soap_msg *m)
{
	xmlNode *env = xmlDocGetRootElement(m->doc);
	xmlNode *hdr, *body;
	int seen = NS_NONE, rc;

	if (!is_elem(env, "Envelope", SOAP_ENV_NS))
		return -EPROTO;
	body = env_child(env, "Body");
	if (!body)
		return -EPROTO;
	hdr = env_child(env, "Header");
	rc = hdr ? read_header(m, hdr, &seen) : 0;
	if (rc)
		return rc;
	m->body = first_elem(body);
	if (m->body) {
		m->name = (const char *)m->body->name;
		rc = note_ns(m->body, &seen);
		if (!rc && is_elem(m->body, "Fault", SOAP_ENV_NS))
			rc = read_fault(m, m->body, &seen);
	}
	m->ns = (enum cwmp_ns)(seen == NS_NONE ? declared_ns(env) : seen);
	return rc;
}

int soap_parse(const char *buf, size_t len, struct soap_msg **out)
{
	struct soap_msg *m = NULL;
	int rc;

	*out = NULL;
	if (len > SOAP_MAX_SIZE)
		return -E2BIG;
	if (!buf || len == 0)
		return -EPROTO;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	rc = read_doc(buf, len, &m->doc);
	if (rc == -EMSGSIZE) {
		/* Cut short: the header and the method, if they came first. */
		rc = read_envelope(m) == 0 && m->name ? 0 : -E2BIG;
		m->too_big = true;
	} else if (!rc) {
		rc = read_envelope(m);
	}
	if (rc)
		soap_msg_free(m);
	else
		*out = m;
	return rc;
}

void soap_msg_free(struct soap_msg *m)
{
	if (!m)
		return;
	xmlFreeDoc(m->doc);
	free(m->id);
	free(m->use_version);
	free(m->fault_string);
	free(m);
}

/* ---- accessors ------------------------------------------------------ */

xmlNode *soap_child(const xmlNode *node, const char *name)
{
	for (xmlNode *n = first_elem(node); n; n = next_elem(n))
		if (strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

xmlNode *soap_next(const xmlNode *node)
{
	if (!node)
		return NULL;
	for (xmlNode *n = next_elem(node); n; n = next_elem(n))
		if (strcmp((const char *)n->name, (const char *)node->name) == 0)
			return n;
	return NULL;
}

/* Bytes of the text (and CDATA) children of node; copies them to out when
 * out is not NULL. */
static size_t text_copy(const xmlNode *node, char *out)
{
	size_t len = 0, n;

	for (const xmlNode *c = node->children; c; c = c->next) {
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) ||
		    !c->content)
			continue;
		n = strlen((const char *)c->content);
		if (out)
			memcpy(out + len, c->content, n);
		len += n;
	}
	return len;
}

/* Does node hold an element? */
static bool has_element(const xmlNode *node)
{
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

char *soap_text(const xmlNode *node)
{
	char *s;
	size_t len;

	if (!node)
		return NULL;
	if (has_element(node)) {
		errno = EINVAL;
		return NULL;
	}
	len = text_copy(node, NULL);
	s = malloc(len + 1);
	if (!s)
		return NULL;
	text_copy(node, s);
	s[len] = '\0';
	return s;
}

int soap_child_text(const xmlNode *node, const char *name, char *out, size_t outlen)
{
	xmlNode *c = node ? soap_child(node, name) : NULL;
	size_t len;

	if (!c)
		return -ENOENT;
	if (has_element(c))
		return -EINVAL;
	len = text_copy(c, NULL);
	if (len >= outlen)
		return -E2BIG;
	text_copy(c, out);
	out[len] = '\0';
	return 0;
}

static bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trimmed bounds of s in [*b, *e). */
static void trim(const char *s, const char **b, const char **e)
{
	const char *end = s + strlen(s);

	while (xml_space(*s))
		s++;
	while (end > s && xml_space(end[-1]))
		end--;
	*b = s;
	*e = end;
}

static bool word_is(const char *b, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - b) == n && memcmp(b, w, n) == 0;
}

int soap_parse_bool(const char *s, bool *out)
{
	const char *b, *e;

	if (!s)
		return -EINVAL;
	trim(s, &b, &e);
	if (word_is(b, e, "1") || word_is(b, e, "true"))
		*out = true;
	else if (word_is(b, e, "0") || word_is(b, e, "false"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

int soap_parse_uint(const char *s, unsigned *out)
{
	const char *b, *e;
	unsigned long long v = 0;

	if (!s)
		return -EINVAL;
	trim(s, &b, &e);
	if (b == e)
		return -EINVAL;
	for (; b < e; b++) {
		if (*b < '0' || *b > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*b - '0');
		if (v > 4294967295ULL)
			return -EINVAL;
	}
	*out = (unsigned)v;
	return 0;
}
