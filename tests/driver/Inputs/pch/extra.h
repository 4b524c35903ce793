/* Included by two files of five: a quarter of the group, so in the PCH. */
#ifndef EXTRA_H
#define EXTRA_H
static inline int extra_fn(int x)
{
	return x + 1;
}
#endif
