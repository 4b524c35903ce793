/* SPDX-License-Identifier: GPL-2.0 */
/* libdmart: kernel errno values (asm-generic/errno*.h plus kernel-only). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#ifndef EPERM
#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define EPIPE		32
#define EDOM		33
#define ERANGE		34
#define EDEADLK		35
#define ENAMETOOLONG	36
#define ENOSYS		38
#define ENOTEMPTY	39
#define ENODATA		61
#define ETIME		62
#define EPROTO		71
#define EBADMSG		74
#define EOVERFLOW	75
#define EILSEQ		84
#define EOPNOTSUPP	95
#define EADDRINUSE	98
#define ENOBUFS		105
#define ESHUTDOWN	108
#define ETIMEDOUT	110
#define ECONNRESET	104
#define EINPROGRESS	115
#define EALREADY	114
#define EREMOTEIO	121
#define ECANCELED	125
#define ENOKEY		126
#define EKEYEXPIRED	127
#define EKEYREVOKED	128
#define EKEYREJECTED	129
#endif
#ifndef ENOTSUPP
#define ERESTARTSYS	512
#define EPROBE_DEFER	517
#define ENOTSUPP	524
#endif

#endif /* _LINUX_ERRNO_H */
