#include <hdr.h>

int drv_macro(int x)
{
	return HDR_VIA_MACRO(x);
}
