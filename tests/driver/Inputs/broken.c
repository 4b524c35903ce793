#include <linux/dma-mapping.h>

int f(void)
{
	undeclared_thing = 1;
	return 0;
}
