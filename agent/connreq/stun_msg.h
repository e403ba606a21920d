/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The STUN messages the CPE side of TR-111 Part 2 needs (RFC 5389): a
 * Binding Request with TR-111's CONNECTION-REQUEST-BINDING and
 * BINDING-CHANGE attributes and, when the server asked for it,
 * USERNAME (with REALM and NONCE for the long-term mechanism) and
 * MESSAGE-INTEGRITY; and the server's Binding Success and Error Responses
 * read: the (XOR-)MAPPED-ADDRESS, the ERROR-CODE, REALM, NONCE, and the
 * MESSAGE-INTEGRITY checked. No allocation, no clock, no socket: every
 * function works on the caller's buffers and never reads past len.
 */
#ifndef CWMP_STUN_MSG_H
#define CWMP_STUN_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define STUN_HEADER_LEN 20
#define STUN_MAGIC 0x2112A442u
#define STUN_TXID_LEN 12
#define STUN_MAX_MSG 548                /* RFC 5389 7.1: what fits any path */
#define STUN_RECV_MAX 1500              /* the largest message read */
#define STUN_KEY_MAX 256                /* bytes of a MESSAGE-INTEGRITY key */
#define STUN_TR111_BINDING "dslforum.org/TR-111 "  /* 20 bytes, the space included */

enum stun_type {
	STUN_BINDING_REQUEST = 0x0001,
	STUN_BINDING_SUCCESS = 0x0101,
	STUN_BINDING_ERROR = 0x0111,
};

enum stun_attr {
	STUN_A_MAPPED_ADDRESS = 0x0001,
	STUN_A_USERNAME = 0x0006,
	STUN_A_MESSAGE_INTEGRITY = 0x0008,
	STUN_A_ERROR_CODE = 0x0009,
	STUN_A_REALM = 0x0014,
	STUN_A_NONCE = 0x0015,
	STUN_A_XOR_MAPPED_ADDRESS = 0x0020,
	STUN_A_CONNECTION_REQUEST_BINDING = 0xC001,    /* TR-111 */
	STUN_A_BINDING_CHANGE = 0xC002,                /* TR-111 */
};

/* A piece of the caller's buffer; not NUL-terminated. */
struct stun_str {
	const char *p;
	size_t len;
};

/* What a Binding Request carries. */
struct stun_request {
	uint8_t txid[STUN_TXID_LEN];
	bool binding_change;            /* TR-111 BINDING-CHANGE */
	/* MESSAGE-INTEGRITY when username is set (key, key_len from
	 * stun_key_short or stun_key_long); REALM and NONCE when set (the
	 * long-term mechanism). */
	const char *username;
	const char *realm;
	const char *nonce;
	const uint8_t *key;
	size_t key_len;
};

/* A response as read. Strings point into the parsed buffer. */
struct stun_response {
	uint16_t type;                  /* enum stun_type, or another */
	uint8_t txid[STUN_TXID_LEN];
	bool has_mapped;                /* XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS */
	struct sockaddr_storage mapped; /* AF_INET or AF_INET6 with the port */
	int error_code;                 /* 300..699 from ERROR-CODE; 0: none */
	struct stun_str realm, nonce;
	size_t integrity_at;            /* offset of MESSAGE-INTEGRITY's header; 0: none */
};

/* The Binding Request r into buf (cap bytes; STUN_MAX_MSG is always
 * enough for strings under 128 bytes). Returns its length, -E2BIG when it
 * does not fit, or -EIO when the HMAC fails. */
int stun_msg_write(const struct stun_request *r, uint8_t *buf, size_t cap);

/* Whether buf[0, len) looks like a STUN message (the first two bits zero,
 * the magic cookie, a length that is the rest of the datagram). */
bool stun_msg_is_stun(const uint8_t *buf, size_t len);

/* Read the message in buf[0, len) into *out. 0, or -EINVAL when it is not
 * a well-formed STUN message (an attribute past the end, an address of a
 * wrong length or family, an ERROR-CODE out of range). Attributes after
 * MESSAGE-INTEGRITY are ignored, unknown ones skipped. */
int stun_msg_parse(const uint8_t *buf, size_t len, struct stun_response *out);

/* Check the MESSAGE-INTEGRITY of the parsed message in buf[0, len) under
 * key: 0, -ENOENT when it has none, -EACCES when it is wrong, -EIO. */
int stun_msg_check(const uint8_t *buf, size_t len, const struct stun_response *r,
		   const uint8_t *key, size_t key_len);

/* The short-term key (RFC 5389 15.4): the password itself (no SASLprep:
 * ASCII passwords are what TR-111 deployments use). Returns the key's
 * length, or -E2BIG past STUN_KEY_MAX. */
int stun_key_short(const char *password, uint8_t *key);

/* The long-term key: MD5(username ":" realm ":" password), 16 bytes.
 * Returns 16, or -E2BIG / -EIO. */
int stun_key_long(const char *username, const char *realm, const char *password,
		  uint8_t *key);

#endif
