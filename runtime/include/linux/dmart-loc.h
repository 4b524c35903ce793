/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libdmart: call-site capture.  Each DMA API entry point is wrapped by a
 * macro that records __FILE__/__LINE__ on a per-thread stack before the
 * real (same-named) function runs; the function pops it.  The analyzer
 * (__DMACHECK__) and libdmart's own sources (DMART_NO_LOC) see no wrappers.
 */
#ifndef _LINUX_DMART_LOC_H
#define _LINUX_DMART_LOC_H

#if !defined(__DMACHECK__) && !defined(DMART_NO_LOC)
#define DMART_WRAP 1
void dmart_loc_push(const char *api, const char *file, int line);
#define DMART_AT(fn, args) (dmart_loc_push(#fn, __FILE__, __LINE__), fn args)
#endif

#endif /* _LINUX_DMART_LOC_H */
