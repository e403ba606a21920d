/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device's identity: the "system identity" plugin's path<TAB>value lines
 * mapped onto struct identity through one table, the config's device section
 * laid over them, and the checks the Inform's DeviceId needs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "pluginio.h"

#define DEVINFO "Device.DeviceInfo."
#define DEVICEID_MAX 64

#define NO_CFG ((size_t)-1)
#define ID(f) offsetof(struct identity, f)
#define CFG(f) offsetof(struct config, f)

static const struct {
	const char *name;        /* below Device.DeviceInfo. */
	size_t offset;           /* of the char * in struct identity */
	size_t cfg_offset;       /* of the overriding char * in struct config */
} fields[] = {
	{ "Manufacturer", ID(manufacturer), CFG(manufacturer) },
	{ "ManufacturerOUI", ID(oui), CFG(oui) },
	{ "ProductClass", ID(product_class), CFG(product_class) },
	{ "SerialNumber", ID(serial_number), CFG(serial_number) },
	{ "HardwareVersion", ID(hardware_version), NO_CFG },
	{ "SoftwareVersion", ID(software_version), NO_CFG },
	{ "ProvisioningCode", ID(provisioning_code), NO_CFG },
	{ "ModelName", ID(model_name), NO_CFG },
	{ NULL, ID(wan_device), NO_CFG },       /* the "wan-device" line */
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char **field(struct identity *id, size_t i)
{
	return (char **)(void *)((char *)id + fields[i].offset);
}

/* Replace *slot with a copy of value. 0 or -ENOMEM. */
static int set_field(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

static int line_cb(void *ctx, const char *path, const char *value)
{
	struct identity *id = ctx;

	if (strcmp(path, "wan-device") == 0)
		return set_field(&id->wan_device, value);
	if (strncmp(path, DEVINFO, strlen(DEVINFO)) != 0)
		return 0;
	path += strlen(DEVINFO);
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].name && strcmp(path, fields[i].name) == 0)
			return set_field(field(id, i), value);
	return 0;
}

/* Non-empty config values win over the plugin's. */
static int apply_config(struct identity *id, const struct config *cfg)
{
	int rc = 0;

	for (size_t i = 0; i < NFIELDS && rc == 0; i++) {
		const char *over;

		if (fields[i].cfg_offset == NO_CFG)
			continue;
		over = *(char *const *)(const void *)((const char *)cfg + fields[i].cfg_offset);
		if (over && over[0])
			rc = set_field(field(id, i), over);
	}
	return rc;
}

static int fill_missing(struct identity *id)
{
	int rc = 0;

	for (size_t i = 0; i < NFIELDS && rc == 0; i++)
		if (!*field(id, i))
			rc = set_field(field(id, i), "");
	return rc;
}

int identity_from_output(struct identity *id, const char *out, size_t len,
			 const struct config *cfg)
{
	int rc;

	memset(id, 0, sizeof(*id));
	rc = pluginio_parse(out, len, line_cb, id, NULL);
	if (rc == 0 && cfg)
		rc = apply_config(id, cfg);
	if (rc == 0)
		rc = fill_missing(id);
	if (rc != 0)
		identity_fini(id);
	return rc;
}

void identity_fini(struct identity *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < NFIELDS; i++)
		free(*field(id, i));
	memset(id, 0, sizeof(*id));
}

static int check_oui(const char *oui)
{
	if (!oui || strlen(oui) != 6)
		return -EINVAL;
	for (size_t i = 0; i < 6; i++)
		if (!strchr("0123456789ABCDEF", oui[i]))
			return -EINVAL;
	return 0;
}

static int check_field(const char *s)
{
	return s && s[0] && strlen(s) <= DEVICEID_MAX ? 0 : -EINVAL;
}

int identity_check(const struct identity *id, const char **why)
{
	const char *reason = NULL;

	if (check_oui(id->oui) != 0)
		reason = "ManufacturerOUI must be 6 upper-case hex digits";
	else if (check_field(id->manufacturer) != 0)
		reason = "Manufacturer must be 1 to 64 characters";
	else if (check_field(id->product_class) != 0)
		reason = "ProductClass must be 1 to 64 characters";
	else if (check_field(id->serial_number) != 0)
		reason = "SerialNumber must be 1 to 64 characters";
	if (why)
		*why = reason;
	return reason ? -EINVAL : 0;
}
