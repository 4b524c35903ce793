/* Included by most files of the group (a quarter is enough): in the PCH. */
#ifndef EXTRA_H
#define EXTRA_H
static inline int extra_fn(int x)
{
	return x + 1;
}
#endif
