/* A firmware interface whose config option is off in this build: the
 * header's stubs fail, as !CONFIG_ZYNQMP_FIRMWARE's do. */
static inline int fw_mux_select(u32 dev_id, u32 select)
{
	return -ENODEV;
}

static inline void *fw_get_table(u32 id)
{
	return ERR_PTR(-ENODEV);
}
