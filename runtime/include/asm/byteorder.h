/* SPDX-License-Identifier: GPL-2.0 */
/* libdmart: byte order helpers of a little-endian machine. */
#ifndef _ASM_BYTEORDER_H
#define _ASM_BYTEORDER_H

#include <linux/types.h>

#define __LITTLE_ENDIAN 1234

#define cpu_to_le16(x)	((__le16)(u16)(x))
#define cpu_to_le32(x)	((__le32)(u32)(x))
#define cpu_to_le64(x)	((__le64)(u64)(x))
#define le16_to_cpu(x)	((u16)(__le16)(x))
#define le32_to_cpu(x)	((u32)(__le32)(x))
#define le64_to_cpu(x)	((u64)(__le64)(x))
#define cpu_to_be16(x)	((__be16)__builtin_bswap16((u16)(x)))
#define cpu_to_be32(x)	((__be32)__builtin_bswap32((u32)(x)))
#define cpu_to_be64(x)	((__be64)__builtin_bswap64((u64)(x)))
#define be16_to_cpu(x)	__builtin_bswap16((u16)(__be16)(x))
#define be32_to_cpu(x)	__builtin_bswap32((u32)(__be32)(x))
#define be64_to_cpu(x)	__builtin_bswap64((u64)(__be64)(x))
#define le16_to_cpup(p)	le16_to_cpu(*(const __le16 *)(p))
#define le32_to_cpup(p)	le32_to_cpu(*(const __le32 *)(p))
#define cpu_to_le32p(p)	cpu_to_le32(*(const u32 *)(p))

#endif /* _ASM_BYTEORDER_H */
