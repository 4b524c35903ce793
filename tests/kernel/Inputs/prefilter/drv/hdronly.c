/* Its quoted local header defines a wrapper this file never calls: header
 * functions are analysed only through the file's own. */
#include "inl.h"

int hdronly(int x)
{
	return x + 1;
}
