// The benchmark's Coccinelle baseline: a dma_map_single() result that can
// reach the end of the function without a dma_mapping_error() test.
@r exists@
expression E, d, b, s, dir, d2;
position p;
@@
E = dma_map_single@p(d, b, s, dir);
... when != dma_mapping_error(d2, E)

@script:python@
p << r.p;
@@
print("%s:%s: dma_map_single() result not checked" % (p[0].file, p[0].line))
