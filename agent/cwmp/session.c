/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One CWMP session (TR-069 3.7): POST the Inform, wait for the
 * InformResponse, send the CPE's own requests unless the ACS holds them,
 * send the empty POST, then answer each ACS request in the next POST until
 * the ACS answers with 204 or an empty body and no CPE request is left
 * (one HoldRequests kept back goes then). Any transport error, HTTP
 * error, unparsable message or fault to the Inform fails the session; the
 * agent then schedules the retry. So does a fault to our TransferComplete,
 * at the session's end: the retry wait paces sending it again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpe_msg.h"
#include "cr_status.h"
#include "cr_url.h"
#include "dm_cache.h"
#include "dm_write.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "rpc.h"
#include "schema.h"
#include "session.h"
#include "soap.h"
#include "timefmt.h"
#include "transfers.h"
#include "types.h"
#include "xbuf.h"

enum session_state {
	SESSION_STATE_INFORM,     /* Inform sent, waiting for InformResponse */
	SESSION_STATE_ACS,        /* empty POST or a response sent: the ACS's turn */
	SESSION_STATE_RPC,        /* an ACS request is being answered */
	SESSION_STATE_CPE,        /* a CPE request (TransferComplete) sent: its response next */
	SESSION_STATE_DONE,
};

struct session {
	struct session_env e;         /* a copy; e.rpc.dm is dm */
	struct dm_cache *dm;          /* the session's data model */
	enum session_state state;
	enum cwmp_ns ns;
	bool hold_requests;
	unsigned exchanges;
	struct soap_msg *req;         /* the ACS request being answered */
	struct xbuf out;
	struct rpc_source *src;       /* or a long list answer, sent while written */
	char id[32];
	unsigned cpe_requests;        /* sent this session, for their cwmp:IDs */
	bool cpe_done;                /* no more CPE requests this session */
	int cpe_refused;              /* the fault the ACS answered one with */
};

static const char *const ns_names[] = { "cwmp-1-0", "cwmp-1-1", "cwmp-1-2" };

/* End the session; the agent frees it. Nothing may touch s after this. */
static void finish(struct session *s, bool ok, const char *why)
{
	s->state = SESSION_STATE_DONE;
	http_session_end(s->e.http);
	dm_write_cancel(dm_cache_writing(s->dm));
	dm_cache_free(s->dm);
	s->dm = NULL;
	if (ok)
		log_notice("session: done after %u exchanges", s->exchanges);
	else
		log_warn("session: failed: %s", why);
	s->e.done(s->e.ctx, ok);
}

static void log_body(const char *dir, const char *body, size_t len)
{
	char *red;

	if (log_get_level() < LOG_LVL_DEBUG || len == 0)
		return;
	red = log_redact(body, len, LOG_BODY_MAX);
	if (red)
		log_debug("session: %s %s", dir, red);
	free(red);
}

static void on_response(void *ctx, const struct http_response *r);

static long src_read(void *src, char *buf, size_t n)
{
	return rpc_source_read(src, buf, n);
}

static void src_rewind(void *src)
{
	rpc_source_rewind(src);
}

static const struct http_body_ops src_ops = { src_read, src_rewind };

/* POST s->src, or what is in s->out (len 0: the empty POST). The HTTP
 * client sends either from there without a copy, so both stay as they are
 * until on_response. */
static void post(struct session *s, enum session_state next)
{
	struct http_client *h = s->e.http;
	int rc;

	s->state = next;
	s->exchanges++;
	if (s->src) {
		log_debug("session: >> a list answer of %zu bytes, written while sent",
			  rpc_source_len(s->src));
		rc = http_post_source(h, rpc_source_len(s->src), &src_ops, s->src, true,
				      on_response, s);
	} else {
		log_body(">>", s->out.data, s->out.len);
		rc = http_post(h, s->out.data, s->out.len, s->out.len > 0, on_response, s);
	}
	if (rc != 0)
		finish(s, false, "cannot send the HTTP request");
}

/* Add a forced-inform parameter to p (at *n) when its value fits its
 * type; one that does not (a SoftwareVersion past 64 characters from the
 * identity plugin) is left out and logged: never an invalid value on the
 * wire. The notifications hold such a value too (notify_agent.c). */
static void add_forced(struct param_value *p, size_t *n, const char *path, const char *value)
{
	long node = dm_schema_find(path);

	if (!value)
		value = "";
	if (node >= 0 && dm_value_check(&dm_schema[node], value) != 0) {
		log_warn("session: %s: \"%s\" is no valid %s: left out of the Inform", path,
			 value, dm_type_name(&dm_schema[node]));
		return;
	}
	p[(*n)++] = (struct param_value){ path, value, "xsd:string" };
}

/* Build the forced-inform parameter list and the Inform itself. */
static void write_inform(struct session *s)
{
	const struct session_env *a = &s->e;
	char crurl[300];
	size_t n = 0;
	struct param_value p[7 + CR_STATUS_INFORM_MAX + NOTIFY_INFORM_MAX];
	time_t now = time(NULL);
	struct inform_args args;

	add_forced(p, &n, "Device.RootDataModelVersion", dm_schema_version);
	add_forced(p, &n, "Device.DeviceInfo.HardwareVersion", a->id->hardware_version);
	add_forced(p, &n, "Device.DeviceInfo.SoftwareVersion", a->id->software_version);
	add_forced(p, &n, "Device.DeviceInfo.ProvisioningCode", a->id->provisioning_code);
	add_forced(p, &n, "Device.ManagementServer.ParameterKey", a->state->parameter_key);
	add_forced(p, &n, "Device.ManagementServer.ConnectionRequestURL",
		   cr_url(a->cfg, a->id->wan_device, crurl, sizeof(crurl)));
	n += cr_status_inform(a->crs, a->cfg, p + n);
	if (a->conn_req_jid && a->conn_req_jid[0] && events_has(a->events, EV_BOOTSTRAP))
		add_forced(p, &n, "Device.ManagementServer.ConnReqJabberID", a->conn_req_jid);
	n += notify_inform_params(a->notify, p + n, NOTIFY_INFORM_MAX);
	memset(&args, 0, sizeof(args));
	args.ns = CWMP_NS_1_2;
	args.id = s->id;
	args.announce = true;
	args.dev = (struct device_id){ a->id->manufacturer, a->id->oui, a->id->product_class,
				       a->id->serial_number };
	args.events = a->events->v;
	args.n_events = a->events->n;
	args.now = now > 946684800 ? now : TIMEFMT_UNKNOWN;   /* before 2000: clock not set */
	args.retry_count = a->retry_count;
	args.params = p;
	args.n_params = n;
	xbuf_reset(&s->out);
	cpe_msg_write_inform(&s->out, &args);
}

static void log_events(const struct session_env *a)
{
	char list[512];
	size_t off = 0;

	list[0] = '\0';
	for (size_t i = 0; i < a->events->n && off < sizeof(list); i++) {
		int w = snprintf(list + off, sizeof(list) - off, "%s%s%s%s", i ? ", " : "",
				 event_code_str(a->events->v[i].code),
				 a->events->v[i].command_key[0] ? " " : "",
				 a->events->v[i].command_key);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	log_notice("session: Inform to %s (events: %s; RetryCount %u)", a->cfg->acs_url,
		   list[0] ? list : "none", a->retry_count);
}

struct session *session_start(const struct session_env *env)
{
	struct session *s = calloc(1, sizeof(*s));
	const struct session_env *a = env;
	struct http_opts o;

	if (!s)
		return NULL;
	s->e = *env;
	s->dm = dm_cache_new(&env->dm);
	if (!s->dm) {
		free(s);
		return NULL;
	}
	s->e.rpc.dm = s->dm;
	s->ns = CWMP_NS_1_2;
	xbuf_init(&s->out, SOAP_MAX_RESPONSE);
	snprintf(s->id, sizeof(s->id), "cwmpd-inform-%lx", (unsigned long)time(NULL));
	memset(&o, 0, sizeof(o));
	o.url = a->cfg->acs_url;
	o.username = a->cfg->acs_username;
	o.password = a->cfg->acs_password;
	o.ca_file = a->cfg->ca_file;
	o.client_cert = a->cfg->client_cert;
	o.client_key = a->cfg->client_key;
	o.verify = a->cfg->verify;
	o.timeout_s = a->cfg->timeout;
	if (http_session_begin(a->http, &o) != 0) {
		xbuf_fini(&s->out);
		dm_cache_free(s->dm);
		free(s);
		return NULL;
	}
	events_mark_sent(a->events);
	log_events(a);
	write_inform(s);
	if (xbuf_error(&s->out)) {
		log_err("session: cannot build the Inform (%d)", xbuf_error(&s->out));
		http_session_end(a->http);
		xbuf_fini(&s->out);
		dm_cache_free(s->dm);
		free(s);
		return NULL;
	}
	post(s, SESSION_STATE_INFORM);
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	if (s->state != SESSION_STATE_DONE)
		http_session_end(s->e.http);
	s->state = SESSION_STATE_DONE;   /* an RPC cancelled below is not sent */
	dm_write_cancel(dm_cache_writing(s->dm));
	dm_cache_free(s->dm);
	soap_msg_free(s->req);
	xbuf_fini(&s->out);
	rpc_source_free(s->src);
	free(s);
}

static bool body_is_empty(const struct http_response *r)
{
	for (size_t i = 0; i < r->len; i++)
		if (r->body[i] != ' ' && r->body[i] != '\n' && r->body[i] != '\r' &&
		    r->body[i] != '\t')
			return false;
	return true;
}

/* The CPE's next own request (TransferComplete), unless the ACS holds
 * them: true when it is posted. */
static bool send_request(struct session *s)
{
	char id[48];

	xbuf_reset(&s->out);
	if (s->hold_requests || s->cpe_done)
		return false;
	snprintf(id, sizeof(id), "%s-req%u", s->id, ++s->cpe_requests);
	if (transfers_next_request(s->e.transfers, &s->out, s->ns, id) == 1) {
		post(s, SESSION_STATE_CPE);
		return true;
	}
	s->cpe_done = true;
	xbuf_reset(&s->out);
	return false;
}

/* Our turn to talk: the CPE's own requests, then the empty POST. */
static void send_next(struct session *s)
{
	if (!send_request(s))
		post(s, SESSION_STATE_ACS);
}

/* The ACS's answer to our request: a response or a fault (then no more
 * requests this session: what it refused is sent again next session). */
static void handle_cpe_response(struct session *s, const struct http_response *r)
{
	struct soap_msg *m = NULL;
	size_t nl;

	if (r->status == 204 || body_is_empty(r) || soap_parse(r->body, r->len, &m) != 0 ||
	    m->too_big) {
		soap_msg_free(m);
		finish(s, false, "no valid answer to our request");
		return;
	}
	nl = m->name ? strlen(m->name) : 0;
	if (!m->name || (strcmp(m->name, "Fault") != 0 &&
			 (nl <= 8 || strcmp(m->name + nl - 8, "Response") != 0))) {
		soap_msg_free(m);
		finish(s, false, "the ACS answered our request with a request");
		return;
	}
	log_notice("session: ACS answered our request: %s", m->name);
	if (strcmp(m->name, "Fault") == 0) {
		s->cpe_done = true;
		s->cpe_refused = m->fault_code ? m->fault_code : -1;
	}
	s->hold_requests = m->hold_requests;
	transfers_response(s->e.transfers, m);
	soap_msg_free(m);
	send_next(s);
}


/* The HTTP-level checks shared by every response; returns a reason to
 * fail, or NULL. */
static const char *http_problem(const struct http_response *r, char *buf, size_t len)
{
	if (r->err) {
		snprintf(buf, len, "%s (%s)", strerror(-r->err),
			 r->err_text && r->err_text[0] ? r->err_text : "no detail");
		return buf;
	}
	if (r->status == 401 || r->status == 407)
		return "the ACS refused our credentials (HTTP 401)";
	if (r->status != 200 && r->status != 204) {
		snprintf(buf, len, "the ACS answered HTTP %ld", r->status);
		return buf;
	}
	return NULL;
}

static void handle_inform_response(struct session *s, const struct http_response *r)
{
	struct soap_msg *m = NULL;
	char why[128];
	int rc;

	if (r->status == 204 || body_is_empty(r)) {
		finish(s, false, "the ACS sent no InformResponse");
		return;
	}
	rc = soap_parse(r->body, r->len, &m);
	if (rc != 0 || m->too_big) {
		soap_msg_free(m);
		finish(s, false, "the InformResponse is not a valid SOAP envelope");
		return;
	}
	if (m->name && strcmp(m->name, "Fault") == 0) {
		snprintf(why, sizeof(why), "the ACS answered the Inform with fault %d (%s)",
			 m->fault_code, m->fault_string ? m->fault_string : "");
		soap_msg_free(m);
		finish(s, false, why);
		return;
	}
	if (!m->name || strcmp(m->name, "InformResponse") != 0) {
		snprintf(why, sizeof(why), "expected InformResponse, got %s",
			 m->name ? m->name : "nothing");
		soap_msg_free(m);
		finish(s, false, why);
		return;
	}
	s->ns = m->ns;
	s->hold_requests = m->hold_requests;
	events_delivered(s->e.events);
	notify_informed(s->e.notify);          /* its values are reported now */
	log_notice("session: InformResponse (%s%s%s)", ns_names[s->ns],
		   m->use_version ? ", CWMP " : "", m->use_version ? m->use_version : "");
	soap_msg_free(m);
	send_next(s);
}

static void on_rpc_answer(void *ctx, struct xbuf *response, struct rpc_source *src)
{
	struct session *s = ctx;

	if (s->state == SESSION_STATE_DONE) {
		rpc_source_free(src);    /* the session is being freed */
		return;
	}
	soap_msg_free(s->req);
	s->req = NULL;
	s->src = src;
	xbuf_move(&s->out, response);   /* no copy: it may be 15 MB */
	if (xbuf_error(&s->out)) {
		finish(s, false, "the response does not fit");
		return;
	}
	post(s, SESSION_STATE_ACS);
}

/* Both sides are done. A request the ACS refused goes again in a later
 * session, but after the retry wait (3.2.1.1), as a failed session's
 * Inform would: at once, an ACS that refuses it each time would get
 * sessions back to back without end. */
static void end_session(struct session *s)
{
	char why[96];

	if (!s->cpe_refused) {
		finish(s, true, NULL);
		return;
	}
	snprintf(why, sizeof(why), "the ACS refused our request (fault %d)", s->cpe_refused);
	finish(s, false, why);
}

static void handle_acs_message(struct session *s, const struct http_response *r)
{
	struct soap_msg *m = NULL;
	char why[128];
	size_t nl;

	if (r->status == 204 || body_is_empty(r)) {
		/* The ACS has nothing more and holds nothing (HoldRequests held
		 * only the POST after the message that carried it): the session
		 * ends once the CPE has no request left either (3.7.1.4). */
		s->hold_requests = false;
		if (!send_request(s))
			end_session(s);
		return;
	}
	if (soap_parse(r->body, r->len, &m) != 0) {
		finish(s, false, "the ACS sent a message that is not a valid SOAP envelope");
		return;
	}
	nl = m->name ? strlen(m->name) : 0;
	if (!m->name || strcmp(m->name, "Fault") == 0 ||
	    (nl > 8 && strcmp(m->name + nl - 8, "Response") == 0)) {
		snprintf(why, sizeof(why), "unexpected %s from the ACS (we sent no request)",
			 m->name ? m->name : "message");
		soap_msg_free(m);
		finish(s, false, why);
		return;
	}
	s->hold_requests = m->hold_requests;
	s->ns = m->ns;
	s->req = m;
	s->state = SESSION_STATE_RPC;
	log_notice("session: ACS request %s (ID %s)", m->name, m->id ? m->id : "none");
	rpc_dispatch_source(&s->e.rpc, m, on_rpc_answer, s);
}

static void on_response(void *ctx, const struct http_response *r)
{
	struct session *s = ctx;
	char buf[256];
	const char *why = http_problem(r, buf, sizeof(buf));

	/* What we sent is done with: free it before the next answer is built,
	 * so a big response and the next one are never alive together. */
	xbuf_fini(&s->out);
	xbuf_init(&s->out, SOAP_MAX_RESPONSE);
	rpc_source_free(s->src);
	s->src = NULL;
	if (why) {
		finish(s, false, why);
		return;
	}
	log_body("<<", r->body, r->len);
	if (s->state == SESSION_STATE_INFORM)
		handle_inform_response(s, r);
	else if (s->state == SESSION_STATE_CPE)
		handle_cpe_response(s, r);
	else
		handle_acs_message(s, r);
}
